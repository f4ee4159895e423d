"""Wrap-up codes by week: a table on the statistics page and the same figures as CSV or XLSX."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View

from callbacks.queue import selectors as queue_selectors
from callbacks.queue.spreadsheet import csv_bytes, xlsx_bytes
from callbacks.queue.wrap_up_statistics import WrapUpTable, wrap_up_by_week

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_rows(table: WrapUpTable) -> list[list]:
    """Header, one row per code, then the totals: the same layout on the page and in the files."""
    return [
        ["Wrap-up code", *(f"w/c {monday:%Y-%m-%d}" for monday in table.weeks)],
        *([name, *counts] for name, counts in table.rows),
        ["Requests with a code (a request may have several)", *table.totals],
    ]


class WrapUpExportView(View):
    http_method_names = ["get"]

    def get(self, request, file_format: str):
        if file_format not in CONTENT_TYPES:
            raise Http404("Choose CSV or XLSX.")
        now = timezone.now()
        rules = queue_selectors.queue_rules()
        rows = table_rows(wrap_up_by_week(now=now, rules=rules))
        body = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows, sheet_title="Wrap-up codes")
        response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
        filename = f"wrap-up-codes-{now.astimezone(rules.time_zone):%Y-%m-%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
