"""One way to turn a row into a GraphQL object: by field name.

A type lists its fields as plain attributes and is built once from a row; only relations
resolve, through per-request loaders. Building every object the same way keeps a program's
types a list of fields, and the global ID is set as an attribute, not resolved per item."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, ClassVar, Self

from core.graphql.relay import to_global_id


@cache
def _plan(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """For each field a row fills: its name and how to compute it (``None``: read the row's
    attribute of that name). Computed once per type."""
    computed = cls.COMPUTED  # type: ignore[attr-defined]
    node_name = cls.NODE_NAME  # type: ignore[attr-defined]
    plan: list[tuple[str, Callable[[Any], Any] | None]] = []
    for field in dataclasses.fields(cls):
        has_default = (
            field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING
        )
        if not field.init or (has_default and field.name not in computed):
            continue
        if field.name in computed:
            plan.append((field.name, computed[field.name]))
        elif field.name == "id" and node_name:
            plan.append(("id", lambda row: to_global_id(node_name, row.id)))
        elif field.name == "pk":
            plan.append(("pk", lambda row: row.id))
        else:
            plan.append((field.name, None))
    return tuple(plan)


class FromRow:
    """Mixin for strawberry types built from a database row.

    Fields take the row's attribute of the same name; ``id`` is the global ID of the row
    (for a ``Node``, under ``NODE_NAME``, the type's name unless set) and ``pk`` its primary
    key. ``COMPUTED`` maps a field to a function of the row for the few that are not a plain
    column. A field with a default is no column: keyword arguments to :meth:`from_row` give
    it (and may override any other)."""

    COMPUTED: ClassVar[Mapping[str, Callable[[Any], Any]]] = {}
    NODE_NAME: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "NODE_NAME" not in cls.__dict__:
            cls.NODE_NAME = cls.__name__

    @classmethod
    def from_row(cls, row: Any, /, **given: Any) -> Self:
        plan = _plan(cls)  # type: ignore[arg-type]  # mypy misses that a class is Hashable
        values = {name: compute(row) if compute else getattr(row, name) for name, compute in plan}
        return cls(**(values | given if given else values))


def later(module: str, name: str) -> Any:
    """A function of a slice above the caller's, found when it is called: what
    ``strawberry.lazy`` is for a type, this is for the function that builds one. A slice
    imports only the slices below it, so a relation pointing up (a person's places, held by
    the groups slice) never forms an import loop."""
    return getattr(importlib.import_module(module), name)
