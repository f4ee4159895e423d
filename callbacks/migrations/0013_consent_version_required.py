"""Every request now points at a consent version (0007 filled them in): make it required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0012_consent_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="callbackrequest",
            name="consent_version",
            field=models.ForeignKey(
                help_text="The words the reader agreed to; a version in use can never be deleted.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requests",
                to="callbacks.consentversion",
            ),
        ),
    ]
