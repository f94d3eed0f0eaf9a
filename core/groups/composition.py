"""Composition rules: who a group of a kind must hold (two professions, one lead).

A program declares them on its ``GroupKind``; core checks them on every change to who holds
an active place (a join, a leave, a role change). A group being formed cannot meet them all
at once (a team starts with one person), so a change is refused only when it breaks a rule the
group met before it: a rule once met stays met, and a group meeting every rule is complete.
Adding a member never breaks a rule (the rules are lower bounds, or upper bounds on leads and
facilitators), so a place freed to the waitlist is always filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import Reason, RuleViolation
from core.groups.models import COUNTED_ROLES, MembershipRole
from core.people.models import Profession

if TYPE_CHECKING:
    from core.programs import GroupKind

PROFESSIONS = "CORE-GROUP-COMPOSITION-PROFESSIONS"
ROLE_PREFIX = "CORE-GROUP-COMPOSITION-"


@dataclass(frozen=True)
class Place:
    """An active place as the rules see it."""

    person_id: int
    role: MembershipRole
    profession: Profession


def _words(value: str) -> str:
    return value.replace("_", " ")


@dataclass(frozen=True)
class Professions:
    """At least ``at_least`` distinct professions among the members and leads (facilitators
    and coaches are not the team), counting only those in ``among`` when it is given."""

    at_least: int
    among: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return PROFESSIONS

    def gap(self, places: Sequence[Place], title: str) -> str | None:
        held = {p.profession.value for p in places if p.role in COUNTED_ROLES}
        if self.among:
            held &= set(self.among)
        if len(held) >= self.at_least:
            return None
        which = f" of {', '.join(_words(p) for p in self.among)}" if self.among else ""
        has = ", ".join(sorted(_words(p) for p in held)) or "none"
        return (
            f"A {title} needs members of at least {self.at_least} professions{which}; "
            f"it would have {len(held)} ({has})."
        )


@dataclass(frozen=True)
class Roles:
    """Between ``at_least`` and ``at_most`` active places in ``role`` (a lead, facilitators).
    Members are bounded by the group's capacity, not here."""

    role: str
    at_least: int = 0
    at_most: int | None = None

    @property
    def code(self) -> str:
        return f"{ROLE_PREFIX}{self.role.upper()}"

    def gap(self, places: Sequence[Place], title: str) -> str | None:
        count = sum(1 for p in places if p.role.value == self.role)
        if count < self.at_least:
            return f"A {title} needs at least {self.at_least} {self.role}; it would have {count}."
        if self.at_most is not None and count > self.at_most:
            return f"A {title} has at most {self.at_most} {self.role}; it would have {count}."
        return None


CompositionRule = Professions | Roles


def gaps(kind: GroupKind, places: Sequence[Place]) -> list[Reason]:
    """The kind's rules the places do not meet, each naming what is missing."""
    found = []
    for rule in kind.composition:
        message = rule.gap(places, kind.title.lower())
        if message is not None:
            found.append(Reason(code=rule.code, message=message))
    return found


def require_kept(kind: GroupKind, before: Sequence[Place], after: Sequence[Place]) -> None:
    """Refuse a change that breaks a rule the group met before it (see the module's doc)."""
    if not kind.composition:
        return
    unmet_before = {r.code for r in gaps(kind, before)}
    broken = [r for r in gaps(kind, after) if r.code not in unmet_before]
    if broken:
        raise RuleViolation(broken)


def problems(kind: GroupKind, known_kinds: Iterable[str]) -> list[str]:
    """What is wrong with a kind's declarations of composition, parent and invitations: the
    contract kit's check, so a program learns of a rule that can never hold before a member
    meets it."""
    found: list[str] = []
    professions = {p.value for p in Profession}
    roles = {r.value for r in MembershipRole}
    counted = {r.value for r in COUNTED_ROLES}
    seen: set[str] = set()
    for rule in kind.composition:
        if rule.code in seen:
            found.append(f"{kind.name}: {rule.code} is declared twice")
        seen.add(rule.code)
        if isinstance(rule, Professions):
            unknown = set(rule.among) - professions
            if unknown:
                found.append(f"{kind.name}: unknown professions {sorted(unknown)}")
            available = len(set(rule.among) & professions) if rule.among else len(professions)
            if not 1 <= rule.at_least <= available:
                found.append(f"{kind.name}: at least {rule.at_least} of {available} professions")
            if kind.max_capacity is not None and rule.at_least > kind.max_capacity:
                found.append(f"{kind.name}: {rule.at_least} professions in {kind.max_capacity}")
        elif isinstance(rule, Roles):
            if rule.role not in roles:
                found.append(f"{kind.name}: unknown role {rule.role!r}")
            if rule.role == MembershipRole.MEMBER.value and rule.at_most is not None:
                found.append(f"{kind.name}: members are bounded by capacity, not at_most")
            if rule.at_least < 0 or (rule.at_most is not None and rule.at_most < rule.at_least):
                found.append(f"{kind.name}: {rule.role} between {rule.at_least} and {rule.at_most}")
            if rule.at_least == 0 and rule.at_most is None:
                found.append(f"{kind.name}: a {rule.role} rule that bounds nothing")
            if (
                rule.role in counted
                and kind.max_capacity is not None
                and rule.at_least > kind.max_capacity
            ):
                found.append(f"{kind.name}: {rule.at_least} {rule.role} in {kind.max_capacity}")
        else:
            found.append(f"{kind.name}: {rule!r} is not a composition rule")
    if kind.parent_kind is not None and kind.parent_kind not in known_kinds:
        found.append(f"{kind.name}: parent kind {kind.parent_kind!r} is not declared")
    if kind.invitation_days < 1:
        found.append(f"{kind.name}: invitations last at least a day")
    return found
