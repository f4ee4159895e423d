"""The reader-facing callback pages: book, see the confirmation, manage (move, add to calendar), cancel.

CallbackPage's routes hand over to these functions. Each reads the request,
asks selectors and services, and renders or redirects; wording lives in the
form and the templates, rules in the services. Every response here is marked
private and uncacheable: the form carries a CSRF token, and the other pages
carry a reader's booking.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.models import Site

from callbacks.booking import decoys, links, ratelimit, selectors, services
from callbacks.booking.calendar_file import CalendarBooking, calendar_file, calendar_file_name
from callbacks.booking.forms import CallbackForm
from callbacks.booking.move_form import MoveBookingForm
from callbacks.booking.phone import display_uk_phone
from callbacks.booking.references import new_reference
from callbacks.booking.slots import SlotDay
from callbacks.exceptions import (
    BookingError,
    DuplicateOpenBooking,
    NoSlotsAvailable,
    RequestClosed,
    SlotFull,
    SlotNotBookable,
)
from callbacks.help_line import current_help_line
from callbacks.models import CallbackPage, CallbackRequest, HelpLineSettings, Status
from callbacks.texts import gateway
from callbacks.wording import slot_sentence

READER_CANCEL_REASON = "Cancelled by the reader with their cancel link."


def booking(request, page: CallbackPage):
    """GET: the form with the free slots. POST: book, then redirect to the confirmation (Post/Redirect/Get).

    Before anything is checked, a reader who reports red-flag symptoms is sent
    to urgent care; then the limit on refused attempts from the address (over
    it, the form comes back as filled in, with a 429); then the honeypot (a bot
    is shown a confirmation for a booking that was never made). Refused
    attempts count against that limit; only bookings made count against the
    per-address booking limit (see booking/ratelimit.py).
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    help_line = current_help_line(request)
    now = timezone.now()
    if request.method != "POST":
        return _form_page(request, page, _form(None, help_line=help_line, now=now), help_line)

    if CallbackForm.reports_red_flags(request.POST):
        return _render(request, page, "callbacks/urgent_care.html", {"help_line": help_line})
    failure_limit = ratelimit.failed_attempt_ip_rate()
    form = _form(request.POST, help_line=help_line, now=now)
    if not ratelimit.failures_allowed_from(request, failure_limit):
        return _paused_form_page(request, page, form, help_line, failure_limit)
    if CallbackForm.is_bot(request.POST):
        ratelimit.count_failure_from(request, failure_limit)
        return _decoy_confirmation(request, page, form, help_line)
    if not form.is_valid():
        ratelimit.count_failure_from(request, failure_limit)
        return _form_page(request, page, form, help_line)
    phone_limit = ratelimit.booking_phone_rate()
    if not ratelimit.allow_booking_for(form.cleaned_data["phone"], phone_limit):
        return too_many_requests(request, phone_limit)
    booking_limit = ratelimit.booking_ip_rate()
    if not ratelimit.reserve_booking_from(request, booking_limit):
        return too_many_requests(request, booking_limit)

    try:
        callback_request = services.book_callback(rules=form.rules, now=now, **form.booking_arguments())
    except DuplicateOpenBooking:
        # Looks exactly like a booking to whoever typed the number, and counts against the same limits.
        services.note_repeat_booking(phone=form.cleaned_data["phone"], now=now)
        return _repeat_booking_decoy(request, page, form, now=now)
    except (BookingError, ValidationError) as error:
        ratelimit.release_booking_from(request, booking_limit)
        ratelimit.count_failure_from(request, failure_limit)
        return _refused_booking_page(request, page, form, help_line, error)
    return redirect(page.confirmation_path(callback_request.reference, callback_request.created_at, request))


def confirmation(request, page: CallbackPage, token: str):
    """The booking's details and its manage link, for two hours after booking."""
    help_line = current_help_line(request)
    try:
        reference = links.read_confirmation_token(token, now=timezone.now())
    except links.LinkExpired:
        return _render(request, page, "callbacks/link_expired.html", {"kind": "confirmation", "help_line": help_line})
    except links.LinkInvalid:
        return _link_not_valid(request, page, help_line)
    callback_request = selectors.callback_request_by_reference(reference)
    if callback_request is not None:
        context = _booking_context(request, page, callback_request, help_line)
    elif decoy := decoys.decoy_booking(reference):
        context = _decoy_context(request, page, decoy, help_line)
    else:
        return _link_not_valid(request, page, help_line)
    return _render(request, page, "callbacks/confirmation.html", context)


def cancel(request, page: CallbackPage, token: str):
    """GET: the booking and a cancel button. POST: cancel it (a second time changes nothing).

    The link is the reader's only key; it works until the slot ends.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    help_line = current_help_line(request)
    now = timezone.now()
    try:
        reference = links.read_cancel_token(token, now=now)
    except links.LinkExpired:
        context = {"kind": "cancel", "help_line": help_line}
        return _render(request, page, "callbacks/link_expired.html", context, status=410)
    except links.LinkInvalid:
        return _link_not_valid(request, page, help_line)
    callback_request = selectors.callback_request_by_reference(reference)
    if callback_request is None:
        return _link_not_valid(request, page, help_line)

    if request.method == "POST":
        was_open = callback_request.is_open
        try:
            callback_request = services.cancel_callback(
                callback_request=callback_request, reason=READER_CANCEL_REASON, now=now
            )
        except RequestClosed:
            state = "closed"
        else:
            state = "cancelled" if was_open else "already_cancelled"
    elif callback_request.is_open:
        state = "confirm"
    else:
        state = "already_cancelled" if callback_request.status == Status.CANCELLED else "closed"

    context = _booking_context(request, page, callback_request, help_line) | {"state": state, "token": token}
    return _render(request, page, "callbacks/cancel.html", context)


def manage(request, page: CallbackPage, token: str):
    """ "Manage my booking": its day, time, reference and options; links to move, cancel or add it to a calendar."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    help_line = current_help_line(request)
    callback_request, refusal = _booking_from_manage_link(request, page, token, help_line)
    if refusal:
        return refusal
    context = _booking_context(request, page, callback_request, help_line) | {
        "status_label": callback_request.get_status_display(),
        "voicemail_ok": callback_request.voicemail_ok,
        "may_identify_org": callback_request.may_identify_org,
        "sms_opt_in": callback_request.sms_opt_in,
        "just_moved": request.GET.get("moved") == "1",
        "move_path": page.manage_path(callback_request.reference, callback_request.slot_end, request, route="move"),
        "calendar_path": page.manage_path(
            callback_request.reference, callback_request.slot_end, request, route="calendar"
        ),
    }
    return _render(request, page, "callbacks/manage.html", context)


def move(request, page: CallbackPage, token: str):
    """GET: the slot picker for a new time. POST: move the booking, then show it on the manage page.

    The reference stays; the new time gets a new manage link (it lasts until
    the new slot ends), so the redirect goes there.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    help_line = current_help_line(request)
    callback_request, refusal = _booking_from_manage_link(request, page, token, help_line)
    if refusal:
        return refusal
    manage_path = page.manage_path(callback_request.reference, callback_request.slot_end, request)
    if not callback_request.is_open:
        return _private(redirect(manage_path))
    now = timezone.now()
    rules = help_line.rules()
    data = request.POST if request.method == "POST" else None
    form = _move_form(data, callback_request, rules=rules, now=now)
    if data is not None and form.is_valid():
        try:
            moved = services.reschedule_callback(
                callback_request=callback_request, rules=rules, slot_start=form.cleaned_data["slot"], now=now
            )
        except RequestClosed:
            return _private(redirect(manage_path))
        except (SlotFull, SlotNotBookable) as error:
            # Someone took the last place while this reader chose: show what is free now.
            form = _move_form(data, callback_request, rules=rules, now=now)
            form.is_valid()
            form.add_move_error(error)
        except BookingError as error:
            form.add_move_error(error)
        else:
            return _private(redirect(page.manage_path(moved.reference, moved.slot_end, request) + "?moved=1"))
    context = _booking_context(request, page, callback_request, help_line) | {"form": form, "manage_path": manage_path}
    return _render(request, page, "callbacks/move.html", context)


def calendar(request, page: CallbackPage, token: str):
    """The booking as an .ics file to add to a calendar (a moved booking's file replaces the old one)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    help_line = current_help_line(request)
    callback_request, refusal = _booking_from_manage_link(request, page, token, help_line)
    if refusal:
        return refusal
    manage_path = page.manage_path(callback_request.reference, callback_request.slot_end, request)
    site = Site.find_for_request(request)
    booking = CalendarBooking(
        reference=callback_request.reference,
        start=callback_request.slot_start,
        end=callback_request.slot_end,
        times_moved=callback_request.times_moved,
        is_cancelled=callback_request.status == Status.CANCELLED,
        may_identify_org=callback_request.may_identify_org,
        help_line_name=(site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
        helpline_number=help_line.helpline_number,
        manage_url=request.build_absolute_uri(manage_path),
        time_zone=ZoneInfo(help_line.time_zone),
    )
    response = HttpResponse(calendar_file(booking, now=timezone.now()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_file_name(callback_request.reference)}"'
    return _private(response)


def too_many_requests(request, limit: ratelimit.Rate):
    """The plain-words 429 page; nothing from the request was used or stored."""
    response = render(request, "429.html", {"retry_minutes": _minutes(limit)}, status=429)
    response["Retry-After"] = str(limit.seconds)
    add_never_cache_headers(response)
    return response


# --- helpers --------------------------------------------------------------------------------


def _form(data, *, help_line: HelpLineSettings, now) -> CallbackForm:
    rules = help_line.rules()
    slot_days = selectors.available_days(rules=rules, now=now)
    return CallbackForm(
        data, help_line=help_line, rules=rules, slot_days=slot_days, now=now, sms_available=gateway.is_enabled()
    )


def _move_form(data, callback_request: CallbackRequest, *, rules, now) -> MoveBookingForm:
    """The move form offering every free slot except the one the booking already has."""
    days = []
    for day in selectors.available_days(rules=rules, now=now):
        slots = tuple(slot for slot in day.slots if slot.start != callback_request.slot_start)
        if slots:
            days.append(SlotDay(day=day.day, slots=slots))
    return MoveBookingForm(data, rules=rules, slot_days=days, now=now)


def _booking_from_manage_link(request, page, token: str, help_line: HelpLineSettings):
    """(the booking, None) for a good manage link, else (None, the page that says why)."""
    try:
        reference = links.read_manage_token(token, now=timezone.now())
    except links.LinkExpired:
        context = {"kind": "manage", "help_line": help_line}
        return None, _render(request, page, "callbacks/link_expired.html", context, status=410)
    except links.LinkInvalid:
        return None, _link_not_valid(request, page, help_line)
    callback_request = selectors.callback_request_by_reference(reference)
    if callback_request is None:
        return None, _link_not_valid(request, page, help_line)
    return callback_request, None


def _form_page(request, page, form: CallbackForm, help_line: HelpLineSettings, *, status: int = 200):
    context = {"form": form, "help_line": help_line, "has_slots": bool(form.offered)}
    return _render(request, page, page.get_template(request), context, status=status)


def _refused_booking_page(request, page, form: CallbackForm, help_line: HelpLineSettings, error: Exception):
    """The form again, with why the booking service refused it beside the field concerned."""
    if isinstance(error, SlotFull | SlotNotBookable):
        # Someone took the last place while this reader was typing: show what is free now.
        form = _form(request.POST, help_line=help_line, now=form.now)
        form.is_valid()
    if isinstance(error, ValidationError):
        form.add_service_errors(error)
    else:
        form.add_booking_error(error)
    return _form_page(request, page, form, help_line)


def _paused_form_page(request, page, form: CallbackForm, help_line: HelpLineSettings, limit: ratelimit.Rate):
    """429 with the form as the reader filled it in: too many refused attempts, yet nothing they typed is lost."""
    form.is_valid()
    form.add_paused_error(retry_minutes=_minutes(limit))
    response = _form_page(request, page, form, help_line, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response


def _minutes(limit: ratelimit.Rate) -> int:
    return -(-limit.seconds // 60)


def _booking_context(request, page, callback_request: CallbackRequest, help_line: HelpLineSettings) -> dict:
    return _confirmation_context(
        request,
        page,
        help_line,
        reference=callback_request.reference,
        slot_start=callback_request.slot_start,
        slot_end=callback_request.slot_end,
        phone_display=display_uk_phone(callback_request.phone),
        texts=callback_request.sms_opt_in and gateway.is_enabled(),
        is_open=callback_request.is_open,
        is_cancelled=callback_request.status == Status.CANCELLED,
    )


def _confirmation_context(
    request,
    page,
    help_line: HelpLineSettings,
    *,
    reference: str,
    slot_start,
    slot_end,
    phone_display: str,
    texts: bool,
    is_open: bool = True,
    is_cancelled: bool = False,
) -> dict:
    """What a booking's pages show of it, real or decoy: the same keys, worded the same way.

    `slot_start` None is a decoy with no time left to show ("the first time available").
    """
    slot_text = "the first time available"
    if slot_start is not None:
        slot_text = slot_sentence(slot_start, slot_end, ZoneInfo(help_line.time_zone))
    return {
        "help_line": help_line,
        "reference": reference,
        "slot_text": slot_text,
        "phone_display": phone_display,
        "is_open": is_open,
        "is_cancelled": is_cancelled,
        "cancel_path": page.cancel_path(reference, slot_end, request),
        "manage_path": page.manage_path(reference, slot_end, request),
        "texts": texts,
    }


def _decoy_confirmation(request, page, form: CallbackForm, help_line: HelpLineSettings):
    """A confirmation that looks like any other, for a booking that was never made.

    A bot learns nothing from it that would help it get past the trap; its
    manage and cancel links lead to "link not valid", as the reference exists nowhere.
    """
    slot = form.chosen_or_first_slot()
    context = _confirmation_context(
        request,
        page,
        help_line,
        reference=new_reference(),
        slot_start=slot.start if slot else None,
        slot_end=slot.end if slot else form.now,
        phone_display=str(form.data.get("phone", ""))[:30],
        texts=form.sms_available and bool(form.data.get("text_me")),
    )
    return _render(request, page, "callbacks/confirmation.html", context)


def _repeat_booking_decoy(request, page, form: CallbackForm, *, now):
    """For a number that already has an open booking: the redirect a new booking gets, to a decoy confirmation.

    Whoever typed the number learns nothing about its owner (README, "Duplicate
    bookings"); the owner hears about it from us, or staff see it on the request.
    """
    slot = form.offered.get(form.cleaned_data["slot"]) or form.chosen_or_first_slot()
    if slot is None:
        # Every time filled after the form was shown: what a new booking would have been told.
        form.add_booking_error(NoSlotsAvailable())
        return _form_page(request, page, form, form.help_line)
    decoy = decoys.remember_decoy(
        slot_start=slot.start,
        slot_end=slot.end,
        phone=form.cleaned_data["phone"],
        texts=form.sms_available and bool(form.cleaned_data.get("text_me")),
    )
    return redirect(page.confirmation_path(decoy.reference, now, request))


def _decoy_context(request, page, decoy: decoys.DecoyBooking, help_line: HelpLineSettings) -> dict:
    return _confirmation_context(
        request,
        page,
        help_line,
        reference=decoy.reference,
        slot_start=decoy.slot_start,
        slot_end=decoy.slot_end,
        phone_display=display_uk_phone(decoy.phone),
        texts=decoy.texts,
    )


def _link_not_valid(request, page, help_line: HelpLineSettings):
    return _render(request, page, "callbacks/link_invalid.html", {"help_line": help_line}, status=404)


def _render(request, page, template: str, context: dict, *, status: int = 200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return _private(response)


def _private(response):
    """Never stored by a browser or a shared cache, and never sent on in a Referer: it holds a reader's booking."""
    add_never_cache_headers(response)
    # The confirmation and cancel links are the reader's keys: never send them to another site in a
    # Referer header. ("no-referrer" would go further but makes browsers send "Origin: null" with
    # the page's own forms, which Django's CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response
