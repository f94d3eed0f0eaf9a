"""Migration ``core_0013``: the questionnaire tables come with an upgrade and go with a
downgrade, on both databases, and upgrading again brings them back."""

from __future__ import annotations

from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

TABLES = {"core_questionnaires", "core_questionnaire_submissions"}


async def test_core_0013_adds_and_removes_the_questionnaire_tables(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0013", TABLES) == [TABLES, set(), TABLES]
