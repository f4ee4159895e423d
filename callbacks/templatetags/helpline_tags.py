"""The help line's number and "open now" status, for the header on every page.

    {% load helpline_tags %}
    {% helpline_status as helpline %}
    <a href="tel:{{ helpline.tel }}">Help line: {{ helpline.number }}</a>
    <p>{{ helpline.label }}</p>   {# "Open now until 17:00" / "Closed - opens Monday 09:00" #}
    {% site_structured_data telephone=helpline.number opening_hours=helpline.opening_hours %}

One query per request however often a template asks (the answer is kept on
the request), and no write: help-line settings that were never saved read as
the defaults (callbacks.help_line.current_help_line).
"""

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone
from wagtail.blocks import StreamValue

from callbacks.booking import selectors
from callbacks.help_line import current_help_line
from home.page_cache import expire_page_by

register = template.Library()


@dataclass(frozen=True)
class HelpLineStatus:
    """What the header shows; `changes_at` (UTC) is when `label` stops being true, for cache expiry.

    `opening_hours` is the settings' stream, for the site's structured data: read from the same row,
    so a page asks for the help-line settings once (Wagtail's `for_request` would create the row on a GET).
    """

    number: str
    tel: str
    is_open: bool
    label: str
    changes_at: datetime | None
    opening_hours: StreamValue


@register.simple_tag(takes_context=True)
def helpline_status(context) -> HelpLineStatus:
    request = context.get("request")
    cached = getattr(request, "_helpline_status", None)
    if cached is not None:
        return cached
    help_line = current_help_line(request)
    status = selectors.help_line_open_status(rules=help_line.rules(), now=timezone.now())
    result = HelpLineStatus(
        number=help_line.helpline_number,
        tel=help_line.helpline_tel,
        is_open=status.is_open,
        label=status.label,
        changes_at=status.changes_at,
        opening_hours=help_line.opening_hours,
    )
    if request is not None:
        request._helpline_status = result
        # A cached page must not say "open now" after closing time.
        expire_page_by(request, result.changes_at)
    return result
