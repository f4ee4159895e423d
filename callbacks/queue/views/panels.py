"""The queue's presence outside its own pages: the sidebar item with its count, and the dashboard panel."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem

from callbacks.queue import selectors as queue_selectors
from callbacks.queue.access import can_work_queue
from callbacks.texts import selectors as text_selectors

MENU_LABEL = "Callbacks"
# The dashboard panel's numbers, by QueueCounts field, in the order shown (live.py sends the same ones).
PANEL_COUNTS = {"due_today": "Due today", "overdue": "Overdue", "unclaimed": "Unclaimed", "mine": "Claimed by me"}


def menu_label(due: int) -> str:
    """ "Callbacks (3 due)", or just "Callbacks" when nothing is due."""
    return f"{MENU_LABEL} ({due} due)" if due else MENU_LABEL


class QueueMenuItem(MenuItem):
    """ "Callbacks (3 due)": shown to help-line staff only, counting open requests whose slot has started.

    Menu items are built once and cached, so the count is read per request in
    `render_component` (one indexed COUNT on each admin page a staff member opens).
    """

    def is_shown(self, request):
        return can_work_queue(request.user)

    def render_component(self, request):
        due = queue_selectors.due_open_count(now=timezone.now())
        return LinkMenuItem(
            self.name, menu_label(due), self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class QueueDashboardPanel(Component):
    """The admin home's summary for staff: due today, overdue, unclaimed, mine, each linking to the list."""

    name = "callback_queue"
    template_name = "callbacks/admin/dashboard_panel.html"
    order = 50  # above Wagtail's own panels: for staff this is the day's work

    @property
    def media(self):
        return forms.Media(css={"all": ["callbacks/admin/queue.css"]}, js=["callbacks/admin/queue_live.js"])

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        rules = queue_selectors.queue_rules(request)
        counts = queue_selectors.queue_counts(user=request.user, now=now, rules=rules)
        index = reverse("callback_queue:index")
        today = now.astimezone(rules.time_zone).date()
        links = {
            "due_today": f"{index}?day={today:%Y-%m-%d}",
            "overdue": f"{index}?timing=overdue",
            "unclaimed": f"{index}?claim=unclaimed",
            "mine": f"{index}?claim=mine",
        }
        return {
            # Components render with a plain dict: hand on what the panel's form needs.
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "counts": counts,
            "index_url": index,
            "take_next_url": reverse("callback_queue:take_next"),
            "delivery_warnings": text_selectors.delivery_warnings(now=now).messages,
            "outbox_url": reverse("callback_queue:outbox"),
            "items": [(key, label, getattr(counts, key), links[key]) for key, label in PANEL_COUNTS.items()],
            "live": {
                "counts_url": reverse("callback_queue:live_counts"),
                "menu_url": index,
                "seconds": settings.CALLBACK_QUEUE_REFRESH_SECONDS,
                "checked_at": timezone.localtime(now, rules.time_zone),
                "refresh_url": request.get_full_path(),
            },
        }
