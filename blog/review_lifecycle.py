"""The review lifecycle: notices as an article's clinical review comes due, each sent once, and escalation.

Run daily by `python manage.py send_review_notices` (the clock process). For
each live article with a review date:

- a reminder, in the 30 days before the review is due ("due soon", as the report counts it);
- a notice, on or after the day it falls due;
- an escalation to the "Content leads" group, CLINICAL_REVIEW_ESCALATION_DAYS (14) after that.

The first two go to the article's owner and the "Clinical reviewers" group.
Each is recorded (blog.ReviewNotice, per due date) in the transaction that
sends it, so a notice that fails to send is tried again the next day, and
one that was sent never goes again; a new sign-off moves the date and starts
the cycle afresh.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from .models import CLINICAL_REVIEWERS_GROUP, CONTENT_LEADS_GROUP, ArticlePage, ReviewNotice, ReviewNoticeKind
from .review import DUE_SOON_DAYS

logger = logging.getLogger(__name__)

SUBJECTS = {
    ReviewNoticeKind.REMINDER: "Clinical review due on {due:%-d %B %Y}: {title}",
    ReviewNoticeKind.DUE: "Clinical review now due: {title}",
    ReviewNoticeKind.ESCALATION: "Clinical review overdue since {due:%-d %B %Y}: {title}",
}
OPENINGS = {
    ReviewNoticeKind.REMINDER: "The article below falls due for its clinical review on {due:%-d %B %Y}.",
    ReviewNoticeKind.DUE: "The article below fell due for its clinical review on {due:%-d %B %Y}.",
    ReviewNoticeKind.ESCALATION: (
        "The article below has been due for its clinical review since {due:%-d %B %Y} and has not been signed "
        "off. You are told as a content lead."
    ),
}


@dataclass(frozen=True)
class NoticesSent:
    reminders: int = 0
    due: int = 0
    escalations: int = 0


def notice_kinds_due(*, next_review_due: datetime.date, today: datetime.date) -> list[str]:
    """Which notices an article with this review date should have had by `today` (sent or not)."""
    days_left = (next_review_due - today).days
    if days_left > DUE_SOON_DAYS:
        return []
    if days_left > 0:
        return [ReviewNoticeKind.REMINDER]
    kinds = [ReviewNoticeKind.DUE]
    if -days_left >= settings.CLINICAL_REVIEW_ESCALATION_DAYS:
        kinds.append(ReviewNoticeKind.ESCALATION)
    return kinds


def _group_emails(group_name: str) -> set[str]:
    users = get_user_model().objects.filter(groups__name=group_name, is_active=True).exclude(email="")
    return set(users.values_list("email", flat=True))


def recipients_for(*, article: ArticlePage, kind: str) -> list[str]:
    if kind == ReviewNoticeKind.ESCALATION:
        return sorted(_group_emails(CONTENT_LEADS_GROUP))
    emails = _group_emails(CLINICAL_REVIEWERS_GROUP)
    if article.owner_id and article.owner.is_active and article.owner.email:
        emails.add(article.owner.email)
    return sorted(emails)


def notice_message(*, article: ArticlePage, kind: str, recipients: list[str]) -> EmailMessage:
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[article.pk])
    due = article.next_review_due
    body = "\n\n".join(
        [
            OPENINGS[kind].format(due=due),
            f"{article.title}\n{edit_url}",
            "To review it, edit the article if needed and submit it to the Clinical review workflow; a clinical "
            "reviewer's sign-off records the review and publishes it.",
        ]
    )
    # Recipients are blind-copied: reviewers and owners need not learn each other's addresses.
    return EmailMessage(subject=SUBJECTS[kind].format(due=due, title=article.title), body=body, bcc=recipients)


def review_notice_send(*, article: ArticlePage, kind: str) -> bool:
    """Send one notice about `article` unless it has been sent for this due date; whether it was sent now."""
    recipients = recipients_for(article=article, kind=kind)
    try:
        with transaction.atomic():
            ReviewNotice.objects.create(
                article=article, kind=kind, due_date=article.next_review_due, recipient_count=len(recipients)
            )
            if recipients:
                notice_message(article=article, kind=kind, recipients=recipients).send()
    except IntegrityError:
        # Another run recorded it first.
        return False
    except Exception:
        # Nothing was recorded, so tomorrow's run tries again; the other articles' notices still go.
        logger.exception("Review notice %s for article %s could not be sent", kind, article.pk)
        return False
    return True


def review_notices_send(*, today: datetime.date) -> NoticesSent:
    """Send every notice due by `today` that has not gone yet."""
    articles = (
        ArticlePage.objects.live()
        .filter(next_review_due__isnull=False, next_review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner")
        .order_by("next_review_due", "pk")
    )
    sent_already = set(ReviewNotice.objects.filter(article__in=articles).values_list("article_id", "kind", "due_date"))
    counts = dict.fromkeys(ReviewNoticeKind.values, 0)
    for article in articles:
        for kind in notice_kinds_due(next_review_due=article.next_review_due, today=today):
            if (article.pk, kind, article.next_review_due) in sent_already:
                continue
            if review_notice_send(article=article, kind=kind):
                counts[kind] += 1
    sent = NoticesSent(
        reminders=counts[ReviewNoticeKind.REMINDER],
        due=counts[ReviewNoticeKind.DUE],
        escalations=counts[ReviewNoticeKind.ESCALATION],
    )
    logger.info("Review notices sent: %s reminders, %s due, %s escalations", sent.reminders, sent.due, sent.escalations)
    return sent
