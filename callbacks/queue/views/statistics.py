"""How the help line is doing over the last 30 days: volume, outcomes, first-call reach, speed."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from callbacks.queue import selectors as queue_selectors
from callbacks.queue.views.charts import bar_chart
from callbacks.queue.views.detail import queue_breadcrumbs
from callbacks.queue.views.wrap_up import table_rows
from callbacks.queue.wrap_up_statistics import WRAP_UP_WEEKS, wrap_up_by_week

# Label every few days under the bars: thirty labels would run together.
DAY_LABEL_EVERY = 3


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "callbacks/admin/statistics.html"
    page_title = "Callback statistics"
    header_icon = "table"

    @cached_property
    def breadcrumbs_items(self):
        return queue_breadcrumbs({"url": "", "label": "Statistics"})

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rules = queue_selectors.queue_rules()
        figures = queue_selectors.queue_statistics(now=timezone.now(), rules=rules)
        points = [
            (f"{day:%d %b}", f"{day:%a %d %b}: {count} request{'s' if count != 1 else ''}", count)
            for day, count in figures.days
        ]
        share = figures.reached_first_time_share
        wrap_up = table_rows(wrap_up_by_week(now=timezone.now(), rules=rules))
        context.update(
            {
                "figures": figures,
                "chart": bar_chart(points, label_every=DAY_LABEL_EVERY),
                "reached_first_time_percent": None if share is None else round(share * 100),
                "period_days": len(figures.days),
                "wrap_up_header": wrap_up[0],
                "wrap_up_rows": wrap_up[1:],
                "wrap_up_weeks": WRAP_UP_WEEKS,
            }
        )
        return context
