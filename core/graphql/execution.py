"""Execution that completes plain fields in one pass instead of resolving them one at a time.

graphql-core resolves every field of every object alike: it builds a resolve info, calls the
field's resolver through strawberry's wrapper, checks whether the result is awaitable and then
completes it by type. A roster page is thousands of fields and nearly all of them are plain: a
column of a row built with ``FromRow`` (a name, an email, a status), or an object that is
already an attribute (a connection's edges and page info, an edge's node). Their values are
already in memory; the machinery around reading them cost several times the database work.

Here each object's selection is planned once per request (graphql-core already collects the
selection once per list, so the plan is shared by every item): a field is *plain* when strawberry
marks it basic (no resolver, permission or extension), it takes no arguments and no schema
extension wraps resolvers. A plain leaf is read with ``getattr`` and coerced by its type; a
plain object, or non-null list of objects, goes straight to its own selection, skipping
resolution. Every other field (a relation through a loader, a field with arguments or rules)
executes as graphql-core always does, so errors, nulls and their paths are the same: a plain
value that cannot be completed simply (a null where one is not allowed, a value its type refuses,
an object of another type) is handed back to ordinary execution, which reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_BACKREF = "strawberry-definition"


class _Unplain(Exception):
    """A plain value that ordinary execution must complete (and, usually, report)."""


@dataclass(frozen=True, slots=True)
class _Leaf:
    attr: str
    coerce: Callable[[Any], Any]
    non_null: bool
    is_list: bool = False


@dataclass(frozen=True, slots=True)
class _Object:
    attr: str
    field_type: GraphQLOutputType
    object_type: GraphQLObjectType
    non_null: bool
    is_list: bool


_Step = _Leaf | _Object | None  # None: execute the field as graphql-core does


def _step(parent_type: GraphQLObjectType, details: Any) -> _Step:
    """How to complete one response key of ``parent_type``'s selection."""
    node = details[0].node
    field = parent_type.fields.get(node.name.value)
    if field is None or node.arguments or not getattr(field.resolve, "_is_default", False):
        return None
    attr = field.extensions[_BACKREF].python_name
    output: Any = field.type
    non_null = isinstance(output, GraphQLNonNull)
    if non_null:
        output = output.of_type
    if is_leaf_type(output):
        return _Leaf(attr, output.coerce_output_value, non_null)
    is_list = isinstance(output, GraphQLList)
    if is_list:
        item = output.of_type
        if not isinstance(item, GraphQLNonNull):  # a null item is nulled alone: leave it to
            return None  # ordinary execution
        output = item.of_type
        if is_leaf_type(output):
            return _Leaf(attr, output.coerce_output_value, non_null, is_list=True)
    if isinstance(output, GraphQLObjectType):
        return _Object(attr, field.type, output, non_null, is_list)
    return None


def _coerced(step: _Leaf, value: Any) -> Any:
    try:
        coerced = step.coerce(value)
    except Exception as error:
        raise _Unplain from error
    if coerced is None or coerced is Undefined:
        raise _Unplain
    return coerced


class PlainFieldsExecution(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain fields directly (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # A schema extension that wraps every resolver (tracing per field) must see every field.
        self._plain = manager is None or not manager.middlewares
        self._plans: dict[int, tuple[Any, tuple[tuple[str, _Step, Any], ...]]] = {}

    def _plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> tuple[tuple[str, _Step, Any], ...]:
        # graphql-core collects a selection once per list and hands every item the same
        # grouped field set: keyed by its identity, and kept alive so the identity holds.
        key = id(grouped_field_set)
        cached = self._plans.get(key)
        if cached is None:
            steps = tuple(
                (name, _step(parent_type, details) if self._plain else None, details)
                for name, details in grouped_field_set.items()
            )
            cached = self._plans[key] = (grouped_field_set, steps)
        return cached[1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        results: dict[str, Any] = {}
        pending: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for name, step, details in self._plan(parent_type, grouped_field_set):
                result: Any = Undefined
                if step is not None:
                    try:
                        result = self._complete_plain(
                            step, source_value, path, name, parent_type, details, position_context
                        )
                    except _Unplain:
                        result = Undefined
                if result is Undefined:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        details,
                        Path(path, name, parent_type.name),
                        position_context,
                    )
                    if result is Undefined:
                        continue
                results[name] = result
                if is_awaitable(result):
                    pending.append(name)
        except Exception:
            if pending:
                self.settle_in_background([results[name] for name in pending])
            raise
        if not pending:
            return results

        async def gathered() -> dict[str, Any]:
            values = await gather_with_cancel(*(results[name] for name in pending))
            results.update(zip(pending, values, strict=True))
            return results

        return gathered()

    def _complete_plain(
        self,
        step: _Leaf | _Object,
        source: Any,
        path: Path | None,
        name: str,
        parent_type: GraphQLObjectType,
        details: Any,
        position_context: Any,
    ) -> Any:
        value = getattr(source, step.attr)
        if value is None:
            if step.non_null:
                raise _Unplain
            return None
        if step.is_list and not isinstance(value, list | tuple):
            raise _Unplain  # graphql-core says what it is instead
        if isinstance(step, _Leaf):
            return [_coerced(step, v) for v in value] if step.is_list else _coerced(step, value)
        is_type_of = step.object_type.is_type_of
        items = value if step.is_list else (value,)
        # strawberry's is_type_of (a type implementing an interface) reads the object alone.
        if is_type_of is not None and not all(is_type_of(item, None) is True for item in items):  # type: ignore[arg-type]
            raise _Unplain
        field_path = Path(path, name, parent_type.name)
        try:
            grouped, defer_usages, _ = self.collect_subfields(step.object_type, details)
            completed = [
                self.execute_collected_subfields(
                    step.object_type,
                    item,
                    Path(field_path, index, None) if step.is_list else field_path,
                    grouped,
                    defer_usages,
                    position_context,
                )
                for index, item in enumerate(items)
            ]
        except Exception as error:
            # As graphql-core's own field: an error below a non-null field propagates.
            self.handle_field_error(error, step.field_type, details, field_path)
            return None
        waiting = [i for i, item in enumerate(completed) if self.is_awaitable(item)]
        if not waiting:
            return completed if step.is_list else completed[0]
        return self._settled(step, completed, waiting, details, field_path)

    async def _settled(
        self,
        step: _Object,
        completed: list[Any],
        waiting: list[int],
        details: Any,
        field_path: Path,
    ) -> Any:
        """The awaited items of a plain object field; an error in one propagates as it would
        from the field (every item is non-null), to be nulled or raised by the field's type."""
        try:
            values: list[Any] = await gather_with_cancel(*(completed[i] for i in waiting))
        except Exception as error:
            self.handle_field_error(error, step.field_type, details, field_path)
            return None
        for i, value in zip(waiting, values, strict=True):
            completed[i] = value
        return completed if step.is_list else completed[0]
