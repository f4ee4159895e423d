"""Spreadsheet cells that cannot run as formulas (the OWASP "CSV injection" rule).

A reader can type `=HYPERLINK("http://evil.example","Click")` into a form; in
a CSV export opened by an editor, a spreadsheet would run it. Every CSV export
passes its cells through `neutralise_spreadsheet_cell`: text starting with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, which
spreadsheets read as "this is text" and do not show. Numbers, dates and other
typed values are left alone.

XLSX exports need no apostrophe: a cell there is typed, and Wagtail writes
text that looks like a formula as a text cell. So `SpreadsheetSafeExportMixin`,
for Wagtail's report and listing views (SpreadsheetExportMixin), neutralises
CSV cells only.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_spreadsheet_cell(value):
    """`value`, made safe to open in a spreadsheet if it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SpreadsheetSafeExportMixin:
    """Put before Wagtail's ReportView (or any SpreadsheetExportMixin view): its CSV cells cannot run."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise_spreadsheet_cell(value)
        return value
