"""CORE-NO-PATIENT-DATA: no patient information is recorded, in any program.

Every program states it is not clinical consultation, so a goal, a reflection, a plan, a PDSA
note, a request message, a bio or a decision note must not name a patient. Each service that
stores such prose passes it through :func:`screen` before it writes anything (a shared check
such as a correction's reason or a SMART goal's parts screens for every caller), so refused
text is never stored. Practising Well's Information Exchange words the same findings as its own
rule, PW-NOT-CLINICAL.

The heuristic catches the common ways a patient slips into a text; it is a safety net, not a
guarantee:

1. An Ontario health card number: 10 digits, run together or grouped 4-3-3 with spaces or
   dashes, optionally followed by a 2-letter version code ("1234-567-890-AB"). A phone number
   grouped 3-3-4 does not match.
2. A date of birth: "DOB", "D.O.B.", "date of birth" or "born on", followed by a date
   (1956-03-14, 14/03/1956, 14 March 1956, March 14, 1956, Mar. 14 1956).
3. A named patient: "my patient Mary", "our patient, Mr. Smith", "a patient named Mary",
   "patient called Mary": "patient(s)" after my/our, or before named/called, then a
   capitalized word (a title such as Mr. may come first). "my patient is ..." passes.
"""

from __future__ import annotations

import re
from enum import StrEnum

from core.errors import Reason, RuleViolation
from core.i18n import N_, _

NO_PATIENT_DATA = "CORE-NO-PATIENT-DATA"


class Finding(StrEnum):
    """What in a text looks like it identifies a patient (never the matched text itself)."""

    HEALTH_CARD = "health card number"
    DATE_OF_BIRTH = "date of birth"
    PATIENT_NAME = "patient's name"


_HEALTH_CARD = re.compile(r"(?<![\d-])\d{4}[ -]?\d{3}[ -]?\d{3}(?:[ -]?[A-Za-z]{2})?(?![\w])")

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # January, Jan., ...
_DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # 1956-03-14
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"  # 14/03/1956, 03-14-56
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{2,4}}"  # 14 March 1956
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}})"  # March 14, 1956
)
_DATE_OF_BIRTH = re.compile(
    rf"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bborn\s+on\b)"
    rf"\s*(?:[:=-]|\bis\b|\bwas\b|\bof\b)?\s*{_DATE}",
    re.IGNORECASE,
)

_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+)?"
_NAME = r"[A-Z][a-z'\u2019-]+"
_NAMED_PATIENT = re.compile(
    rf"\b(?i:my|our)\s+(?i:patients?),?\s+{_TITLE}{_NAME}"
    rf"|\b(?i:patients?)\s+(?i:named|called)\s+{_TITLE}{_NAME}"
)

_PATTERNS: tuple[tuple[re.Pattern[str], Finding], ...] = (
    (_HEALTH_CARD, Finding.HEALTH_CARD),
    (_DATE_OF_BIRTH, Finding.DATE_OF_BIRTH),
    (_NAMED_PATIENT, Finding.PATIENT_NAME),
)
# The refusal for each finding, whole, so a translation words the kind as its sentence needs.
_REFUSALS: dict[Finding, str] = {
    Finding.HEALTH_CARD: N_(
        "This text seems to contain a health card number. peerlearn records no patient "
        "information: remove anything that identifies a patient."
    ),
    Finding.DATE_OF_BIRTH: N_(
        "This text seems to contain a date of birth. peerlearn records no patient "
        "information: remove anything that identifies a patient."
    ),
    Finding.PATIENT_NAME: N_(
        "This text seems to contain a patient's name. peerlearn records no patient "
        "information: remove anything that identifies a patient."
    ),
}


def patient_information(text: str | None) -> Finding | None:
    """What in ``text`` looks like it identifies a patient, or None."""
    if not text:
        return None
    return next((finding for pattern, finding in _PATTERNS if pattern.search(text)), None)


def input_field(name: str) -> str:
    """The GraphQL input field a service's keyword argument came from (``change_idea`` ->
    ``changeIdea``), which is what a refusal's ``field`` names."""
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def screen(**fields: str | None) -> None:
    """Refuse, with one reason per offending field, texts that look like they identify a
    patient (CORE-NO-PATIENT-DATA). Keyword names are the service's, snake_case; the reasons
    name the input's fields. Absent (None) or empty texts pass."""
    reasons = [
        Reason(NO_PATIENT_DATA, _(_REFUSALS[finding]), field=input_field(name))
        for name, text in fields.items()
        if (finding := patient_information(text)) is not None
    ]
    if reasons:
        raise RuleViolation(reasons)
