"""How each field of a selection is completed, decided once per selection per request.

A field is completed one of three ways (``core.graphql.execution`` does the completing):

- *plain*: strawberry marks it basic (no resolver, permission or extension) and it takes no
  arguments. Its value is the attribute of the same name: a leaf, or an object already built
  (a connection's edges and page info, an edge's node).
- *batched*: its resolver reads for a whole list of parents at once, declared with
  :func:`batched`, or a connection (``core.graphql.connections.Paged``) whose pages a loader
  reads together. On a list every parent's value comes from one call.
- otherwise, resolved one parent at a time, as graphql-core always does (``None``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import strawberry
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from strawberry.types.field import StrawberryField

from core.graphql.context import Info

BACKREF = "strawberry-definition"  # where strawberry keeps a GraphQL field's definition


class Unplain(Exception):
    """A value that ordinary execution must complete (and, usually, report as an error)."""


# Calls a field's own resolver for one parent, with the field's arguments (but for paging).
Resolve = Callable[..., Awaitable[Any]]


class Many(Protocol):
    """Reads a field for every parent of a list: ``kwargs`` are the field's arguments."""

    def __call__(
        self, info: Info, parents: Sequence[Any], resolve: Resolve, kwargs: dict[str, Any]
    ) -> Awaitable[Sequence[Any]]: ...


@dataclass(frozen=True, slots=True)
class Leaf:
    attr: str
    coerce: Callable[[Any], Any]
    non_null: bool
    is_list: bool


@dataclass(frozen=True, slots=True)
class Objects:
    """An object, or a list of non-null objects, completed by its own selection."""

    attr: str
    field_type: GraphQLOutputType
    object_type: GraphQLObjectType
    non_null: bool
    is_list: bool


@dataclass(frozen=True, slots=True)
class Batch:
    field_def: GraphQLField
    field: StrawberryField
    many: Many
    value: Leaf | Objects  # how the value each parent gets is completed


Step = Leaf | Objects | Batch | None


def _value(field_type: GraphQLOutputType, attr: str) -> Leaf | Objects | None:
    output: Any = field_type
    non_null = isinstance(output, GraphQLNonNull)
    if non_null:
        output = output.of_type
    is_list = isinstance(output, GraphQLList)
    if is_list:
        if not isinstance(output.of_type, GraphQLNonNull):
            return None  # a null item is nulled alone: ordinary execution does that
        output = output.of_type.of_type
    if is_leaf_type(output):
        return Leaf(attr, output.coerce_output_value, non_null, is_list)
    if isinstance(output, GraphQLObjectType):
        return Objects(attr, field_type, output, non_null, is_list)
    return None


def _many(field: StrawberryField) -> Many | None:
    resolver = field.base_resolver
    if resolver is None:
        return None
    if not field.extensions:
        many: Many | None = getattr(resolver.wrapped_func, "many", None)
        return many
    (extension, *others) = field.extensions
    if others:
        return None
    return getattr(extension, "resolve_many", None)


def step(parent_type: GraphQLObjectType, details: Any) -> Step:
    """How to complete one response key of ``parent_type``'s selection."""
    node = details[0].node
    field_def = parent_type.fields.get(node.name.value)
    field: StrawberryField | None = None if field_def is None else field_def.extensions.get(BACKREF)
    if field_def is None or field is None:  # __typename, introspection: graphql-core's own
        return None
    if not node.arguments and getattr(field_def.resolve, "_is_default", False):
        return _value(field_def.type, field.python_name)
    many = _many(field)
    value = _value(field_def.type, field.python_name) if many else None
    return None if many is None or value is None else Batch(field_def, field, many, value)


def coerced(leaf: Leaf, value: Any) -> Any:
    try:
        result = leaf.coerce(value)
    except Exception as error:
        raise Unplain from error
    if result is None or result is Undefined:
        raise Unplain
    return result


def batched(
    load: Callable[[Info, Sequence[Any]], Awaitable[Sequence[Any]]],
    *,
    graphql_type: Any,
    description: str,
) -> Any:
    """A field read for a whole list of parents by one call of ``load`` (parents in, one value
    each out, in order). A parent outside a list (a ``node`` asked by ID) is a list of one."""

    async def resolve(self: Any, info: Info) -> Any:
        return (await load(info, [self]))[0]

    async def many(
        info: Info, parents: Sequence[Any], resolve: Resolve, kwargs: dict[str, Any]
    ) -> Sequence[Any]:
        return await load(info, parents)

    resolve.many = many  # type: ignore[attr-defined]
    return strawberry.field(resolver=resolve, graphql_type=graphql_type, description=description)
