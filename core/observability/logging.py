"""Log records as one JSON object a line (or ``key=value`` text for a terminal).

A record's own fields go in ``extra={"fields": {...}}``; every record logged while a request
is served carries that request's ID (see core.observability.requests). A traceback stays
inside its line, as a JSON string.
"""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson

from core.settings import Settings

# Loggers whose records reach the handler: ours, uvicorn's, strawberry's and the task queue's.
# uvicorn's access log is off: the request line replaces it, without the query string.
_LOGGERS = ("peerlearn", "uvicorn", "uvicorn.error", "strawberry", "procrastinate")


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


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(fields, default=str).decode()


class TextFormatter(logging.Formatter):
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
            name: {"handlers": ["stderr"], "level": settings.log_level, "propagate": False}
            for name in _LOGGERS
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
