"""The language of an HTTP exchange: chosen before anything can answer, said in the reply."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.i18n import Language, current_language, speaking
from core.i18n.negotiation import negotiate


def request_language(scope: Scope, preference: Language | None = None) -> Language:
    return negotiate(preference, Headers(scope=scope).get("accept-language"))


class Speaking:
    """Answers every request in the language its ``Accept-Language`` asks for (refined by
    the signed-in person's choice once they are known, see ``core.app.Authenticated``).
    Replies say which in ``Content-Language`` and ``Vary: Accept-Language``, so a cache never
    serves one reader's French to another's English."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Language"] = current_language().value
                headers.add_vary_header("Accept-Language")
            await send(message)

        with speaking(request_language(scope)):
            await self._app(scope, receive, send_with_language)
