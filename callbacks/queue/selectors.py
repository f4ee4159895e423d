"""Every read the staff queue needs: the list, what "Take next" may claim, counts and statistics.

Queue rules that depend on the clock (due, overdue, lapsed) are expressed here
once, as Q objects, so the list's filters, its rows, the dashboard counts,
`claim_next` and `claim_callback` agree about what they mean:

- due: open, and the slot has started;
- overdue: open, and the slot has ended (no closing outcome in time);
- lapsed: claimed longer ago than the claim lapse, with no call attempt since
  the claim, so someone else may take it;
- waiting: queued again after an unanswered call, until its "not before" time;
- available: queued and not waiting, or lapsed.

"Take next" and the list order by the effective due time (`effective_due`).

Each function runs a fixed number of queries whatever the number of rows.
"""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from callbacks.booking.slots import HelpLineRules
from callbacks.help_line import current_help_line
from callbacks.models import OPEN_STATUSES, AttemptOutcome, CallAttempt, CallbackRequest, Status

STATISTICS_DAYS = 30
# The ticked communication needs the statistics count, with the words staff see there.
COMMUNICATION_NEEDS_COUNTED = (
    ("needs_text_relay", "Text relay"),
    ("needs_interpreter", "An interpreter"),
    ("needs_bsl", "British Sign Language"),
    ("needs_clear_speech", "Hard of hearing"),
)


@dataclass(frozen=True)
class QueueRules:
    """The help-line settings the queue runs on, read once per request."""

    claim_lapse: timedelta
    attempt_limit: int
    time_zone: ZoneInfo
    retry_delay: timedelta
    priority_boost: timedelta
    # The opening hours, for "not after the help line closes that day".
    opening: HelpLineRules


@dataclass(frozen=True)
class QueueCounts:
    due_now: int
    due_today: int
    overdue: int
    unclaimed: int
    mine: int


def queue_rules(request=None) -> QueueRules:
    """The help line's queue settings, or the defaults if none are saved (one query, none if `request` has them)."""
    help_line = current_help_line(request)
    opening = help_line.rules()
    return QueueRules(
        claim_lapse=timedelta(minutes=help_line.claim_lapse_minutes),
        attempt_limit=help_line.attempt_limit,
        time_zone=opening.time_zone,
        retry_delay=timedelta(minutes=help_line.retry_delay_minutes),
        priority_boost=timedelta(minutes=help_line.priority_boost_minutes),
        opening=opening,
    )


# --- The rules, as filters ---------------------------------------------------


def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def due_q(now: datetime) -> Q:
    return open_q() & Q(slot_start__lte=now)


def overdue_q(now: datetime) -> Q:
    return open_q() & Q(slot_end__lt=now)


def lapsed_q(*, now: datetime, claim_lapse: timedelta) -> Q:
    attempt_since_claim = CallAttempt.objects.filter(request=OuterRef("pk"), made_at__gte=OuterRef("claimed_at"))
    return Q(status=Status.CLAIMED, claimed_at__lt=now - claim_lapse) & ~Exists(attempt_since_claim)


def waiting_q(now: datetime) -> Q:
    """Queued after an unanswered call, and not to be tried again yet."""
    return Q(status=Status.QUEUED, not_before__gt=now)


def available_q(*, now: datetime, claim_lapse: timedelta) -> Q:
    """Free to claim: nobody holds it and it is not waiting to be retried, or the holder's claim has lapsed."""
    return (Q(status=Status.QUEUED) & ~waiting_q(now)) | lapsed_q(now=now, claim_lapse=claim_lapse)


def effective_due() -> Coalesce:
    """The time the queue orders by: an urgent request's priority due time, else its slot's start.

    `set_urgency` stamps the priority due time as the slot start less the
    priority boost, so an urgent request overtakes requests due up to the
    boost before it, but never one that has waited longer than that. The
    expression matches the callbacks_open_priority_idx index.
    """
    return Coalesce("priority_due_at", "slot_start")


def local_day_bounds(day: date, time_zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which a local day starts and the next one starts (23 or 25 hours apart at clock changes)."""
    start = datetime.combine(day, time.min, tzinfo=time_zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=time_zone).astimezone(UTC)
    return start, end


# --- The list and the detail ---------------------------------------------------


def with_attempt_summary(queryset: QuerySet) -> QuerySet:
    """Annotate attempt_count and last_attempt_at as correlated subqueries.

    Subqueries rather than a JOIN + GROUP BY: the database then counts attempts
    only for the rows on the page, not for every row before the LIMIT.
    """
    attempts = CallAttempt.objects.filter(request=OuterRef("pk")).order_by().values("request")
    return queryset.annotate(
        attempt_count=Coalesce(
            Subquery(attempts.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
            Value(0),
        ),
        last_attempt_at=Subquery(attempts.annotate(latest=Max("made_at")).values("latest")[:1]),
    )


def with_claim_lapse(queryset: QuerySet, *, now: datetime, claim_lapse: timedelta) -> QuerySet:
    """Annotate `claim_lapsed`: whether `lapsed_q` holds for the row, for pages that show it."""
    return queryset.annotate(
        claim_lapsed=Case(
            When(lapsed_q(now=now, claim_lapse=claim_lapse), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def queue_listing(*, now: datetime, claim_lapse: timedelta) -> QuerySet:
    """Every request with what the list shows, in the order "Take next" works through them (see effective_due).

    The view filters it (open requests by default).
    """
    listing = with_attempt_summary(CallbackRequest.objects.select_related("claimed_by"))
    return (
        with_claim_lapse(listing, now=now, claim_lapse=claim_lapse)
        .annotate(due_at=effective_due())
        .order_by("due_at", "pk")
    )


def request_for_detail(pk: int, *, now: datetime, claim_lapse: timedelta) -> CallbackRequest | None:
    """One request with its claimer, consent wording, the request it follows up and attempts loaded: three queries."""
    detail = with_attempt_summary(
        CallbackRequest.objects.select_related("claimed_by", "consent_version", "follow_up_of")
    )
    return (
        with_claim_lapse(detail, now=now, claim_lapse=claim_lapse)
        .prefetch_related("attempts__made_by")
        .filter(pk=pk)
        .first()
    )


def follow_ups_of(callback_request: CallbackRequest) -> list[CallbackRequest]:
    """The follow-ups staff booked from this request, earliest slot first (one query)."""
    return list(callback_request.follow_ups.order_by("slot_start", "pk"))


def claim_has_lapsed(callback_request: CallbackRequest, *, now: datetime, claim_lapse: timedelta) -> bool:
    """Whether `lapsed_q` holds for this one request now (one query; run it under the row lock)."""
    return (
        CallbackRequest.objects.filter(pk=callback_request.pk)
        .filter(lapsed_q(now=now, claim_lapse=claim_lapse))
        .exists()
    )


def next_available(*, now: datetime, rules: QueueRules) -> QuerySet:
    """What "Take next" picks from: slot started, available, earliest effective due time first.

    An urgent request is not taken before its slot starts (the reader was
    promised that window); the boost only moves it up among those due. The
    caller locks and slices.
    """
    return (
        CallbackRequest.objects.filter(due_q(now))
        .filter(available_q(now=now, claim_lapse=rules.claim_lapse))
        .annotate(due_at=effective_due())
        .order_by("due_at", "pk")
    )


# --- Counts for the menu and the dashboard -------------------------------------------


def due_open_count(*, now: datetime) -> int:
    """Open requests whose slot has started: the number beside the menu item (one query)."""
    return CallbackRequest.objects.filter(due_q(now)).count()


def queue_counts(*, user, now: datetime, rules: QueueRules) -> QueueCounts:
    """The dashboard's numbers in one aggregate query."""
    today_start, today_end = local_day_bounds(now.astimezone(rules.time_zone).date(), rules.time_zone)
    totals = CallbackRequest.objects.filter(open_q()).aggregate(
        due_now=Count("pk", filter=Q(slot_start__lte=now)),
        due_today=Count("pk", filter=Q(slot_start__gte=today_start, slot_start__lt=today_end)),
        overdue=Count("pk", filter=Q(slot_end__lt=now)),
        unclaimed=Count("pk", filter=available_q(now=now, claim_lapse=rules.claim_lapse)),
        mine=Count("pk", filter=Q(status=Status.CLAIMED, claimed_by=user)),
    )
    return QueueCounts(**totals)


# --- Statistics ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueStatistics:
    days: list[tuple[date, int]]
    statuses: list[tuple[str, int]]
    outcomes: list[tuple[str, int]]
    requests: int
    attempted: int
    reached_first_time: int
    median_minutes_to_first_attempt: float | None
    communication_needs: list[tuple[str, int]]

    @property
    def reached_first_time_share(self) -> float | None:
        return self.reached_first_time / self.attempted if self.attempted else None


def queue_statistics(*, now: datetime, rules: QueueRules, days: int = STATISTICS_DAYS) -> QueueStatistics:
    """The last `days` local days (today included), by slot date: five queries whatever the volume.

    Requests are counted by the day of their slot, the day the work falls on.
    The median is taken in Python over one value per attempted request (a
    month is a few thousand rows); SQLite has no percentile function.
    """
    today = now.astimezone(rules.time_zone).date()
    first_day = today - timedelta(days=days - 1)
    start, _ = local_day_bounds(first_day, rules.time_zone)
    _, end = local_day_bounds(today, rules.time_zone)
    in_period = CallbackRequest.objects.filter(slot_start__gte=start, slot_start__lt=end)

    per_day = dict(
        in_period.annotate(day=TruncDate("slot_start", tzinfo=rules.time_zone))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    status_counts = dict(in_period.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    outcome_counts = dict(
        CallAttempt.objects.filter(request__in=in_period)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    first_attempts = list(
        in_period.annotate(first_attempt_at=Min("attempts__made_at"))
        .filter(first_attempt_at__isnull=False)
        .annotate(
            first_outcome=Subquery(
                CallAttempt.objects.filter(request=OuterRef("pk")).order_by("made_at", "pk").values("outcome")[:1]
            )
        )
        .values_list("slot_start", "first_attempt_at", "first_outcome")
    )
    minutes = [(attempted - slot).total_seconds() / 60 for slot, attempted, _ in first_attempts]
    need_counts = in_period.aggregate(
        **{field: Count("pk", filter=Q(**{field: True})) for field, _ in COMMUNICATION_NEEDS_COUNTED},
        other_communication_need=Count("pk", filter=~Q(other_communication_need="")),
    )
    return QueueStatistics(
        days=[(day, per_day.get(day, 0)) for day in (first_day + timedelta(days=n) for n in range(days))],
        statuses=[(label, status_counts.get(value, 0)) for value, label in Status.choices],
        outcomes=[(label, outcome_counts.get(value, 0)) for value, label in AttemptOutcome.choices],
        requests=sum(per_day.values()),
        attempted=len(first_attempts),
        reached_first_time=sum(1 for *_, outcome in first_attempts if outcome == AttemptOutcome.REACHED),
        median_minutes_to_first_attempt=round(statistics.median(minutes), 1) if minutes else None,
        communication_needs=[
            (label, need_counts[field])
            for field, label in (*COMMUNICATION_NEEDS_COUNTED, ("other_communication_need", "Something else"))
        ],
    )


def claimed_by_display(callback_request: CallbackRequest) -> str:
    """The claimer's name as staff know it (uses the select_related user; no query)."""
    user = callback_request.claimed_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
