"""Names typed into public forms lose the characters nobody can see, and keep everything else."""

import pytest
from django.core.exceptions import ValidationError

from home.names import NO_VISIBLE_CHARACTERS, NameField, visible_name

# "mikhaham" in Persian: the zero-width non-joiner after the prefix is part of how it is written.
PERSIAN_WITH_ZWNJ = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Alex Reader", "Alex Reader"),
        ("  Alex   Reader \t", "Alex Reader"),
        ("Al\u200bex", "Alex"),  # zero-width space (Cf)
        ("\ufeffAlex", "Alex"),  # byte-order mark (Cf)
        ("Al\u00adex", "Alex"),  # soft hyphen (Cf)
        ("Alex\u202e redaeR", "Alex redaeR"),  # right-to-left override (Cf)
        ("\u2066Alex\u2069", "Alex"),  # left-to-right isolate ... pop isolate (Cf)
        ("\u200fAlex\u200e", "Alex"),  # right-to-left and left-to-right marks (Cf)
        ("Alex\x00\x07\x1b[31m", "Alex[31m"),  # NUL, bell, escape (Cc)
        ("Alex\u2028Reader", "Alex Reader"),  # line separator (Zl) becomes a space
        ("Alex\u00a0Reader", "Alex Reader"),  # no-break space (Zs) becomes a plain space
        ("Alex\ue000", "Alex"),  # private use (Co)
        ("\u3164Alex", "Alex"),  # Hangul filler: a "letter" that draws nothing
        ("Zo\u0065\u0301", "Zo\u00e9"),  # composed to NFC: one é, as typed on another keyboard
        ("Siân O’Connor-Smith", "Siân O’Connor-Smith"),
        ("Ханна", "Ханна"),
        ("李小龍", "李小龍"),
        (PERSIAN_WITH_ZWNJ, PERSIAN_WITH_ZWNJ),
        ("\u200cAlex\u200d", "Alex"),  # joiners not between letters
        ("\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb"),  # emoji sequence keeps its joiner
        ("\u200b\u200b\ufeff", ""),
        ("\u202e\u2066\u00ad", ""),
        ("\x00\x01\x02", ""),
        ("", ""),
    ],
)
def test_visible_name(typed, kept):
    assert visible_name(typed) == kept


def test_the_field_refuses_a_name_with_nothing_visible_in_it():
    with pytest.raises(ValidationError) as raised:
        NameField().clean("\u200b\u202e\ufeff")

    assert raised.value.messages == [NO_VISIBLE_CHARACTERS]


def test_the_field_keeps_the_empty_message_for_an_empty_box():
    field = NameField(error_messages={"required": "Enter your name."})

    with pytest.raises(ValidationError) as raised:
        field.clean("   ")

    assert raised.value.messages == ["Enter your name."]


def test_the_field_drops_a_nul_instead_of_refusing_the_name():
    assert NameField().clean("Alex\x00 Reader") == "Alex Reader"


def test_the_length_limit_applies_to_the_name_as_kept():
    field = NameField(max_length=5)

    assert field.clean("Alex\u200b\u200b\u200b") == "Alex"
    with pytest.raises(ValidationError):
        field.clean("Alexandra")
