"""Capacity by opening range (issue 14): each range's own callbacks per slot, part-day and reduced closures.

The pure rules first (a table of slot capacities), then what readers see and
book through the real services, then the settings form's messages.
"""

import html
import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from callbacks.blocks import ClosuresBlock, OpeningHoursBlock, closure_rules
from callbacks.booking import selectors
from callbacks.booking.services import cancel_callback
from callbacks.booking.slot_picker import build_slot_picker
from callbacks.booking.slots import (
    OpeningRange,
    PartialClosure,
    bookable_slots,
    capacity_at,
    open_status,
    slot_starting_at,
)
from callbacks.exceptions import NoSlotsAvailable, SlotFull, SlotNotBookable
from callbacks.models import CallbackRequest, CallbackSlot, HelpLineSettings, Status

from .conftest import FIRST_SLOT, MONDAY_MORNING, london, make_rules, phone_number
from .test_settings import edit_url, settings_form

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
# Monday: 09:00-12:00 three a slot, 12:00-17:00 two; Tuesday 09:00-17:00 with the default (4); Wednesday none at all.
RANGED_HOURS = (
    OpeningRange(0, time(9), time(12), capacity=3),
    OpeningRange(0, time(12), time(17), capacity=2),
    OpeningRange(1, time(9), time(17)),
    OpeningRange(2, time(9), time(17), capacity=0),
)


def ranged_rules(**overrides):
    return make_rules(opening_hours=RANGED_HOURS, **overrides)


def capacities(rules, day: date) -> dict[time, int]:
    """Local start time -> capacity of every slot the rules offer on `day` with nothing booked."""
    return {
        slot.local_start.time(): slot.capacity
        for slot in bookable_slots(rules, now=MONDAY_MORNING, booked={})
        if slot.local_start.date() == day
    }


# --- the rules: a slot's capacity ------------------------------------------------------------

CLOSED_MONDAY_LUNCH = PartialClosure(MONDAY, time(12), time(14))
REDUCED_MONDAY_AFTERNOON = PartialClosure(MONDAY, time(15), time(17), capacity=1)
ODD_EDGED_CLOSURE = PartialClosure(MONDAY, time(10, 45), time(11, 15))
REDUCED_TUESDAY = PartialClosure(TUESDAY, time.min, time.max, capacity=1)


@pytest.mark.parametrize(
    ("partial_closures", "day", "at", "expected"),
    [
        # The range's own capacity, and the default where a range has none.
        ((), MONDAY, time(10), 3),
        ((), MONDAY, time(11, 30), 3),
        ((), MONDAY, time(12), 2),  # the first slot of the touching range takes that range's capacity
        ((), MONDAY, time(16, 30), 2),
        ((), TUESDAY, time(9), 4),
        # A part-day closure takes away the slots inside it, and no others.
        ((CLOSED_MONDAY_LUNCH,), MONDAY, time(11, 30), 3),  # ends as the closure starts: untouched
        ((CLOSED_MONDAY_LUNCH,), MONDAY, time(12), None),
        ((CLOSED_MONDAY_LUNCH,), MONDAY, time(13, 30), None),
        ((CLOSED_MONDAY_LUNCH,), MONDAY, time(14), 2),
        ((CLOSED_MONDAY_LUNCH,), TUESDAY, time(12), 4),  # another date
        # A slot that runs into a closure at all is not offered.
        ((ODD_EDGED_CLOSURE,), MONDAY, time(10, 30), None),
        ((ODD_EDGED_CLOSURE,), MONDAY, time(11), None),
        ((ODD_EDGED_CLOSURE,), MONDAY, time(10), 3),
        ((ODD_EDGED_CLOSURE,), MONDAY, time(11, 30), 3),
        # A reduced closure lowers capacity, never raises it.
        ((REDUCED_MONDAY_AFTERNOON,), MONDAY, time(15), 1),
        ((REDUCED_MONDAY_AFTERNOON,), MONDAY, time(14, 30), 2),
        ((PartialClosure(MONDAY, time(9), time(17), capacity=5),), MONDAY, time(10), 3),
        ((REDUCED_TUESDAY,), TUESDAY, time(16, 30), 1),
        # Overlapping closures: the lowest wins.
        ((REDUCED_MONDAY_AFTERNOON, PartialClosure(MONDAY, time(16), time(17))), MONDAY, time(15, 30), 1),
        ((REDUCED_MONDAY_AFTERNOON, PartialClosure(MONDAY, time(16), time(17))), MONDAY, time(16), None),
    ],
)
def test_a_slot_has_its_ranges_capacity_less_any_closure(partial_closures, day, at, expected):
    offered = capacities(ranged_rules(partial_closures=partial_closures), day)

    assert offered.get(at) == expected


def test_a_range_with_no_places_offers_no_slots_but_keeps_the_line_open():
    rules = ranged_rules()
    wednesday_ten = london(2026, 11, 25, 10)

    assert capacities(rules, date(2026, 11, 25)) == {}
    assert slot_starting_at(rules, start=wednesday_ten, now=MONDAY_MORNING) is None
    assert open_status(wednesday_ten, rules).label == "Open now until 17:00"


def test_the_chosen_slot_carries_its_ranges_capacity():
    rules = ranged_rules(partial_closures=(CLOSED_MONDAY_LUNCH,))

    assert slot_starting_at(rules, start=london(2026, 11, 23, 11), now=MONDAY_MORNING).capacity == 3
    assert slot_starting_at(rules, start=london(2026, 11, 23, 14), now=MONDAY_MORNING).capacity == 2
    assert slot_starting_at(rules, start=london(2026, 11, 23, 12), now=MONDAY_MORNING) is None
    assert capacity_at(rules, london(2026, 11, 23, 14)) == 2
    assert capacity_at(rules, london(2026, 11, 23, 12)) == 0
    assert capacity_at(rules, london(2026, 11, 29, 12)) == 4  # Sunday: off the grid, the default


def test_booked_places_count_against_the_ranges_capacity():
    rules = ranged_rules()

    slots = {s.start: s for s in bookable_slots(rules, now=MONDAY_MORNING, booked={london(2026, 11, 23, 12): 1})}

    assert slots[london(2026, 11, 23, 12)].free == 1
    assert london(2026, 11, 23, 12) not in {
        s.start for s in bookable_slots(rules, now=MONDAY_MORNING, booked={london(2026, 11, 23, 12): 2})
    }


def test_negative_capacities_are_refused_by_the_rules():
    with pytest.raises(ValueError, match="cannot be negative"):
        make_rules(opening_hours=(OpeningRange(0, time(9), time(12), capacity=-1),))
    with pytest.raises(ValueError, match="cannot be negative"):
        make_rules(partial_closures=(PartialClosure(MONDAY, time(9), time(12), capacity=-1),))


# --- "open now" ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "label"),
    [
        (london(2026, 11, 23, 10), "Open now until 12:00"),
        (london(2026, 11, 23, 12, 30), "Closed - opens today 14:00"),
        (london(2026, 11, 23, 14), "Open now until 17:00"),
        (london(2026, 11, 23, 15, 30), "Open now until 17:00"),  # reduced, not closed
    ],
)
def test_the_header_shows_a_part_day_closure_closed_and_a_reduced_one_open(at, label):
    rules = ranged_rules(partial_closures=(CLOSED_MONDAY_LUNCH, REDUCED_MONDAY_AFTERNOON))

    assert open_status(at, rules).label == label


def test_a_closure_to_the_end_of_the_day_moves_the_next_opening_to_tomorrow():
    rules = ranged_rules(partial_closures=(PartialClosure(MONDAY, time(15), time(23, 59)),))

    assert open_status(london(2026, 11, 23, 16), rules).label == "Closed - opens tomorrow 09:00"


# --- settings rows to rules ------------------------------------------------------------------


def test_rows_saved_before_capacities_existed_read_as_the_default_and_whole_days():
    hours = OpeningHoursBlock().to_python(
        [{"type": "range", "value": {"weekday": "mon", "opens": "09:00", "closes": "17:00"}}]
    )
    closures = ClosuresBlock().to_python([{"type": "closure", "value": {"date": "2026-12-25", "reason": "Christmas"}}])
    settings = HelpLineSettings(opening_hours=hours, closures=closures, slot_capacity=5)

    rules = settings.rules()

    assert rules.opening_hours == (OpeningRange(0, time(9), time(17), capacity=None),)
    assert rules.closures == frozenset({date(2026, 12, 25)})
    assert rules.partial_closures == ()
    assert capacity_at(rules, london(2026, 11, 23, 9)) == 5


def test_closure_rows_become_closed_dates_or_partial_closures():
    rows = [
        {"date": "2026-12-25", "reason": "Christmas Day"},
        {"date": "2026-12-24", "starts": "13:00", "ends": "17:00", "capacity": None, "reason": "Christmas Eve"},
        {"date": "2026-12-23", "starts": None, "ends": None, "capacity": 1, "reason": "Team away"},
        {"date": "2026-12-22", "starts": "09:00", "ends": "10:00", "capacity": 0, "reason": "Meeting"},
    ]
    value = ClosuresBlock().to_python([{"type": "closure", "value": row} for row in rows])

    closed, partial = closure_rules(value)

    assert closed == frozenset({date(2026, 12, 25)})
    assert partial == (
        PartialClosure(date(2026, 12, 24), time(13), time(17), 0),
        PartialClosure(date(2026, 12, 23), time.min, time.max, 1),
        PartialClosure(date(2026, 12, 22), time(9), time(10), 0),
    )


# --- booking through the services ------------------------------------------------------------


@pytest.fixture
def rules():
    return ranged_rules()


@pytest.mark.django_db
def test_a_slot_row_is_made_with_its_ranges_capacity_and_fills_at_it(book):
    for n in range(3):
        book(phone=phone_number(n))

    with pytest.raises(SlotFull):
        book(phone=phone_number(9))
    assert CallbackSlot.objects.values_list("booked", "capacity").get(start=FIRST_SLOT) == (3, 3)
    afternoon = book(phone=phone_number(10), slot_start=london(2026, 11, 23, 14))
    assert afternoon.slot.capacity == 2


@pytest.mark.django_db
def test_first_available_skips_a_closed_part_of_the_day(book):
    rules = ranged_rules(partial_closures=(PartialClosure(MONDAY, time(9), time(11)),))

    booked = book(rules=rules, slot_start=None)

    assert booked.slot_start == london(2026, 11, 23, 11)
    with pytest.raises(SlotNotBookable):
        book(rules=rules, phone=phone_number(1), slot_start=london(2026, 11, 23, 10, 30))


@pytest.mark.django_db
def test_first_available_finds_nothing_when_every_slot_is_closed(book):
    rules = make_rules(
        opening_hours=(OpeningRange(0, time(9), time(17)),),
        partial_closures=(PartialClosure(MONDAY, time(9), time(17)),),
        horizon_days=1,
    )

    with pytest.raises(NoSlotsAvailable):
        book(rules=rules, slot_start=None)


@pytest.mark.django_db
def test_an_editor_lowering_a_ranges_capacity_unbooks_nobody(book, now):
    for n in range(3):
        book(phone=phone_number(n))
    lowered = make_rules(
        opening_hours=(OpeningRange(0, time(9), time(12), capacity=1), *RANGED_HOURS[1:]),
    )

    # Over the new capacity: it takes no more, and everyone keeps their place.
    assert FIRST_SLOT not in {slot.start for slot in selectors.available_slots(rules=lowered, now=now)}
    assert selectors.slot_is_bookable(rules=lowered, start=FIRST_SLOT, now=now) is False
    with pytest.raises(SlotFull):
        book(rules=lowered, phone=phone_number(9))
    assert CallbackRequest.objects.filter(slot_start=FIRST_SLOT, status=Status.QUEUED).count() == 3
    assert CallbackSlot.objects.values_list("booked", "capacity").get(start=FIRST_SLOT) == (3, 3)

    # Two cancel: the slot is at the new capacity, still full.
    first, second = CallbackRequest.objects.filter(slot_start=FIRST_SLOT).order_by("pk")[:2]
    cancel_callback(callback_request=first, reason="", now=now)
    with pytest.raises(SlotFull):
        book(rules=lowered, phone=phone_number(9))
    cancel_callback(callback_request=second, reason="", now=now)
    assert selectors.slot_is_bookable(rules=lowered, start=FIRST_SLOT, now=now) is False

    # Raised again, the slot takes more; the row records the capacity of its latest booking.
    book(phone=phone_number(9))
    assert CallbackSlot.objects.values_list("booked", "capacity").get(start=FIRST_SLOT) == (2, 3)


@pytest.mark.django_db
def test_the_picker_counts_free_times_per_day_from_the_ranges(now):
    rules = ranged_rules(partial_closures=(CLOSED_MONDAY_LUNCH,), horizon_days=2)
    CallbackSlot.objects.create(start=london(2026, 11, 23, 14), end=london(2026, 11, 23, 14, 30), capacity=2, booked=2)

    picker = build_slot_picker(
        slot_days=selectors.available_days(rules=rules, now=now),
        chosen="",
        time_zone=ZoneInfo("Europe/London"),
        field_id="id_slot",
        offer_first_available=True,
    )

    # Monday from 10:00: 10:00-11:30 (4), lunch closed 12:00-14:00, 14:00 full, 14:30-16:30 (5).
    # Tuesday 09:00-16:30 (16); Wednesday has no places.
    assert [(day.key, day.free_times) for day in picker.days] == [("2026-11-23", 9), ("2026-11-24", 16)]


# --- the settings form -----------------------------------------------------------------------


def shown_text(response) -> str:
    """The page as an editor reads it: StreamField errors sit in JSON (\\u201c for “) inside an HTML attribute."""
    text = html.unescape(response.content.decode())
    return re.sub(r"\\u([0-9a-f]{4})", lambda match: chr(int(match.group(1), 16)), text)


def closures_form(*rows):
    """The closures part of the form: rows on 24 December 2026, blank fields unless given."""
    blank = {"date": "2026-12-24", "starts": "", "ends": "", "capacity": "", "reason": ""}
    return nested_form_data({"closures": streamfield([("closure", {**blank, **row}) for row in rows])})


def ranged_form(rows, **overrides):
    data = settings_form([row[:3] for row in rows], **overrides)
    for index, row in enumerate(rows):
        data[f"opening_hours-{index}-value-capacity"] = "" if len(row) < 4 else str(row[3])
    return data


@pytest.mark.django_db
def test_the_form_saves_range_capacities_and_part_day_closures(admin_client):
    data = ranged_form([("mon", "09:00", "12:00", 3), ("mon", "12:00", "17:00", 2), ("tue", "09:00", "17:00")])
    data.update(closures_form({"starts": "13:00", "ends": "17:00", "capacity": "1", "reason": "Christmas Eve"}))

    response = admin_client.post(edit_url(), data)

    assert response.status_code == 302
    rules = HelpLineSettings.objects.get().rules()
    assert rules.opening_hours == (
        OpeningRange(0, time(9), time(12), capacity=3),
        OpeningRange(0, time(12), time(17), capacity=2),
        OpeningRange(1, time(9), time(17), capacity=None),
    )
    assert rules.partial_closures == (PartialClosure(date(2026, 12, 24), time(13), time(17), 1),)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "closure", "message"),
    [
        ([("mon", "09:00", "12:00", 3), ("mon", "11:00", "17:00", 2)], None, "overlaps Monday 09:00-12:00"),
        ([("mon", "09:00", "12:00", 51)], None, "from 0 to 50"),
        ([("mon", "09:00", "12:00", -1)], None, "from 0 to 50"),
        ([("mon", "09:00", "12:00")], {"starts": "14:00", "ends": "13:00"}, "“To” must be later than “From”"),
        ([("mon", "09:00", "12:00")], {"starts": "14:00", "ends": "14:00"}, "“To” must be later than “From”"),
        ([("mon", "09:00", "12:00")], {"starts": "14:00", "ends": ""}, "Give both “From” and “To”"),
        ([("mon", "09:00", "12:00")], {"starts": "", "ends": "14:00"}, "Give both “From” and “To”"),
        ([("mon", "09:00", "12:00")], {"capacity": "51"}, "from 0 to 50"),
    ],
)
def test_bad_capacities_and_closures_are_refused_with_the_reason(admin_client, rows, closure, message):
    data = ranged_form(rows)
    if closure is not None:
        data.update(closures_form(closure))
    before = HelpLineSettings.load().rules()

    response = admin_client.post(edit_url(), data)

    assert response.status_code == 200
    assert message in shown_text(response)
    assert HelpLineSettings.objects.get().rules() == before


def test_a_monday_in_the_fixture_is_a_monday():
    # The tables above name days by date; guard the assumption they rest on.
    assert MONDAY.weekday() == 0 and MONDAY_MORNING.date() == MONDAY and MONDAY + timedelta(days=1) == TUESDAY
