"""Errors a client may see. Each carries a stable ``code``; nothing else reaches a client.

Two families: :class:`ApiError` becomes a GraphQL error with ``extensions.code`` (who you are,
what you may touch, what exists, whether the service is up); :class:`RuleViolation` becomes
``errors { code field message }`` in a mutation payload (a program rule said no).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import N_, Text, _

CONFLICT = "CONFLICT"
"""The code of an edit that lost to another: made from a version someone has changed since
(``core.versions``), or a concurrent request's write that got there first."""


@dataclass(frozen=True)
class Reason:
    """One rule's verdict in words: ``code`` is the rule ID, ``message`` a sentence a
    coordinator can read, ``field`` the input field it concerns (if any)."""

    code: str
    message: Text
    allowed: bool = False
    field: str | None = None


class ApiError(Exception):
    code = "INTERNAL"
    default_message = N_("Internal server error.")

    def __init__(self, message: Text | None = None) -> None:
        self.message: Text = message or _(self.default_message)
        super().__init__(self.message)


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"
    default_message = N_("Sign in to do this.")


class Forbidden(ApiError):
    code = "FORBIDDEN"
    default_message = N_("You are not allowed to do this.")


class NotFound(ApiError):
    code = "NOT_FOUND"
    default_message = N_("No such object.")


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"
    default_message = N_("The input is not valid.")


class ServiceUnavailable(ApiError):
    code = "SERVICE_UNAVAILABLE"
    default_message = N_("The database is unavailable right now; try again shortly.")


class RuleViolation(Exception):
    """A business rule refused the action; the transaction is rolled back and the reasons
    returned in the mutation payload."""

    def __init__(self, reasons: Sequence[Reason]) -> None:
        refused = [r for r in reasons if not r.allowed]
        if not refused:
            raise ValueError("a RuleViolation needs at least one refusing reason")
        super().__init__("; ".join(f"{r.code}: {r.message}" for r in refused))
        self.reasons = tuple(refused)

    @classmethod
    def single(cls, code: str, message: Text, field: str | None = None) -> RuleViolation:
        return cls([Reason(code=code, message=message, field=field)])

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.reasons}
