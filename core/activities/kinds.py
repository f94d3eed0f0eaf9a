"""Which activity kinds core's own mutations may act on."""

from __future__ import annotations

from core.errors import RuleViolation
from core.i18n import _
from core.registry import Registry

PROGRAM_MANAGED = "CORE-ACTIVITY-PROGRAM-MANAGED"


def require_open_kind(registry: Registry, kind: str, field: str = "kind") -> None:
    """A program's managed kinds (PW Peer Connect, say) are scheduled, attended and corrected
    only through its workflow, where its own rules (a match, an approved account) apply."""
    declared = registry.activity_kinds.get(kind)
    if declared is not None and declared.program_managed:
        raise RuleViolation.single(
            PROGRAM_MANAGED,
            _(
                "{kind} activities are recorded and corrected through their program's own "
                "workflow.",
                kind=declared.title,
            ),
            field,
        )
