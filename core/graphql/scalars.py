"""Scalars stricter than strawberry's own, where its parsing lets through values no field means.

strawberry parses ``Decimal`` with :class:`decimal.Decimal` itself, which also accepts ``NaN``,
``sNaN``, ``Infinity`` and numbers such as ``1E+999999``: comparing a NaN raises, and an absurd
exponent overflows the integer columns credits and hours are stored in. Every Decimal input in
the API is an amount of hours or credits, so only finite numbers of a sane size are accepted.

``DateTime`` values are stored in UTC: an instant at the very ends of the calendar (such as
``9999-12-31T23:00:00-05:00``) has no UTC date and is refused here, before any service sees it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, DecimalException

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DateTimeDefinition, DecimalDefinition
from strawberry.types.scalar import ScalarDefinition

# Below ten million: larger than any amount of hours or credits, and small enough that its
# hundredths fit the 32-bit integer columns amounts are stored in.
MAX_DECIMAL_INTEGER_DIGITS = 7
MAX_DECIMAL_PLACES = 6


def parse_decimal(value: object) -> Decimal:
    """A finite decimal of at most the digits above, or a coercion error graphql-core reports
    as a bad variable (or a failed validation, for a literal in the query)."""
    text = str(value)
    try:
        number = Decimal(text)
    except DecimalException:
        raise StrawberryInputCoercionError(f'Value cannot represent a Decimal: "{text}".') from None
    if not number.is_finite():
        raise StrawberryInputCoercionError(f'"{text}" is not a finite decimal number.')
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if number.adjusted() >= MAX_DECIMAL_INTEGER_DIGITS or -exponent > MAX_DECIMAL_PLACES:
        raise StrawberryInputCoercionError(
            f'"{text}" is out of range: decimals have at most {MAX_DECIMAL_INTEGER_DIGITS} '
            f"digits before the point and {MAX_DECIMAL_PLACES} after it."
        )
    return number


def parse_datetime(value: object) -> datetime:
    """strawberry's DateTime, refused when its instant falls outside the calendar in UTC."""
    parsed = DateTimeDefinition.parse_value(value)  # type: ignore[misc]
    assert isinstance(parsed, datetime)
    if parsed.tzinfo is not None:
        try:
            parsed.astimezone(UTC)
        except OverflowError:
            raise StrawberryInputCoercionError(
                f'"{value}" is outside the calendar once converted to UTC.'
            ) from None
    return parsed


FiniteDecimal = ScalarDefinition(
    name=DecimalDefinition.name,
    description=DecimalDefinition.description,
    specified_by_url=None,
    serialize=str,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=Decimal,
)

StorableDateTime = ScalarDefinition(
    name=DateTimeDefinition.name,
    description=DateTimeDefinition.description,
    specified_by_url=None,
    serialize=DateTimeDefinition.serialize,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=datetime,
)

SCALARS: dict[object, ScalarDefinition] = {Decimal: FiniteDecimal, datetime: StorableDateTime}
