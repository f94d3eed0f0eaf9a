"""What a program manages itself cannot be done around it through core's generic mutations,
and core's generic records stay within the organization that owns them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from core.graphql.relay import to_global_id
from tests.core_documents import COMPLETE_DUE_ITEM, CREATE_DUE_ITEM, ISSUE_CERTIFICATE
from tests.factories import CREATE_ACTIVITY, CREATE_GROUP, JOIN_GROUP, RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient
from tests.pw_factories import ASSIGN_ROLE, DECIDE, PwFactory
from tests.pw_support import ME, SURVEY, _attend, _call

CASELOAD_OF = """
query($org: ID!) {
  groups(organizationId: $org, program: "ocfp_practising_well", first: 10) {
    edges { node { id kind } }
  }
}"""

MY_ROLES = "{ me { roles { role program } } }"


async def test_core_group_program_managed_caseload_is_not_joined_directly(pw: PwFactory) -> None:
    """PW-REQUEST: a learner reaches a guide through a request staff confirm, never by
    joining the guide's caseload group with core's joinGroup."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await pw.guide(organization, staff, capacity=3)
    groups = (await staff.data(CASELOAD_OF, {"org": organization}))["groups"]["edges"]
    (caseload,) = [g["node"]["id"] for g in groups if g["node"]["kind"].endswith(".caseload")]

    payload = await learner.client.payload(JOIN_GROUP, groupId=caseload, personId=learner.person)

    assert [e["code"] for e in payload["errors"]] == ["CORE-GROUP-PROGRAM-MANAGED"]


async def test_core_due_program_managed_survey_is_not_completed_directly(pw: PwFactory) -> None:
    """PW-PROGRESS: a progress survey is done when it is answered, not ticked off."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    me = (await learner.client.data(ME.replace("kind dueOn", "id kind dueOn")))["me"]
    (survey,) = [d for d in me["dueItems"]["nodes"] if d["kind"] == SURVEY]

    payload = await learner.client.payload(COMPLETE_DUE_ITEM, dueItemId=survey["id"])

    assert [e["code"] for e in payload["errors"]] == ["CORE-DUE-PROGRAM"]


async def test_core_due_program_managed_kind_is_not_created_directly(
    gql: GraphQLClient, make: Factory
) -> None:
    payload = await gql.payload(
        CREATE_DUE_ITEM,
        personId=await make.person(),
        program="ocfp_practising_well",
        kind=SURVEY,
        title="A survey made by hand",
        dueOn="2030-01-31",
    )

    assert [e["code"] for e in payload["errors"]] == ["CORE-DUE-PROGRAM"]


async def test_pw_reporting_certificates_are_not_issued_through_core(pw: PwFactory) -> None:
    """PW-REPORTING: the program issues its certificates (and never for credits OCFP entered),
    so core's issueCertificate refuses Practising Well credits."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await _attend(staff, await _call(staff, organization), learner)
    today = datetime.now(UTC).date()

    payload = await staff.payload(
        ISSUE_CERTIFICATE,
        personId=learner.person,
        organizationId=organization,
        program="ocfp_practising_well",
        title="By hand",
        periodStart=(today - timedelta(days=365)).isoformat(),
        periodEnd=today.isoformat(),
    )

    assert [e["code"] for e in payload["errors"]] == ["PW-REPORTING"]


async def test_core_certificate_covers_only_the_organizations_own_credits(
    gql: GraphQLClient, make: Factory
) -> None:
    """Staff of another organization cannot certify (and so lock up) credits earned here."""
    home, elsewhere = await make.organization(), await make.organization()
    person = await make.person(organization=home)
    await gql.mutate(
        ASSIGN_ROLE, personId=person, organizationId=elsewhere, program=None, role="MEMBER"
    )
    activity = await make.activity(hours=2, organization=home)
    await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=person, hours="2")

    payload = await gql.payload(
        ISSUE_CERTIFICATE,
        personId=person,
        organizationId=elsewhere,
        program="example",
        title="Example workshops",
        periodStart="2024-01-01",
        periodEnd="2024-12-31",
    )

    assert [e["code"] for e in payload["errors"]] == ["CORE-CERTIFICATE-EMPTY"]


async def test_pw_account_applicant_joins_the_program_only_when_approved(pw: PwFactory) -> None:
    """Applying names an organization; membership there is what staff grant on approval, so
    an applicant cannot make themselves a member of any organization they name."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    program_member = {"role": "MEMBER", "program": "ocfp_practising_well"}
    before = (await learner.client.data(MY_ROLES))["me"]["roles"]

    await staff.mutate(DECIDE, accountId=learner.account, approve=True)

    after = (await learner.client.data(MY_ROLES))["me"]["roles"]
    assert program_member not in before
    assert program_member in after


async def test_core_activity_program_managed_kind_is_not_created_directly(pw: PwFactory) -> None:
    """PW-CREDIT-PEER: Peer Connect time is logged by a matched learner or guide; program
    staff cannot make a Peer Connect activity with core's createActivity and award it."""
    organization, staff = await pw.ocfp()
    start = datetime(2024, 3, 1, 17, 0, tzinfo=UTC)

    payload = await staff.payload(
        CREATE_ACTIVITY,
        organizationId=organization,
        kind="ocfp_practising_well.peer_connect",
        title="Peer Connect by hand",
        startsAt=start.isoformat(),
        endsAt=(start + timedelta(hours=3)).isoformat(),
    )

    assert [e["code"] for e in payload["errors"]] == ["CORE-ACTIVITY-PROGRAM-MANAGED"]


async def test_core_activity_program_managed_attendance_is_not_recorded_directly(
    pw: PwFactory,
) -> None:
    """PW-CREDIT-COP: attendance at a call goes through the program's pwRecordCallAttendance."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    call = await _call(staff, organization)

    payload = await staff.payload(
        RECORD_PARTICIPATION, activityId=call, personId=learner.person, hours="1"
    )

    assert [e["code"] for e in payload["errors"]] == ["CORE-ACTIVITY-PROGRAM-MANAGED"]


async def test_forbidden_before_core_unknown_kind(
    make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    """Who may act is settled first: a physician asking for a group of a kind that does not
    exist learns only that she may not create groups."""
    organization = await make.organization()
    physician = client_for(await make.person(organization=organization))

    body = await physician.execute(
        CREATE_GROUP,
        {
            "input": {
                "organizationId": organization,
                "kind": "nope.kind",
                "name": "G",
                "capacity": 5,
            }
        },
    )

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_forbidden_join_group_answers_alike_for_hidden_and_unknown_groups(
    pw: PwFactory, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    """A guide's caseload in another organization and a group that does not exist get the
    same answer, so the refusal says nothing about what the group is."""
    organization, staff = await pw.ocfp()
    await pw.guide(organization, staff)
    groups = (await staff.data(CASELOAD_OF, {"org": organization}))["groups"]["edges"]
    (caseload,) = [g["node"]["id"] for g in groups if g["node"]["kind"].endswith(".caseload")]
    outsider = await make.person()
    client = client_for(outsider)
    unknown = to_global_id("Group", 2_000_000_000)

    answers = [
        await client.execute(JOIN_GROUP, {"input": {"groupId": group, "personId": outsider}})
        for group in (caseload, unknown)
    ]

    assert [[(e["extensions"]["code"], e["message"]) for e in a["errors"]] for a in answers] == [
        [("FORBIDDEN", answers[1]["errors"][0]["message"])]
    ] * 2
