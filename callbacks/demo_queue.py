"""Demo content for the staff queue: a "helpline" staff user and a dozen requests over today and tomorrow.

Called from callbacks/demo.py during `load_demo_content`. Idempotent: the user
is created once (its password is never reset), and each demo request is
recognised by its phone number, a number in Ofcom's range kept for drama
(07700 900xxx), so no real person can be rung from the demo and a second run
adds nothing.

The demo staff user has a known password, so it is only created when DEBUG
is on or the caller passes force=True; without it the requests are all left
queued (claims and calls need a member of staff).
"""

import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from callbacks.booking.consent import consent_version_for
from callbacks.booking.slots import capacity_at
from callbacks.help_line import current_help_line
from callbacks.models import (
    AttemptOutcome,
    CallbackRequest,
    CallbackSlot,
    ConsentVersion,
    Status,
    Topic,
    WrapUpCode,
)
from callbacks.queue import selectors as queue_selectors
from callbacks.queue import services
from callbacks.queue.access import can_work_queue, ensure_staff_group

USERNAME = "helpline"
PASSWORD_VARIABLE = "DEMO_HELPLINE_PASSWORD"  # noqa: S105 - the name of a variable, not a password
DEFAULT_PASSWORD = "changeme-helpline"  # noqa: S105 - a local demo login, only made when DEBUG is on
DEMO_PHONE_PREFIX = "+447700900"
SLOT_MINUTES = 30


@dataclass(frozen=True)
class DemoRequest:
    day: int  # 0 today, 1 tomorrow
    at: time  # local slot start
    name: str
    topic: str
    note: str
    voicemail_ok: bool
    may_identify_org: bool
    # What staff have done so far: outcomes of calls, then how it ended ("claimed", "completed", "released");
    # an unanswered last call leaves it queued for a retry whatever `then` says.
    calls: tuple[str, ...] = ()
    then: str = ""


DEMO_REQUESTS = (
    DemoRequest(
        0,
        time(9),
        "Priya Shah",
        Topic.SCIATICA,
        "Leg pain on the left since last week.",
        True,
        True,
        (AttemptOutcome.NO_ANSWER, AttemptOutcome.REACHED),
        "completed",
    ),
    DemoRequest(
        0,
        time(9, 30),
        "Tom Hughes",
        Topic.EXERCISE,
        "Which stretches are safe at work?",
        True,
        True,
        (AttemptOutcome.REACHED,),
        "completed",
    ),
    DemoRequest(
        0, time(10), "Margaret Ellis", Topic.LONG_TERM, "", False, False, (AttemptOutcome.NO_ANSWER,), "released"
    ),
    DemoRequest(
        0,
        time(10, 30),
        "Daniel Okafor",
        Topic.NEW_OR_WORSENING,
        "Pain worse after lifting.",
        True,
        False,
        (),
        "claimed",
    ),
    DemoRequest(0, time(11), "Sarah Bell", Topic.TREATMENT, "Waiting for a physio referral.", True, True),
    DemoRequest(0, time(12), "Aled Morgan", Topic.WELLBEING, "", False, True),
    DemoRequest(0, time(14), "Joanne Clarke", Topic.SCIATICA, "Numb toes now and then.", True, False),
    DemoRequest(0, time(15, 30), "Kwame Mensah", Topic.OTHER, "Question about sleeping positions.", True, True),
    DemoRequest(1, time(9), "Ruth Patel", Topic.EXERCISE, "", True, True),
    DemoRequest(1, time(10, 30), "Liam O'Connor", Topic.LONG_TERM, "Ten years of on-and-off back pain.", False, False),
    DemoRequest(1, time(13, 30), "Helen Ward", Topic.TREATMENT, "", True, True),
    DemoRequest(1, time(16), "Yusuf Ali", Topic.NEW_OR_WORSENING, "Started after a fall on Sunday.", True, False),
)


def load(*, stdout, force: bool = False) -> list[str]:
    """Add what is missing of the staff user and the demo requests; a line per change."""
    changes: list[str] = []
    ensure_staff_group()
    staff = _ensure_staff_user(changes, allowed=settings.DEBUG or force)
    rules = queue_selectors.queue_rules()
    help_line = current_help_line()
    consent_version = consent_version_for(text=help_line.consent_text, now=timezone.now())
    opening_rules = help_line.rules()
    today = timezone.now().astimezone(rules.time_zone).date()
    added = 0
    for number, demo in enumerate(DEMO_REQUESTS):
        phone = f"{DEMO_PHONE_PREFIX}{number:03d}"
        if CallbackRequest.objects.filter(phone=phone).exists():
            continue
        start = datetime.combine(today + timedelta(days=demo.day), demo.at, tzinfo=rules.time_zone)
        with transaction.atomic():
            created = _create_request(
                demo,
                phone=phone,
                start=start,
                capacity=capacity_at(opening_rules, start),
                consent_version=consent_version,
            )
            if created is not None and staff is not None:
                _play_staff_work(created, demo, staff=staff)
        added += created is not None
    if added:
        changes.append(f"Added {added} demo callback requests for today and tomorrow to the staff queue.")
    return changes


def _ensure_staff_user(changes: list[str], *, allowed: bool):
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: USERNAME}).first()
    if user is not None:
        # Someone else's account of that name is left alone, permissions included.
        return user if can_work_queue(user) else None
    if not allowed:
        return None
    from_env = os.environ.get(PASSWORD_VARIABLE)
    user = user_model._default_manager.create_user(
        **{user_model.USERNAME_FIELD: USERNAME},
        email="helpline@example.com",
        password=from_env or DEFAULT_PASSWORD,
        first_name="Help-line",
        last_name="Adviser",
    )
    user.groups.add(ensure_staff_group())
    shown = f"the value of {PASSWORD_VARIABLE}" if from_env else DEFAULT_PASSWORD
    changes.append(f"Created the help-line staff user “{USERNAME}” (password: {shown}) in the “Help-line staff” group.")
    return user


def _create_request(demo: DemoRequest, *, phone: str, start: datetime, capacity: int, consent_version: ConsentVersion):
    """Take a place in the slot like a booking would (skipped if real bookings filled it), then add the request."""
    end = start + timedelta(minutes=SLOT_MINUTES)
    slot, _ = CallbackSlot.objects.get_or_create(start=start, defaults={"end": end, "capacity": capacity})
    if not CallbackSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        return None
    # Booked a day ahead, but never in the future: tomorrow's demo requests were booked just now.
    booked_at = min(start - timedelta(days=1, hours=3), timezone.now())
    return CallbackRequest.objects.create(
        name=demo.name,
        phone=phone,
        slot=slot,
        slot_start=start,
        slot_end=end,
        topic=demo.topic,
        note=demo.note,
        voicemail_ok=demo.voicemail_ok,
        may_identify_org=demo.may_identify_org,
        consent_version=consent_version,
        consented_at=booked_at,
        created_at=booked_at,
        status=Status.QUEUED,
    )


def _play_staff_work(callback_request: CallbackRequest, demo: DemoRequest, *, staff) -> None:
    """Claim, call and close through the real services, so the history reads as it would in use."""
    if not demo.calls and not demo.then:
        return
    moment = callback_request.slot_start + timedelta(minutes=2)
    if moment + timedelta(hours=1) > timezone.now():
        return  # the slot is still to come (the demo was loaded early in the day): leave it queued
    services.claim_callback(callback_request=callback_request, user=staff, now=moment)
    for outcome in demo.calls:
        if callback_request.status == Status.QUEUED:
            # The last call went unanswered and put it back in the queue: take it again a little later.
            moment += timedelta(minutes=35)
            callback_request = services.claim_callback(callback_request=callback_request, user=staff, now=moment)
        moment += timedelta(minutes=7)
        attempt = services.record_attempt(
            callback_request=callback_request, user=staff, outcome=outcome, note="", now=moment
        )
        callback_request = attempt.request
    codes = list(WrapUpCode.objects.filter(in_use=True)[:1])
    if demo.then == "completed" and codes:
        services.complete_callback(
            callback_request=callback_request, user=staff, wrap_up_codes=codes, now=moment + timedelta(minutes=20)
        )
    elif demo.then == "released" and callback_request.status == Status.CLAIMED:
        services.release_callback(callback_request=callback_request, user=staff, now=moment + timedelta(minutes=1))
