"""Helpers for the callback page's tests: a served site with the page, form data, reading the form back.

Plain functions rather than fixtures, so each test module states its own
fixtures (the clock, the cache) where a reader can see them.
"""

from datetime import UTC, datetime
from html.parser import HTMLParser

from django.core.cache import cache

from callbacks.models import CallbackPage, CallbackRequest, CallbackSlot, HelpLineSettings
from tests.home.factories import site_home_page

from .conftest import FIRST_SLOT

CONSENT_VERSION = "2026-11"
CONFIRMATION_TEXT = "Thanks for booking: the editor's own words."
WHAT_HAPPENS_NEXT = "We ring during the half hour you chose."


def slot_value(start: datetime) -> str:
    """How the form names a slot: its UTC start to the minute."""
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def make_callback_page(**help_line) -> CallbackPage:
    """The default site's home page with a live callback page under it, and help-line settings.

    The settings are the model's defaults (Mon-Fri 09:00-17:00, Sat 10:00-13:00,
    30-minute slots of 4 places, two hours' notice, 14 days ahead) unless overridden.
    """
    home = site_home_page()
    HelpLineSettings.objects.create(**help_line)
    page = CallbackPage(
        title="Request a callback",
        slug="request-a-callback",
        intro="<p>Choose a time and we will ring you.</p>",
        what_happens_next=f"<p>{WHAT_HAPPENS_NEXT}</p>",
        confirmation_text=f"<p>{CONFIRMATION_TEXT}</p>",
    )
    home.add_child(instance=page)
    return page


def form_data(**overrides) -> dict:
    """A complete, valid booking as the browser would post it; an override of None leaves the field out."""
    data = {
        "red_flags": "no",
        "name": "Alex Reader",
        "phone": "07911 123456",
        "slot": slot_value(FIRST_SLOT),
        "topic": "sciatica",
        "note": "Pain down my left leg since Tuesday.",
        "voicemail_ok": "yes",
        "may_identify_org": "no",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def nothing_saved() -> bool:
    return not CallbackRequest.objects.exists() and not CallbackSlot.objects.filter(booked__gt=0).exists()


def clear_rate_limits() -> None:
    cache.clear()


def text_of(response) -> str:
    """The response's visible text with whitespace collapsed and entities decoded."""
    parser = _TextParser()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.chunks).split())


def slot_options(response) -> list[tuple[str, str, str]]:
    """(day, value, time) of each radio in the slot picker, in page order; ("", "first", ...) for First available."""
    parser = _SlotParser()
    parser.feed(response.content.decode())
    return parser.options


def checked_slot(response) -> list[str]:
    """The values of the slot radios the page shows checked."""
    parser = _SlotParser()
    parser.feed(response.content.decode())
    return parser.checked


def open_slot_days(response) -> list[str]:
    """The local dates ("2026-11-23") of the day groups the page marks open."""
    parser = _SlotParser()
    parser.feed(response.content.decode())
    return parser.open_days


def input_value(response, name: str) -> str | None:
    """The value attribute of the text input called `name`, as the page shows it."""
    parser = _InputParser(name)
    parser.feed(response.content.decode())
    return parser.value


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


class _SlotParser(HTMLParser):
    """The slot picker's radios: the day fieldset's legend (without its count), value, label's first words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.options: list[tuple[str, str, str]] = []
        self.checked: list[str] = []
        self.open_days: list[str] = []
        self._group = ""
        self._in_legend = False
        self._day_depth = 0
        self._depth = 0
        self._value: str | None = None
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset":
            self._depth += 1
            if "data-slot-day" in attrs:
                self._day_depth = self._depth
                self._group = ""
                if "data-open" in attrs:
                    self.open_days.append(attrs["data-slot-day"])
        elif tag == "legend" and self._day_depth and self._depth == self._day_depth:
            self._in_legend = True
        elif tag == "input" and attrs.get("name") == "slot" and attrs.get("type") == "radio":
            self._value = attrs.get("value", "")
            if "checked" in attrs:
                self.checked.append(self._value)
        elif tag == "label" and self._value is not None:
            self._in_label = True

    def handle_endtag(self, tag):
        if tag == "fieldset":
            if self._depth == self._day_depth:
                self._day_depth, self._group = 0, ""
            self._depth -= 1
        elif tag == "legend":
            self._in_legend = False
        elif tag == "label":
            self._in_label = False

    def handle_data(self, data):
        if self._in_legend and not self._group:
            self._group = data.strip()
        elif self._in_label and self._value is not None:
            self.options.append((self._group, self._value, data.strip()))
            self._value = None


class _InputParser(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.value: str | None = None
        self._in_textarea = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == self.name:
            self.value = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name") == self.name:
            self._in_textarea = True
            self.value = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data):
        if self._in_textarea:
            self.value += data
