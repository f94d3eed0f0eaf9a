"""The contract's access checks: strangers read and change nothing of a person's data.

Each function returns the problems it found, one readable line each, so the contract's checks
assert on an empty list and the kit's own tests can show that a careless program is caught.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
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

from core.errors import ApiError
from core.graphql.relay import from_global_id
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
    nothing the owner reads. An ID argument that names no person or organization is given,
    in turn, each ID the probe used or the owner read, so that the call meets the field's
    access check rather than a refused ID."""
    problems = []
    before = await _snapshot(world, data)
    candidates = _identifiers([world.owner, [o.variables for o in data.reads + data.changes]])
    candidates += [i for i in _identifiers(before) if i not in candidates]
    for root, name in fields:
        if name in public:
            continue
        for identifier in candidates if _takes_other_ids(world, root, name) else [world.owner]:
            document, variables = call(world, root, name, identifier)
            body = await world.execute(document, variables, by=None)
            if reveals(body, world.secret):
                problems.append(f"anonymous {root}.{name} returned {body}")
    if await _snapshot(world, data) != before:
        problems.append("anonymous calls of the program's mutations changed the owner's data")
    return problems


def _identifiers(value: Any) -> list[str]:
    """The global IDs anywhere in ``value``, in order, once each."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return list(dict.fromkeys(i for item in value for i in _identifiers(item)))
    if isinstance(value, str):
        with suppress(ApiError):
            type_name, _ = from_global_id(value)
            return [value] if type_name.isidentifier() else []
    return []


def _root_field(world: World, root: str, name: str) -> GraphQLField:
    graphql_type = world.schema.schema._schema.type_map[root]
    assert isinstance(graphql_type, GraphQLObjectType)
    return graphql_type.fields[name]


def _takes_other_ids(world: World, root: str, name: str) -> bool:
    """Whether the least call of the field passes an ID naming something else than a person
    or an organization (which :func:`_sample` fills with ``identifier``)."""
    target = _root_field(world, root, name)
    return any(
        _other_id(a, arg.type)
        for a, arg in target.args.items()
        if _required(arg.type, arg.default_value)
    )


def _other_id(name: str, graphql_type: GraphQLInputType) -> bool:
    named = get_named_type(graphql_type)
    if isinstance(named, GraphQLInputObjectType):
        return any(
            _other_id(key, field.type)
            for key, field in named.fields.items()
            if _required(field.type, field.default_value)
        )
    return named.name == "ID" and not {"organization", "person"} & _words(name)


def _words(name: str) -> set[str]:
    return {w for w in ("organization", "person") if w in name.lower()}


def call(world: World, root: str, name: str, identifier: str) -> tuple[str, dict[str, Any]]:
    """A document calling one root field with its required arguments, as variables: the
    owner for a person's ID, their organization for an organization's, else ``identifier``."""
    target = _root_field(world, root, name)
    required = {a: arg for a, arg in target.args.items() if _required(arg.type, arg.default_value)}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    head = f"{root.lower()} Contract({declared})" if required else root.lower()
    called = f"{name}({passed})" if required else name
    document = f"{head} {{ {called}{_selection(target.type, DEPTH)} }}"
    samples = {a: _sample(world, a, arg.type, identifier) for a, arg in required.items()}
    return document, samples


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


def _sample(world: World, name: str, graphql_type: GraphQLInputType, identifier: str) -> Any:
    """The likeliest value to leak with."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _sample(world, name, graphql_type.of_type, identifier)
    if isinstance(graphql_type, GraphQLList):
        return [_sample(world, name, graphql_type.of_type, identifier)]
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            key: _sample(world, key, field.type, identifier)
            for key, field in graphql_type.fields.items()
            if _required(field.type, field.default_value)
        }
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    if graphql_type.name != "ID":
        return SAMPLES.get(graphql_type.name, "1")
    if "organization" in _words(name):
        return world.organization
    return world.owner if "person" in _words(name) else identifier


def contributed(registry: Registry, slug: str) -> list[tuple[str, str]]:
    """``(root, field)`` of every Query and Mutation field the program adds to core's."""
    schema = build_schema(registry, contract_settings((slug,))).schema._schema
    core_only = build_schema(load_registry(contract_settings(())), contract_settings(()))
    core_types = core_only.schema._schema.type_map
    return [
        (root, name)
        for root in ("Query", "Mutation")
        if root in schema.type_map
        for name in schema.type_map[root].fields  # type: ignore[attr-defined]
        if root not in core_types or name not in core_types[root].fields  # type: ignore[attr-defined]
    ]
