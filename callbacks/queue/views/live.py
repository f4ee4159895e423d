"""The queue's live refresh: the list's rows, and the numbers of the menu item and the dashboard panel.

queue_live.js (callbacks/static/callbacks/admin/) asks these every
CALLBACK_QUEUE_REFRESH_SECONDS while the page is in view. Both answer with
no-cache headers (Wagtail wraps every admin URL in never_cache), behind the
same staff check as every queue URL (the viewset wraps them), and in a fixed number of queries whatever the queue holds.
The page works without them: it has a plain "Refresh" link.
"""

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views import View

from callbacks.queue import selectors as queue_selectors
from callbacks.queue.views.listing import QueueIndexView
from callbacks.queue.views.panels import PANEL_COUNTS, menu_label


class QueueLiveView(QueueIndexView):
    """The list's rows and page links alone, for the same filters, search and page as the list's query string.

    The script marks its requests with HX-Request (read by django-htmx); a
    person who opens this address in the browser is sent to the full list.
    """

    results_only = True
    results_template_name = "callbacks/admin/includes/queue_rows.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            query = request.GET.urlencode()
            return HttpResponseRedirect(reverse("callback_queue:index") + (f"?{query}" if query else ""))
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response


class LiveCountsView(View):
    """The sidebar label and the dashboard panel's numbers, as JSON: one settings read and one aggregate query."""

    http_method_names = ["get"]

    def get(self, request):
        rules = queue_selectors.queue_rules(request)
        counts = queue_selectors.queue_counts(user=request.user, now=timezone.now(), rules=rules)
        return JsonResponse(
            {
                "menu_label": menu_label(counts.due_now),
                "counts": {key: getattr(counts, key) for key in PANEL_COUNTS},
            }
        )
