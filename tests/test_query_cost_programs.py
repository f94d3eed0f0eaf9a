"""Each program's lists cost a fixed number of SQL statements, however many items they return:
a screen's list with the relations it shows, read once with 2 items and once with 12, runs the
same statements. Every relation goes through a per-request loader, never a query per item.

The data is made through the API with the programs' test support, as a frontend would. A query
here reads each kind of row through one path: the same loader reached from two parents that are
read at once (a session's seat holders and its waitlist, both people) batches once or twice as
the two reads happen to return, a fixed number of statements but not always the same one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from core.db import Database
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.lc_support import ASSIGN_COACH, POST, Lc
from tests.psp_support import build_province
from tests.pw_factories import END_MATCH, PwFactory
from tests.qig_support import ACTIVITIES, qig_world
from tests.statement_counting import counting_statements

SIZES = (2, 12)


@dataclass(frozen=True)
class Makers:
    """What builds a program's world: the admin's client, the factories, anyone's client."""

    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    pw: PwFactory


@dataclass(frozen=True)
class Listing:
    """A world holding a list: who reads it, the variables of the query, and how to add n
    items to it (the same list grows from the small size to the large one, so the item count
    is all that changes between the two reads)."""

    reader: GraphQLClient
    variables: dict[str, Any]
    grow: Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class Screen:
    """A program's list as its screen reads it: the query, how to build its world, where the
    items are in the answer, and whether an item shows the relations read for it (a list whose
    relations came back empty would cost the same however long it is, proving nothing)."""

    query: str
    build: Callable[[Makers], Awaitable[Listing]]
    items: Callable[[dict[str, Any]], list[Any]]
    shown: Callable[[dict[str, Any]], bool]


PSP_SESSIONS = """
query($division: ID!) {
  pspSessions(divisionId: $division, first: 50) { nodes {
    number objectives
    activity { title seatsTaken seatsLeft parts { title } registrations { registeredAt }
               organization { name } }
    waitlist { position waitlistedAt person { name } }
  } }
}"""


async def psp_sessions(makers: Makers) -> Listing:
    """A division's coordinator's sessions, each with one seat taken and one person waiting."""
    province = await build_province(makers.gql, makers.make, makers.client_for)
    seated, waiting = await province.participant(), await province.participant()

    async def grow(count: int) -> None:
        for _ in range(count):
            session = (await province.session(capacity=1))["session"]["id"]
            await province.seated(session, seated)
            await province.seated(session, waiting)

    return Listing(province.as_(province.coordinator), {"division": province.division}, grow)


QIG_GROUPS = """
query($org: ID!) {
  qigGroups(organizationId: $org) {
    name capacity basis pipState supportRequests openSupportRequests
    members { personId name role completed missing }
  }
}"""


async def qig_groups(makers: Makers) -> Listing:
    """CPSO staff's QI groups, each formed by a selected lead who did one activity."""
    qig = await qig_world(makers.gql, makers.make, makers.client_for)

    async def grow(count: int) -> None:
        for _ in range(count):
            group = await qig.group(peers=0)
            await qig.complete(group.lead[1], group.id, ACTIVITIES[0])

    return Listing(qig.staff, {"org": qig.organization}, grow)


PW_REQUESTS = """
query($org: ID!) {
  pwRequests(organizationId: $org) {
    id status learnerName guideId guideName endedAt endedByName reason
  }
}"""


async def pw_requests(makers: Makers) -> Listing:
    """OCFP staff's guide requests, each of its own learner, matched two to a guide; staff
    end the first match of each batch, so requests name their learner, guide and who ended
    them."""
    organization, staff = await makers.pw.ocfp()

    async def grow(count: int) -> None:
        ended = None
        for _ in range(count // 2):
            guide = await makers.pw.guide(organization, staff, capacity=2)
            for _ in range(2):
                learner = await makers.pw.learner(organization, staff)
                await makers.pw.match(learner, guide, staff)
                ended = ended or (guide.id, learner.person)
        assert ended is not None
        await staff.mutate(END_MATCH, guideId=ended[0], learnerId=ended[1])

    return Listing(staff, {"org": organization}, grow)


PW_LEARNERS = """
query($org: ID!) {
  pwLearners(organizationId: $org) {
    id status topics reporting appliedAt
    person { name email profession roles { role organization { name } } }
  }
}"""


async def pw_learners(makers: Makers) -> Listing:
    """OCFP staff's learner accounts, approved."""
    organization, staff = await makers.pw.ocfp()

    async def grow(count: int) -> None:
        for _ in range(count):
            await makers.pw.learner(organization, staff)

    return Listing(staff, {"org": organization}, grow)


LC_TEAMS = """
query($id: ID!) {
  lcTeams(collaborativeId: $id) {
    complete missing { code message }
    coach { name email }
    group { name practiceName memberCount organization { name }
            memberships { nodes { role person { name profession } } } }
  }
}"""


async def lc_teams(makers: Makers) -> Listing:
    """Faculty's teams of a collaborative, each formed by its lead, one coach for them all."""
    lc = await Lc(makers.gql, makers.make, makers.client_for).start()
    coach, _ = await lc.person("NURSE")

    async def grow(count: int) -> None:
        for _ in range(count):
            await lc.f.mutate(ASSIGN_COACH, teamId=(await lc.team()).id, coachId=coach)

    return Listing(lc.f, {"id": lc.collaborative}, grow)


LC_OFFICE = """
query($id: ID!) {
  lcOffice(collaborativeId: $id) { kind title body createdAt author { name profession } }
}"""


async def lc_office(makers: Makers) -> Listing:
    """The virtual office's messages, posted in turn by faculty and a team's lead."""
    lc = await Lc(makers.gql, makers.make, makers.client_for).start()
    authors = [lc.f, (await lc.team()).lead_client]

    async def grow(count: int) -> None:
        for n in range(count):
            await authors[n % 2].mutate(
                POST, collaborativeId=lc.collaborative, kind="MESSAGE", body=f"Message {n}"
            )

    return Listing(lc.f, {"id": lc.collaborative}, grow)


SCREENS = {
    "psp-sessions-with-activity-seats-and-waitlist": Screen(
        PSP_SESSIONS,
        psp_sessions,
        lambda data: data["pspSessions"]["nodes"],
        lambda session: (
            session["activity"]["registrations"] != []
            and session["waitlist"][0]["person"]["name"] != ""
        ),
    ),
    "qig-groups-with-members-progress": Screen(
        QIG_GROUPS,
        qig_groups,
        lambda data: data["qigGroups"],
        lambda group: group["members"][0]["completed"] == [ACTIVITIES[0]],
    ),
    "pw-requests-with-learner-and-guide-names": Screen(
        PW_REQUESTS,
        pw_requests,
        lambda data: data["pwRequests"],
        lambda request: (
            bool(request["learnerName"] and request["guideName"])
            and (request["status"] == "MATCHED" or bool(request["endedByName"]))
        ),
    ),
    "pw-learners-with-person-and-roles": Screen(
        PW_LEARNERS,
        pw_learners,
        lambda data: data["pwLearners"],
        lambda learner: learner["person"]["roles"] != [],
    ),
    "lc-teams-with-coach-and-members": Screen(
        LC_TEAMS,
        lc_teams,
        lambda data: data["lcTeams"],
        lambda team: team["coach"] is not None and team["group"]["memberships"]["nodes"] != [],
    ),
    "lc-office-with-authors": Screen(
        LC_OFFICE, lc_office, lambda data: data["lcOffice"], lambda item: item["author"] is not None
    ),
}


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
async def test_a_program_list_costs_the_same_statements_for_2_and_12_items(
    screen: Screen,
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    pw: PwFactory,
    database: Database,
) -> None:
    listing = await screen.build(Makers(gql, make, client_for, pw))
    costs, held = [], 0
    for size in SIZES:
        await listing.grow(size - held)
        held = size
        with counting_statements(database) as statements:
            data = await listing.reader.data(screen.query, listing.variables)
        items = screen.items(data)
        assert len(items) == size
        assert all(screen.shown(item) for item in items), items
        costs.append(len(statements))

    assert costs[0] == costs[1]
