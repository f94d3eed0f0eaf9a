"""Kinds: every activity, group and due-item kind is named ``<program>.<kind>`` and belongs
to the program that declared it, whose rules alone run it. Every slice asks here, so none
reaches into another slice's service for it."""

from __future__ import annotations

from core.errors import RuleViolation
from core.i18n import N_, Text, _
from core.registry import Registry

INVALID = "INVALID"
UNKNOWN_KIND = "CORE-UNKNOWN-KIND"
# What services call a kind, as a reader says it (each a masculine "type" in French).
KIND_NOUNS = {
    "activity kind": N_("activity kind"),
    "due item kind": N_("due item kind"),
    "group kind": N_("group kind"),
    "plan kind": N_("plan kind"),
}


def _noun(what: str) -> Text | str:
    known = KIND_NOUNS.get(what)
    return _(known) if known is not None else what


def program_of(registry: Registry, kind: str, known: dict[str, object], what: str) -> str:
    """The enabled program declaring a kind, or a refusal naming the unknown kind."""
    if kind not in known:
        raise RuleViolation.single(
            UNKNOWN_KIND,
            _("{kind!r} is not a {what} of any enabled program.", kind=kind, what=_noun(what)),
            "kind",
        )
    return kind.split(".", 1)[0]


def require_own_kind(
    registry: Registry, program: str, kind: str, known: dict[str, object], what: str
) -> None:
    """A program's workflow acts on its own kinds only: what another program declared is run
    by that program's rules, which the workflow never asked."""
    if program_of(registry, kind, known, what) != program:
        raise RuleViolation.single(
            UNKNOWN_KIND,
            _(
                "{kind!r} is not a {what} of {program}.",
                kind=kind,
                what=_noun(what),
                program=program,
            ),
            "kind",
        )
