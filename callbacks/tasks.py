"""Background work for the callbacks app, run by `python manage.py db_worker --backend background`.

Tasks are thin: they read the clock and hand over to a service. They carry
ids and kinds only, never a name, number or text, because task rows (and
their arguments) are kept in the database and shown in the Django admin.
"""

from django.utils import timezone
from django_tasks import task

from . import sms_services

BACKEND = "background"


@task(backend=BACKEND)
def send_sms(request_id: int, kind: str) -> str:
    """Send the request's text of this kind, if it is still waiting and still wanted."""
    return sms_services.deliver_sms(request_id=request_id, kind=kind, now=timezone.now())


@task(backend=BACKEND)
def sweep_sms() -> int:
    """Re-queue text messages whose task was lost (see `manage.py sms_sweep`)."""
    return sms_services.sweep_sms(now=timezone.now())
