"""PW-REPORTING: how a learner's credits reach Mainpro+, on a certificate or entered by OCFP.

Each call's certificate, the quarterly Peer Connect certificates, the pending list OCFP
enters from, and a learner switching between the two ways, never reporting a credit twice.

Every OCFP world is made fresh per test (its own organization and program staff), so tests
share the session's database without seeing each other's data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from core.db import Database
from tests.pw_factories import PwFactory
from tests.pw_support import (
    COP_CALL,
    MARK_REPORTED,
    PEER_CONNECT,
    PENDING,
    QUARTERLY,
    SET_REPORTING,
    SLUG,
    _ago,
    _attend,
    _call,
    _codes,
    _error_code,
    _log,
    _make_surveys_overdue,
    _previous_quarter,
    _today,
)

# --- PW-REPORTING ------------------------------------------------------------------------------


async def test_pw_reporting_certificate_follows_each_call(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    march = await _call(staff, organization, hours=1.5, day=_ago(30))
    april = await _call(staff, organization, hours=1, day=_ago(2))

    first = await _attend(staff, march, learner, "1.5")
    second = await _attend(staff, april, learner, "1")

    for attended, day, credits in ((first, _ago(30), "1.5"), (second, _ago(2), "1")):
        certificate = attended["certificate"]
        assert certificate is not None, attended
        assert Decimal(certificate["credits"]) == Decimal(credits)
        assert (certificate["periodStart"], certificate["periodEnd"]) == (day.isoformat(),) * 2
        assert certificate["program"] == SLUG
        assert certificate["certificationCode"] == "PW-COMMUNITY-OF-PRACTICE"
        assert attended["certificateDecision"]["allowed"] is True
    assert first["certificate"]["number"] != second["certificate"]["number"]
    assert await staff.data(PENDING, {"org": organization}) == {"pwPendingCreditReport": []}


async def test_pw_reporting_ocfp_enters_lists_pending_credits_until_marked(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    call = await _call(staff, organization, hours=1, day=_ago(30))
    attended = await _attend(staff, call, learner, "1")
    logged = await _log(learner.client, guide, learner, "2")
    cop_entry = attended["creditEntry"]["id"]
    peer_entry = logged["creditEntry"]["id"]

    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    marked = await staff.mutate(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[cop_entry]
    )
    still = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]

    assert attended["certificate"] is None
    assert attended["certificateDecision"] is None
    assert [(p["creditEntryId"], p["activityKind"], Decimal(p["credits"])) for p in pending] == [
        (cop_entry, COP_CALL, Decimal(1)),
        (peer_entry, PEER_CONNECT, Decimal(6)),
    ]
    assert all(p["licenceNumber"] and p["creditType"] == "certified" for p in pending)
    assert marked["reported"] == 1
    assert [p["creditEntryId"] for p in still] == [peer_entry]


async def test_pw_reporting_refuses_to_mark_entries_not_pending(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    enters = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    certified = await pw.learner(organization, staff, reporting="CERTIFICATE")
    call = await _call(staff, organization)
    entered = (await _attend(staff, call, enters, "1"))["creditEntry"]["id"]
    on_certificate = (await _attend(staff, call, certified, "1"))["creditEntry"]["id"]
    await staff.mutate(MARK_REPORTED, organizationId=organization, creditEntryIds=[entered])

    twice = await staff.payload(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[entered]
    )
    not_theirs = await staff.payload(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[on_certificate]
    )

    assert _codes(twice) == [("PW-REPORTING", "entryIds")]
    assert _codes(not_theirs) == [("PW-REPORTING", "entryIds")]
    assert twice["reported"] == 0


async def test_pw_reporting_pending_credits_are_for_program_staff_only(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")

    body = await learner.client.execute(PENDING, {"org": organization})

    assert _error_code(body) == "FORBIDDEN"


async def test_pw_reporting_preference_switch_changes_how_the_next_credits_go(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    call = await _call(staff, organization)

    switched = await learner.client.mutate(SET_REPORTING, reporting="OCFP_ENTERS")
    attended = await _attend(staff, call, learner, "1")

    assert switched["learner"]["reporting"] == "OCFP_ENTERS"
    assert attended["certificate"] is None
    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert [p["creditEntryId"] for p in pending] == [attended["creditEntry"]["id"]]


async def test_pw_reporting_switch_does_not_list_certified_credits_for_ocfp_to_enter(
    pw: PwFactory,
) -> None:
    """Credits already on a certificate reach Mainpro+ through it: listing them for OCFP to
    enter as well would report them twice."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    certified_call = await _call(staff, organization, day=_ago(30))
    later_call = await _call(staff, organization, day=_ago(2))
    certified = await _attend(staff, certified_call, learner, "1")
    assert certified["certificate"] is not None

    await learner.client.mutate(SET_REPORTING, reporting="OCFP_ENTERS")
    later = await _attend(staff, later_call, learner, "1")

    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert [p["creditEntryId"] for p in pending] == [later["creditEntry"]["id"]]


async def test_pw_reporting_switch_to_certificate_leaves_reported_credits_off_certificates(
    pw: PwFactory,
) -> None:
    """Credits OCFP already entered into Mainpro+ must not be certified again."""
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    start, _ = _previous_quarter()
    entered = await _log(learner.client, guide, learner, "1", start + timedelta(days=5))
    await _log(learner.client, guide, learner, "2", start + timedelta(days=40))
    await staff.mutate(
        MARK_REPORTED,
        organizationId=organization,
        creditEntryIds=[entered["creditEntry"]["id"]],
    )

    await learner.client.mutate(SET_REPORTING, reporting="CERTIFICATE")
    outcome = await staff.mutate(QUARTERLY, organizationId=organization, quarter=start.isoformat())

    (certificate,) = outcome["issued"]
    assert Decimal(certificate["credits"]) == 6


async def test_pw_reporting_quarterly_certificates_for_a_past_quarter(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    chose_certificate = await pw.learner(organization, staff, reporting="CERTIFICATE")
    chose_ocfp = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    start, end = _previous_quarter()
    for learner in (chose_certificate, chose_ocfp):
        await pw.match(learner, guide, staff)
        for offset, hours in ((5, "1"), (40, "1.5")):
            await _log(learner.client, guide, learner, hours, start + timedelta(days=offset))
    await _log(chose_certificate.client, guide, chose_certificate, "2", _today())  # this quarter

    issued = await staff.mutate(
        QUARTERLY, organizationId=organization, quarter=(start + timedelta(days=20)).isoformat()
    )
    again = await staff.mutate(QUARTERLY, organizationId=organization, quarter=end.isoformat())
    current = await staff.payload(
        QUARTERLY, organizationId=organization, quarter=_today().isoformat()
    )

    (certificate,) = issued["issued"]
    assert issued["withheld"] == []
    assert Decimal(certificate["credits"]) == Decimal("7.5")
    assert (certificate["periodStart"], certificate["periodEnd"]) == (
        start.isoformat(),
        end.isoformat(),
    )
    assert "Peer Connect" in certificate["title"]
    assert f"Q{(start.month - 1) // 3 + 1}" in certificate["title"]
    assert (again["issued"], again["withheld"]) == ([], [])
    assert _codes(current) == [("PW-REPORTING", "quarter")]


async def test_pw_reporting_quarterly_certificate_withheld_while_survey_overdue(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    await pw.match(learner, guide, staff)
    start, _ = _previous_quarter()
    await _log(learner.client, guide, learner, "1", start + timedelta(days=10))
    await _make_surveys_overdue(database, learner.person)

    outcome = await staff.mutate(QUARTERLY, organizationId=organization, quarter=start.isoformat())

    assert outcome["issued"] == []
    (withheld,) = outcome["withheld"]
    assert withheld["learnerId"] == learner.person
    assert withheld["decision"]["allowed"] is False
    assert [r["code"] for r in withheld["decision"]["reasons"]] == ["PW-PROGRESS"]


async def test_pw_reporting_quarterly_certificates_are_issued_by_program_staff_only(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    start, _ = _previous_quarter()

    body = await learner.client.execute(
        QUARTERLY, {"input": {"organizationId": organization, "quarter": start.isoformat()}}
    )

    assert _error_code(body) == "FORBIDDEN"
