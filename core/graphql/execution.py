"""Execution that completes plain and batched fields a list at a time, not a field at a time.

graphql-core resolves every field of every object alike: it builds a resolve info, calls the
field's resolver through strawberry's wrapper, checks whether the result is awaitable and then
completes it by type; an awaited field also costs a task. A roster page is thousands of fields
and nearly all of them are plain (a column of a row built with ``FromRow``, an object already
in an attribute) or a relation a loader reads for the whole page anyway. The machinery around
reading them cost several times the database work.

Each selection is planned once per request (``core.graphql.plans``; graphql-core collects a
selection once per list, so every item shares the plan). A plain leaf is read with ``getattr``
and coerced by its type; a plain object goes straight to its own selection. When a list of
objects holds batched fields anywhere below it, the list is completed level by level: every
batched field is read once for all the objects of its level (all the people of the page, then
all their places), then the next level, so a page costs one call per relation, not one per item.
Every other field executes as graphql-core always does, so errors, nulls and their paths are the
same: a plain value that cannot be completed simply (a null where none is allowed, a value its
type refuses, an object of another type) is handed back to ordinary execution, which reports it.
A schema extension that wraps every resolver (per-field tracing) turns all of this off.
"""

from __future__ import annotations

import asyncio
from typing import Any

from graphql import GraphQLObjectType
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import get_arguments

from core.graphql import plans
from core.graphql.plans import Batch, Leaf, Objects, Step, Unplain, coerced

Plan = tuple[tuple[str, Step, Any], ...]


class _Failed:
    """An object of a level that could not be completed: the error to propagate from it."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def _present(step: Leaf | Objects, value: Any) -> bool:
    """Whether a plain value holds something to complete: a null only where one is allowed
    (it is then the answer), a list only where the type is one."""
    if value is None:
        if step.non_null:
            raise Unplain
        return False
    if step.is_list and not isinstance(value, list | tuple):
        raise Unplain  # graphql-core says what it is instead
    return True


def _objects(step: Objects, value: Any) -> Any:
    """The objects of a plain object field's value, each checked to be of its type."""
    items = value if step.is_list else (value,)
    is_type_of = step.object_type.is_type_of
    # strawberry's is_type_of (a type implementing an interface) reads the object alone.
    if is_type_of is not None and not all(is_type_of(item, None) is True for item in items):  # type: ignore[arg-type]
        raise Unplain
    return items


def _raised(outcome: Any) -> Any:
    """A gathered outcome; a cancellation is not an outcome but goes on."""
    if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
        raise outcome
    return outcome


class PlainFieldsExecution(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain and batched fields directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._planning = manager is None or not manager.middlewares
        self._plans: dict[int, tuple[Any, Plan]] = {}
        self._levelled: dict[int, tuple[Any, bool]] = {}

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Plan:
        # Keyed by the collected selection's identity, kept alive so the identity holds.
        cached = self._plans.get(id(grouped_field_set))
        if cached is None:
            steps = tuple(
                (name, plans.step(parent_type, details) if self._planning else None, details)
                for name, details in grouped_field_set.items()
            )
            cached = self._plans[id(grouped_field_set)] = (grouped_field_set, steps)
        return cached[1]

    def _by_level(self, objects: Objects, details: Any) -> bool:
        """Whether a list's selection holds a batched field, at any depth of plain objects."""
        cached = self._levelled.get(id(details))
        if cached is None:
            grouped, defer_usages, _ = self.collect_subfields(objects.object_type, details)
            found = not defer_usages and any(
                isinstance(s, Batch) or (isinstance(s, Objects) and self._by_level(s, d))
                for _, s, d in self._plan(objects.object_type, grouped)
            )
            cached = self._levelled[id(details)] = (details, found)
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
                if isinstance(step, Leaf | Objects) and position_context is None:
                    try:
                        value = getattr(source_value, step.attr)
                        result = self._complete(step, value, path, name, parent_type, details)
                    except Unplain:
                        result = Undefined
                if result is Undefined:
                    field_path = Path(path, name, parent_type.name)
                    result = self.execute_field(
                        parent_type, source_value, details, field_path, position_context
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

    def _complete(
        self,
        step: Leaf | Objects,
        value: Any,
        path: Path | None,
        name: str,
        parent_type: GraphQLObjectType,
        details: Any,
    ) -> Any:
        """One parent's plain value: completed now, or an awaitable of its completion."""
        if not _present(step, value):
            return None
        if isinstance(step, Leaf):
            return [coerced(step, v) for v in value] if step.is_list else coerced(step, value)
        items = _objects(step, value)
        field_path = Path(path, name, parent_type.name)
        paths = [Path(field_path, i, None) for i in range(len(items))] if step.is_list else None
        try:
            if self._by_level(step, details):
                return self._level_field(step, details, field_path, items, paths)
            grouped, defer_usages, _ = self.collect_subfields(step.object_type, details)
            completed = [
                self.execute_collected_subfields(
                    step.object_type,
                    item,
                    paths[i] if paths else field_path,
                    grouped,
                    defer_usages,
                    None,
                )
                for i, item in enumerate(items)
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
        self, step: Objects, completed: list[Any], waiting: list[int], details: Any, path: Path
    ) -> Any:
        """The awaited items of a plain object field; an error in one propagates as it would
        from the field (every item is non-null), to be nulled or raised by the field's type."""
        try:
            values = await gather_with_cancel(*(completed[i] for i in waiting))
        except Exception as error:
            self.handle_field_error(error, step.field_type, details, path)
            return None
        for i, value in zip(waiting, values, strict=True):
            completed[i] = value
        return completed if step.is_list else completed[0]

    async def _level_field(
        self, step: Objects, details: Any, path: Path, items: Any, paths: list[Path] | None
    ) -> Any:
        objects = await self._level(step.object_type, details, list(items), paths or [path])
        for done in objects:
            if isinstance(done, _Failed):
                self.handle_field_error(done.error, step.field_type, details, path)
                return None
        return objects if step.is_list else objects[0]

    async def _level(
        self, object_type: GraphQLObjectType, details: Any, items: list[Any], paths: list[Path]
    ) -> list[Any]:
        """Complete ``items``, all of ``object_type`` with one selection, a level at a time:
        each batched field read once for all of them, then every object field's values
        together, one level further down."""
        if not items:
            return []
        grouped, _, _ = self.collect_subfields(object_type, details)
        plan = self._plan(object_type, grouped)
        batches = [(name, s, d) for name, s, d in plan if isinstance(s, Batch)]
        read = await asyncio.gather(
            *(self._read(s, d, object_type, items, paths[0], name) for name, s, d in batches),
            return_exceptions=True,
        )
        values = {name: _raised(found) for (name, _, _), found in zip(batches, read, strict=True)}
        results: list[Any] = [{} for _ in items]
        resolved: list[tuple[int, str, Any]] = []  # awaited per item, as graphql-core does
        below: list[tuple[int, str, Objects, Any, Any]] = []  # object values, a level down
        for i, item in enumerate(items):
            for name, s, d in plan:
                value: Any = Undefined
                if isinstance(s, Batch) and not isinstance(values[name], BaseException):
                    value, s = values[name][i], s.value
                elif isinstance(s, Leaf | Objects):
                    value = getattr(item, s.attr)
                results[i][name] = self._levelled_value(
                    i, item, name, s, d, value, object_type, paths[i], values, below, resolved
                )
        await self._below(below, results, paths, object_type)
        outcomes = await asyncio.gather(*(r for _, _, r in resolved), return_exceptions=True)
        for (i, name, _), outcome in zip(resolved, outcomes, strict=True):
            outcome = _raised(outcome)
            results[i][name] = _Failed(outcome) if isinstance(outcome, Exception) else outcome
        return [next((v for v in r.values() if isinstance(v, _Failed)), r) for r in results]

    def _levelled_value(
        self,
        i: int,
        item: Any,
        name: str,
        s: Step,
        d: Any,
        value: Any,
        object_type: GraphQLObjectType,
        path: Path,
        values: dict[str, Any],
        below: list[tuple[int, str, Objects, Any, Any]],
        resolved: list[tuple[int, str, Any]],
    ) -> Any:
        """One item's field on a level: its value, a placeholder for a value completed later
        (a level down, or awaited), or a failure to propagate."""
        try:
            if isinstance(s, Batch):  # the batch failed: the error is every parent's
                field_path = Path(path, name, object_type.name)
                self.handle_field_error(values[name], s.field_def.type, d, field_path)
                return None
            if isinstance(s, Leaf):
                return self._complete(s, value, path, name, object_type, d)
            if isinstance(s, Objects):
                if _present(s, value):
                    below.append((i, name, s, d, list(_objects(s, value))))
                return None
        except Unplain:
            pass
        except Exception as error:
            return _Failed(error)
        # Resolved, or a value ordinary execution must complete and report, for this item.
        try:
            result = self.execute_field(
                object_type, item, d, Path(path, name, object_type.name), None
            )
        except Exception as error:
            return _Failed(error)
        if self.is_awaitable(result):
            resolved.append((i, name, result))
        return result

    async def _below(
        self,
        below: list[tuple[int, str, Objects, Any, Any]],
        results: list[Any],
        paths: list[Path],
        object_type: GraphQLObjectType,
    ) -> None:
        """Every object field of a level, completed together per field of the selection
        (``below`` holds each item's objects of the field, a list of one for a lone object)."""
        by_field: dict[str, list[tuple[int, Objects, Any, Any]]] = {}
        for i, name, s, d, value in below:
            by_field.setdefault(name, []).append((i, s, d, value))
        for name, found in by_field.items():
            _, s, d, _ = found[0]
            children: list[Any] = []
            child_paths: list[Path] = []
            for i, _, _, items in found:
                field_path = Path(paths[i], name, object_type.name)
                children += items
                child_paths += (
                    [Path(field_path, k, None) for k in range(len(items))]
                    if s.is_list
                    else [field_path]
                )
            done = await self._level(s.object_type, d, children, child_paths)
            start = 0
            for i, _, _, items in found:
                mine, start = done[start : start + len(items)], start + len(items)
                failed = next((c for c in mine if isinstance(c, _Failed)), None)
                if failed is None:
                    results[i][name] = mine if s.is_list else mine[0]
                    continue
                try:
                    field_path = Path(paths[i], name, object_type.name)
                    self.handle_field_error(failed.error, s.field_type, d, field_path)
                    results[i][name] = None
                except Exception as error:
                    results[i][name] = _Failed(error)

    async def _read(
        self,
        batch: Batch,
        details: Any,
        object_type: GraphQLObjectType,
        items: list[Any],
        path: Path,
        name: str,
    ) -> Any:
        """One batched field for every item of a level: one call, one value per item."""
        raw = self.build_resolve_info(
            batch.field_def, to_nodes(details), object_type, Path(path, name, object_type.name)
        )
        schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
        info = schema.config.info_class(_raw_info=raw, _field=batch.field)
        first = details[0]
        arguments = (
            get_argument_values(
                batch.field_def,
                first.node,
                self.variable_values,
                first.fragment_variable_values,
                self.hide_suggestions,
            )
            if batch.field_def.args or first.node.arguments
            else {}
        )
        _, kwargs = get_arguments(
            field=batch.field,
            source=None,
            info=info,
            kwargs=arguments,
            config=schema.config,
            scalar_registry=schema.schema_converter.scalar_registry,
        )
        resolver = batch.field.base_resolver
        assert resolver is not None
        info_name = resolver.info_parameter.name if resolver.info_parameter else None
        own = {k: v for k, v in kwargs.items() if k != info_name}

        def resolve(parent: Any, **given: Any) -> Any:
            extra = {info_name: info} if info_name else {}
            return resolver(parent, **given, **extra)

        return await batch.many(info, items, resolve, own)
