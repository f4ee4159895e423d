"""The signposting codes a back-pain help line reports on, so a new site starts with a usable list.

Editors change the list under Snippets > Wrap-up codes afterwards: Wagtail's
"Editors" group gets the add/change/delete permissions here (made by hand, as
migration 0003 does, since Django makes model permissions only after all
migrations). Reversing removes only default codes that were never used.
"""

from django.db import migrations

DEFAULT_CODES = [
    ("Self-care advice", "Advice on managing the pain at home: activity, pain relief, sleep."),
    ("GP", "Suggested the reader sees their GP."),
    ("NHS 111", "Suggested the reader calls NHS 111 or uses 111 online."),
    ("Physiotherapy", "Signposted to physiotherapy (self-referral or through the GP)."),
    ("NHS Talking Therapies", "Signposted to NHS Talking Therapies for low mood or anxiety."),
    ("999 / A&E", "Told the reader to call 999 or go to A&E now."),
    ("Safeguarding referral", "Made or started a safeguarding referral."),
]


def add_default_codes(apps, schema_editor):
    WrapUpCode = apps.get_model("callbacks", "WrapUpCode")
    for order, (name, description) in enumerate(DEFAULT_CODES, start=1):
        WrapUpCode.objects.get_or_create(name=name, defaults={"description": description, "sort_order": order * 10})


def let_editors_edit_codes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    code_type, _ = ContentType.objects.get_or_create(app_label="callbacks", model="wrapupcode")
    permissions = [
        Permission.objects.get_or_create(
            content_type=code_type, codename=f"{action}_wrapupcode", defaults={"name": f"Can {action} wrap-up code"}
        )[0]
        for action in ("add", "change", "delete")
    ]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


def remove_unused_default_codes(apps, schema_editor):
    WrapUpCode = apps.get_model("callbacks", "WrapUpCode")
    WrapUpCode.objects.filter(name__in=[name for name, _ in DEFAULT_CODES], requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0007_help_desk_retry_priority_wrap_up"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Wagtail's "Editors" group is made by wagtailcore's initial data.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(add_default_codes, remove_unused_default_codes),
        migrations.RunPython(let_editors_edit_codes, migrations.RunPython.noop),
    ]
