"""Helpers for the text-message tests: running due tasks, signing webhooks, reading messages back.

Plain functions; the fixtures live in fake_twilio.py (registered in conftest.py).
"""

from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from twilio.request_validator import RequestValidator

from callbacks.models import SmsMessage
from callbacks.texts.delivery import BACKEND

from .fake_twilio import AUTH_TOKEN

MAX_TASKS_PER_RUN = 50


def run_due_tasks() -> list:
    """Run every task that is due now, as one pass of `db_worker --batch` would; their return values.

    The worker itself resets database connections between tasks, which a
    test running inside a transaction cannot allow; the worker proper is
    exercised in test_sms_worker.py.
    """
    results = []
    for _ in range(MAX_TASKS_PER_RUN):
        row = DBTaskResult.objects.ready().filter(backend_name=BACKEND).first()
        if row is None:
            return results
        row.claim("test-worker")
        task_result = row.task_result
        try:
            value = row.task.call(*task_result.args, **task_result.kwargs)
        except Exception as error:
            row.set_failed(error)
            raise
        row.set_successful(value)
        results.append(value)
    raise AssertionError("tasks kept queueing more tasks")


def queued_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(backend_name=BACKEND).order_by("enqueued_at", "run_after"))


def waiting_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(backend_name=BACKEND, status="READY").order_by("run_after"))


def message(callback_request, kind: str) -> SmsMessage:
    return SmsMessage.objects.get(request=callback_request, kind=kind)


def status_url(sms_message: SmsMessage) -> str:
    return reverse("callbacks_webhooks:twilio_status", args=[sms_message.pk])


def signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature as Twilio computes it for a POST of `params` to `url`."""
    return RequestValidator(token).compute_signature(url, params)
