"""The words of text messages: default wording, placeholders, and how many SMS a text takes.

Editors write each message in the help-line settings with placeholders in
braces. Only five exist, and none of them carries anything about the
reader's health or who they are: a text can be read by anyone who picks up
the phone. Nothing here reads the clock, the settings or the database.

SMS are sent in segments. A text whose characters are all in the GSM 03.38
alphabet is coded in 7 bits, 160 characters in one segment or 153 per
segment when split (the rest carries the joining header); a single
character outside it (a curly quote, an en dash, an emoji) switches the
whole text to UCS-2: 70 characters, or 67 per segment. Each segment is
charged as a message.
"""

import string
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

PLACEHOLDERS = {
    "reference": "the booking reference, such as CB-7KQ4-MX2P",
    "slot": "the day and time of the callback, such as Tuesday 24 November, 10:00-10:30",
    "helpline": "the help-line number",
    "manage_url": "the reader's own link to see, move or cancel their booking",
    # The name from before readers could move a booking; it now fills in the
    # manage link too (cancelling is one of the things it offers), so saved
    # wording keeps working and gains the new page.
    "cancel_url": "the same link as {manage_url}",
}
# Asked for now and then; refused with a reason rather than only "unknown".
WITHHELD = {"topic", "note", "name", "phone"}

DEFAULT_CONFIRMATION = (
    "Your callback is booked for {slot}. Your reference is {reference}. "
    "To change or cancel it, use {manage_url} or call {helpline}."
)
DEFAULT_REMINDER = (
    "Reminder: we will call you on {slot} (ref {reference}). If the time no longer suits you, change it at {manage_url}"
)
DEFAULT_MOVED = (
    "Your callback has moved: we will now call you on {slot} (ref {reference}). "
    "To change or cancel it, use {manage_url}"
)
DEFAULT_MISSED_CALL = (
    "Sorry we missed you: we rang about your callback {reference}. We will try again, or you can call us on {helpline}."
)
DEFAULT_CANCELLATION = (
    "Your callback {reference} for {slot} is cancelled. To book another, or if you did not cancel it, call {helpline}."
)
# Discreet like the others: "a follow-up call", never what it follows up.
DEFAULT_FOLLOW_UP = (
    "We have booked a follow-up call for you on {slot} (ref {reference}). "
    "To change or cancel it, use {manage_url} or call {helpline}."
)
# The answer to a reader who texts HELP. Discreet like every text: it does not
# say what the help line is about, since anyone may be holding the phone.
HELP_REPLY = "To talk to us, call {helpline}. Reply STOP to stop these texts, START to have them again."
HELP_REPLY_WITHOUT_NUMBER = "Reply STOP to stop these texts, START to have them again."

# Not an editor's field: it answers something the reader may not have done, so its words are fixed here.
REPEAT_BOOKING = (
    "Someone tried to book another callback for this number. Yours is still booked for {slot} (ref {reference}). "
    "If that was not you, you need do nothing. To cancel, use {cancel_url} or call {helpline}."
)

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Sent as an escape plus one character, so each counts twice.
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")

# Sample values for counting segments in the settings form: the longest a
# real value is likely to be, so the count is not an underestimate.
SAMPLE_REFERENCE = "CB-7KQ4-MX2P"
SAMPLE_SLOT = "Wednesday 30 September, 10:00-10:30"


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    length: int  # in septets (GSM-7) or UTF-16 code units (UCS-2)
    count: int
    outside_gsm: tuple[str, ...]  # the characters that forced UCS-2, if any


def validate_sms_template(value: str) -> None:
    """Refuse braces that are not one of the placeholders, naming each problem."""
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as error:
        raise ValidationError(
            "A { or } is missing its partner. Placeholders are written in a pair of braces, such as {reference}; "
            "to show a brace itself, write it twice ({{ or }}).",
            code="unbalanced_braces",
        ) from error
    unknown: list[str] = []
    for _literal, name, format_spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            raise ValidationError(
                "Empty braces {} are not a placeholder. Put a placeholder name inside, such as {reference}.",
                code="empty_placeholder",
            )
        if name not in PLACEHOLDERS:
            unknown.append(name)
        elif format_spec or conversion:
            raise ValidationError(
                "Write placeholders as just their name in braces, such as {%(name)s}.",
                code="placeholder_format",
                params={"name": name},
            )
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in dict.fromkeys(unknown))
        withheld = ""
        if WITHHELD & set(unknown):
            withheld = " Texts never include the reader's health details or personal details."
        what = "is not a placeholder" if len(set(unknown)) == 1 else "are not placeholders"
        raise ValidationError(
            "%(names)s %(what)s you can use. Use only %(allowed)s.%(withheld)s",
            code="unknown_placeholder",
            params={"names": names, "what": what, "allowed": placeholder_list(), "withheld": withheld},
        )


def placeholder_list() -> str:
    names = [f"{{{name}}}" for name in PLACEHOLDERS]
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_sms(template: str, values: dict[str, str], *, fallback: str) -> str:
    """The text with its placeholders filled; `fallback` (a default wording) if the template is broken.

    The settings form refuses a broken template, so the fallback only guards
    against one written some other way: a reader still gets a sensible text.
    """
    try:
        validate_sms_template(template)
        return template.format_map(values).strip()
    except (ValidationError, KeyError, ValueError, IndexError, AttributeError):
        return fallback.format_map(values).strip()


def help_reply_text(*, helpline: str) -> str:
    return HELP_REPLY.format(helpline=helpline) if helpline.strip() else HELP_REPLY_WITHOUT_NUMBER


def sms_slot_text(start: datetime, end: datetime, time_zone: ZoneInfo) -> str:
    """ "Tuesday 24 November, 10:00-10:30": a plain hyphen, so the slot keeps a text in GSM-7."""
    local_start = start.astimezone(time_zone)
    local_end = end.astimezone(time_zone)
    return f"{local_start:%A} {local_start.day} {local_start:%B}, {local_start:%H:%M}-{local_end:%H:%M}"


def count_segments(text: str) -> Segments:
    """How the text would be coded and into how many segments it would be split."""
    outside = tuple(dict.fromkeys(ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENDED))
    if outside:
        # UTF-16 code units: an emoji takes two, and a pair is never split between segments.
        units = [len(ch.encode("utf-16-le")) // 2 for ch in text]
        encoding, single, per_part = "UCS-2", 70, 67
    else:
        units = [2 if ch in GSM7_EXTENDED else 1 for ch in text]
        encoding, single, per_part = "GSM-7", 160, 153
    length = sum(units)
    return Segments(encoding=encoding, length=length, count=_pack(units, single, per_part), outside_gsm=outside)


def _pack(units: list[int], single: int, per_part: int) -> int:
    total = sum(units)
    if total == 0:
        return 0
    if total <= single:
        return 1
    count, used = 1, 0
    for size in units:
        if used + size > per_part:
            count, used = count + 1, 0
        used += size
    return count


def segments_help(template: str, *, helpline: str, sample_manage_url: str) -> str:
    """One sentence for the settings form: how many SMS the text takes with typical values filled in."""
    values = {
        "reference": SAMPLE_REFERENCE,
        "slot": SAMPLE_SLOT,
        "helpline": helpline,
        "manage_url": sample_manage_url,
        "cancel_url": sample_manage_url,
    }
    try:
        validate_sms_template(template)
    except ValidationError:
        return f"Placeholders: {placeholder_list()}."
    segments = count_segments(template.format_map(values))
    plural = "" if segments.count == 1 else "s"
    sentence = (
        f"With typical details filled in this text is {segments.length} characters: "
        f"{segments.count} SMS segment{plural} ({segments.encoding})."
    )
    if segments.outside_gsm:
        shown = " ".join(repr(ch)[1:-1] if ch.isspace() else ch for ch in segments.outside_gsm)
        sentence += (
            f" These characters are outside the basic SMS alphabet and cut each segment to 70 characters: {shown}"
            " (straight quotes and plain hyphens avoid that)."
        )
    return f"{sentence} Placeholders: {placeholder_list()}."
