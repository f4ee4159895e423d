"""People and requests for the staff-queue tests.

Requests are made straight in the database, with slots wherever a test needs
them (in the past, to be due): the queue's rules are about the clock and the
claim, not about which slots the booking form would offer. The people cover
every kind of visitor the queue must tell apart.
"""

import importlib
import itertools
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.forms.models import model_to_dict
from wagtail.models import ModelLogEntry, Site

from callbacks.booking.consent import consent_version_for
from callbacks.models import CallAttempt, CallbackRequest, CallbackSlot, HelpLineSettings, Status, Topic
from callbacks.queue.access import ensure_staff_group
from tests.home.factories import UserFactory, editor_user, tree_root

CLOSED = [Status.COMPLETED, Status.UNREACHABLE, Status.CANCELLED]
# A Monday at 11:00 in London (GMT, so 11:00 UTC too): the queue's "now" in these tests.
NOW = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
SLOT = timedelta(minutes=30)

_numbers = itertools.count(1)


def make_request(
    *,
    starts: timedelta = timedelta(minutes=-10),
    status: str = Status.QUEUED,
    claimed_by=None,
    claimed_at: datetime | None = None,
    now: datetime = NOW,
    **fields,
) -> CallbackRequest:
    """A request whose slot starts `starts` from `now`: by default ten minutes ago, so due but not overdue.

    Each call gets its own phone number, as the one-open-request-per-number rule needs.
    """
    n = next(_numbers)
    start = now + starts
    slot, _ = CallbackSlot.objects.get_or_create(start=start, defaults={"end": start + SLOT, "capacity": 100})
    CallbackSlot.objects.filter(pk=slot.pk).update(booked=slot.booked + 1)
    values = {
        "name": f"Reader {n}",
        "phone": f"+4479{n:08d}",
        "topic": Topic.SCIATICA,
        "note": "Leg pain since Tuesday.",
        "voicemail_ok": True,
        "may_identify_org": True,
        "consent_version": consent_version_for(text="I agree.", now=now),
        "consented_at": start - timedelta(days=1),
        "created_at": start - timedelta(days=1),
    }
    values.update(fields)
    if status == Status.CLAIMED and claimed_at is None:
        claimed_at = now - timedelta(minutes=5)
    closed_at = now if status in (Status.COMPLETED, Status.UNREACHABLE, Status.CANCELLED) else None
    return CallbackRequest.objects.create(
        slot=slot,
        slot_start=start,
        slot_end=start + SLOT,
        status=status,
        claimed_by=claimed_by,
        claimed_at=claimed_at,
        closed_at=closed_at,
        **values,
    )


def ensure_wrap_up_codes() -> None:
    """The default wrap-up codes and the editors' rights to them, as migration 0007 makes them.

    Called by tests that need them, rather than trusting the migrated rows:
    transactional tests (concurrency, browser) flush every table when they end.
    """
    from django.apps import apps

    migration = importlib.import_module("callbacks.migrations.0008_default_wrap_up_codes")
    migration.add_default_codes(apps, None)
    migration.let_editors_edit_codes(apps, None)


def add_attempt(callback_request: CallbackRequest, *, outcome: str, made_by=None, made_at: datetime = NOW):
    return CallAttempt.objects.create(request=callback_request, outcome=outcome, made_by=made_by, made_at=made_at)


def staff_user(**kwargs):
    """A member of "Help-line staff" (and of nothing else)."""
    kwargs.setdefault("first_name", "Sam")
    kwargs.setdefault("last_name", f"Adviser{next(_numbers)}")
    user = UserFactory(**kwargs)
    user.groups.add(ensure_staff_group())
    return user


def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def editor():
    """In Wagtail's "Editors" group: admin access and page rights, but not the queue."""
    return editor_user()


def other_group_member():
    """A group with admin access and every default permission on callback requests, but not the queue's.

    The near miss: "view/change callback request" must not open the queue.
    """
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="callbacks",
            codename__in=["view_callbackrequest", "change_callbackrequest", "add_callbackrequest"],
        ),
    )
    user = UserFactory()
    user.groups.add(group)
    return user


def no_admin_member():
    """In a group without Wagtail admin access at all."""
    group, _ = Group.objects.get_or_create(name="Newsletter readers")
    user = UserFactory()
    user.groups.add(group)
    return user


def queue_settings(**values) -> HelpLineSettings:
    """Save help-line settings on the default site (made if a flushed database has none)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.create(
        hostname="localhost", port=80, root_page=tree_root(), is_default_site=True
    )
    settings = HelpLineSettings.load(request_or_site=site)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def snapshot(callback_request: CallbackRequest) -> dict:
    """The request's row and its number of attempts, to show that a refusal changed nothing."""
    row = CallbackRequest.objects.get(pk=callback_request.pk)
    return {**model_to_dict(row), "attempts": row.attempts.count()}


def log_entries(callback_request: CallbackRequest, action: str | None = None) -> list[ModelLogEntry]:
    entries = ModelLogEntry.objects.filter(object_id=str(callback_request.pk))
    return list(entries.filter(action=action) if action else entries)
