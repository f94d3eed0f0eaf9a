"""Reading an export's query parameters: a value that cannot be read is the caller's mistake
(INVALID, HTTP 400), said before anything about access or data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from core.errors import ApiError
from core.exports.csv import InvalidParameter
from core.graphql.relay import decode_id
from core.i18n import _


def required(params: Mapping[str, str], name: str) -> str:
    value = params.get(name, "").strip()
    if not value:
        raise InvalidParameter(_("The parameter {name!r} is required.", name=name))
    return value


def node(params: Mapping[str, str], name: str, type_name: str) -> int:
    """The primary key of the global ID a parameter holds, which must name a ``type_name``."""
    value = required(params, name)
    try:
        return decode_id(value, type_name)
    except ApiError:
        raise InvalidParameter(
            _("{name!r} must be the ID of an {type}.", name=name, type=type_name)
        ) from None


def day(params: Mapping[str, str], name: str) -> date | None:
    """An optional ISO date (``2026-01-31``)."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(_("{name!r} must be a date like 2026-01-31.", name=name)) from None


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    """An optional value among ``allowed`` (a program's slug)."""
    value = params.get(name, "").strip()
    if not value:
        return None
    if value not in allowed:
        raise InvalidParameter(
            _("{name!r} must be one of: {allowed}.", name=name, allowed=", ".join(allowed))
        )
    return value
