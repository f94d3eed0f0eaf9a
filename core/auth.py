"""Who is asking. Every resolver and service receives a :class:`Viewer`.

Until token authentication lands, the server runs with the development identity: a viewer
with every right, named as such so nothing mistakes it for a real person.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Viewer:
    person_id: int | None
    is_development: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.is_development


DEVELOPMENT_VIEWER = Viewer(person_id=None, is_development=True)
