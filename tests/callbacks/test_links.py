"""Signed reader links as plain functions: round trips, expiry, and junk that must never get through."""

import re
from datetime import timedelta

import pytest

from callbacks.booking import links

from .conftest import FIRST_SLOT, MONDAY_MORNING

REFERENCE = "CB-7KQ4-MX2P"
SLOT_END = FIRST_SLOT + timedelta(minutes=30)


def test_a_confirmation_link_reads_back_for_two_hours():
    token = links.confirmation_token(REFERENCE, now=MONDAY_MORNING)

    assert links.read_confirmation_token(token, now=MONDAY_MORNING) == REFERENCE
    assert links.read_confirmation_token(token, now=MONDAY_MORNING + timedelta(hours=2)) == REFERENCE
    with pytest.raises(links.LinkExpired):
        links.read_confirmation_token(token, now=MONDAY_MORNING + timedelta(hours=2, seconds=1))


def test_a_cancel_link_reads_back_until_the_slot_ends():
    token = links.cancel_token(REFERENCE, SLOT_END)

    assert links.read_cancel_token(token, now=SLOT_END - timedelta(seconds=1)) == REFERENCE
    with pytest.raises(links.LinkExpired):
        links.read_cancel_token(token, now=SLOT_END)


def test_tokens_fit_in_a_wagtail_page_path_and_a_text_message():
    for token in (links.confirmation_token(REFERENCE, now=MONDAY_MORNING), links.cancel_token(REFERENCE, SLOT_END)):
        assert re.fullmatch(r"[\w-]+", token), token
        assert len(token) < 64


def test_one_kind_of_link_is_not_the_other():
    with pytest.raises(links.LinkInvalid):
        links.read_cancel_token(links.confirmation_token(REFERENCE, now=SLOT_END), now=MONDAY_MORNING)
    with pytest.raises(links.LinkInvalid):
        links.read_confirmation_token(links.cancel_token(REFERENCE, MONDAY_MORNING), now=MONDAY_MORNING)


def test_a_link_signed_with_another_key_is_refused(settings):
    token = links.cancel_token(REFERENCE, SLOT_END)
    settings.SECRET_KEY = "another-key-" + "y" * 40

    with pytest.raises(links.LinkInvalid):
        links.read_cancel_token(token, now=MONDAY_MORNING)


def test_links_survive_a_key_rotation(settings):
    token = links.cancel_token(REFERENCE, SLOT_END)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-key-" + "z" * 40

    assert links.read_cancel_token(token, now=MONDAY_MORNING) == REFERENCE


@pytest.mark.parametrize(
    "junk",
    ["", "-", "x", "7KQ4MX2P", "7KQ4MX2P-", "7KQ4MX2Pabc-", "-abc", "x" * 5000, "7KQ4MX2P" + "z" * 200 + "-sig", "é-é"],
)
def test_junk_is_not_valid(junk):
    with pytest.raises(links.LinkInvalid):
        links.read_cancel_token(junk, now=MONDAY_MORNING)
    with pytest.raises(links.LinkInvalid):
        links.read_confirmation_token(junk, now=MONDAY_MORNING)
