"""Sending text messages: the only module that knows Twilio.

One function per kind of message hands a finished text to the configured
backend and says what happened as an `SendResult`; it never raises for
anything the provider does, so the caller (callbacks/texts/delivery.py) decides
about retries in one place. The Twilio client is built on first use from
settings, with a timeout, and kept for as long as those settings hold.

Backends (settings.SMS_BACKEND):
- "twilio": sent through Twilio's Messages API. On by default when
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER or
  TWILIO_MESSAGING_SERVICE_SID are set.
- "console": nothing leaves the machine; the text is written to the log, with
  the number shortened and each link's signed token hidden (a log is no place
  for a working cancel link), and the message row (the staff outbox) records
  it as sent. For trying the whole flow without an account (`make run`).
- "off" (or Twilio settings incomplete): no texts, and the booking form does
  not offer them.

Twilio's answers, and what they mean here:
- 201: accepted; the message SID is kept for the delivery reports.
- 429, 5xx, a timeout or a dropped connection: try again later.
- 21610: the number replied STOP; it is never texted again.
- 21211 (not a valid number), 21614 (not a mobile): undeliverable, no retry.
- anything else: failed, no retry (a configuration problem for staff to see).
"""

import functools
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.module_loading import import_string
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from config.log_privacy import redact_path

logger = logging.getLogger(__name__)

TWILIO = "twilio"
CONSOLE = "console"
OFF = "off"
BACKENDS = (TWILIO, CONSOLE, OFF)

OPTED_OUT_CODES = frozenset({21610})
UNDELIVERABLE_CODES = frozenset({21211, 21614})
# What the console backend shows instead of a link's signed token.
MASKED_LINK_PART = "<token hidden>"
LINK_IN_TEXT = re.compile(r"https?://\S+")
# Twilio keeps an unsent message this long at most (seconds); a reminder is worthless after its slot starts.
MAX_VALIDITY_SECONDS = 36_000


class SendOutcome:
    SENT = "sent"
    RETRY = "retry"
    OPTED_OUT = "opted_out"
    UNDELIVERABLE = "undeliverable"
    FAILED = "failed"


@dataclass(frozen=True)
class SendResult:
    outcome: str
    sid: str = ""
    error_code: str = ""
    detail: str = ""  # for staff: never the number or the text


@dataclass(frozen=True)
class TwilioConfig:
    account_sid: str
    auth_token: str
    from_number: str
    messaging_service_sid: str
    http_client: str
    timeout: float


# --- configuration ----------------------------------------------------------------------------


def twilio_config() -> TwilioConfig | None:
    """The Twilio settings, or None if they are not complete enough to send."""
    config = TwilioConfig(
        account_sid=settings.TWILIO_ACCOUNT_SID,
        auth_token=settings.TWILIO_AUTH_TOKEN,
        from_number=settings.TWILIO_FROM_NUMBER,
        messaging_service_sid=settings.TWILIO_MESSAGING_SERVICE_SID,
        http_client=settings.SMS_HTTP_CLIENT,
        timeout=settings.SMS_TIMEOUT_SECONDS,
    )
    if config.account_sid and config.auth_token and (config.from_number or config.messaging_service_sid):
        return config
    return None


def backend() -> str:
    """ "twilio", "console" or "off", from SMS_BACKEND and the Twilio settings."""
    chosen = (settings.SMS_BACKEND or "").strip().lower()
    if chosen == CONSOLE:
        return CONSOLE
    if chosen in ("", TWILIO) and twilio_config() is not None:
        return TWILIO
    return OFF


def is_enabled() -> bool:
    """Whether texts can be sent at all: the booking form offers them only then."""
    return backend() != OFF


def twilio_client() -> Client:
    """The Twilio client for the current settings, built on first use."""
    config = twilio_config()
    if config is None:
        raise TwilioException("Twilio is not configured")
    return _client_for(config)


@functools.lru_cache(maxsize=1)
def _client_for(config: TwilioConfig) -> Client:
    http_client = import_string(config.http_client)(timeout=config.timeout)
    return Client(config.account_sid, config.auth_token, http_client=http_client)


def forget_client() -> None:
    """Drop the cached client, so the next send builds one from the settings then in force."""
    _client_for.cache_clear()


# --- one function per kind of message ----------------------------------------------------------


def send_confirmation(*, to: str, body: str, status_callback: str) -> SendResult:
    return _send(kind="confirmation", to=to, body=body, status_callback=status_callback)


def send_reminder(*, to: str, body: str, status_callback: str, valid_until: datetime, now: datetime) -> SendResult:
    """A reminder that Twilio drops rather than delivers late, once its slot has started."""
    seconds = int((valid_until - now).total_seconds())
    validity = max(1, min(MAX_VALIDITY_SECONDS, seconds))
    return _send(kind="reminder", to=to, body=body, status_callback=status_callback, validity_period=validity)


def send_missed_call(*, to: str, body: str, status_callback: str) -> SendResult:
    return _send(kind="missed call", to=to, body=body, status_callback=status_callback)


def send_moved(*, to: str, body: str, status_callback: str) -> SendResult:
    return _send(kind="moved", to=to, body=body, status_callback=status_callback)


def send_cancellation(*, to: str, body: str, status_callback: str) -> SendResult:
    return _send(kind="cancellation", to=to, body=body, status_callback=status_callback)


def send_repeat_booking(*, to: str, body: str, status_callback: str) -> SendResult:
    return _send(kind="repeat booking", to=to, body=body, status_callback=status_callback)


# --- delivery reports --------------------------------------------------------------------------


def signature_is_valid(*, url: str, params, signature: str) -> bool:
    """Whether a webhook request was signed by Twilio with our auth token, for exactly this URL and body.

    False whenever Twilio is not the backend: without the token nothing can be checked.
    """
    config = twilio_config()
    if config is None or backend() != TWILIO or not signature:
        return False
    return RequestValidator(config.auth_token).validate(url, params, signature)


# --- the backends ------------------------------------------------------------------------------


def _send(*, kind: str, to: str, body: str, status_callback: str, validity_period: int | None = None) -> SendResult:
    chosen = backend()
    if chosen == CONSOLE:
        return _send_to_console(kind=kind, to=to, body=body)
    if chosen != TWILIO:
        return SendResult(SendOutcome.FAILED, error_code="off", detail="Text messages are switched off.")
    return _send_with_twilio(to=to, body=body, status_callback=status_callback, validity_period=validity_period)


def _send_to_console(*, kind: str, to: str, body: str) -> SendResult:
    logger.info(
        "Text message (console backend, not sent) - %s to %s:\n%s", kind, _masked(to), links_with_tokens_hidden(body)
    )
    return SendResult(SendOutcome.SENT)


def _send_with_twilio(*, to: str, body: str, status_callback: str, validity_period: int | None) -> SendResult:
    config = twilio_config()
    arguments = {"to": to, "body": body}
    if config.messaging_service_sid:
        arguments["messaging_service_sid"] = config.messaging_service_sid
    else:
        arguments["from_"] = config.from_number
    if status_callback:
        arguments["status_callback"] = status_callback
    if validity_period is not None:
        arguments["validity_period"] = validity_period
    try:
        message = twilio_client().messages.create(**arguments)
    except (TwilioRestException, TwilioServiceException) as error:
        return _result_for_error(error)
    except requests.Timeout:
        return SendResult(SendOutcome.RETRY, error_code="timeout", detail="Twilio did not answer in time.")
    except requests.RequestException as error:
        return SendResult(
            SendOutcome.RETRY, error_code="network", detail=f"Could not reach Twilio ({type(error).__name__})."
        )
    except TwilioException as error:
        return SendResult(SendOutcome.FAILED, error_code="twilio", detail=str(error)[:200])
    return SendResult(SendOutcome.SENT, sid=message.sid or "")


def _result_for_error(error: TwilioRestException | TwilioServiceException) -> SendResult:
    status = int(getattr(error, "status", 0) or 0)
    code = getattr(error, "code", None)
    code_text = str(code or status)
    detail = f"Twilio answered {status}" + (f" with error {code}" if code and code != status else "") + "."
    if code in OPTED_OUT_CODES:
        return SendResult(
            SendOutcome.OPTED_OUT, error_code=code_text, detail="The number has opted out (replied STOP)."
        )
    if code in UNDELIVERABLE_CODES:
        return SendResult(SendOutcome.UNDELIVERABLE, error_code=code_text, detail=detail)
    if status == 429 or status >= 500:
        return SendResult(SendOutcome.RETRY, error_code=code_text, detail=detail)
    return SendResult(SendOutcome.FAILED, error_code=code_text, detail=detail)


def _masked(number: str) -> str:
    """Enough of a number to tell messages apart in a log, not enough to ring it."""
    return f"{number[:3]}…{number[-3:]}" if len(number) > 6 else "…"


def links_with_tokens_hidden(text: str) -> str:
    """`text` with every link's query string dropped and its signed segments shown as MASKED_LINK_PART.

    Which segments are secret is decided where the request logs decide it (config/log_privacy.py).
    """

    def hide(match: re.Match) -> str:
        parts = urlsplit(match.group())
        return urlunsplit((parts.scheme, parts.netloc, redact_path(parts.path, replacement=MASKED_LINK_PART), "", ""))

    return LINK_IN_TEXT.sub(hide, text)
