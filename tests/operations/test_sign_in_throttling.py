"""Admin sign-in throttling (django-axes): 5 wrong passwords per username+address lock that pair for 15 minutes."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

LOGIN = "/admin/login/"
LOCKOUTS = "/admin/sign-in-lockouts/"
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.9"
START = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("sam.editor", password=PASSWORD, is_staff=True)


def sign_in(password: str, *, address: str = ATTACKER, username: str = "sam.editor"):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(LOGIN, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(times: int, **kwargs) -> list[int]:
    return [sign_in("wrong", **kwargs)[1].status_code for _ in range(times)]


def test_four_wrong_passwords_do_not_lock_the_account(editor, clock):
    assert fail(4) == [200, 200, 200, 200], "a wrong password shows the sign-in form again"

    client, _response = sign_in(PASSWORD)

    assert signed_in(client)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_page(editor, clock):
    assert fail(5)[-1] == 429, "the fifth wrong password already gets the lockout page"

    client, response = sign_in(PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Sign-in paused for this account" in html
    assert "entered wrongly 5 times" in html
    assert "wait 15 minutes" in html


def test_the_lock_is_for_one_username_from_one_address(editor, clock):
    fail(5)

    from_elsewhere, _response = sign_in(PASSWORD, address="198.51.100.7")

    assert signed_in(from_elsewhere)


def test_the_lock_lifts_after_fifteen_minutes(editor, clock):
    fail(5)
    clock.shift(datetime.timedelta(minutes=14))
    assert sign_in(PASSWORD)[1].status_code == 429

    clock.shift(datetime.timedelta(minutes=16))
    client, _response = sign_in(PASSWORD)

    assert signed_in(client)


def test_a_superuser_sees_the_lockout_and_unlocks_it(editor, clock):
    fail(5)
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    staff = Client()
    staff.force_login(admin)

    listing = staff.get(LOCKOUTS)
    assert listing.status_code == 200
    assert "sam.editor" in listing.content.decode() and ATTACKER in listing.content.decode()
    attempt_id = listing.context["lockouts"][0].pk
    unlocked = staff.post(LOCKOUTS, {"attempt": attempt_id}, follow=True)

    assert "can sign in again" in unlocked.content.decode()
    client, _response = sign_in(PASSWORD)
    assert signed_in(client)


def test_an_editor_cannot_open_the_lockouts_page(editor):
    client = Client()
    client.force_login(editor)
    get_user_model().objects.filter(pk=editor.pk).update(is_superuser=False)

    response = client.get(LOCKOUTS)

    assert response.status_code in (302, 403)
    assert "sam.editor" not in response.content.decode()


def test_the_lockout_log_line_names_no_username_or_address(editor, clock, caplog):
    caplog.set_level(logging.INFO)

    fail(5)
    sign_in(PASSWORD)

    lines = " ".join(record.getMessage() for record in caplog.records)
    assert "locked out for 15 minutes" in lines
    assert "sam.editor" not in lines and ATTACKER not in lines
