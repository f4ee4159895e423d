"""Admin sign-in lockouts (django-axes): the staff page that lists and lifts them, and their log line.

A username+address pair is refused for AXES_COOLOFF_TIME after
AXES_FAILURE_LIMIT wrong passwords (config/settings/base.py). Anyone who may
delete axes' access attempts (superusers) sees Settings > Sign-in lockouts and
can lift a lockout at once. axes' own log lines, which name the username and
address, are off (AXES_VERBOSE); the line here names neither.
"""

import logging

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

logger = logging.getLogger(__name__)

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user.has_perm(UNLOCK_PERMISSION)


def current_lockouts():
    """Pairs refused now: at the failure limit, with their last failure inside the cool-off."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")


class SignInLockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/sign_in_lockouts.html"
    page_title = "Sign-in lockouts"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lockouts"] = current_lockouts()
        context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context

    def post(self, request, *args, **kwargs):
        attempt = get_object_or_404(AccessAttempt, pk=request.POST.get("attempt"))
        reset(username=attempt.username, ip=attempt.ip_address)
        messages.success(request, f"“{attempt.username}” can sign in again from {attempt.ip_address}.")
        return redirect("operations_sign_in_lockouts")


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "Admin sign-in locked out for %s minutes after %s wrong passwords (one username from one address).",
        int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        settings.AXES_FAILURE_LIMIT,
    )
