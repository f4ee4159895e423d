"""The one way to read the help line's settings, shared by booking, the queue, texts, purging and the pages.

The organisation has one help line, so `HelpLineSettings` is a generic (not
per-site) setting and everything reads it through `current_help_line`: a
booking, the "open now" header, the staff queue's claim lapse and a text's
time zone can never follow two different rows.

Reading never writes: until an editor saves the settings, readers get the
model's defaults, unsaved. With a request the row is read once per request,
in the slot Wagtail's own `HelpLineSettings.load(request_or_site=request)`
(and so `{{ settings.callbacks.HelpLineSettings }}`) uses, so the two share it.

The 503 page cannot read the database, so `number_without_database` gives it
the number this request already read, else the number kept in the cache when
the settings were last saved (`keep_number_for_outages`, on commit).
"""

import logging

from django.core.cache import cache
from django.db import transaction

from callbacks.models import HelpLineSettings

logger = logging.getLogger(__name__)

OUTAGE_NUMBER_KEY = "help-line:number-for-outages"


def current_help_line(request=None) -> HelpLineSettings:
    """The saved help-line settings, or the unsaved defaults when none are saved (one query, none if cached)."""
    cache_attribute = HelpLineSettings.get_cache_attr_name()
    if request is not None and hasattr(request, cache_attribute):
        return getattr(request, cache_attribute)
    help_line = HelpLineSettings.base_queryset().order_by("pk").first() or HelpLineSettings()
    if request is not None:
        setattr(request, cache_attribute, help_line)
    return help_line


def number_without_database(request=None) -> str:
    """The help-line number as known without a query: this request's read, else the last saved one, else ""."""
    already_read = getattr(request, HelpLineSettings.get_cache_attr_name(), None) if request is not None else None
    if already_read is not None:
        return already_read.helpline_number
    try:
        return cache.get(OUTAGE_NUMBER_KEY) or ""
    except Exception:
        logger.warning("Cache unreachable; no saved help-line number for the outage page.", exc_info=True)
        return ""


def keep_number_for_outages(sender, instance: HelpLineSettings, **kwargs) -> None:
    """post_save receiver: once the save commits, keep the number where the 503 page can find it."""
    number = instance.helpline_number
    transaction.on_commit(lambda: _store_outage_number(number), robust=True)


def forget_number_for_outages(sender, instance: HelpLineSettings, **kwargs) -> None:
    """post_delete receiver: with the settings gone the defaults apply, and the 503 page falls back."""
    transaction.on_commit(lambda: _store_outage_number(None), robust=True)


def _store_outage_number(number: str | None) -> None:
    try:
        if number:
            cache.set(OUTAGE_NUMBER_KEY, number, timeout=None)
        else:
            cache.delete(OUTAGE_NUMBER_KEY)
    except Exception:
        logger.warning("Cache unreachable; the help-line number for outages was not updated.", exc_info=True)
