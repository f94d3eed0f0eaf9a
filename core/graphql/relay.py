"""Relay conventions: global IDs and the ``Node`` interface (connections are in
``core.graphql.connections``).

Global IDs are plain attributes set when an object is built (no per-item resolver).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Any

import strawberry

from core.errors import BadUserInput, NotFound
from core.i18n import _

_NODE_TYPE = "peerlearn.node_type"
# Primary keys are 32-bit integer columns counted from 1: a number outside this range names no
# row, and PostgreSQL refuses to compare an int4 column with it at all.
MAX_PK = 2**31 - 1


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


class NoSuchId(NotFound):
    """A well-formed global ID whose number no row can have."""


def _number(digits: str) -> int | None:
    """The number a run of ASCII digits spells, or ``None`` when it is not one. Anything past
    ``MAX_PK`` comes back as ``MAX_PK + 1``, judged on its length first so that a number of
    thousands of digits is never converted."""
    if not (digits.isascii() and digits.isdigit()):
        return None
    significant = digits.lstrip("0")
    if len(significant) > len(str(MAX_PK)):
        return MAX_PK + 1
    return min(int(significant or "0"), MAX_PK + 1)


def from_global_id(value: str) -> tuple[str, int]:
    """Split a global ID into its type name and primary key.

    A malformed ID is bad input; a well-formed one whose number is out of range is
    :class:`NoSuchId`, like any ID that names nothing, so that callers never send the
    database a number it cannot compare."""
    try:
        decoded = base64.urlsafe_b64decode(value.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        decoded = ""
    type_name, _colon, digits = decoded.partition(":")
    pk = _number(digits)
    if not type_name or pk is None:
        raise BadUserInput(_("{value!r} is not a valid ID.", value=value))
    if not 1 <= pk <= MAX_PK:
        raise NoSuchId(_("No {type} with ID {value!r}.", type=type_name, value=value))
    return type_name, pk


def decode_id(value: str, type_name: str) -> int:
    """The primary key of a global ID that must name an object of ``type_name``."""
    actual, pk = from_global_id(value)
    if actual != type_name:
        raise NotFound(_("No {type} with ID {value!r}.", type=type_name, value=value))
    return pk


def decode_one_of(value: str, type_names: tuple[str, ...]) -> tuple[str, int]:
    """The type name and primary key of a global ID that must name one of ``type_names`` (an
    owner that is a group or an organization, say)."""
    actual, pk = from_global_id(value)
    if actual not in type_names:
        *others, last = type_names
        raise NotFound(
            _(
                "No {types} or {last} with ID {value!r}.",
                types=", ".join(others),
                last=last,
                value=value,
            )
            if others
            else _("No {type} with ID {value!r}.", type=last, value=value)
        )
    return actual, pk


def node_id(type_name: str, *, description: str | None = None, optional: bool = False) -> Any:
    """An input field holding the global ID of a ``type_name``: :func:`decoded` turns it into
    the primary key, so a resolver never decodes IDs by hand. An optional one defaults to
    ``None``."""
    metadata = {_NODE_TYPE: type_name}
    if optional:
        return strawberry.field(default=None, description=description, metadata=metadata)
    return strawberry.field(description=description, metadata=metadata)


def decoded(input: object) -> dict[str, Any]:
    """An input's values by field name, each :func:`node_id` field decoded to its key (an
    ID of another type is not found, like one that names nothing)."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(input):  # type: ignore[arg-type]
        value = getattr(input, field.name)
        type_name = field.metadata.get(_NODE_TYPE)
        if type_name is not None and value is not None:
            value = decode_id(value, type_name)
        values[field.name] = value
    return values


@strawberry.interface(description="An object with a globally unique ID.")
class Node:
    id: strawberry.ID
