"""Versions: changing the questions is a new version; answers keep the version they answered
and read with its questions after the program moved on (even once it stopped declaring it).
Each test deploys the survey program twice on the suite's database, as two releases would."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from core.db import Database
from core.questionnaires.models import QuestionnaireVersion
from core.settings import Settings
from tests.factories import Factory
from tests.questionnaire_support import (
    MY_SUBMISSIONS,
    SURVEY,
    answer_survey,
    codes,
    deployed,
    survey,
)

CONCURRENT_FIRST_ANSWERS = 24


def _key() -> str:
    return f"pulse-{uuid.uuid4().hex[:8]}"


async def test_core_questionnaire_old_answers_read_with_their_own_questions(
    settings: Settings, database: Database, make: Factory
) -> None:
    key, person = _key(), await make.person()
    first, second = await make.activity(), await make.activity()
    async with deployed(settings, database, survey(key, 1, "mood")) as release_1:
        answered_1 = await answer_survey(release_1(person), key, first, mood=2)
    async with deployed(settings, database, survey(key, 2, "mood", "sleep")) as release_2:
        answered_2 = await answer_survey(release_2(person), key, second, mood=4, sleep=3)
        mine = await release_2(person).data(MY_SUBMISSIONS, {"program": SURVEY})

    assert (answered_1["errors"], answered_2["errors"]) == ([], [])
    read = [
        (
            s["questionnaire"]["version"],
            [(a["question"]["key"], a["scale"]) for a in s["answers"]],
        )
        for s in mine["myQuestionnaireSubmissions"]["nodes"]
    ]
    assert read == [(1, [("mood", 2)]), (2, [("mood", 4), ("sleep", 3)])]


async def test_core_questionnaire_submitted_once_whichever_version(
    settings: Settings, database: Database, make: Factory
) -> None:
    key, person, subject = _key(), await make.person(), await make.activity()
    async with deployed(settings, database, survey(key, 1, "mood")) as release_1:
        await answer_survey(release_1(person), key, subject, mood=2)
    async with deployed(settings, database, survey(key, 2, "mood", "sleep")) as release_2:
        again = await answer_survey(release_2(person), key, subject, mood=4, sleep=3)

    assert codes(again) == ["CORE-QUESTIONNAIRE-SUBMITTED"]


async def test_core_questionnaire_changed_without_a_new_version_is_refused(
    settings: Settings, database: Database, make: Factory
) -> None:
    key, subject = _key(), await make.activity()
    early, late = await make.person(), await make.person()
    async with deployed(settings, database, survey(key, 1, "mood")) as release_1:
        await answer_survey(release_1(early), key, subject, mood=2)
    async with deployed(settings, database, survey(key, 1, "sleep")) as changed_in_place:
        refused = await answer_survey(changed_in_place(late), key, subject, sleep=3)

    assert codes(refused) == ["CORE-QUESTIONNAIRE-CHANGED"]


async def test_core_questionnaire_new_version_stored_once_under_24_concurrent_first_answers(
    settings: Settings, database: Database, make: Factory
) -> None:
    key, subject, organization = _key(), await make.activity(), await make.organization()
    people = [await make.person(organization=organization) for _ in range(CONCURRENT_FIRST_ANSWERS)]

    async with deployed(settings, database, survey(key, 1, "mood")) as release:
        payloads = await asyncio.gather(
            *(answer_survey(release(person), key, subject, mood=3) for person in people)
        )

    assert [codes(p) for p in payloads] == [[]] * CONCURRENT_FIRST_ANSWERS
    async with database.read() as session:
        versions = await session.scalar(
            select(func.count()).where(
                QuestionnaireVersion.program == SURVEY, QuestionnaireVersion.key == key
            )
        )
    assert versions == 1
