"""Authentication: from the ``Authorization`` header to a :class:`~core.access.Viewer`.

Runs once per request, before GraphQL: a missing header is an anonymous viewer; a header that
is present but not a valid bearer token is refused outright (401, UNAUTHENTICATED), so a client
with a broken token never silently sees the anonymous view. A valid token of a deactivated
person is refused the same way but with its own code, CORE-PERSON-DEACTIVATED, so a client
tells "sign in again" from "this account is closed".
"""

from __future__ import annotations

import time

from sqlalchemy import select

from core.access import ANONYMOUS, AccessRule, Viewer, load_viewer
from core.db import Database
from core.i18n import _
from core.people.models import Person
from core.settings import Settings
from core.tokens import Claims, InvalidToken, TokenVerifier


class AccountDeactivated(InvalidToken):
    code = "CORE-PERSON-DEACTIVATED"


class Authenticator:
    """Signs a request in: the token checked every time, the person and their grants read
    once per person and reused for ``viewer_cache_seconds``.

    Reading them was two statements and 15% of a physician's transcript request. Any
    write this process commits drops every cached viewer, so a role granted, revoked or an
    account deactivated here holds from the next request; another worker sees it within the
    cache's seconds (0 turns the cache off)."""

    MAX_CACHED = 10_000

    def __init__(
        self, settings: Settings, database: Database, rules: tuple[AccessRule, ...] = ()
    ) -> None:
        self._verifier = TokenVerifier(settings)
        self._database = database
        self._rules = rules
        self._seconds = settings.viewer_cache_seconds
        self._cached: dict[tuple[bool, object], tuple[float, int, Viewer]] = {}

    async def viewer(self, authorization: str | None) -> Viewer:
        if authorization is None:
            return ANONYMOUS
        scheme, _space, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken(_("Use an Authorization header of the form 'Bearer <token>'."))
        claims = await self._verifier.verify(token.strip())
        key = (claims.local, claims.person_id if claims.local else claims.subject)
        now, commits = time.monotonic(), self._database.commits
        cached = self._cached.get(key)
        if cached is not None and cached[0] > now and cached[1] == commits:
            return cached[2]
        viewer = await self._read(claims)
        if self._seconds > 0:
            if len(self._cached) >= self.MAX_CACHED:
                self._cached.clear()
            self._cached[key] = (now + self._seconds, commits, viewer)
        return viewer

    async def _read(self, claims: Claims) -> Viewer:
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
