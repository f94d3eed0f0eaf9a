"""The ``Idempotency-Key`` header on ``POST /graphql``, as a client sees it.

- A request with a new key runs; the first of its mutations that commits claims the key in
  its own transaction, and the response is kept once sent.
- The same key with the same request (the same JSON, whatever its spacing or key order)
  answers the kept response again, marked ``Idempotent-Replayed: true``; nothing runs twice.
- The same key with a different request is refused: 422 ``IDEMPOTENCY_KEY_REUSED``.
- The same key while its first request is still answering: 409 ``IDEMPOTENCY_KEY_IN_USE``
  with ``Retry-After``.
- A request that committed nothing (a query, a refused mutation) claims nothing: a retry with
  its key runs again, which is what a refusal that may since have been lifted (a seat freed)
  asks for.

Keys are scoped to the signed-in person (anonymous callers share one scope, where only the
same request replays, so a replay tells nobody more than they sent) and forgotten after
``idempotency_key_hours``.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.access import ANONYMOUS
from core.db import Database
from core.graphql.errors import is_database_down
from core.graphql.http import ANSWER_HEADERS
from core.http_errors import JSON, error_response, negotiate, service_unavailable_response
from core.i18n import _
from core.idempotency.service import (
    Claim,
    KeyInUse,
    Pending,
    claimed,
    fingerprint,
    keep_answer,
    principal_of,
)

logger = logging.getLogger("peerlearn.idempotency")

HEADER = "idempotency-key"
KEY_INVALID = "IDEMPOTENCY_KEY_INVALID"
KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
MAX_KEY_LENGTH = 255


def _valid(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all("!" <= c <= "~" for c in key)


class Idempotent:
    """Wraps the GraphQL endpoint, inside sign-in (it needs the viewer) and the body limit
    (it reads the body whole)."""

    def __init__(self, app: ASGIApp, database: Database) -> None:
        self._app = app
        self._database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        key = headers.get(HEADER) if headers is not None else None
        if headers is None or key is None or scope["method"] != "POST":
            await self._app(scope, receive, send)
            return
        media_type = negotiate(headers.get("accept")) or JSON
        if not _valid(key):
            message = _("An Idempotency-Key is 1 to 255 visible ASCII characters.")
            await error_response(400, KEY_INVALID, message, None, media_type)(scope, receive, send)
            return
        body = await _read(receive)
        state = scope.setdefault("state", {})
        claim = Claim(principal_of(state.get("viewer", ANONYMOUS)), key, fingerprint(body))
        try:
            first = await claimed(self._database, claim.principal, key)
        except Exception as error:
            if not is_database_down(error):
                raise
            await service_unavailable_response(None, media_type)(scope, receive, send)
            return
        if first is None:
            await self._run(scope, body, receive, send, claim)
            return
        if first.fingerprint != claim.fingerprint:
            message = _(
                "This Idempotency-Key was sent with a different request; "
                "use a new key for a new request."
            )
            await error_response(422, KEY_REUSED, message, None, media_type)(scope, receive, send)
        elif first.body is None:
            in_use = KeyInUse()
            retry = {"Retry-After": "1"}
            refusal = error_response(409, in_use.code, in_use.message, retry, media_type)
            await refusal(scope, receive, send)
        else:
            await _replay(send, first.status or 200, first.media_type, first.body)

    async def _run(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, claim: Claim
    ) -> None:
        pending = scope["state"]["idempotency"] = Pending(claim)
        sent = _Recording(send)
        await self._app(scope, _replaying(body, receive), sent)
        if not pending.claimed:
            return
        try:
            await keep_answer(self._database, claim, sent.status, sent.media_type, sent.body)
        except Exception as error:
            if not is_database_down(error):
                raise
            # Its effect is committed and its key claimed: a retry is told the key is in use
            # rather than running again.
            logger.warning("the answer to an idempotent request was not kept: %r", error)


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The body once, then whatever the client sends next (a disconnect)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class _Recording:
    """Passes the response on as it goes, keeping a copy."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 200
        self.media_type = "application/json"
        self._chunks: list[bytes] = []

    @property
    def body(self) -> bytes:
        return b"".join(self._chunks)

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.media_type = Headers(raw=message["headers"]).get("content-type", self.media_type)
        elif message["type"] == "http.response.body":
            self._chunks.append(message.get("body", b""))
        await self._send(message)


async def _replay(send: Send, status: int, media_type: str | None, body: bytes) -> None:
    """The kept answer, with the headers every GraphQL answer carries (no cache keeps it)."""
    headers = [
        (b"content-type", (media_type or JSON).encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
        (b"idempotent-replayed", b"true"),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in ANSWER_HEADERS.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
