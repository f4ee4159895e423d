"""Demo content for the clinical review workflow: an editor and a clinician, one article signed off, one waiting.

Called by blog/demo_review.py. The demo's clinical reviewer (an Author) gets
an admin user, "clinician", in the "Clinical reviewers" group; the demo
editor, "editor", is in Wagtail's "Editors" and "Moderators" groups, so they
can submit an article and pass its editor review. Their passwords are set only
when DEBUG is on (known demo logins), and never changed once the users exist.
"""

import importlib
import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from .models import CLINICAL_REVIEWERS_GROUP, ArticleIndexPage, ArticlePage, Author
from .sign_off import CLINICAL_REVIEW_WORKFLOW, workflow_attach_clinical_review

EDITOR_USERNAME = "editor"
CLINICIAN_USERNAME = "clinician"
PASSWORD_VARIABLES = {
    EDITOR_USERNAME: "DEMO_EDITOR_PASSWORD",
    CLINICIAN_USERNAME: "DEMO_CLINICIAN_PASSWORD",
}
DEFAULT_PASSWORDS = {  # local demo logins, set only when DEBUG is on
    EDITOR_USERNAME: "changeme-editor",
    CLINICIAN_USERNAME: "changeme-clinician",
}


def _ensure_user(username: str, *, groups: list[str], email: str, changes: list[str]):
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is not None:
        return user
    password = None
    if settings.DEBUG:
        password = os.environ.get(PASSWORD_VARIABLES[username]) or DEFAULT_PASSWORDS[username]
    user = user_model._default_manager.create_user(
        **{user_model.USERNAME_FIELD: username}, email=email, password=password
    )
    user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in groups])
    shown = (
        f"password from {PASSWORD_VARIABLES[username]} or {DEFAULT_PASSWORDS[username]}" if password else "no password"
    )
    changes.append(f"Created the demo user “{username}” ({shown}) in {', '.join(groups)}.")
    return user


def ensure_workflow_people(reviewer: Author, changes: list[str]) -> tuple:
    """The demo editor, and the clinician's user linked to `reviewer`."""
    editor = _ensure_user(
        EDITOR_USERNAME, groups=["Editors", "Moderators"], email="editor@example.com", changes=changes
    )
    clinician = _ensure_user(
        CLINICIAN_USERNAME, groups=[CLINICAL_REVIEWERS_GROUP], email="clinician@example.com", changes=changes
    )
    if reviewer.user_id is None and not Author.objects.filter(user=clinician).exists():
        reviewer.user = clinician
        reviewer.save(update_fields=["user"])
        changes.append(f"Linked the clinical reviewer “{reviewer.name}” to the user “{CLINICIAN_USERNAME}”.")
    return editor, clinician


def ensure_index_workflow(index: ArticleIndexPage, changes: list[str]) -> None:
    if not Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW).exists():
        # A database whose migrated rows were flushed (browser tests do that): make the workflow,
        # its tasks and groups again with the migration's own routine.
        migration = importlib.import_module("blog.migrations.0005_clinical_review_workflow")
        migration.create_clinical_review(apps, None)
        changes.append("Made the Clinical review workflow.")
    # Wagtail's own "Moderators approval" on the root would otherwise be the articles' nearest workflow.
    current = index.get_workflow()
    if (current is None or current.name != CLINICAL_REVIEW_WORKFLOW) and workflow_attach_clinical_review(index=index):
        changes.append("Put the articles index under the Clinical review workflow.")


def _pass_editor_review(article: ArticlePage, *, editor) -> None:
    """Submit the article's latest draft as `editor`, who (as a moderator) passes its editor review."""
    workflow = article.get_workflow()
    workflow_state = workflow.start(article, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")


def submit_and_sign_off(article: ArticlePage, *, editor, clinician, changes: list[str]) -> None:
    """Take the article through the whole workflow: the clinician's sign-off stamps today and publishes."""
    article.save_revision(user=editor)
    _pass_editor_review(article, editor=editor)
    task_state = article.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, clinician, "approve")
    changes.append(f"Signed off “{article.title}” through the Clinical review workflow.")


def submit_for_sign_off(article: ArticlePage, *, editor, changes: list[str]) -> None:
    """Leave a new draft of the article waiting at "Clinical sign-off" (unless it is in a workflow already)."""
    if article.workflow_states.exists():
        return
    article.save_revision(user=editor)
    _pass_editor_review(article, editor=editor)
    changes.append(f"Submitted “{article.title}”: it awaits clinical sign-off.")
