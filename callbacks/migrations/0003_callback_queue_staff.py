"""The staff queue's permission and the "Help-line staff" group that holds it.

Django creates model permissions after all migrations have run (post_migrate),
so this migration makes the permission row itself, idempotently, before giving
it to the group. The group also gets "Can access Wagtail admin", because the
queue lives in the Wagtail admin and Wagtail refuses everyone without it.
"""

from django.db import migrations

GROUP_NAME = "Help-line staff"
CODENAME = "work_callback_queue"
PERMISSION_NAME = "Can work the help-line callback queue"


def create_staff_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    request_type, _ = ContentType.objects.get_or_create(app_label="callbacks", model="callbackrequest")
    queue_permission, _ = Permission.objects.get_or_create(
        content_type=request_type, codename=CODENAME, defaults={"name": PERMISSION_NAME}
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    admin_permission, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(queue_permission, admin_permission)


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0002_callbackpage"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's own data migrations give "choose document/image" to every
        # group with admin access; running after them keeps this group to the
        # two permissions it needs.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="callbackrequest",
            options={"permissions": [(CODENAME, PERMISSION_NAME)]},
        ),
        # Reversing leaves the group and the permission in place: staff may have
        # been added to the group since, and applying this again is a no-op.
        migrations.RunPython(create_staff_group, migrations.RunPython.noop),
    ]
