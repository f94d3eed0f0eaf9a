"""Practising Well passes the contract every program plugin must pass."""

from __future__ import annotations

from datetime import date, timedelta

from core.testing import Operation, PersonalData, ProgramContract, World

APPLY = """mutation Apply($input: PwApplyInput!) {
  pwApply(input: $input) { learner { id } errors { code } }
}"""
DECIDE = """mutation Decide($input: PwDecideApplicationInput!) {
  pwDecideApplication(input: $input) { errors { code } }
}"""
SET_GOAL = """mutation SetGoal($input: PwSetGoalInput!) {
  pwSetGoal(input: $input) { goal { id } errors { code } }
}"""
GOALS = "query Goals($learner: ID!) { pwGoals(learnerId: $learner) { specific status } }"
CLOSE_GOAL = """mutation CloseGoal($input: PwCloseGoalInput!) {
  pwCloseGoal(input: $input) { goal { status } errors { code } }
}"""


class TestPractisingWell(ProgramContract):
    slug = "ocfp_practising_well"

    async def personal_data(self, world: World) -> PersonalData:
        """An approved learner's learning goal, read and closed through the program's fields."""
        applied = {"organizationId": world.organization, "topicAreas": ["CHRONIC_PAIN"]}
        account = (await world.data(APPLY, {"input": applied}))["pwApply"]["learner"]["id"]
        decision = {"input": {"accountId": account, "approve": True}}
        await world.data(DECIDE, decision, by="staff")
        goal = {
            "specific": world.secret,
            "measurable": "Two audits",
            "achievable": "One an evening",
            "relevant": "My patients",
            "targetDate": (date.today() + timedelta(days=30)).isoformat(),
            "term": "SHORT",
        }
        set_goal = await world.data(SET_GOAL, {"input": goal})
        close = {"goalId": set_goal["pwSetGoal"]["goal"]["id"], "status": "ACHIEVED"}
        return PersonalData(
            reads=(Operation(GOALS, {"learner": world.owner}),),
            changes=(Operation(CLOSE_GOAL, {"input": close}),),
        )
