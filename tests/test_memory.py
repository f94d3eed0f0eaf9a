"""A serving worker collects garbage for a long-lived heap (``core.memory``): once started,
what startup made is left out of every collection and young objects are collected less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from core.app import create_app
from core.memory import THRESHOLDS
from core.settings import Settings


@pytest.fixture
def collector() -> Iterator[None]:
    """The test process's collector as it was, afterwards."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector", "database")  # migrated; the app opens its own
async def test_a_started_worker_freezes_its_startup_heap(settings: Settings) -> None:
    gc.unfreeze()
    app = create_app(settings.model_copy(update={"tasks_in_process": False}))

    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == THRESHOLDS
