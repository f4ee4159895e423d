"""The reader-facing callback pages: book, see the confirmation, cancel.

CallbackPage's routes hand over to these functions. Each reads the request,
asks selectors and services, and renders or redirects; wording lives in the
form and the templates, rules in the services. Every response here is marked
private and uncacheable: the form carries a CSRF token, and the other pages
carry a reader's booking.
"""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.models import Site

from callbacks.booking import decoys, links, ratelimit, selectors, services
from callbacks.booking.forms import CallbackForm
from callbacks.booking.phone import display_uk_phone
from callbacks.booking.references import new_reference
from callbacks.exceptions import (
    BookingError,
    DuplicateOpenBooking,
    NoSlotsAvailable,
    RequestClosed,
    SlotFull,
    SlotNotBookable,
)
from callbacks.models import CallbackPage, CallbackRequest, HelpLineSettings, Status
from callbacks.texts import gateway
from callbacks.wording import slot_sentence

READER_CANCEL_REASON = "Cancelled by the reader with their cancel link."


def booking(request, page: CallbackPage):
    """GET: the form with the free slots. POST: book, then redirect to the confirmation (Post/Redirect/Get).

    Before anything is checked, a reader who reports red-flag symptoms is sent
    to urgent care; then the per-address rate limit; then the honeypot (a bot
    is shown a confirmation for a booking that was never made).
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    help_line = selectors.help_line_settings(Site.find_for_request(request))
    now = timezone.now()
    if request.method != "POST":
        return _form_page(request, page, _form(None, help_line=help_line, now=now), help_line)

    if CallbackForm.reports_red_flags(request.POST):
        return _render(request, page, "callbacks/urgent_care.html", {"help_line": help_line})
    ip_limit = ratelimit.booking_ip_rate()
    if not ratelimit.allow_booking_from(request, ip_limit):
        return too_many_requests(request, ip_limit)
    form = _form(request.POST, help_line=help_line, now=now)
    if CallbackForm.is_bot(request.POST):
        return _decoy_confirmation(request, page, form, help_line)
    if not form.is_valid():
        return _form_page(request, page, form, help_line)
    phone_limit = ratelimit.booking_phone_rate()
    if not ratelimit.allow_booking_for(form.cleaned_data["phone"], phone_limit):
        return too_many_requests(request, phone_limit)

    try:
        callback_request = services.book_callback(rules=form.rules, now=now, **form.booking_arguments())
    except (SlotFull, SlotNotBookable) as error:
        # Someone took the last place while this reader was typing: show what is free now.
        form = _form(request.POST, help_line=help_line, now=now)
        form.is_valid()
        form.add_booking_error(error)
        return _form_page(request, page, form, help_line)
    except DuplicateOpenBooking:
        services.note_repeat_booking(phone=form.cleaned_data["phone"], now=now)
        return _repeat_booking_decoy(request, page, form, now=now)
    except BookingError as error:
        form.add_booking_error(error)
        return _form_page(request, page, form, help_line)
    except ValidationError as error:
        form.add_service_errors(error)
        return _form_page(request, page, form, help_line)
    return redirect(page.confirmation_path(callback_request.reference, callback_request.created_at, request))


def confirmation(request, page: CallbackPage, token: str):
    """The booking's details and its cancel link, for two hours after booking."""
    help_line = selectors.help_line_settings(Site.find_for_request(request))
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
    help_line = selectors.help_line_settings(Site.find_for_request(request))
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


def too_many_requests(request, limit: ratelimit.Rate):
    """The plain-words 429 page; nothing from the request was used or stored."""
    retry_minutes = -(-limit.seconds // 60)
    response = render(request, "429.html", {"retry_minutes": retry_minutes}, status=429)
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


def _form_page(request, page, form: CallbackForm, help_line: HelpLineSettings):
    context = {"form": form, "help_line": help_line, "has_slots": bool(form.offered)}
    return _render(request, page, page.get_template(request), context)


def _booking_context(request, page, callback_request: CallbackRequest, help_line: HelpLineSettings) -> dict:
    time_zone = ZoneInfo(help_line.time_zone)
    return {
        "help_line": help_line,
        "reference": callback_request.reference,
        "slot_text": slot_sentence(callback_request.slot_start, callback_request.slot_end, time_zone),
        "phone_display": display_uk_phone(callback_request.phone),
        "is_open": callback_request.is_open,
        "is_cancelled": callback_request.status == Status.CANCELLED,
        "cancel_path": page.cancel_path(callback_request.reference, callback_request.slot_end, request),
        "texts": callback_request.sms_opt_in and gateway.is_enabled(),
    }


def _decoy_confirmation(request, page, form: CallbackForm, help_line: HelpLineSettings):
    """A confirmation that looks like any other, for a booking that was never made.

    A bot learns nothing from it that would help it get past the trap; its
    cancel link leads to "link not valid", as the reference exists nowhere.
    """
    slot = form.chosen_or_first_slot()
    reference = new_reference()
    context = {
        "help_line": help_line,
        "reference": reference,
        "slot_text": slot_sentence(slot.start, slot.end, form.rules.time_zone) if slot else "the first time available",
        "phone_display": str(form.data.get("phone", ""))[:30],
        "is_open": True,
        "is_cancelled": False,
        "cancel_path": page.cancel_path(reference, slot.end if slot else form.now, request),
        "texts": form.sms_available and bool(form.data.get("text_me")),
    }
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
    """The same keys, worded the same way, as a real booking's confirmation (`_booking_context`)."""
    time_zone = ZoneInfo(help_line.time_zone)
    return {
        "help_line": help_line,
        "reference": decoy.reference,
        "slot_text": slot_sentence(decoy.slot_start, decoy.slot_end, time_zone),
        "phone_display": display_uk_phone(decoy.phone),
        "is_open": True,
        "is_cancelled": False,
        "cancel_path": page.cancel_path(decoy.reference, decoy.slot_end, request),
        "texts": decoy.texts,
    }


def _link_not_valid(request, page, help_line: HelpLineSettings):
    return _render(request, page, "callbacks/link_invalid.html", {"help_line": help_line}, status=404)


def _render(request, page, template: str, context: dict, *, status: int = 200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    # The confirmation and cancel links are the reader's keys: never send them to another site in a
    # Referer header. ("no-referrer" would go further but makes browsers send "Origin: null" with
    # the page's own forms, which Django's CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response
