"""Clinical sign-off: the workflow task that approves an article and stamps its review record."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from blog.models import ArticlePage
from blog.models.clinical_review import SIGN_OFF_ACTION
from tests.blog.factories import (
    ArticlePageFactory,
    clinical_review_workflow,
    clinical_reviewer_user,
    moderator_user,
)
from tests.home.factories import editor_user

NOW = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def workflow(article_index):
    return clinical_review_workflow()


@pytest.fixture
def editor(db):
    return editor_user()


@pytest.fixture
def draft_article(article_index, workflow, editor):
    article = ArticlePageFactory(parent=article_index, live=False, first_published_at=None, owner=editor)
    article.title = "Sciatica at night"
    article.save_revision(user=editor)
    return article


def current_task_state(article) -> TaskState:
    return WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk)).current_task_state


def act(client, user, article, action: str, **data):
    client.force_login(user)
    task_state = current_task_state(article)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    return client.post(url, data)


@pytest.fixture
def awaiting_sign_off(client, workflow, draft_article, editor):
    """The article submitted by its editor and passed by a moderator: now on "Clinical sign-off"."""
    workflow.start(draft_article, editor)
    act(client, moderator_user(), draft_article, "approve")
    assert current_task_state(draft_article).task.name == "Clinical sign-off"
    return draft_article


def test_the_workflow_is_attached_to_the_articles_index(article_index, workflow, draft_article):
    assert [task.name for task in workflow.tasks] == ["Editor review", "Clinical sign-off"]
    assert draft_article.get_workflow() == workflow


@time_machine.travel(NOW, tick=False)
def test_signing_off_records_the_reviewer_and_the_dates_and_publishes(client, awaiting_sign_off):
    reviewer = clinical_reviewer_user(author_name="Dr Priya Shah")

    response = act(client, reviewer, awaiting_sign_off, "approve")

    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=awaiting_sign_off.pk)
    assert article.live
    assert article.medical_reviewer.name == "Dr Priya Shah"
    assert article.medical_reviewer.user == reviewer
    assert article.last_reviewed == TODAY
    assert article.next_review_due == datetime.date(2027, 12, 1)
    assert article.title == "Sciatica at night", "the stamp goes out with the content it approves"
    entry = PageLogEntry.objects.get(page=article, action=SIGN_OFF_ACTION)
    assert entry.user == reviewer
    assert entry.data == {"reviewer_id": article.medical_reviewer_id, "last_reviewed": "2026-12-01"}


@time_machine.travel(NOW, tick=False)
def test_the_review_interval_is_a_setting(client, settings, awaiting_sign_off):
    settings.CLINICAL_REVIEW_INTERVAL_MONTHS = 6

    act(client, clinical_reviewer_user(), awaiting_sign_off, "approve")

    assert ArticlePage.objects.get(pk=awaiting_sign_off.pk).next_review_due == datetime.date(2027, 6, 1)


def test_a_reviewer_without_a_clinical_author_cannot_sign_off(client, awaiting_sign_off):
    reviewer = clinical_reviewer_user(with_author=False)
    task_state = current_task_state(awaiting_sign_off)
    task = task_state.task.specific

    assert [name for name, _, _ in task.get_actions(awaiting_sign_off, reviewer)] == ["reject"]
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, reviewer, "approve")
    assert not ArticlePage.objects.get(pk=awaiting_sign_off.pk).live


def test_a_moderator_cannot_sign_off(client, awaiting_sign_off):
    moderator = moderator_user()
    task = current_task_state(awaiting_sign_off).task.specific

    assert task.get_actions(awaiting_sign_off, moderator) == []


def test_requesting_changes_needs_a_comment(client, awaiting_sign_off):
    reviewer = clinical_reviewer_user()

    act(client, reviewer, awaiting_sign_off, "reject", comment="")

    assert current_task_state(awaiting_sign_off).status == TaskState.STATUS_IN_PROGRESS
    form = current_task_state(awaiting_sign_off).task.specific.get_form_for_action("reject")({"comment": ""})
    assert form.errors["comment"] == ["Say what needs to change so the editor can fix it."]

    act(client, reviewer, awaiting_sign_off, "reject", comment="Add the red-flag symptoms.")

    state = WorkflowState.objects.get(object_id=str(awaiting_sign_off.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
    assert (rejected.task.name, rejected.comment) == ("Clinical sign-off", "Add the red-flag symptoms.")
    article = ArticlePage.objects.get(pk=awaiting_sign_off.pk)
    assert not article.live
    assert article.last_reviewed is None


def test_the_review_fields_are_read_only_in_the_editor(client, article_index, editor):
    article = ArticlePageFactory(parent=article_index)
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))

    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("medical_reviewer", "last_reviewed", "next_review_due"):
        assert soup.find(attrs={"name": name}) is None, name
    assert "Set when a clinical reviewer signs the article off" in response.content.decode()
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert not {"medical_reviewer", "last_reviewed", "next_review_due"} & set(form_class.base_fields)
