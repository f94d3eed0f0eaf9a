"""The contract's access checks: strangers read and change nothing of a person's data.

Each function returns the problems it found, one readable line each, so the contract's checks
assert on an empty list and the kit's own tests can show that a careless program is caught.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
)

from core.graphql.schema import build_schema
from core.plugin_host import load_registry
from core.registry import Registry
from core.testing.world import STRANGERS, PersonalData, World, contract_settings

DEPTH = 3
"""How deep the sweep selects into what a field returns (a connection's edges' nodes)."""
SAMPLES = {
    "String": "contract",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Date": "2025-01-01",
    "DateTime": "2025-01-01T09:00:00+00:00",
    "Decimal": "1",
    "Time": "09:00:00",
}


def reveals(body: Any, secret: str | None = None) -> bool:
    """Whether a response hands anything over: the secret anywhere, or in ``data`` any value
    but nulls, empty lists, ``false``, type names and a payload's ``errors``."""
    if secret is not None and secret in json.dumps(body, default=str):
        return True
    return _carries(body.get("data") if isinstance(body, dict) else body)


def _carries(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_carries(v) for k, v in value.items() if k not in ("errors", "__typename"))
    return bool(value)


async def _snapshot(world: World, data: PersonalData) -> list[Any]:
    return [await world.execute(o.document, o.variables, by=o.by) for o in data.reads]


async def probe_problems(world: World, data: PersonalData) -> list[str]:
    """A probe that shows nothing proves nothing: its reads must show the secret to whoever
    may read them."""
    if not data.reads:
        return ["the personal-data probe names no operation reading the data"]
    return [
        f"{o.by} does not see the seeded secret through {o.document.split('(')[0]!r}: {body}"
        for o, body in zip(data.reads, await _snapshot(world, data), strict=True)
        if world.secret not in json.dumps(body, default=str)
    ]


async def stranger_reads(world: World, data: PersonalData) -> list[str]:
    """Each read, run by each stranger, answers with an error or nothing."""
    return [
        f"{stranger or 'anonymous'} read {body} with {operation.document!r}"
        for stranger in STRANGERS
        for operation in data.reads
        if reveals(
            body := await world.execute(operation.document, operation.variables, by=stranger),
            world.secret,
        )
    ]


async def stranger_changes(world: World, data: PersonalData) -> list[str]:
    """Each change, run by each stranger, answers with an error or nothing and leaves what
    the owner reads as it was; run by the one allowed, it does change it (or the check could
    not fail)."""
    problems = []
    before = await _snapshot(world, data)
    for stranger in STRANGERS:
        for operation in data.changes:
            body = await world.execute(operation.document, operation.variables, by=stranger)
            if reveals(body, world.secret):
                problems.append(f"{stranger or 'anonymous'} got {body} from {operation.document!r}")
            if await _snapshot(world, data) != before:
                problems.append(
                    f"{stranger or 'anonymous'} changed the data: {operation.document!r}"
                )
                before = await _snapshot(world, data)
    for operation in data.changes:
        await world.execute(operation.document, operation.variables, by=operation.by)
        if await _snapshot(world, data) == before:
            problems.append(
                f"{operation.by} changes nothing the reads show: {operation.document!r}"
            )
    return problems


async def anonymous_sweep(
    world: World, fields: Iterable[tuple[str, str]], data: PersonalData, public: frozenset[str]
) -> list[str]:
    """Every root field of the program (``(root, name)``) but the declared ``public`` ones,
    called anonymously with the least arguments it takes, returns nothing and changes
    nothing the owner reads."""
    problems = []
    before = await _snapshot(world, data)
    for root, name in fields:
        if name in public:
            continue
        document, variables = call(world, root, name)
        body = await world.execute(document, variables, by=None)
        if reveals(body, world.secret):
            problems.append(f"anonymous {root}.{name} returned {body}")
    if await _snapshot(world, data) != before:
        problems.append("anonymous calls of the program's mutations changed the owner's data")
    return problems


def call(world: World, root: str, name: str) -> tuple[str, dict[str, Any]]:
    """A document calling one root field with its required arguments, as variables."""
    graphql_type = world.schema.schema._schema.type_map[root]
    assert isinstance(graphql_type, GraphQLObjectType)
    target = graphql_type.fields[name]
    required = {a: arg for a, arg in target.args.items() if _required(arg.type, arg.default_value)}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    head = f"{root.lower()} Contract({declared})" if required else root.lower()
    called = f"{name}({passed})" if required else name
    document = f"{head} {{ {called}{_selection(target.type, DEPTH)} }}"
    return document, {a: _sample(world, a, arg.type) for a, arg in required.items()}


def _required(graphql_type: Any, default: Any) -> bool:
    return isinstance(graphql_type, GraphQLNonNull) and default is Undefined


def _selection(graphql_type: GraphQLOutputType, depth: int) -> str:
    named = get_named_type(graphql_type)
    if not isinstance(named, GraphQLObjectType):
        return "" if isinstance(named, GraphQLScalarType | GraphQLEnumType) else " { __typename }"
    parts = ["__typename"]
    for field_name, field in named.fields.items():
        if _takes_required(field):
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            parts.append(field_name)
        elif depth > 1:
            parts.append(field_name + _selection(field.type, depth - 1))
    return " { " + " ".join(parts) + " }"


def _takes_required(field: GraphQLField) -> bool:
    return any(_required(arg.type, arg.default_value) for arg in field.args.values())


def _sample(world: World, name: str, graphql_type: GraphQLInputType) -> Any:
    """The likeliest value to leak with: the owner and their organization for IDs."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _sample(world, name, graphql_type.of_type)
    if isinstance(graphql_type, GraphQLList):
        return [_sample(world, name, graphql_type.of_type)]
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            key: _sample(world, key, field.type)
            for key, field in graphql_type.fields.items()
            if _required(field.type, field.default_value)
        }
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    if graphql_type.name == "ID":
        return world.organization if "organization" in name.lower() else world.owner
    return SAMPLES.get(graphql_type.name, "1")


def contributed(registry: Registry, slug: str) -> list[tuple[str, str]]:
    """``(root, field)`` of every Query and Mutation field the program adds to core's."""
    schema = build_schema(registry, contract_settings((slug,))).schema._schema
    core_only = build_schema(load_registry(contract_settings(())), contract_settings(()))
    core_types = core_only.schema._schema.type_map
    return [
        (root, name)
        for root in ("Query", "Mutation")
        if root in schema.type_map
        for name in schema.type_map[root].fields  # type: ignore[union-attr]
        if root not in core_types or name not in core_types[root].fields  # type: ignore[union-attr]
    ]
