"""A stand-in for Twilio's HTTP client, and the fixtures that put it under the real twilio.rest.Client.

`FakeTwilioHttpClient` is a twilio.http.HttpClient: the real Client builds
the real request (URL, form fields, auth) and parses the real answer, so a
test sees exactly what would go over the wire and how the library would
react, and nothing leaves the process. Answers are played back in order;
when the script runs out every request is accepted.

The settings point gateway.py at this class (config/settings/test.py, and the
`twilio` fixture); gateway.py builds one instance with the client, and the
fixture hands that instance to the test.
"""

import itertools
import json
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import requests
from twilio.http import HttpClient
from twilio.http.response import Response

from callbacks.texts import gateway

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-not-secret"
FROM_NUMBER = "+447700900123"
MESSAGING_SERVICE_SID = "MG" + "1" * 32
PUBLIC_BASE_URL = "https://helpline.example.org"

_sids = itertools.count(1)


@dataclass(frozen=True)
class SentRequest:
    """One request the Twilio client made."""

    method: str
    url: str
    data: dict
    auth: tuple | None
    timeout: float | None


Answer = Response | BaseException | Callable[[SentRequest], "Response | BaseException"]


class FakeTwilioHttpClient(HttpClient):
    """Records every request and answers from a script, like Twilio's API would."""

    def __init__(self, timeout: float | None = None):
        super().__init__(logging.getLogger(__name__), is_async=False, timeout=timeout)
        self.sent: list[SentRequest] = []
        self.script: deque[Answer] = deque()
        self.otherwise: Answer = accepted

    def answer(self, *answers: Answer) -> None:
        """Play these back to the next requests, in order."""
        self.script.extend(answers)

    def always(self, answer: Answer) -> None:
        """Give this answer to every request once the script has run out."""
        self.otherwise = answer

    def request(
        self,
        method,
        uri,
        params=None,
        data=None,
        headers=None,
        auth=None,
        timeout=None,
        allow_redirects=False,
    ):
        sent = SentRequest(
            method=method,
            url=uri,
            data=dict(data or {}),
            auth=auth,
            timeout=timeout if timeout is not None else self.timeout,
        )
        self.sent.append(sent)
        answer = self.script.popleft() if self.script else self.otherwise
        if callable(answer) and not isinstance(answer, BaseException):
            answer = answer(sent)
        if isinstance(answer, BaseException):
            raise answer
        self._test_only_last_response = answer
        return answer


# --- Twilio's answers -------------------------------------------------------------------------


def accepted(sent: SentRequest) -> Response:
    """201 Created, with a fresh message SID, as the Messages API answers a good request."""
    sid = f"SM{next(_sids):032x}"
    body = {
        "sid": sid,
        "account_sid": ACCOUNT_SID,
        "to": sent.data.get("To"),
        "from": sent.data.get("From"),
        "messaging_service_sid": sent.data.get("MessagingServiceSid"),
        "body": sent.data.get("Body"),
        "status": "accepted" if sent.data.get("MessagingServiceSid") else "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "error_code": None,
        "error_message": None,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
    }
    return Response(201, json.dumps(body))


def twilio_error(status: int, code: int, message: str) -> Response:
    """An error in the shape the Messages API uses (code, message, more_info, status)."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return Response(status, json.dumps(body))


def opted_out() -> Response:
    return twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")


def invalid_number() -> Response:
    return twilio_error(400, 21211, "Invalid 'To' Phone Number: +44791112XXXX")


def not_a_mobile() -> Response:
    return twilio_error(400, 21614, "'To' number is not a valid mobile number")


def too_many_requests() -> Response:
    return twilio_error(429, 20429, "Too Many Requests")


def server_error() -> Response:
    """A 500 whose body is not JSON, as a failing proxy in front of the API would send."""
    return Response(500, "<html><body>Internal Server Error</body></html>")


def timed_out() -> requests.Timeout:
    """What TwilioHttpClient lets through when the API does not answer within the timeout."""
    return requests.exceptions.ReadTimeout("HTTPSConnectionPool(host='api.twilio.com'): Read timed out.")


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def twilio(settings) -> FakeTwilioHttpClient:
    """Texts on through Twilio, with the fake under the real client; the fake is returned."""
    settings.SMS_BACKEND = ""
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.SMS_HTTP_CLIENT = f"{__name__}.FakeTwilioHttpClient"
    settings.PUBLIC_BASE_URL = PUBLIC_BASE_URL
    gateway.forget_client()
    yield gateway.twilio_client().http_client
    gateway.forget_client()


@pytest.fixture
def console_sms(settings):
    """Texts on with the console backend: the log and the outbox, nothing sent."""
    settings.SMS_BACKEND = "console"
    gateway.forget_client()
    yield
    gateway.forget_client()
