"""Consent wording kept as versions: version 1 is the wording in force, and every existing request points at it.

The foreign key is made required by the next migration: on PostgreSQL a table
cannot be altered in the transaction that just filled its foreign key.
The labels editors typed (on the settings and copied onto each request) are
kept, renamed `consent_label`, so nothing recorded before is lost.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# The wording the settings model shipped with, for a database where no settings were ever saved.
SHIPPED_CONSENT_TEXT = (
    "I agree that the help line may keep the details I give on this form and use them to call me back. "
    "Only the help-line team can see them, and they are erased 90 days after we close the request."
)


def create_version_one(apps, schema_editor):
    """Version 1 from the default site's wording (else any saved, else the shipped one); later ones for other sites.

    Existing requests were booked under the wording in force now as far as anyone
    can tell (the old labels stay on them), so they all point at version 1.
    """
    ConsentVersion = apps.get_model("callbacks", "ConsentVersion")
    HelpLineSettings = apps.get_model("callbacks", "HelpLineSettings")
    CallbackRequest = apps.get_model("callbacks", "CallbackRequest")
    texts = list(
        HelpLineSettings.objects.order_by("-site__is_default_site", "pk").values_list("consent_text", flat=True)
    )
    now = django.utils.timezone.now()
    numbered = {}
    for text in texts or [SHIPPED_CONSENT_TEXT]:
        text = text.strip()
        if text not in numbered:
            numbered[text] = ConsentVersion.objects.create(number=len(numbered) + 1, text=text, created_at=now)
    first = min(numbered.values(), key=lambda version: version.number)
    CallbackRequest.objects.update(consent_version=first)


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0011_callback_communication_needs_and_repeat_bookings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.PositiveIntegerField(
                        editable=False, help_text="1, 2, 3…: in the order written.", unique=True
                    ),
                ),
                ("text", models.TextField(editable=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={"ordering": ["-number"]},
        ),
        migrations.RenameField(model_name="callbackrequest", old_name="consent_version", new_name="consent_label"),
        migrations.AlterField(
            model_name="callbackrequest",
            name="consent_label",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The label editors typed before the wording was kept as versions; blank since.",
                max_length=20,
            ),
        ),
        migrations.RenameField(model_name="helplinesettings", old_name="consent_version", new_name="consent_label"),
        migrations.AlterField(
            model_name="helplinesettings",
            name="consent_label",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The version label editors typed before the wording was kept as versions; no longer used.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="helplinesettings",
            name="consent_text",
            field=models.TextField(
                default=(
                    "I agree that the help line may keep the details I give on this form and use them to call me "
                    "back. Only the help-line team can see them, and they are erased 90 days after we close the "
                    "request."
                ),
                help_text=(
                    "The wording readers agree to. Saving a change keeps it as a new version, and every request "
                    "records the version its reader agreed to. Keep it in step with how long details are kept "
                    "(below)."
                ),
            ),
        ),
        migrations.AddField(
            model_name="callbackrequest",
            name="consent_version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requests",
                to="callbacks.consentversion",
            ),
        ),
        migrations.RunPython(create_version_one, migrations.RunPython.noop),
    ]
