"""The help-line settings become one row for the organisation instead of one per site.

The default site's row is kept (its values are the ones booking, texts and the
queue already followed); any other site's row is deleted. With no row for the
default site, no row is kept and readers get the model's defaults, as before.
"""

import django.db.models.deletion
from django.db import migrations, models


def keep_the_default_sites_row(apps, schema_editor):
    HelpLineSettings = apps.get_model("callbacks", "HelpLineSettings")
    kept = HelpLineSettings.objects.filter(site__is_default_site=True).values_list("pk", flat=True).first()
    HelpLineSettings.objects.exclude(pk=kept).delete()


def give_the_row_to_the_default_site(apps, schema_editor):
    HelpLineSettings = apps.get_model("callbacks", "HelpLineSettings")
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        HelpLineSettings.objects.all().delete()
        return
    HelpLineSettings.objects.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0014_sms_kinds_moved_and_repeat_booking"),
    ]

    operations = [
        # Nullable first, so that going back can add the column before the rows are given their site.
        migrations.AlterField(
            model_name="helplinesettings",
            name="site",
            field=models.OneToOneField(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
            ),
        ),
        migrations.RunPython(keep_the_default_sites_row, give_the_row_to_the_default_site),
        migrations.RemoveField(model_name="helplinesettings", name="site"),
    ]
