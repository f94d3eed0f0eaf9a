"""Events (core.events): a program reacts to what happened to its own objects, inside the
change's transaction; a refusing handler undoes the change; no program hears another's events;
a handler for an event core never raises stops startup."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.access import load_viewer
from core.activities.models import Participation
from core.activities.service import record_participation
from core.credits.models import CreditEntry
from core.db import Database
from core.due_items.service import complete_due_item, create_due_item
from core.errors import RuleViolation
from core.events import ATTENDANCE_RECORDED, DUE_ITEM_COMPLETED, Event, EventHandler
from core.graphql.relay import from_global_id
from core.plugin_host import load_registry
from core.registry import ProgramError, Registry
from core.settings import Settings
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

DUE_ITEMS = """
query($id: ID!) {
  node(id: $id) { ... on Person { dueItems { nodes { kind title dueOn } } } }
}"""


def with_handlers(registry: Registry, program: str, *handlers: EventHandler) -> Registry:
    """The suite's registry, with ``program`` declaring ``handlers`` instead of its own."""
    return Registry(
        replace(p, event_handlers=handlers) if p.slug == program else p for p in registry.programs
    )


async def test_core_event_attendance_recorded_reaches_the_activitys_program(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    activity = await make.activity()  # an example workshop, 1 March 2024

    await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=person, hours=2)

    items = (await gql.data(DUE_ITEMS, {"id": person}))["node"]["dueItems"]["nodes"]
    assert [(i["kind"], i["dueOn"]) for i in items] == [("example.reflection", "2024-04-30")]


def test_core_event_reaches_only_the_program_whose_object_it_is(settings: Settings) -> None:
    registry = load_registry(settings)
    for program in registry.programs:
        own = [h for h in program.event_handlers if h.event == ATTENDANCE_RECORDED]
        assert registry.event_handlers(program.slug, ATTENDANCE_RECORDED) == own, program.slug
    assert registry.event_handlers("example", ATTENDANCE_RECORDED), "nothing to tell apart"
    assert len({id(h) for p in registry.programs for h in p.event_handlers}) > len(
        registry.event_handlers("example", ATTENDANCE_RECORDED)
    ), "only the example program handles events: the test proves nothing"


async def test_core_event_handler_refusal_undoes_the_change(
    make: Factory, settings: Settings, database: Database, platform_admin: int
) -> None:
    async def refuse(*_: object) -> None:
        raise RuleViolation.single("EX-REFUSED", "The example program refuses this attendance.")

    registry = with_handlers(
        load_registry(settings), "example", EventHandler(ATTENDANCE_RECORDED, refuse)
    )
    person = from_global_id(await make.person())[1]
    activity = from_global_id(await make.activity())[1]

    async def attend() -> None:
        async with database.write() as session:
            viewer = await load_viewer(session, platform_admin)
            await record_participation(
                session, registry, viewer, activity_id=activity, person_id=person, hours=Decimal(2)
            )

    with pytest.raises(RuleViolation) as refused:
        await attend()

    assert [r.code for r in refused.value.reasons] == ["EX-REFUSED"]
    async with database.read() as session:
        for model in (Participation, CreditEntry):
            left = select(func.count()).select_from(model).where(model.person_id == person)
            assert await session.scalar(left) == 0, f"a {model.__name__} outlived the refusal"


async def test_core_event_due_item_completed_names_the_item_and_person(
    make: Factory, settings: Settings, database: Database, platform_admin: int
) -> None:
    heard: list[Event] = []

    async def listen(_session: object, _registry: object, event: Event) -> None:
        heard.append(event)

    registry = with_handlers(
        load_registry(settings), "example", EventHandler(DUE_ITEM_COMPLETED, listen)
    )
    person = from_global_id(await make.person())[1]
    async with database.write() as session:
        viewer = await load_viewer(session, platform_admin)
        item = await create_due_item(
            session,
            registry,
            viewer,
            person_id=person,
            program="example",
            kind="example.reading",
            title="Read before the workshop",
            due_on=date(2027, 1, 15),
        )
        await complete_due_item(session, registry, viewer, item.id)

    assert heard == [Event(DUE_ITEM_COMPLETED, "example", item.id, person)]


def test_core_event_unknown_name_stops_startup(settings: Settings) -> None:
    async def ignore(*_: object) -> None:
        return None

    with pytest.raises(ProgramError, match=r"attendance\.recordd"):
        with_handlers(
            load_registry(settings), "example", EventHandler("attendance.recordd", ignore)
        )
