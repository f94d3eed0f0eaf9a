"""Log records as one JSON object a line (or ``key=value`` text for a terminal).

A record's own fields go in ``extra={"fields": {...}}``; every record logged while a request
is served carries that request's ID (see core.observability.requests). A traceback stays
inside its line, as a JSON string.
"""

from __future__ import annotations

import logging
import logging.config
import traceback
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError

from core.settings import Settings

# Loggers whose records reach the handler: ours, uvicorn's, strawberry's and the task queue's.
# uvicorn's access log is off: the request line replaces it, without the query string.
_LOGGERS = ("peerlearn", "uvicorn", "uvicorn.error", "strawberry", "procrastinate")
# Database drivers and SQLAlchemy log statements with their parameters (a person's name, their
# email) below WARNING: held there whatever PEERLEARN_LOG_LEVEL or the root logger say.
_QUIET = ("aiosqlite", "asyncpg", "sqlalchemy")


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"
_DRIVERS = ("asyncpg", "sqlite3", "aiosqlite", "psycopg")


class DatabaseErrorWithheld(Exception):
    """Stands in a logged traceback for a database error, whose message may quote a row's
    values: PostgreSQL's "Failing row contains (..., a name, an email, ...)", for one."""


def _shown(error: BaseException) -> BaseException:
    """The error as a log may show it: a database error by its class, state and statement
    (placeholders only), never its message."""
    if not isinstance(error, DBAPIError) and type(error).__module__.split(".")[0] not in _DRIVERS:
        return error
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    driver = getattr(error, "orig", None) or error
    state = getattr(driver, "sqlstate", None)
    statement = f"; statement: {error.statement}" if isinstance(error, DBAPIError) else ""
    return DatabaseErrorWithheld(f"{kind} (sqlstate {state}){statement}; message withheld")


def format_exception(error: BaseException) -> str:
    """The traceback of ``error`` and the errors it was raised from, as Python prints it, with
    every database error's message withheld (:class:`DatabaseErrorWithheld`)."""
    chain: list[tuple[BaseException, str]] = []
    current: BaseException | None = error
    link = ""
    while current is not None and all(current is not seen for seen, _ in chain):
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts = []
    for each, joined_by in reversed(chain):
        shown = _shown(each)
        parts.append(
            "".join(traceback.format_exception(type(shown), shown, each.__traceback__, chain=False))
        )
        parts.append(joined_by)
    return "".join(parts).rstrip("\n")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    if (request_id := getattr(record, "request_id", None)) is not None:
        fields["request_id"] = request_id
    fields.update(getattr(record, "fields", {}))
    return fields


class _Formatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return format_exception(ei[1])


class JsonFormatter(_Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(fields, default=str).decode()


class TextFormatter(_Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        head = " ".join(str(fields.pop(k)) for k in ("timestamp", "level", "logger", "message"))
        tail = " ".join(f"{key}={value}" for key, value in fields.items())
        text = f"{head} {tail}".rstrip()
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def logging_config(settings: Settings) -> dict[str, Any]:
    """A ``dictConfig``; uvicorn applies it in each worker process it starts."""
    formatter = JsonFormatter if settings.log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"peerlearn": {"()": f"{formatter.__module__}.{formatter.__name__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "peerlearn",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            **{
                name: {"handlers": ["stderr"], "level": settings.log_level, "propagate": False}
                for name in _LOGGERS
            },
            **{name: {"level": "WARNING"} for name in _QUIET},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
