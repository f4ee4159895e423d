"""Clinical sign-off services: the workflow on the articles index, and a superuser's logged override.

Articles reach readers through the "Clinical review" workflow, whose last task
(blog.ClinicalSignOffTask) stamps the review record and then publishes. The
one other way is `article_publish_without_sign_off`, for a user holding
blog.publish_without_sign_off (superusers), who must give a reason, kept in
the audit log.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from .models import CLINICAL_REVIEWERS_GROUP, ArticleIndexPage, ArticlePage

CLINICAL_REVIEW_WORKFLOW = "Clinical review"
OVERRIDE_ACTION = "blog.publish_without_sign_off"
OVERRIDE_PERMISSION = "blog.publish_without_sign_off"
OVERRIDE_REASON_MAX_LENGTH = 500


def can_publish_without_sign_off(user) -> bool:
    return user.is_active and user.has_perm(OVERRIDE_PERMISSION)


@transaction.atomic
def workflow_attach_clinical_review(*, index: ArticleIndexPage) -> bool:
    """Put the articles under `index` through the "Clinical review" workflow, as migration 0005 does.

    Clinical reviewers get "edit" and "publish" there: the workflow's last approver publishes.
    Returns whether the workflow (made by the migration) was there to attach.
    """
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW, active=True).first()
    reviewers = Group.objects.filter(name=CLINICAL_REVIEWERS_GROUP).first()
    if workflow is None or reviewers is None:
        return False
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    for codename in ("change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=reviewers, page=index, permission=permission)
    return True


@transaction.atomic
def article_publish_without_sign_off(*, article: ArticlePage, user, reason: str) -> None:
    """Publish the article's latest draft as `user`, recording `reason` in the audit log."""
    if not can_publish_without_sign_off(user):
        raise PermissionError("Only users allowed to override clinical sign-off may do this.")
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to publish without clinical sign-off.")
    revision = article.get_latest_revision() or article.save_revision(user=user)
    log(instance=article, action=OVERRIDE_ACTION, user=user, data={"reason": reason[:OVERRIDE_REASON_MAX_LENGTH]})
    revision.publish(user=user)
