"""The program's today: core's calendar date, read through one function so a test can set the
day (the two-month questionnaire boundary) without sleeping."""

from __future__ import annotations

from datetime import date

from core.due_items import calendar


def today() -> date:
    return calendar.today()
