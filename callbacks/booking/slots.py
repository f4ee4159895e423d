"""Opening hours and booked counts in, bookable callback slots and "open now" out.

Everything here is a pure function of plain values: no ORM, no clock. Callers
pass `now` (an aware datetime) and the booked counts they have read, so every
rule can be tested with literal values, including the two Sundays a year when
Europe/London changes its clocks.

Times are handled in two ways on purpose. Opening hours are wall-clock times in
the help line's zone ("09:00 on Mondays"), so the slot grid is laid out in local
wall time; every instant that leaves this module (slot starts and ends,
`OpenStatus.changes_at`) is in UTC, which is how the database stores them and
how they compare correctly across a clock change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# How far ahead open_status looks for the next opening; long enough for a
# Christmas closure, short enough to stay cheap when no hours are set at all.
NEXT_OPENING_SEARCH_DAYS = 60


@dataclass(frozen=True)
class OpeningRange:
    """One stretch of opening hours on a weekday (0 = Monday, as `date.weekday()`).

    A range lies within one day: `closes` is later than `opens`, so a help line
    open until midnight closes at 23:59.
    """

    weekday: int
    opens: time
    closes: time
    # Callbacks per slot in this range; None means the settings' default `slot_capacity`.
    capacity: int | None = None

    def overlaps(self, other: OpeningRange) -> bool:
        """Ranges that merely touch (12:00-13:00 and 13:00-17:00) do not overlap."""
        return self.weekday == other.weekday and self.opens < other.closes and other.opens < self.closes

    def describe(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {self.opens:%H:%M}-{self.closes:%H:%M}"


@dataclass(frozen=True)
class PartialClosure:
    """Part of one date with fewer callbacks per slot than usual: 0 closes that part, 2 reduces it to 2.

    A whole-date closure with no places is simply a date in `HelpLineRules.closures`;
    a reduced whole day is a PartialClosure from 00:00 to `time.max`.
    """

    day: date
    starts: time
    ends: time
    capacity: int = 0

    def touches(self, day: date, slot_starts: time, slot_ends: time) -> bool:
        """Whether a slot of that day runs into this part at all (merely touching its edge is not enough)."""
        return day == self.day and self.starts < slot_ends and slot_starts < self.ends


@dataclass(frozen=True)
class HelpLineRules:
    """The plain inputs the slot rules need, built from the help-line settings.

    Kept free of models so that slots.py can be reasoned about and tested alone.
    """

    time_zone: ZoneInfo
    opening_hours: tuple[OpeningRange, ...]
    closures: frozenset[date] = frozenset()
    partial_closures: tuple[PartialClosure, ...] = ()
    slot_minutes: int = 30
    slot_capacity: int = 4
    min_notice_minutes: int = 120
    horizon_days: int = 14

    def __post_init__(self):
        # A zero-length slot would make the grid loop forever; refuse it here
        # rather than trust every caller's form validation.
        if self.slot_minutes <= 0:
            raise ValueError("slot_minutes must be positive")
        if self.slot_capacity < 0 or self.min_notice_minutes < 0 or self.horizon_days < 0:
            raise ValueError("slot_capacity, min_notice_minutes and horizon_days cannot be negative")
        capacities = [r.capacity for r in self.opening_hours if r.capacity is not None]
        capacities += [closure.capacity for closure in self.partial_closures]
        if any(capacity < 0 for capacity in capacities):
            raise ValueError("a range's or a closure's capacity cannot be negative")

    @property
    def slot_length(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)

    def ranges_on(self, day: date) -> list[OpeningRange]:
        """The day's opening ranges in time order; none on a closure date."""
        if day in self.closures:
            return []
        weekday = day.weekday()
        return sorted((r for r in self.opening_hours if r.weekday == weekday), key=lambda r: r.opens)

    def capacity_of(self, opening: OpeningRange, day: date, slot_starts: time, slot_ends: time) -> int:
        """Places in a slot of `opening` on `day`: the range's own capacity (else the default), lowered by
        any partial closure the slot runs into (the lowest wins when closures overlap)."""
        capacity = self.slot_capacity if opening.capacity is None else opening.capacity
        for closure in self.partial_closures:
            if closure.touches(day, slot_starts, slot_ends):
                capacity = min(capacity, closure.capacity)
        return capacity

    def open_stretches_on(self, day: date) -> list[tuple[time, time]]:
        """The day's (opens, closes) wall times in time order, with the parts closed outright cut out.

        A partial closure with no places closes the line for that part (the
        header says so); one that only reduces the places leaves it open.
        """
        stretches = [(opening.opens, opening.closes) for opening in self.ranges_on(day)]
        for closure in self.partial_closures:
            if closure.day != day or closure.capacity > 0:
                continue
            cut = []
            for opens, closes in stretches:
                if opens < closure.starts:
                    cut.append((opens, min(closes, closure.starts)))
                if closure.ends < closes:
                    cut.append((max(opens, closure.ends), closes))
            stretches = cut
        return sorted(stretches)


@dataclass(frozen=True)
class Slot:
    """A callback slot: UTC instants for storage, local ones for display."""

    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


@dataclass(frozen=True)
class SlotDay:
    """The bookable slots of one local day, for a form that groups them by day."""

    day: date
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class OpenStatus:
    """Whether the help line is open, the sentence the header shows, and when that changes.

    `changes_at` (UTC) is the closing time when open and the next opening when
    closed; a page cache can use it as an expiry. None when no opening is in sight.
    """

    is_open: bool
    label: str
    changes_at: datetime | None


def find_overlaps(ranges: Sequence[OpeningRange]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of ranges that overlap on the same weekday, in the given order.

    Indexes rather than ranges, so a settings form can point at the exact row
    even when two rows are identical.
    """
    return [(i, j) for i, first in enumerate(ranges) for j in range(i + 1, len(ranges)) if first.overlaps(ranges[j])]


def local_to_utc(day: date, wall_time: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall time, or None if the clocks skip it.

    On the spring-forward Sunday local 01:00-01:59 in London never happens; a
    slot there must not be offered. On the autumn Sunday 01:00-01:59 happens
    twice and the first (summer-time) occurrence is used.
    """
    local = datetime.combine(day, wall_time, tzinfo=tz)
    as_utc = local.astimezone(UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return as_utc


def slots_on(rules: HelpLineRules, day: date) -> Iterator[tuple[datetime, datetime]]:
    """(start, end) in UTC of every slot on a local day's grid, in time order, whatever its capacity.

    The grid starts at each range's opening time and steps by the slot length
    in wall time; a slot must end by the range's closing time. Its end is the
    start plus the slot length in real time, so a slot that straddles a clock
    change still lasts as long as any other.
    """
    for start, end, _capacity in slots_with_capacity_on(rules, day):
        yield start, end


def slots_with_capacity_on(rules: HelpLineRules, day: date) -> Iterator[tuple[datetime, datetime, int]]:
    """(start, end, capacity) of every slot on a local day's grid: `slots_on` with each slot's places.

    The capacity is the range's (see `HelpLineRules.capacity_of`); a slot in
    a part of the day closed outright has capacity 0 and is never offered.
    """
    length = rules.slot_length
    for opening in rules.ranges_on(day):
        wall = datetime.combine(day, opening.opens)
        closes = datetime.combine(day, opening.closes)
        while wall + length <= closes:
            start = local_to_utc(day, wall.time(), rules.time_zone)
            if start is not None:
                capacity = rules.capacity_of(opening, day, wall.time(), (wall + length).time())
                yield start, start + length, capacity
            wall += length


def booking_window(rules: HelpLineRules, now: datetime) -> tuple[datetime, datetime]:
    """[earliest, latest) UTC instants a slot may start at: minimum notice to horizon."""
    now = _as_utc(now)
    return now + timedelta(minutes=rules.min_notice_minutes), now + timedelta(days=rules.horizon_days)


def bookable_slots(rules: HelpLineRules, *, now: datetime, booked: Mapping[datetime, int]) -> list[Slot]:
    """Slots a reader may book now, earliest first, only those with a free place.

    `booked` maps a slot's UTC start to the places already taken (missing means
    none). Capacity comes from the current rules (the range the slot is in,
    less any partial closure), so an editor's change applies to every slot
    not yet full; a slot already booked beyond a lowered capacity is just not
    offered, and nobody in it loses their place.
    """
    earliest, latest = booking_window(rules, now)
    tz = rules.time_zone
    first_day = earliest.astimezone(tz).date()
    last_day = latest.astimezone(tz).date()
    offered = []
    day = first_day
    while day <= last_day:
        for start, end, capacity in slots_with_capacity_on(rules, day):
            if not earliest <= start < latest:
                continue
            slot = _slot(rules, start, end, capacity, booked.get(start, 0))
            if slot.free > 0:
                offered.append(slot)
        day += timedelta(days=1)
    return offered


def slot_starting_at(rules: HelpLineRules, *, start: datetime, now: datetime) -> Slot | None:
    """The slot starting at `start` if the rules allow booking it now, else None.

    Checks the grid, opening hours, closures (a slot with no places at all, in
    a closed part of a day or a range of capacity 0, is not bookable), notice
    and horizon, not the places left: only the database knows how many are
    left at the moment of booking. The slot carries the capacity to book against.
    """
    start = _as_utc(start)
    earliest, latest = booking_window(rules, now)
    if not earliest <= start < latest:
        return None
    day = start.astimezone(rules.time_zone).date()
    for slot_start, slot_end, capacity in slots_with_capacity_on(rules, day):
        if slot_start == start:
            return _slot(rules, slot_start, slot_end, capacity, 0) if capacity > 0 else None
    return None


def capacity_at(rules: HelpLineRules, start: datetime) -> int:
    """The places of the grid slot starting at `start` under the current rules, however near or far it is.

    For a time off the grid (or on a closed date) the default `slot_capacity`:
    for code that makes slot rows other than by booking, such as the demo queue.
    """
    start = _as_utc(start)
    day = start.astimezone(rules.time_zone).date()
    for slot_start, _slot_end, capacity in slots_with_capacity_on(rules, day):
        if slot_start == start:
            return capacity
    return rules.slot_capacity


def group_by_day(slots: Iterable[Slot]) -> list[SlotDay]:
    """Slots grouped by their local day, days and slots in time order."""
    days: dict[date, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        days.setdefault(slot.local_start.date(), []).append(slot)
    return [SlotDay(day=day, slots=tuple(day_slots)) for day, day_slots in days.items()]


def open_status(now: datetime, rules: HelpLineRules) -> OpenStatus:
    """ "Open now until 17:00" or "Closed - opens Monday 09:00", from the rules alone.

    Ranges that touch (09:00-12:00 and 12:00-17:00) count as one stretch, so the
    header never says "until 12:00" when the line stays open through lunch. A
    part of a day closed outright (a partial closure with no places) is closed
    here too; a range that merely offers no callbacks (capacity 0) is open.
    """
    now = _as_utc(now)
    tz = rules.time_zone
    today = now.astimezone(tz).date()
    for opens_at, closes_at in _open_periods(rules, today):
        if opens_at <= now < closes_at:
            return OpenStatus(True, f"Open now until {closes_at.astimezone(tz):%H:%M}", closes_at)
        if now < opens_at:
            local = opens_at.astimezone(tz)
            label = f"Closed - opens {_day_phrase(local.date(), today)} {local:%H:%M}"
            return OpenStatus(False, label, opens_at)
    return OpenStatus(False, "Closed", None)


def _open_periods(rules: HelpLineRules, first_day: date) -> list[tuple[datetime, datetime]]:
    """UTC (opens, closes) periods from `first_day` on, touching ones merged."""
    tz = rules.time_zone
    periods: list[tuple[datetime, datetime]] = []
    for offset in range(NEXT_OPENING_SEARCH_DAYS + 1):
        day = first_day + timedelta(days=offset)
        for opens, closes in rules.open_stretches_on(day):
            # A time skipped by the clocks still needs an instant here; the
            # first reading of the wall time (before the change) is close enough.
            opens_at = datetime.combine(day, opens, tzinfo=tz).astimezone(UTC)
            closes_at = datetime.combine(day, closes, tzinfo=tz).astimezone(UTC)
            if periods and opens_at <= periods[-1][1]:
                periods[-1] = (periods[-1][0], max(periods[-1][1], closes_at))
            else:
                periods.append((opens_at, closes_at))
    return periods


def _day_phrase(day: date, today: date) -> str:
    days_ahead = (day - today).days
    if days_ahead == 0:
        return "today"
    if days_ahead == 1:
        return "tomorrow"
    if days_ahead < 7:
        return WEEKDAY_NAMES[day.weekday()]
    # A bare weekday name a week or more ahead would point at the wrong week.
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%B}"


def _slot(rules: HelpLineRules, start: datetime, end: datetime, capacity: int, booked: int) -> Slot:
    tz = rules.time_zone
    return Slot(
        start=start,
        end=end,
        local_start=start.astimezone(tz),
        local_end=end.astimezone(tz),
        capacity=capacity,
        booked=booked,
    )


def _as_utc(moment: datetime) -> datetime:
    # A naive datetime here is a bug in the caller (whose clock is it?), not
    # something to guess about.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("expected a timezone-aware datetime")
    return moment.astimezone(UTC)
