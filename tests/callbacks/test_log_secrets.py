"""No log line carries a signed token: through a booking with texts, the confirmation page, a cancel, bad links.

Logs are read as the project writes them: every logger at DEBUG, through a
handler with the project's own filter (config/log_privacy.py), as the console
handler in config/settings/base.py has.
"""

import io
import logging

import pytest
import time_machine

from callbacks.booking import links
from callbacks.models import CallbackRequest, SmsKind, SmsStatus
from callbacks.texts.gateway import MASKED_LINK_PART, links_with_tokens_hidden
from config.log_privacy import RedactPathsFilter

from .booking_page import form_data, make_callback_page
from .conftest import MONDAY_MORNING
from .sms_support import message, run_due_tasks

pytestmark = pytest.mark.django_db

SAMPLE_TOKEN = "7KQ4MX2Pt1a2b3-AbCdEfGhIjKlMnOpQrStUvWxYz0"


@pytest.fixture
def project_log():
    """Everything logged while the test runs, as the project's console handler would write it."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(RedactPathsFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet = {name: logging.getLogger(name).level for name in ("django.request", "django.server", "django_tasks")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield buffer
    for name, level in quiet.items():
        logging.getLogger(name).setLevel(level)
    root.removeHandler(handler)
    root.setLevel(previous_level)


def secrets_in(log: str, *tokens: str) -> list[str]:
    """The tokens, or their signatures alone, that appear in the log."""
    found = []
    for token in tokens:
        signature = token.partition("-")[2]
        found.extend(part for part in (token, signature) if part and part in log)
    return found


def test_a_booking_with_texts_and_a_cancel_leave_no_token_in_the_log(client, console_sms, project_log):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        page = make_callback_page()
        booked = client.post(page.url, form_data(text_me="on"))
        confirmation_path = booked["Location"]
        assert client.get(confirmation_path).status_code == 200
        run_due_tasks()
        callback_request = CallbackRequest.objects.get()
        cancel_token = links.cancel_token(callback_request.reference, callback_request.slot_end)
        cancel_path = page.cancel_path(callback_request.reference, callback_request.slot_end)
        assert client.get(cancel_path).status_code == 200
        assert client.post(cancel_path).status_code == 200
        run_due_tasks()
        tampered = cancel_path.replace(cancel_token, cancel_token[:-3] + "AAA")
        assert client.get(tampered).status_code == 404

    with time_machine.travel(callback_request.slot_end, tick=False):
        assert client.get(cancel_path).status_code == 410

    callback_request.refresh_from_db()
    assert callback_request.status == "cancelled"
    assert message(callback_request, SmsKind.CONFIRMATION).status == SmsStatus.SENT
    assert message(callback_request, SmsKind.CANCELLATION).status == SmsStatus.SENT
    log = project_log.getvalue()
    assert log.count("console backend, not sent") == 2
    assert MASKED_LINK_PART in log
    confirmation_token = confirmation_path.rstrip("/").rsplit("/", 1)[1]
    assert secrets_in(log, cancel_token, confirmation_token, tampered.rstrip("/").rsplit("/", 1)[1]) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            f"Cancel at https://helpline.example.org/request-a-callback/cancel/{SAMPLE_TOKEN}/ now",
            f"Cancel at https://helpline.example.org/request-a-callback/cancel/{MASKED_LINK_PART}/ now",
        ),
        (
            "See http://127.0.0.1:8000/request-a-callback/?ref=CB-7KQ4-MX2P",
            "See http://127.0.0.1:8000/request-a-callback/",
        ),
        ("Call 02380 248725.", "Call 02380 248725."),
    ],
    ids=["cancel-link", "query-string", "no-link"],
)
def test_the_console_backend_hides_the_token_and_keeps_the_rest_of_the_link(text, shown):
    assert links_with_tokens_hidden(text) == shown
