"""Reminders, due notices and escalations as an article's clinical review comes due: each sent once."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command

from blog.models import ReviewNotice
from blog.review_lifecycle import review_notices_send
from tests.blog.factories import (
    ArticlePageFactory,
    ClinicalReviewerFactory,
    clinical_review_workflow,
    clinical_reviewer_user,
    content_lead_user,
)
from tests.home.factories import UserFactory

DUE = datetime.date(2027, 3, 15)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=datetime.UTC), tick=False)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def people(db):
    clinical_review_workflow()
    return {
        "owner": UserFactory(email="owner@example.com"),
        "reviewer": clinical_reviewer_user(email="clinician@example.com"),
        "lead": content_lead_user(email="lead@example.com"),
    }


@pytest.fixture
def article(article_index, people):
    return ArticlePageFactory(
        parent=article_index,
        title="Sciatica at night",
        owner=people["owner"],
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=DUE - days(365),
        next_review_due=DUE,
    )


def run(day: datetime.date):
    with on(day):
        return review_notices_send(today=day)


def test_a_reminder_goes_30_days_ahead_to_the_owner_and_clinical_reviewers_once(article, mailoutbox):
    assert run(DUE - days(31)).reminders == 0
    assert mailoutbox == []

    assert run(DUE - days(30)).reminders == 1
    (message,) = mailoutbox
    assert sorted(message.bcc) == ["clinician@example.com", "owner@example.com"]
    assert message.to == []
    assert message.subject == "Clinical review due on 15 March 2027: Sciatica at night"
    assert f"/admin/pages/{article.pk}/edit/" in message.body

    for later in (DUE - days(30), DUE - days(29), DUE - days(1)):
        assert run(later).reminders == 0
    assert len(mailoutbox) == 1


def test_a_due_notice_goes_when_the_review_falls_due_once(article, mailoutbox):
    run(DUE - days(10))
    mailoutbox.clear()

    assert run(DUE).due == 1
    assert mailoutbox[0].subject == "Clinical review now due: Sciatica at night"
    assert run(DUE + days(1)).due == 0
    assert len(mailoutbox) == 1


def test_content_leads_hear_14_days_after_the_due_date_once(article, mailoutbox):
    run(DUE)
    mailoutbox.clear()

    assert run(DUE + days(13)).escalations == 0
    assert mailoutbox == []
    assert run(DUE + days(14)).escalations == 1
    (message,) = mailoutbox
    assert message.bcc == ["lead@example.com"]
    assert message.subject == "Clinical review overdue since 15 March 2027: Sciatica at night"
    assert run(DUE + days(20)).escalations == 0
    assert len(mailoutbox) == 1


def test_a_late_first_run_sends_the_due_notice_and_escalation_but_no_reminder(article, mailoutbox):
    sent = run(DUE + days(40))

    assert (sent.reminders, sent.due, sent.escalations) == (0, 1, 1)


def test_a_new_review_date_starts_the_notices_again(article, mailoutbox):
    run(DUE - days(30))
    article.next_review_due = DUE + days(365)
    article.save()

    assert run(DUE + days(365) - days(30)).reminders == 1
    assert ReviewNotice.objects.filter(article=article).count() == 2


def test_drafts_and_articles_without_a_date_get_nothing(article_index, people, mailoutbox):
    ArticlePageFactory(parent=article_index, live=False, next_review_due=DUE, owner=people["owner"])
    ArticlePageFactory(parent=article_index)

    sent = run(DUE + days(20))

    assert (sent.reminders, sent.due, sent.escalations) == (0, 0, 0)
    assert mailoutbox == []


def test_a_notice_that_fails_to_send_is_not_recorded_and_goes_the_next_day(article, mailoutbox):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError):
        assert run(DUE - days(30)).reminders == 0
    assert not ReviewNotice.objects.exists()

    assert run(DUE - days(29)).reminders == 1
    assert len(mailoutbox) == 1


def test_the_daily_command_reports_what_it_sent(article, mailoutbox, capsys):
    with on(DUE):
        call_command("send_review_notices")

    assert capsys.readouterr().out.strip() == "Sent 0 reminder(s), 1 due notice(s) and 0 escalation(s)."
    assert len(mailoutbox) == 1
