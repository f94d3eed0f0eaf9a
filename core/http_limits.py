"""Request bodies larger than ``max_body_bytes`` are refused before they are read whole.

A declared ``Content-Length`` over the limit is refused without reading a byte; a body sent
without one (chunked) is counted as it streams and refused as soon as it passes the limit, so
a client cannot make a worker buffer and parse a body of any size.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.http_errors import JSON, error_response, negotiate
from core.i18n import _

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"


class _TooLarge(Exception):
    """Raised from ``receive`` to stop the app reading; never leaves :class:`BodyLimit`."""


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self._app = app
        self._max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._max_bytes:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, counting_receive, watching_send)
        except _TooLarge:
            if started:  # too late for a 413; the server drops the connection
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = _("The request body is larger than {limit} bytes.", limit=self._max_bytes)
        media_type = negotiate(Headers(scope=scope).get("accept")) or JSON
        response = error_response(413, PAYLOAD_TOO_LARGE, message, media_type=media_type)
        await response(scope, receive, send)
