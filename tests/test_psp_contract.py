"""The small group learning sessions program passes the contract every program plugin must pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.testing import Operation, PersonalData, ProgramContract, World

CREATE_SERIES = """mutation Series($input: PspCreateSeriesInput!) {
  pspCreateSeries(input: $input) { series { id } errors { code } }
}"""
SCHEDULE = """mutation Schedule($input: PspScheduleSessionInput!) {
  pspScheduleSession(input: $input) { session { id } errors { code } }
}"""
REGISTER = """mutation Register($input: PspRegisterInput!) {
  pspRegister(input: $input) { errors { code } }
}"""
CANCEL = """mutation Cancel($input: PspRegisterInput!) {
  pspCancelRegistration(input: $input) { errors { code } }
}"""
MY_REGISTRATIONS = "{ pspMyRegistrations { session { objectives } seated waitlisted } }"


class TestSmallGroupLearning(ProgramContract):
    slug = "psp_sgls"

    async def personal_data(self, world: World) -> PersonalData:
        """The owner's place in a session (its objectives hold the secret), read through their
        registrations and cancelled through the program's mutation."""
        series = {"organizationId": world.organization, "title": "Screening"}
        created = await world.data(CREATE_SERIES, {"input": series}, by="staff")
        starts = datetime.now(UTC) + timedelta(days=7)
        session = {
            "seriesId": created["pspCreateSeries"]["series"]["id"],
            "divisionId": world.organization,
            "title": "Screening, first session",
            "objectives": world.secret,
            "startsAt": starts.isoformat(),
            "endsAt": (starts + timedelta(hours=3)).isoformat(),
        }
        scheduled = await world.data(SCHEDULE, {"input": session}, by="staff")
        place = {
            "sessionId": scheduled["pspScheduleSession"]["session"]["id"],
            "personId": world.owner,
        }
        await world.data(REGISTER, {"input": place})
        return PersonalData(
            reads=(Operation(MY_REGISTRATIONS),),
            changes=(Operation(CANCEL, {"input": place}),),
        )
