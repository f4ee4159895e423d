"""Clinical review dates: when an article's next review falls due, and which articles need one soon.

Pure date arithmetic first (no ORM), then the one selector the report and the
dashboard panel share, so both count "overdue" and "due soon" the same way.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

DUE_SOON_DAYS = 30


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it has no such day (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(last_reviewed: datetime.date) -> datetime.date:
    """CLINICAL_REVIEW_INTERVAL_MONTHS (twelve) after `last_reviewed`; a review on 29 February falls due on 28."""
    return months_after(last_reviewed, settings.CLINICAL_REVIEW_INTERVAL_MONTHS)


def under_review_for_readers(next_review_due: datetime.date | None, today: datetime.date) -> bool:
    """Whether readers are told the page is being reviewed: over CLINICAL_REVIEW_READER_NOTICE_DAYS past due."""
    if next_review_due is None:
        return False
    return (today - next_review_due).days > settings.CLINICAL_REVIEW_READER_NOTICE_DAYS


def due_soon_cutoff(today: datetime.date) -> datetime.date:
    """The last due date that still counts as "due soon" on `today`."""
    return today + datetime.timedelta(days=DUE_SOON_DAYS)


def review_status(next_review_due: datetime.date | None, today: datetime.date) -> str:
    """How an article stands: "Never reviewed", "Overdue by N days", "Due today", "Due in N days" or "Current"."""
    if next_review_due is None:
        return "Never reviewed"
    days = (next_review_due - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    if days <= DUE_SOON_DAYS:
        return f"Due in {days} day{'s' if days != 1 else ''}"
    return "Current"


@dataclass(frozen=True)
class ReviewCounts:
    """What the dashboard panel shows: articles past their review date, and those due within 30 days."""

    overdue: int
    due_soon: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


def overdue_filter(today: datetime.date) -> Q:
    """Past the review date, or never reviewed at all (which is at least as urgent)."""
    return Q(next_review_due__lt=today) | Q(next_review_due__isnull=True)


def due_soon_filter(today: datetime.date) -> Q:
    return Q(next_review_due__gte=today, next_review_due__lte=due_soon_cutoff(today))


def articles_needing_review(articles: QuerySet, today: datetime.date) -> QuerySet:
    """The articles of `articles` that are overdue or due within 30 days, most urgent first."""
    return articles.filter(overdue_filter(today) | due_soon_filter(today)).order_by(
        F("next_review_due").asc(nulls_first=True), "title", "pk"
    )


def review_counts(articles: QuerySet, today: datetime.date) -> ReviewCounts:
    """How many of `articles` are overdue and how many are due soon, in one query."""
    counts = articles.aggregate(
        overdue=Count("pk", filter=overdue_filter(today)),
        due_soon=Count("pk", filter=due_soon_filter(today)),
    )
    return ReviewCounts(overdue=counts["overdue"], due_soon=counts["due_soon"])
