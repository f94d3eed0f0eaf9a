"""A credit transcript's lines as CSV: one row per credit of the cycle, for a College's form or
a spreadsheet, with the same safety as every export (``core.exports.csv``: a cell that would
start a formula is quoted, UTF-8 with a byte order mark so Excel reads accents).

The header row is worded in the document's language, or the stable keys with
``?header=keys``; cells are the same either way. ``source`` holds a key (``program``,
``self_reported``) a script can test, and ``program`` the words a person reads ("Self-reported"
for credit the physician recorded).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.exports.csv import BOM, text
from core.i18n import _, speaking
from core.transcripts.documents import TranscriptDocument
from core.transcripts.judging import cents

COLUMNS = ("earned_on", "source", "program", "title", "category", "credits")


def render(document: TranscriptDocument, keys: bool) -> bytes:
    with speaking(document.language):
        header = COLUMNS if keys else _headers()
        rows = [
            (
                line.earned_on.isoformat(),
                line.source.value,
                line.program,
                _title(line.title, line.provider),
                line.category,
                cents(line.credits),  # as the API gives them (3.00)
            )
            for line in document.lines
        ]
        return (BOM + text(header, rows)).encode("utf-8")


def _headers() -> Sequence[str]:
    return (
        _("Date earned"),
        _("Source"),
        _("Program"),
        _("Activity"),
        _("Category"),
        _("Credits"),
    )


def _title(title: str, provider: str | None) -> str:
    """What was done and who provided it, in one cell, as a College's form asks for both."""
    if not provider:
        return title
    return _("{title} ({provider})", title=title, provider=provider)
