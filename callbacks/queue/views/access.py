"""The gate in front of every queue URL.

`CallbackQueueViewSet.get_urlpatterns` wraps each pattern in
`queue_staff_required`, so a view added later is guarded without having to
remember to be. Wagtail's own `require_admin_access` runs first (it wraps all
admin URLs): anonymous visitors and users without admin access are sent to
the login page before this check. Everyone else who is not help-line staff
gets a plain 403 in the admin's look, for GET and POST alike, rather than
Wagtail's usual redirect to the dashboard, so that a refusal is unambiguous
to people, tests and logs.
"""

from functools import wraps

from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from callbacks.queue.access import can_work_queue


class ForbiddenView(WagtailAdminTemplateMixin, TemplateView):
    """What a logged-in admin user who is not help-line staff sees on any queue URL."""

    template_name = "callbacks/admin/forbidden.html"
    page_title = "Callbacks"
    header_icon = "lock"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    @cached_property
    def breadcrumbs_items(self):
        return [*WagtailAdminTemplateMixin.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    put = patch = delete = post


def forbidden(request) -> TemplateResponse:
    response = ForbiddenView.as_view()(request)
    response.status_code = 403
    return response


def queue_staff_required(view_func):
    """Let help-line staff (and superusers) through; refuse everyone else with 403."""

    @wraps(view_func)
    def wrapped(request, *args, **kwargs):
        if not can_work_queue(request.user):
            return forbidden(request)
        return view_func(request, *args, **kwargs)

    return wrapped
