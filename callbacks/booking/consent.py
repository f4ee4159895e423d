"""Consent versions: the version for the wording in force, made the first time that wording is used.

Called when an editor saves the help-line settings (a Wagtail hook, after the
save is committed) and again at every booking, so a request always points at
a version with exactly the words its reader was shown, even if the settings
were changed some other way (the shell, a migration, no settings saved yet).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max

from callbacks.models import ConsentVersion

# Two first uses of a new wording at the same moment both try the next number; the loser looks again.
CREATE_ATTEMPTS = 3


def consent_version_for(*, text: str, now: datetime) -> ConsentVersion:
    """The latest version with exactly these words (ends trimmed), or a new one numbered after the last."""
    text = text.strip()
    for _ in range(CREATE_ATTEMPTS):
        existing = ConsentVersion.objects.filter(text=text).order_by("-number").first()
        if existing is not None:
            return existing
        latest = ConsentVersion.objects.aggregate(latest=Max("number"))["latest"] or 0
        try:
            with transaction.atomic():
                return ConsentVersion.objects.create(number=latest + 1, text=text, created_at=now)
        except IntegrityError:
            continue
    raise RuntimeError("could not number a new consent version")
