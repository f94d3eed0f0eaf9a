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
from core.i18n import N_, Text, _, _n
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


# Professions as a sentence names them, in the reader's language.
PROFESSION_WORDS = {
    Profession.FAMILY_PHYSICIAN.value: N_("family physician"),
    Profession.SPECIALIST.value: N_("specialist"),
    Profession.RESIDENT.value: N_("resident"),
    Profession.MOA.value: N_("moa"),
    Profession.NURSE.value: N_("nurse"),
    Profession.ALLIED_HEALTH.value: N_("allied health"),
    Profession.OTHER.value: N_("other"),
}


def _profession(value: str) -> str:
    word = PROFESSION_WORDS.get(value)
    return _(word) if word is not None else _words(value)


def _role_count(role: str, n: int) -> Text:
    """``n`` places in ``role``, counted in words (``1 lead``, ``2 facilitators``)."""
    if role == MembershipRole.LEAD.value:
        return _n("{n} lead", "{n} leads", n, n=n)
    if role == MembershipRole.FACILITATOR.value:
        return _n("{n} facilitator", "{n} facilitators", n, n=n)
    if role == MembershipRole.MEMBER.value:
        return _n("{n} member", "{n} members", n, n=n)
    return _("{n} {role}", n=n, role=_words(role))  # refused by ``problems`` at startup


@dataclass(frozen=True)
class Professions:
    """At least ``at_least`` distinct professions among the members and leads (facilitators
    and coaches are not the team), counting only those in ``among`` when it is given."""

    at_least: int
    among: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return PROFESSIONS

    def gap(self, places: Sequence[Place], title: str) -> Text | None:
        held = {p.profession.value for p in places if p.role in COUNTED_ROLES}
        if self.among:
            held &= set(self.among)
        if len(held) >= self.at_least:
            return None
        n = self.at_least
        params = {
            "title": title,
            "n": n,
            "among": ", ".join(_profession(p) for p in self.among),
            "count": len(held),
            "has": ", ".join(sorted(_profession(p) for p in held)),
        }
        if self.among and held:
            return _n(
                "A {title} needs members of at least {n} profession of {among}; "
                "it would have {count} ({has}).",
                "A {title} needs members of at least {n} professions of {among}; "
                "it would have {count} ({has}).",
                n,
                **params,
            )
        if self.among:
            return _n(
                "A {title} needs members of at least {n} profession of {among}; "
                "it would have {count} (none).",
                "A {title} needs members of at least {n} professions of {among}; "
                "it would have {count} (none).",
                n,
                **params,
            )
        if held:
            return _n(
                "A {title} needs members of at least {n} profession; "
                "it would have {count} ({has}).",
                "A {title} needs members of at least {n} professions; "
                "it would have {count} ({has}).",
                n,
                **params,
            )
        return _n(
            "A {title} needs members of at least {n} profession; it would have {count} (none).",
            "A {title} needs members of at least {n} professions; it would have {count} (none).",
            n,
            **params,
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

    def gap(self, places: Sequence[Place], title: str) -> Text | None:
        count = sum(1 for p in places if p.role.value == self.role)
        if count < self.at_least:
            return _(
                "A {title} needs at least {places}; it would have {count}.",
                title=title,
                places=_role_count(self.role, self.at_least),
                count=count,
            )
        if self.at_most is not None and count > self.at_most:
            return _(
                "A {title} has at most {places}; it would have {count}.",
                title=title,
                places=_role_count(self.role, self.at_most),
                count=count,
            )
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
