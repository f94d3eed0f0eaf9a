"""Due dates (issue 9, primitive 10): an item falls due and becomes overdue as the clock
moves, with nothing stored by a job; a kind's offset sets an item a while after an event
(SGLS-QUESTIONNAIRE); a recurring kind sets the next item when one falls due (LC-MONTHLY)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.db import Database, utcnow
from core.due_items import service as due_items
from core.due_items.calendar import Interval
from core.graphql.relay import from_global_id
from core.settings import Settings
from core.tasks.jobs import continue_series
from tests.core_service_support import refusal_codes, registry_of
from tests.tasks_support import DAY, FOLLOW_UP, MONTHLY, READING, Owner, noon, owner  # noqa: F401


def _read_on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The clock the API reads items against."""
    monkeypatch.setattr("core.due_items.types.today", lambda: day)


async def test_core_due_state_is_computed_from_the_clock_when_read(
    owner: Owner,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    days = [DAY - timedelta(days=1), DAY, DAY + timedelta(days=1), DAY]
    ids = [await owner.owe(day) for day in days]
    await owner.complete(ids[3])

    _read_on(monkeypatch, DAY)
    today = {i["id"]: (i["state"], i["isOverdue"]) for i in await owner.items()}
    _read_on(monkeypatch, DAY + timedelta(days=2))
    later = {i["id"]: (i["state"], i["isOverdue"]) for i in await owner.items()}

    assert [today[i] for i in ids] == [
        ("OVERDUE", True),
        ("DUE", False),
        ("UPCOMING", False),
        ("COMPLETED", False),
    ]
    assert [later[i] for i in ids] == [("OVERDUE", True)] * 3 + [("COMPLETED", False)]


async def _schedule_after_event(
    database: Database, settings: Settings, person: str, kind: str, offset: Interval | None
) -> date:
    async with database.write() as session:
        item = await due_items.schedule_due_item(
            session,
            registry_of(settings),
            program="example",
            person_id=from_global_id(person)[1],
            kind=kind,
            title="Questionnaire",
            after=date(2000, 12, 31),
            offset=offset,
        )
    return item.due_on


@pytest.mark.parametrize(
    ("offset", "due_on"),
    [(None, date(2001, 2, 28)), (Interval(months=1, days=3), date(2001, 2, 3))],
)
async def test_sgls_questionnaire_falls_due_an_offset_after_the_event(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
    offset: Interval | None,
    due_on: date,
) -> None:
    """The kind's two months (the last day of February, as 31 December has no match), or
    the offset the program gives from its setting."""
    due = await _schedule_after_event(database, settings, owner.person, FOLLOW_UP, offset)

    assert due == due_on


async def test_core_due_no_offset_refused_for_a_kind_without_one(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    refused = _schedule_after_event(database, settings, owner.person, READING, None)

    assert await refusal_codes(refused) == ["CORE-DUE-NO-OFFSET"]


async def _continue(database: Database, settings: Settings, day: date) -> None:
    await continue_series(database, registry_of(settings), noon(day))


def _series(items: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (i["dueOn"], i["recurrence"]["occurrence"], i["recurrence"]["nextDueOn"])  # type: ignore[index]
        for i in sorted(items, key=lambda i: str(i["dueOn"]))
        if i["kind"] == MONTHLY
    ]


async def test_lc_monthly_next_report_is_set_when_one_falls_due_without_drifting(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    first = await owner.owe(DAY, MONTHLY)

    await _continue(database, settings, DAY - timedelta(days=1))
    before = _series(await owner.items())
    await _continue(database, settings, DAY)
    await _continue(database, settings, date(2001, 4, 30))  # a late run catches up
    items = await owner.items()

    assert before == [("2001-01-31", 1, "2001-02-28")]
    assert _series(items) == [
        ("2001-01-31", 1, "2001-02-28"),
        ("2001-02-28", 2, "2001-03-31"),
        ("2001-03-31", 3, "2001-04-30"),
        ("2001-04-30", 4, "2001-05-31"),
        ("2001-05-31", 5, "2001-06-30"),
    ]
    second = next(i for i in items if i["dueOn"] == "2001-02-28")
    assert second["followsId"] == first
    assert second["recurrence"] | {"occurrence": 0, "nextDueOn": None} == {
        "months": 1,
        "days": 0,
        "every": "1 month",
        "count": 12,
        "occurrence": 0,
        "nextDueOn": None,
    }


async def test_lc_monthly_series_ends_after_its_count(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    await owner.owe(DAY, MONTHLY)

    await _continue(database, settings, date(2003, 1, 31))
    series = _series(await owner.items())

    assert len(series) == 12
    assert series[-1] == ("2001-12-31", 12, None)


async def test_lc_monthly_series_stops_when_its_open_item_is_closed(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """The person stopped owing the reports (they left the collaborative): the closed item
    sets no successor, and the series ends there."""
    await owner.owe(DAY, MONTHLY)
    async with database.write() as session:
        await due_items.close_open(session, from_global_id(owner.person)[1], MONTHLY, utcnow())

    await _continue(database, settings, date(2001, 6, 30))

    assert [d for d, _, _ in _series(await owner.items())] == ["2001-01-31"]


async def test_core_due_an_item_of_a_kind_that_does_not_recur_has_no_recurrence(
    owner: Owner,  # noqa: F811
) -> None:
    await owner.owe(DAY)

    (item,) = await owner.items()

    assert (item["recurrence"], item["followsId"]) == (None, None)
