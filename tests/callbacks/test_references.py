"""Booking references: format, alphabet, and reading back what a reader typed."""

import pytest

from callbacks.booking.references import REFERENCE_ALPHABET, REFERENCE_PATTERN, new_reference, normalise_reference


def test_references_look_like_cb_and_two_groups_of_four():
    references = [new_reference() for _ in range(500)]

    assert all(REFERENCE_PATTERN.match(reference) for reference in references)
    assert all(len(reference) == 12 for reference in references)
    assert len(set(references)) == 500


def test_the_alphabet_leaves_out_characters_that_are_easy_to_confuse():
    assert not set("01IOL5S8B") & set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("CB-7KQ4-MX2P", "CB-7KQ4-MX2P"),
        ("cb-7kq4-mx2p", "CB-7KQ4-MX2P"),
        (" cb 7kq4 mx2p ", "CB-7KQ4-MX2P"),
        ("7KQ4MX2P", "CB-7KQ4-MX2P"),
        ("CB7KQ4MX2P", "CB-7KQ4-MX2P"),
        ("CB-7KQ4-MX2", None),
        ("CB-7KQ4-MX2PP", None),
        ("CB-0KQ4-MX2P", None),  # 0 is not in the alphabet
        ("", None),
        (None, None),
    ],
)
def test_normalise_reference(typed, canonical):
    assert normalise_reference(typed) == canonical
