"""The app under uvicorn on a free local port, for clients that only speak real HTTP (a
browser, the graphql-http audit): served in the test's own event loop, so that a client it
starts as a subprocess is answered while the test awaits it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.applications import Starlette

HOST = "127.0.0.1"


@asynccontextmanager
async def serving(app: Starlette, *, lifespan: bool = True) -> AsyncIterator[str]:
    """The server's address while it serves. The socket listens before uvicorn starts, so a
    client's first request waits in its queue instead of racing the startup. Without
    ``lifespan`` the app's startup and shutdown are not run: an app on the suite's shared
    database must not dispose of it when it stops."""
    listening = socket.socket()
    listening.bind((HOST, 0))
    listening.listen()
    config = uvicorn.Config(app, log_level="warning", lifespan="auto" if lifespan else "off")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        yield f"http://{HOST}:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        await serving
        listening.close()
