"""Earlier requests from the same phone number, for the request page: has this reader rung before?

Only requests still within retention are shown: never one whose details
have been erased, nor one closed longer ago than the help line keeps details
(even if the nightly purge has not reached it yet). Seeing them is seeing
readers' details, so the detail view logs a "viewed" entry on each one shown.
"""

from datetime import datetime, timedelta

from django.db.models import OuterRef, Q, Subquery

from callbacks.help_line import current_help_line
from callbacks.models import AttemptOutcome, CallAttempt, CallbackRequest

CALLER_HISTORY_LIMIT = 10


def caller_history(callback_request: CallbackRequest, *, now: datetime, request=None) -> list[CallbackRequest]:
    """Other requests from this number, newest slot first, with their last call outcome and wrap-up codes.

    Two queries (requests, codes) whatever their number, and a read of the
    help-line settings unless `request` has had them already.
    """
    if not callback_request.phone:
        return []
    kept_since = now - timedelta(days=current_help_line(request).purge_after_days)
    last_outcome = CallAttempt.objects.filter(request=OuterRef("pk")).order_by("-made_at", "-pk").values("outcome")[:1]
    earlier = list(
        CallbackRequest.objects.filter(phone=callback_request.phone, anonymised_at__isnull=True)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=kept_since))
        .exclude(pk=callback_request.pk)
        .annotate(last_outcome=Subquery(last_outcome))
        .prefetch_related("wrap_up_codes")
        .order_by("-slot_start", "-pk")[:CALLER_HISTORY_LIMIT]
    )
    for row in earlier:
        row.last_outcome_label = (
            AttemptOutcome(row.last_outcome).label if row.last_outcome in AttemptOutcome.values else ""
        )
    return earlier
