"""The queue's URLs under /admin/callbacks/ (namespace `callback_queue`) and its menu item."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.viewsets.base import ViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from callbacks.queue.views import actions
from callbacks.queue.views.access import queue_staff_required
from callbacks.queue.views.detail import FollowUpView, RequestDetailView, RequestHistoryView
from callbacks.queue.views.listing import QueueIndexView
from callbacks.queue.views.live import LiveCountsView, QueueLiveView
from callbacks.queue.views.panels import MENU_LABEL, QueueMenuItem
from callbacks.queue.views.sms import OutboxView, SendMissedCallView
from callbacks.queue.views.statistics import StatisticsView
from callbacks.queue.views.wrap_up import WrapUpExportView


class CallbackQueueViewSet(ViewSet):
    name = "callback_queue"
    url_prefix = "callbacks"
    icon = "tasks"
    menu_label = MENU_LABEL
    menu_name = "callbacks"
    menu_order = 150  # after Pages: for help-line staff it is the main thing they use
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        return QueueMenuItem

    @cached_property
    def menu_url(self):
        return reverse("callback_queue:index")

    def get_urlpatterns(self):
        """Every pattern is wrapped in the staff check here, so no view can be added unguarded."""
        patterns = [
            path("", QueueIndexView.as_view(), name="index"),
            path("results/", QueueIndexView.as_view(results_only=True), name="index_results"),
            path("live/", QueueLiveView.as_view(), name="index_live"),
            path("live/counts/", LiveCountsView.as_view(), name="live_counts"),
            path("take-next/", actions.TakeNextView.as_view(), name="take_next"),
            path("statistics/", StatisticsView.as_view(), name="statistics"),
            path(
                "statistics/wrap-up-codes.<str:file_format>",
                WrapUpExportView.as_view(),
                name="wrap_up_export",
            ),
            path("<int:pk>/", RequestDetailView.as_view(), name="detail"),
            path("<int:pk>/claim/", actions.ClaimView.as_view(), name="claim"),
            path("<int:pk>/attempt/", actions.RecordAttemptView.as_view(), name="record_attempt"),
            path("<int:pk>/complete/", actions.CompleteView.as_view(), name="complete"),
            path("<int:pk>/unreachable/", actions.UnreachableView.as_view(), name="unreachable"),
            path("<int:pk>/release/", actions.ReleaseView.as_view(), name="release"),
            path("<int:pk>/urgency/", actions.UrgencyView.as_view(), name="urgency"),
            path("<int:pk>/reassign/", actions.ReassignView.as_view(), name="reassign"),
            path("<int:pk>/cancel/", actions.CancelView.as_view(), name="cancel"),
            path("<int:pk>/follow-up/", FollowUpView.as_view(), name="follow_up"),
            path("<int:pk>/send-missed-call-text/", SendMissedCallView.as_view(), name="send_missed_call"),
            path("text-messages/", OutboxView.as_view(), name="outbox"),
            path("<int:pk>/history/", RequestHistoryView.as_view(), name="history"),
            path("<int:pk>/history/results/", RequestHistoryView.as_view(results_only=True), name="history_results"),
        ]
        return decorate_urlpatterns(patterns, queue_staff_required)
