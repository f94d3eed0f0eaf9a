"""CSV returned as one string (PSP's aggregate and payments due through GraphQL) is as safe to
open in a spreadsheet as a streamed export: a cell that would start a formula is quoted."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from core.exports.csv import text


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_quotes_a_cell_that_would_start_a_formula(value: str) -> None:
    (_, row) = list(csv.reader(io.StringIO(text(["name"], [[value]]), newline="")))

    assert row == ["'" + value]


def test_csv_text_keeps_numbers_and_plain_text_as_they_are() -> None:
    document = text(["division", "credits"], [["Fraser Northwest", Decimal("-1.50")]])

    assert document == "division,credits\r\nFraser Northwest,-1.50\r\n"
