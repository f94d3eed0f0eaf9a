"""The authorization matrix's rows for certifications and achievement credits.

Each case certifies a fresh workshop of organization A (made by the platform admin): A's staff
and the platform admin add, close, supersede and award its certification; no one else may. A
kind's certification reaches every organization, so it is its program's staff's (see
tests/test_core_certifications.py). The example's exercise is recorded by A's staff.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import World
from tests.certification_support import certify_activity, code
from tests.factories import unique

_CERTIFIED = "certification { id }"


async def _certified_workshop(w: World) -> str:
    activity = await w.activity_in("A")
    payload = await certify_activity(w.gql, activity, "2026-01-01")
    return payload["certification"]["id"]


async def add_to_fresh_workshop(w: World, caller: str) -> dict[str, Any]:
    return {
        "activityId": await w.activity_in("A"),
        "code": code(),
        "title": "A workshop of A",
        "rate": "1",
        "effectiveFrom": "2026-01-01",
    }


async def close_fresh(w: World, caller: str) -> dict[str, Any]:
    return {"certificationId": await _certified_workshop(w), "effectiveTo": "2026-12-01"}


async def supersede_fresh(w: World, caller: str) -> dict[str, Any]:
    return {
        "certificationId": await _certified_workshop(w),
        "effectiveFrom": "2026-06-01",
        "rate": "2",
    }


async def award_fresh(w: World, caller: str) -> dict[str, Any]:
    return {"certificationId": await _certified_workshop(w)}


async def exercise_of_p(w: World, caller: str) -> dict[str, Any]:
    return {
        "personId": w.ids["P"],
        "organizationId": w.ids["A"],
        "exercise": unique("matrix"),
        "completedOn": "2026-01-15",
    }


CERTIFICATIONS_MATRIX: dict[str, Entry] = {
    "addCertification": Entry(
        mutation("addCertification", "AddCertificationInput", _CERTIFIED),
        inputs(add_to_fresh_workshop),
        STAFF_OF_A,
    ),
    "closeCertification": Entry(
        mutation("closeCertification", "CloseCertificationInput", _CERTIFIED),
        inputs(close_fresh),
        STAFF_OF_A,
    ),
    "supersedeCertification": Entry(
        mutation("supersedeCertification", "SupersedeCertificationInput", _CERTIFIED),
        inputs(supersede_fresh),
        STAFF_OF_A,
    ),
    "awardCertifiedCredits": Entry(
        mutation("awardCertifiedCredits", "AwardCertifiedCreditsInput", _CERTIFIED),
        inputs(award_fresh),
        STAFF_OF_A,
    ),
    "exCompleteExercise": Entry(
        mutation("exCompleteExercise", "ExCompleteExerciseInput", "recorded"),
        inputs(exercise_of_p),
        STAFF_OF_A,
    ),
}
