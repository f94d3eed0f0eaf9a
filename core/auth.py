"""Authentication: from the ``Authorization`` header to a :class:`~core.access.Viewer`.

Runs once per request, before GraphQL: a missing header is an anonymous viewer; a header that
is present but not a valid bearer token is refused outright (401, UNAUTHENTICATED), so a client
with a broken token never silently sees the anonymous view. A valid token of a deactivated
person is refused the same way but with its own code, CORE-PERSON-DEACTIVATED, so a client
tells "sign in again" from "this account is closed".
"""

from __future__ import annotations

from sqlalchemy import select

from core.access import ANONYMOUS, AccessRule, Viewer, load_viewer
from core.db import Database
from core.i18n import _
from core.people.models import Person
from core.settings import Settings
from core.tokens import InvalidToken, TokenVerifier


class AccountDeactivated(InvalidToken):
    code = "CORE-PERSON-DEACTIVATED"


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
        scheme, _space, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken(_("Use an Authorization header of the form 'Bearer <token>'."))
        claims = await self._verifier.verify(token.strip())
        who = (
            Person.id == claims.person_id if claims.local else Person.auth_subject == claims.subject
        )
        async with self._database.read() as session:
            found = None
            if not claims.local or claims.person_id is not None:
                columns = (Person.id, Person.deactivated_at, Person.language)
                found = (await session.execute(select(*columns).where(who))).first()
            if found is None:
                raise InvalidToken(_("The bearer token names no one known here."))
            if found.deactivated_at is not None:
                raise AccountDeactivated(_("This person's account is deactivated."))
            return await load_viewer(session, found.id, self._rules, found.language)
