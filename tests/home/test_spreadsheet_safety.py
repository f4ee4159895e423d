"""neutralise_spreadsheet_cell: the OWASP CSV-injection rule, one cell at a time."""

import datetime

import pytest

from home.spreadsheet_safety import neutralise_spreadsheet_cell


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(typed):
    assert neutralise_spreadsheet_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Helpful, thanks", "", " =1+1", "“=quoted”", "0800 111 2222", "— none"])
def test_other_text_is_left_as_it_is(typed):
    assert neutralise_spreadsheet_cell(typed) == typed


@pytest.mark.parametrize("value", [-5, 3.5, None, True, datetime.date(2026, 1, 1)])
def test_typed_values_are_left_as_they_are(value):
    assert neutralise_spreadsheet_cell(value) == value
