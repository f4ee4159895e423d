"""Tables out of the queue as CSV or XLSX, safe to open in a spreadsheet.

Any text cell that a spreadsheet would read as a formula gets a leading
apostrophe (home/spreadsheet_safety.py holds the rule), so a wrap-up code an
editor named "=HYPERLINK(...)" is shown as text, never run. openpyxl would
write such a string as a formula, so the XLSX cells are neutralised too.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from home.spreadsheet_safety import neutralise_spreadsheet_cell


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise_spreadsheet_cell(value) for value in row])
    # A byte-order mark, so Excel reads the file as UTF-8 (names such as “NHS 111 – online”).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        sheet.append([neutralise_spreadsheet_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
