"""Authentication: from the ``Authorization`` header to a :class:`~core.access.Viewer`.

Runs once per request, before GraphQL: a missing header is an anonymous viewer; a header that
is present but not a valid bearer token is refused outright (401, UNAUTHENTICATED), so a client
with a broken token never silently sees the anonymous view.
"""

from __future__ import annotations

from sqlalchemy import select

from core.access import ANONYMOUS, AccessRule, Viewer, load_viewer
from core.db import Database
from core.people.models import Person
from core.settings import Settings
from core.tokens import InvalidToken, TokenVerifier


class Authenticator:
    def __init__(
        self, settings: Settings, database: Database, rules: tuple[AccessRule, ...] = ()
    ) -> None:
        self._verifier = TokenVerifier(settings)
        self._database = database
        self._rules = rules

    async def viewer(self, authorization: str | None) -> Viewer:
        if authorization is None:
            return ANONYMOUS
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken("Use an Authorization header of the form 'Bearer <token>'.")
        claims = await self._verifier.verify(token.strip())
        async with self._database.read() as session:
            if claims.local:
                person_id = claims.person_id
                if person_id is not None and await session.get(Person, person_id) is None:
                    person_id = None
            else:
                person_id = await session.scalar(
                    select(Person.id).where(Person.auth_subject == claims.subject)
                )
            if person_id is None:
                raise InvalidToken("The bearer token names no one known here.")
            return await load_viewer(session, person_id, self._rules)
