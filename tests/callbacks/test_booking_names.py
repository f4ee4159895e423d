"""Readers' names reach staff without hidden characters; a name of nothing visible is refused with a message."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from callbacks.models import CallbackRequest
from home.names import NO_VISIBLE_CHARACTERS

from .booking_page import form_data, input_value, make_callback_page, nothing_saved, text_of
from .conftest import MONDAY_MORNING

pytestmark = pytest.mark.django_db

INVISIBLE_ONLY = "\u200b\ufeff\u00ad\u202e\u2066\x07"


@pytest.fixture
def callback_page():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield make_callback_page()


def post(client, page, **overrides):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        return client.post(page.url, form_data(**overrides))


def test_the_form_stores_the_name_without_its_hidden_characters(client, callback_page):
    response = post(client, callback_page, name="\u202eAlex\u200b Rea\u00adder\x00")

    assert response.status_code == 302
    assert CallbackRequest.objects.get().name == "Alex Reader"


def test_the_form_refuses_a_name_made_only_of_hidden_characters_and_keeps_the_rest(client, callback_page):
    response = post(client, callback_page, name=INVISIBLE_ONLY, note="Worse when sitting.")

    assert response.status_code == 200
    assert NO_VISIBLE_CHARACTERS in text_of(response)
    assert input_value(response, "note").strip() == "Worse when sitting."
    assert input_value(response, "phone") == "07911 123456"
    assert nothing_saved()


def test_the_service_refuses_it_too_whoever_calls_it(book):
    with pytest.raises(ValidationError) as raised:
        book(name=INVISIBLE_ONLY)

    assert raised.value.message_dict["name"] == [NO_VISIBLE_CHARACTERS]
    assert not CallbackRequest.objects.exists()


def test_the_service_cleans_what_it_stores(book):
    assert book(name="\u2066Sam\u2069\u200d").name == "Sam"
