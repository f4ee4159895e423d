"""Follow-up callbacks: staff book one from a request's page, linked to it.

Follow-ups leave the one-open-request-per-phone rule (staff book them while
the reader's own request is still open) for one of their own: one open
follow-up per number. Both constraints are replaced in this one transaction.
Also the "follow-up booked" text: its kind and its editable wording.

And, on PostgreSQL only, trigram indexes for the queue's search: it matches a
fragment of the name or reference (UPPER(...) LIKE '%...%', Django's
icontains) or of the number (LIKE '%...%'), which no B-tree can serve, so at
100,000 requests every open row was read to test it (bench/queue.py, README
"Benchmarks"). Partial, like the queue's other indexes: open requests only.
pg_trgm is a trusted extension (PostgreSQL 13+), so the database's owner can
create it. SQLite has no such index and searches its few rows as before.
Not declared on the model, which cannot say "PostgreSQL only".
"""

import callbacks.texts.wording
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "callbacks_open_name_trgm_idx": "UPPER(name::text) gin_trgm_ops",
    "callbacks_open_reference_trgm_idx": "UPPER(reference::text) gin_trgm_ops",
    "callbacks_open_phone_trgm_idx": "phone gin_trgm_ops",
}


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON callbacks_callbackrequest USING gin ({expression}) "
            "WHERE status IN ('queued', 'claimed')"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0016_capacity_by_opening_range"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="callbackrequest",
            name="callbacks_one_open_request_per_phone",
        ),
        migrations.AddField(
            model_name="callbackrequest",
            name="follow_up_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The request from whose call staff booked this one.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="follow_ups",
                to="callbacks.callbackrequest",
            ),
        ),
        migrations.AddField(
            model_name="helplinesettings",
            name="sms_follow_up_text",
            field=models.TextField(
                default="We have booked a follow-up call for you on {slot} (ref {reference}). To change or cancel it, use {manage_url} or call {helpline}.",
                help_text="Sent when staff book a follow-up call from a reader's request.",
                max_length=600,
                validators=[callbacks.texts.wording.validate_sms_template],
                verbose_name="follow-up text",
            ),
        ),
        migrations.AlterField(
            model_name="smsmessage",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmation", "Booking confirmation"),
                    ("reminder", "Reminder"),
                    ("missed_call", "We tried to call you"),
                    ("cancellation", "Cancellation"),
                    ("moved", "Your callback has moved"),
                    ("repeat_booking", "Already booked"),
                    ("follow_up", "Follow-up booked"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="callbackrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("follow_up_of__isnull", True), ("status__in", ("queued", "claimed"))),
                fields=("phone",),
                name="callbacks_one_open_request_per_phone",
            ),
        ),
        migrations.AddConstraint(
            model_name="callbackrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("follow_up_of__isnull", False), ("status__in", ("queued", "claimed"))),
                fields=("phone",),
                name="callbacks_one_open_follow_up_per_phone",
            ),
        ),
        migrations.RunPython(add_search_indexes, drop_search_indexes, elidable=False),
    ]
