"""Topics and series (SGLS-SERIES): doctors and divisions propose topics at community level;
the provincial office (GPSC) themes series for every division and selects topics into them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import Forbidden, RuleViolation
from core.locks import lock_row
from core.people.models import Organization
from core.privacy.screen import screen
from core.repository import add, find
from core.versions import expect_version
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.models import Series, Topic
from plugins.psp_sgls.series import repository

SERIES = "SGLS-SERIES"


def _title(value: str, field: str = "title") -> str:
    value = value.strip()
    if not 0 < len(value) <= 200:
        raise RuleViolation.single(
            SERIES, _("A title has 1 to {most} characters.", most=200), field
        )
    return value


async def create_series(
    db: AsyncSession,
    viewer: Viewer,
    *,
    organization_id: int,
    title: str,
    theme: str = "",
    content: str = "",
) -> Series:
    """The provincial office's staff theme a series and develop its content; it is offered to
    every division below the office. It awaits certification until staff certify it."""
    screen(theme=theme, content=content)
    viewer.require_staff(organization_id, SLUG)
    await find(db, Organization, organization_id, missing="organization")
    series = Series(
        organization_id=organization_id, title=_title(title), theme=theme, content=content
    )
    return await add(db, series)


async def adapt_series(
    db: AsyncSession,
    viewer: Viewer,
    *,
    series_id: int,
    theme: str,
    content: str,
    version: int | None = None,
) -> Series:
    """The provincial office adapts the content of a series it offers."""
    screen(theme=theme, content=content)
    series = await lock_row(db, Series, series_id, missing="series")
    viewer.require_staff(series.organization_id, SLUG)
    expect_version(series, version)
    series.theme, series.content = theme, content
    await db.flush()
    return series


async def propose_topic(
    db: AsyncSession, viewer: Viewer, *, organization_id: int, title: str, description: str
) -> Topic:
    """A doctor (or a division's staff) of an organization proposes a topic for it."""
    screen(description=description)
    person = viewer.require_person()
    if not (viewer.belongs_to(organization_id, SLUG) or viewer.is_staff(organization_id, SLUG)):
        raise Forbidden(_("Only people of the division propose its topics."))
    topic = Topic(
        organization_id=organization_id,
        proposed_by_id=person,
        title=_title(title),
        description=description,
    )
    return await add(db, topic)


async def select_topic(db: AsyncSession, viewer: Viewer, *, topic_id: int, series_id: int) -> Topic:
    """GPSC selects a proposed topic into one of its series (SGLS-SERIES)."""
    series = await find(db, Series, series_id, missing="series")
    viewer.require_staff(series.organization_id, SLUG)
    topic = await lock_row(db, Topic, topic_id, missing="topic")
    if not viewer.is_staff(topic.organization_id, SLUG):
        raise Forbidden(_("The topic was proposed outside the series' province."))
    if topic.series_id is not None:
        raise RuleViolation.single(SERIES, _("This topic is already selected."), "topicId")
    topic.series_id = series.id
    await db.flush()
    return topic


async def visible_series(db: AsyncSession, viewer: Viewer) -> Sequence[Series]:
    """Every series: a series is offered to every division, so signed-in people see them."""
    viewer.require_person()
    return await repository.all_series(db)


async def visible_topics(db: AsyncSession, viewer: Viewer) -> Sequence[Topic]:
    viewer.require_person()
    return await repository.topics(db, viewer)
