"""Which language to answer in.

A signed-in person's own choice comes first: a shared clinic browser's ``Accept-Language``
should not override what the physician chose. Without one, the request's ``Accept-Language``
(RFC 9110 §12.5.4: the highest quality among the languages spoken here, ``fr-CA`` counting as
``fr``), else English.
"""

from __future__ import annotations

from core.i18n import SOURCE, Language

_SPOKEN = {language.value: language for language in Language}


def accepted(header: str | None) -> Language | None:
    """The best language of an ``Accept-Language`` header that is spoken here, if any."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate((header or "").split(",")):
        tag, _, parameters = item.strip().partition(";")
        language = _SPOKEN.get(tag.strip().lower().split("-")[0])
        quality = _quality(parameters)
        if language is None or quality <= 0:
            continue
        ranked = (quality, -position, language)  # ties go to the first listed
        if best is None or ranked[:2] > best[:2]:
            best = ranked
    return best[2] if best else None


def _quality(parameters: str) -> float:
    name, _, value = parameters.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return max(0.0, min(1.0, float(value)))
    except ValueError:
        return 0.0


def negotiate(preference: Language | None, accept_language: str | None) -> Language:
    return preference or accepted(accept_language) or SOURCE
