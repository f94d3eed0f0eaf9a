"""Eligibility: every rule that governs an action gives its verdict with a reason.

The same evaluation serves two callers: the ``eligibility`` query, so a frontend can show why a
button is disabled before it is pressed, and the service performing the action, which raises
:class:`~core.errors.RuleViolation` with the same codes when a rule refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from core.errors import Reason, RuleViolation
from core.i18n import Text

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from core.registry import Registry


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def allow(cls, code: str, message: Text) -> Decision:
        return cls(True, (Reason(code=code, message=message, allowed=True),))

    @classmethod
    def deny(cls, code: str, message: Text, field: str | None = None) -> Decision:
        return cls(False, (Reason(code=code, message=message, field=field),))

    @classmethod
    def combine(cls, decisions: Iterable[Decision]) -> Decision:
        decisions = list(decisions)
        return cls(
            allowed=all(d.allowed for d in decisions),
            reasons=tuple(r for d in decisions for r in d.reasons),
        )

    def raise_if_denied(self) -> None:
        if not self.allowed:
            raise RuleViolation(self.reasons)


@dataclass(frozen=True)
class EligibilityCheck:
    """What a rule is asked about: may ``person_id`` do ``action`` (to ``subject_id``)?

    ``program`` is the program owning the subject (a group's or activity's program), which
    limits the rules asked to core's and that program's.
    ``session`` is the caller's session: inside a mutation it is the write transaction, so a
    rule sees the same rows the action will change. ``registry`` finds the action's rules and
    the programs' settings a rule reads (a follow-up's delay, say)."""

    session: AsyncSession
    registry: Registry
    action: str
    person_id: int
    subject_id: int | None = None
    program: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


async def decide(check: EligibilityCheck) -> Decision:
    """Evaluate every enabled rule registered for the action, in registration order."""
    rules = check.registry.rules_for(check.action, check.program)
    return Decision.combine([await rule.evaluate(check) for rule in rules])


async def check(
    session: AsyncSession,
    registry: Registry,
    action: str,
    person_id: int,
    *,
    subject_id: int | None = None,
    program: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Decision:
    """The decision of every rule on the action, asked the one way every service asks it; a
    service about to act calls ``raise_if_denied()`` on it, so a refusal carries the rules'
    codes exactly as the ``eligibility`` query shows them."""
    return await decide(
        EligibilityCheck(
            session=session,
            registry=registry,
            action=action,
            person_id=person_id,
            subject_id=subject_id,
            program=program,
            params=params or {},
        )
    )


class EligibilityRule(Protocol):
    """A program rule checked before an action; ``code`` is its DOMAIN.md rule ID."""

    code: str
    applies_to: frozenset[str]

    async def evaluate(self, check: EligibilityCheck) -> Decision: ...
