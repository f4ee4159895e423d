"""How often each wrap-up code was used, week by week: what the help line reports to its funders.

Counted by the local week (Monday to Sunday) in which the request was
completed, over a fixed number of weeks up to and including this one. Two
queries whatever the volume: the codes, and the counts grouped in the database.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek

from callbacks.models import CallbackRequest, Status, WrapUpCode
from callbacks.queue.selectors import QueueRules, local_day_bounds

WRAP_UP_WEEKS = 12


@dataclass(frozen=True)
class WrapUpTable:
    """Rows are codes, columns are weeks (oldest first); a retired code still used in the period is kept."""

    weeks: list[date]  # the Monday of each week
    rows: list[tuple[str, list[int]]]  # (code name, count per week)

    @property
    def totals(self) -> list[int]:
        return [sum(counts[index] for _, counts in self.rows) for index in range(len(self.weeks))]


def wrap_up_by_week(*, now: datetime, rules: QueueRules, weeks: int = WRAP_UP_WEEKS) -> WrapUpTable:
    today = now.astimezone(rules.time_zone).date()
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
    start, _ = local_day_bounds(mondays[0], rules.time_zone)
    _, end = local_day_bounds(today, rules.time_zone)
    uses = CallbackRequest.wrap_up_codes.through.objects.filter(
        callbackrequest__status=Status.COMPLETED,
        callbackrequest__closed_at__gte=start,
        callbackrequest__closed_at__lt=end,
    )
    counts: dict[tuple[int, date], int] = {
        (code_id, week.date() if isinstance(week, datetime) else week): n
        for code_id, week, n in uses.annotate(week=TruncWeek("callbackrequest__closed_at", tzinfo=rules.time_zone))
        .values("wrapupcode_id", "week")
        .annotate(n=Count("pk"))
        .values_list("wrapupcode_id", "week", "n")
    }
    used_ids = {code_id for code_id, _ in counts}
    codes = WrapUpCode.objects.filter(pk__in=used_ids) | WrapUpCode.objects.filter(in_use=True)
    rows = [(code.name, [counts.get((code.pk, monday), 0) for monday in mondays]) for code in codes.distinct()]
    return WrapUpTable(weeks=mondays, rows=rows)
