"""What makes a goal SMART, by the rules of its plan's kind: each part stated, a target date
ahead of today, within the days the kind gives the goal's term."""

from __future__ import annotations

from datetime import date

from core.errors import Reason, RuleViolation
from core.i18n import N_, Text, _
from core.plans.models import GoalTerm
from core.privacy.screen import screen
from core.programs import PlanKind

SMART = "CORE-PLAN-SMART"
PARTS = ("specific", "measurable", "achievable", "relevant")
SMART_PARTS = {
    "specific": N_("A SMART goal states what makes it specific."),
    "measurable": N_("A SMART goal states what makes it measurable."),
    "achievable": N_("A SMART goal states what makes it achievable."),
    "relevant": N_("A SMART goal states what makes it relevant."),
}
DAYS_PER_MONTH = 30.44


def _months(days: int) -> int:
    return round(days / DAYS_PER_MONTH)


def _term_problem(kind: PlanKind, term: GoalTerm, days: int) -> Text | None:
    """Why the target date is out of the term's window the kind declares, if it is."""
    window = kind.short_term_days if term == GoalTerm.SHORT else kind.long_term_days
    if window is None or window[0] <= days <= window[1]:
        return None
    low, high = window
    if term == GoalTerm.SHORT:
        return _(
            "A short-term goal takes up to {months} months: set a target date within {days} days.",
            months=_months(high),
            days=high,
        )
    return _(
        "A long-term goal takes {low_months} to {high_months} months: "
        "set a target date {low} to {high} days ahead.",
        low_months=_months(low),
        high_months=_months(high),
        low=low,
        high=high,
    )


def smart_parts(
    kind: PlanKind,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
    today: date,
) -> dict[str, str]:
    """The goal's parts, trimmed, if the goal is SMART; otherwise every problem at once, each
    naming its field and the kind's rule."""
    screen(**parts)
    code = kind.rule or SMART
    problems = [
        Reason(code, _(SMART_PARTS[name]), field=name) for name in PARTS if not parts[name].strip()
    ]
    days = (target_date - today).days
    if days <= 0:
        problems.append(
            Reason(
                code,
                _("A goal is time-based: its target date is in the future."),
                field="targetDate",
            )
        )
    elif (problem := _term_problem(kind, term, days)) is not None:
        problems.append(Reason(code, problem, field="targetDate"))
    if problems:
        raise RuleViolation(problems)
    return {name: parts[name].strip() for name in PARTS}
