"""The queue list: open requests by slot start, filterable, searchable, paginated, in the admin's look.

Built on Wagtail's generic BaseListingView (the base of IndexView) rather than
IndexView itself: IndexView brings spreadsheet export and model-permission
checks, and the queue wants neither (no export of readers' details; one queue
permission checked at the URL). The page runs a fixed number of queries
whatever its rows: attempts are annotated as subqueries and the claimer is
joined, and due/overdue/lapsed are worked out in Python from those values.
"""

import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from callbacks.booking.phone import display_uk_phone
from callbacks.booking.references import normalise_reference
from callbacks.models import CallbackRequest, Status
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.views import looks
from callbacks.queue.views.timing import row_timing
from callbacks.texts import selectors as text_selectors
from callbacks.wording import time_range

ALL_STATUSES = "all"
STATUS_CHOICES = [
    (Status.QUEUED, "Queued"),
    (Status.CLAIMED, "Claimed"),
    (Status.COMPLETED, "Completed"),
    (Status.UNREACHABLE, "Unreachable"),
    (Status.CANCELLED, "Cancelled"),
    (Status.EXPIRED, "Expired (never called)"),
    (ALL_STATUSES, "Any status"),
]
TIMING_CHOICES = [("overdue", "Overdue (slot ended)"), ("due", "Due now (slot started)")]
CLAIM_CHOICES = [
    ("mine", "Claimed by me"),
    ("unclaimed", "Unclaimed (free to take)"),
    ("waiting", "Waiting to try again"),
]
# Searching by phone needs a few digits, or "0" would match every number.
MIN_PHONE_DIGITS = 4


class QueueFilterSet(WagtailFilterSet):
    """The list's filters. With no status chosen the list shows open requests only."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        empty_label="Open (queued or claimed)",
        widget=forms.RadioSelect,
        method="filter_status",
    )
    day = django_filters.DateFilter(label="Slot day", widget=AdminDateInput, method="filter_day")
    timing = django_filters.ChoiceFilter(
        label="Timing", choices=TIMING_CHOICES, empty_label="Any time", widget=forms.RadioSelect, method="filter_timing"
    )
    claim = django_filters.ChoiceFilter(
        label="Claimed by", choices=CLAIM_CHOICES, empty_label="Anyone", widget=forms.RadioSelect, method="filter_claim"
    )

    class Meta:
        model = CallbackRequest
        fields = []

    def __init__(self, *args, now=None, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.rules = rules or queue_selectors.queue_rules()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(queue_selectors.open_q())
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL_STATUSES else queryset.filter(status=value)

    def filter_day(self, queryset, name, value):
        start, end = queue_selectors.local_day_bounds(value, self.rules.time_zone)
        return queryset.filter(slot_start__gte=start, slot_start__lt=end)

    def filter_timing(self, queryset, name, value):
        rule = queue_selectors.overdue_q if value == "overdue" else queue_selectors.due_q
        return queryset.filter(rule(self.now))

    def filter_claim(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(status=Status.CLAIMED, claimed_by=self.request.user)
        if value == "waiting":
            return queryset.filter(queue_selectors.waiting_q(self.now))
        return queryset.filter(queue_selectors.available_q(now=self.now, claim_lapse=self.rules.claim_lapse))


class QueueTable(Table):
    """Marks overdue and due-now rows with a class; the status cell says so in words too."""

    classname = "listing callback-queue"

    def get_row_classname(self, instance):
        timing = getattr(instance, "timing", None)
        return f"callback-queue__row--{timing.key}" if timing and timing.key else ""


class StatusColumn(Column):
    cell_template_name = "callbacks/admin/includes/status_cell.html"


class ReferenceColumn(TitleColumn):
    """The reference, with a "New" mark (in words) on requests made since the staff member last looked."""

    cell_template_name = "callbacks/admin/includes/reference_cell.html"


class QueueIndexView(BaseListingView):
    """Open callback requests in the order "Take next" works through them (urgent ones moved up)."""

    template_name = "callbacks/admin/index.html"
    results_template_name = "callbacks/admin/includes/queue_results.html"
    page_title = "Callbacks"
    header_icon = "tasks"
    index_url_name = "callback_queue:index"
    index_results_url_name = "callback_queue:index_results"
    paginate_by = 25
    is_searchable = True
    filterset_class = QueueFilterSet
    table_class = QueueTable
    verbose_name = "callback request"
    verbose_name_plural = "callback requests"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()
        self.rules = queue_selectors.queue_rules()
        # Rows created after this are marked "New" (see looks.py); the full page is a new look.
        self.new_since = looks.new_since(request) if self.results_only else looks.note_look(request, self.now)

    def get_base_queryset(self):
        return queue_selectors.queue_listing(now=self.now, claim_lapse=self.rules.claim_lapse)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "now": self.now, "rules": self.rules}

    def filter_queryset(self, queryset):
        if self.filters and self.filters.is_valid():
            return self.filters.filter_queryset(queryset)
        # No filters, or invalid ones (say, a mistyped day): still open requests only.
        return queryset.filter(queue_selectors.open_q())

    def search_queryset(self, queryset):
        """Reference (however typed, or a fragment), name, or phone digits as UK readers write them."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        matches = Q(name__icontains=query) | Q(reference__icontains=query.upper())
        if reference := normalise_reference(query):
            matches |= Q(reference=reference)
        digits = re.sub(r"\D", "", query)
        if len(digits) >= MIN_PHONE_DIGITS:
            # Stored as +44..., typed as 0...: drop the trunk zero before matching.
            matches |= Q(phone__contains=digits[1:] if digits.startswith("0") else digits)
        return queryset.filter(matches)

    @cached_property
    def columns(self):
        return [
            ReferenceColumn("reference", label="Reference", get_url=self.detail_url),
            Column("slot", label="Slot", accessor=self.slot_cell),
            Column("name", label="Name"),
            Column("phone", label="Phone", accessor=phone_cell),
            Column("communication", label="Needs", accessor=needs_cell),
            Column("topic", label="Topic", accessor="get_topic_display"),
            Column("attempt_count", label="Attempts"),
            StatusColumn("status", label="Status"),
            Column("claimed_by", label="Claimed by", accessor=queue_selectors.claimed_by_display),
        ]

    def slot_cell(self, instance):
        start = instance.slot_start.astimezone(self.rules.time_zone)
        end = instance.slot_end.astimezone(self.rules.time_zone)
        return format_html("{}<br>{}", f"{start:%a %d %b}", time_range(start, end))

    @staticmethod
    def detail_url(instance) -> str:
        return reverse("callback_queue:detail", args=[instance.pk])

    def get_table(self, object_list):
        rows = list(object_list)
        for row in rows:
            row.timing = row_timing(row, now=self.now, rules=self.rules)
            row.is_new = self.new_since is not None and row.created_at > self.new_since
        self.new_count = sum(row.is_new for row in rows)
        return super().get_table(rows)

    @cached_property
    def header_buttons(self):
        # Staff without page permissions have no Reports menu, so link the
        # site history report here, filtered to callback requests.
        request_type = ContentType.objects.get_for_model(CallbackRequest)
        activity_url = f"{reverse('wagtailadmin_reports:site_history')}?object_type={request_type.pk}"
        return [
            HeaderButton("Statistics", url=reverse("callback_queue:statistics"), icon_name="table"),
            HeaderButton("Text messages", url=reverse("callback_queue:outbox"), icon_name="mail"),
            HeaderButton("Activity log", url=activity_url, icon_name="history"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["take_next_url"] = reverse("callback_queue:take_next")
        context["delivery_warnings"] = text_selectors.delivery_warnings(now=timezone.now()).messages
        context["outbox_url"] = reverse("callback_queue:outbox")
        if not self.results_only:
            context["live"] = {
                "rows_url": reverse("callback_queue:index_live"),
                "counts_url": reverse("callback_queue:live_counts"),
                "menu_url": reverse("callback_queue:index"),
                "seconds": settings.CALLBACK_QUEUE_REFRESH_SECONDS,
                "checked_at": timezone.localtime(self.now, self.rules.time_zone),
                "new_count": getattr(self, "new_count", 0),
            }
        return context


def needs_cell(instance):
    """The reader's communication needs and a repeat-booking flag, as short tags (blank when none)."""
    flags = list(instance.communication_flags)
    if instance.repeat_booking_count:
        flags.append("Booked again")
    return format_html_join(
        " ", '<span class="w-status w-status--label callback-queue__flag">{}</span>', ((flag,) for flag in flags)
    )


def phone_cell(instance):
    """The number as staff dial it, as a tel: link (blank once erased)."""
    if not instance.phone:
        return ""
    return format_html(
        '<a class="callback-queue__nowrap" href="tel:{}">{}</a>', instance.phone, display_uk_phone(instance.phone)
    )
