"""The words readers agree to when they book, kept as versions that never change.

A request points at the version its reader was shown, so "what did this
person agree to?" has an exact answer however often the wording changes later.
Rows are only ever added (callbacks/booking/consent.py); a version that any
request refers to cannot be deleted (PROTECT on the request's foreign key).
"""

from django.db import models
from django.utils import timezone


class ConsentVersion(models.Model):
    number = models.PositiveIntegerField(unique=True, editable=False, help_text="1, 2, 3…: in the order written.")
    text = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Consent wording, version {self.number}"
