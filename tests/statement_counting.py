"""Counting the SQL statements a request costs: the query-cost tests and the Information
Exchange's resource search share this, so neither imports from the other's test module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from core.db import Database


@contextmanager
def counting_statements(database: Database) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block (transaction control excluded:
    SQLite's explicit BEGIN is per session, not per item)."""
    statements: list[str] = []

    def counter(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.strip().upper() not in {"BEGIN", "BEGIN IMMEDIATE"}:
            statements.append(statement)

    engine = database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", counter)
