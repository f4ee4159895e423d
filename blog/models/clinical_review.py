"""Clinical governance: the "Clinical sign-off" workflow task, and the record of review notices sent.

An article is published through the "Clinical review" workflow (editor review,
then clinical sign-off; created by migration 0005). Approving the sign-off is
what records the review: the approving user's clinical Author becomes the
article's medical reviewer, and the review dates are set from today, in a new
revision that the workflow then publishes.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..review import default_next_review
from .authors import Author

CLINICAL_REVIEWERS_GROUP = "Clinical reviewers"
CONTENT_LEADS_GROUP = "Content leads"
SIGN_OFF_ACTION = "blog.clinical_sign_off"


def clinical_author_for(user) -> Author | None:
    """The clinical Author linked to `user`, if any: only they can sign an article off."""
    if not user.is_authenticated:
        return None
    return Author.objects.filter(user=user, is_clinical=True).first()


class ChangesRequestForm(TaskStateCommentForm):
    """A clinical reviewer's request for changes: the editor must be told what to change."""

    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say what needs to change so the editor can fix it."},
    )


class ClinicalSignOffTask(AbstractGroupApprovalTask):
    """A clinician in the task's groups approves the article; approving stamps its review record.

    Members of the groups without a clinical Author linked to their user can
    only request changes: an approval must name the clinician who gave it.
    """

    def is_reviewer(self, user) -> bool:
        return user.is_superuser or self.groups.filter(id__in=user.groups.all()).exists()

    def get_actions(self, obj, user):
        if not self.is_reviewer(user):
            return []
        actions = [("reject", "Request changes", True)]
        if clinical_author_for(user) is not None:
            actions += [("approve", "Sign off", False), ("approve", "Sign off with comment", True)]
        return actions

    def get_form_for_action(self, action):
        if action == "reject":
            return ChangesRequestForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            reviewer = clinical_author_for(user)
            if reviewer is None:
                raise PermissionDenied("Only a clinical reviewer with an author profile can sign an article off.")
            self.stamp_review(task_state, reviewer=reviewer, user=user, today=timezone.localdate())
        super().on_action(task_state, user, action_name, **kwargs)

    def stamp_review(self, task_state: TaskState, *, reviewer: Author, user, today: datetime.date) -> None:
        """Save the article's latest draft again with `reviewer` and the review dates from `today`.

        The workflow publishes the latest revision when it finishes, so the
        stamp goes out with the content it approves.
        """
        page = task_state.workflow_state.content_object
        article = page.specific.get_latest_revision_as_object()
        article.medical_reviewer = reviewer
        article.last_reviewed = today
        article.next_review_due = default_next_review(today)
        # The draft was validated when the editor saved it; the stamp itself is consistent by construction.
        article.save_revision(user=user, clean=False)
        # The workflow publishes `page`'s latest revision as it finishes: let it see the one just saved.
        page.refresh_from_db(fields=["latest_revision"])
        log(
            instance=article,
            action=SIGN_OFF_ACTION,
            user=user,
            data={"reviewer_id": reviewer.pk, "last_reviewed": today.isoformat()},
        )

    @classmethod
    def get_description(cls):
        return "A clinician in the chosen groups signs the article off; this records them as its medical reviewer."

    class Meta:
        verbose_name = "Clinical sign-off"
        verbose_name_plural = "Clinical sign-offs"


class ReviewNoticeKind(models.TextChoices):
    REMINDER = "reminder", "Review due soon"
    DUE = "due", "Review due"
    ESCALATION = "escalation", "Review overdue (escalated)"


class ReviewNotice(models.Model):
    """One notice sent about an article's review falling due, so that it is never sent twice.

    Kept per due date: after the next sign-off moves the date on, the notices
    for the new date go out in their turn.
    """

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="review_notices")
    kind = models.CharField(max_length=10, choices=ReviewNoticeKind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "due_date"], name="blog_one_notice_per_due_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_date:%Y-%m-%d})"
