"""People's names as typed into a public form, without the characters nobody can see.

A name is shown to staff (and read out on the phone), so what it holds must be
what it looks like. Pasted text and hostile input bring characters that are
invisible or that change how the text around them is drawn: control
characters (Unicode category Cc), format characters (Cf: zero-width spaces,
the byte-order mark, soft hyphens, bidi overrides and isolates), private-use
(Co), surrogate (Cs) and unassigned (Cn) code points, and a few "letters"
that are blank (Hangul fillers, the braille blank). `visible_name` drops them
and tidies the spaces; a form refuses a name that is empty afterwards.

The zero-width joiner and non-joiner are kept where they sit between two
letters or marks: they shape Persian, Indic and emoji text, and a name
written that way must not be changed. Anywhere else they are invisible noise.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
# Letters and symbols that render as nothing.
BLANK_CHARACTERS = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"})
JOINERS = frozenset({"\u200c", "\u200d"})
NO_VISIBLE_CHARACTERS = (
    "The name you typed has no letters we can read: it is made only of hidden or control characters. "
    "Type your name again, or the name we should ask for."
)
# Spaces of every kind (Zs), and line and paragraph separators (Zl, Zp), become one plain space.
SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})


def visible_name(value: str) -> str:
    """`value` in NFC with invisible, control and bidi characters removed and spaces collapsed.

    "" when nothing visible is left.
    """
    text = unicodedata.normalize("NFC", value or "")
    kept: list[str] = []
    for index, character in enumerate(text):
        category = unicodedata.category(character)
        if character in JOINERS and _joins_letters(text, index):
            kept.append(character)
        elif category in SPACE_CATEGORIES or character in "\t\n\r":
            kept.append(" ")
        elif category not in DROPPED_CATEGORIES and character not in BLANK_CHARACTERS:
            kept.append(character)
    return " ".join("".join(kept).split())


def _joins_letters(text: str, index: int) -> bool:
    """Whether the joiner at `index` sits between two letters, marks or symbols (an emoji sequence)."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = unicodedata.category(text[index - 1]), unicodedata.category(text[index + 1])
    return before[0] in "LMS" and after[0] in "LMS"


class NameField(forms.CharField):
    """A required name, cleaned by `visible_name` before any other check.

    Cleaning first means a NUL or a bidi override is simply dropped (rather
    than refused with a technical message), and a name that is nothing but
    such characters gets NO_VISIBLE_CHARACTERS instead of looking as if the
    box was left empty.
    """

    def to_python(self, value):
        typed = super().to_python(value)
        name = visible_name(typed)
        if typed and not name:
            raise ValidationError(NO_VISIBLE_CHARACTERS, code="no_visible_characters")
        return name
