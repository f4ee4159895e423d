"""The "Clinical reviewers" and "Content leads" groups, and the "Clinical review" workflow on the articles index.

Clinical reviewers get "edit" and "publish" on each articles index: the last
approver of a Wagtail workflow is the one who publishes.

The workflow is Wagtail's: "Editor review" (a group approval task for the
Moderators) then "Clinical sign-off" (blog.ClinicalSignOffTask for the
Clinical reviewers). It is attached to every articles index there is; an index
made later gets it from blog/sign_off.py (the demo, and the admin's
after_create_page hook). Applying this twice changes nothing.
"""

from django.db import migrations

CLINICAL_REVIEWERS = "Clinical reviewers"
CONTENT_LEADS = "Content leads"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Clinical review"
EDITOR_REVIEW_TASK = "Editor review"
SIGN_OFF_TASK = "Clinical sign-off"


def create_clinical_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ClinicalSignOffTask = apps.get_model("blog", "ClinicalSignOffTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ArticleIndexPage = apps.get_model("blog", "ArticleIndexPage")

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    admin_access, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    clinical_reviewers, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    content_leads, _ = Group.objects.get_or_create(name=CONTENT_LEADS)
    clinical_reviewers.permissions.add(admin_access)
    content_leads.permissions.add(admin_access)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)

    # Historical models lack Task.__init__, which sets the content type of a new task.
    editor_review = GroupApprovalTask.objects.filter(name=EDITOR_REVIEW_TASK).first()
    if editor_review is None:
        editor_review = GroupApprovalTask.objects.create(
            name=EDITOR_REVIEW_TASK,
            content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0],
        )
        editor_review.groups.add(moderators)
    sign_off = ClinicalSignOffTask.objects.filter(name=SIGN_OFF_TASK).first()
    if sign_off is None:
        sign_off = ClinicalSignOffTask.objects.create(
            name=SIGN_OFF_TASK,
            content_type=ContentType.objects.get_or_create(app_label="blog", model="clinicalsignofftask")[0],
        )
        sign_off.groups.add(clinical_reviewers)

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=editor_review, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=sign_off, sort_order=1)
    # The last approver of a workflow publishes, so clinical reviewers need "publish" on the articles
    # (blog/publish_guard.py keeps the Publish button itself from publishing an article).
    page_permissions = [
        Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for codename in ("change_page", "publish_page")
    ]
    for index in ArticleIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=clinical_reviewers, page_id=index.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_clinical_sign_off_task"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's own data migrations give "choose document/image" to every group with admin access;
        # running after them keeps these groups to what they need.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    # Reversing leaves the groups and the workflow: people may have joined them since.
    operations = [migrations.RunPython(create_clinical_review, migrations.RunPython.noop)]
