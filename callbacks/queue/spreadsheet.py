"""Tables out of the queue as CSV or XLSX, safe to open in a spreadsheet.

Any text cell that a spreadsheet would read as a formula (it starts with =, +,
-, @, a tab or a carriage return) gets a leading apostrophe, so a wrap-up code
an editor named "=HYPERLINK(...)" is shown as text, never run. home/ has no
shared helper for this yet; when one lands, this module should use it.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value, or for text that starts like a formula, the text behind an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise_formula(value) for value in row])
    # A byte-order mark, so Excel reads the file as UTF-8 (names such as “NHS 111 – online”).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        sheet.append([neutralise_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
