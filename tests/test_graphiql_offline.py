"""GraphiQL needs nothing from outside the service: behind a firewall that blocks CDNs it still
renders and runs queries. And ``/`` leads somewhere.

The browser test drives a real Chromium (the system's, through Playwright) against the app
served by uvicorn, with every request to another host refused. Without a Chromium it skips,
saying how to enable it; under CI (CI=true) it fails instead.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Page, Request, Route, async_playwright, expect
from sqlalchemy import select

from core.app import create_app
from core.db import Database
from core.demo import load_demo
from core.graphiql import GraphiQLAssetsMissing, cdn_assets, offline_page, strawberry_page
from core.migrate import upgrade
from core.people.models import Person
from core.plugin_host import load_registry
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET, in_ci
from tests.live_server import HOST, serving

CHROMIUM_ENV = "PEERLEARN_TEST_CHROMIUM"
DEMO_COORDINATOR = "casey.morgan@example.org"
# Upper bounds for a busy machine: the browser parses 3.5 MB of GraphiQL before it renders.
WAIT_MS = 60_000
# The only address the page names that is not one of its own: the SVG namespace of its
# inline icon, a name that is never fetched.
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
CONTENT_TYPES = {".js": {"text/javascript", "application/javascript"}, ".css": {"text/css"}}

AppClient = Callable[[bool], AbstractAsyncContextManager[httpx.AsyncClient]]


def _settings(directory: Path, *, graphiql: bool = True) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{directory / 'peerlearn.db'}",
        programs=(),
        graphiql=graphiql,
        token_secret=TOKEN_SECRET,
        environ={},
    )


@pytest.fixture
def app_client(tmp_path: Path) -> AppClient:
    """A client of the app with GraphiQL on or off; none of these requests reach the
    database."""

    @asynccontextmanager
    async def client(graphiql: bool) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(_settings(tmp_path, graphiql=graphiql))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://peerlearn.test") as http:
            yield http
        await app.state.database.dispose()

    return client


async def _graphiql_page(http: httpx.AsyncClient) -> httpx.Response:
    return await http.get("/graphql", headers={"Accept": "text/html"})


async def test_graphiql_page_names_no_other_host(app_client: AppClient) -> None:
    async with app_client(True) as http:
        response = await _graphiql_page(http)

    assert response.status_code == 200
    assert "graphiql.min.js" in response.text
    addresses = set(re.findall(r"(?:https?:)?//[^\s\"'<>)%]+", response.text))
    assert addresses == {SVG_NAMESPACE}


@pytest.mark.parametrize(("path", "integrity"), sorted(cdn_assets(strawberry_page()).items()))
async def test_graphiql_files_are_served_as_strawberry_pins_them(
    app_client: AppClient, path: str, integrity: str
) -> None:
    """Each file the page loads is served from /graphiql/, with its type, and is the very file
    strawberry's page expects (its integrity hash, which the browser checks too)."""
    algorithm = integrity.split("-", 1)[0]

    async with app_client(True) as http:
        response = await http.get(f"/graphiql/{path}")

    assert response.status_code == 200
    content_type = response.headers["content-type"].split(";")[0]
    assert content_type in CONTENT_TYPES[Path(path).suffix]
    digest = base64.b64encode(hashlib.new(algorithm, response.content).digest()).decode()
    assert f"{algorithm}-{digest}" == integrity


async def test_root_leads_to_graphiql_when_it_is_served(app_client: AppClient) -> None:
    async with app_client(True) as http:
        response = await http.get("/")

    assert response.status_code == 307
    assert response.headers["location"] == "/graphql"


async def test_root_says_where_the_api_is_when_graphiql_is_off(app_client: AppClient) -> None:
    async with app_client(False) as http:
        response = await http.get("/")

    assert response.status_code == 200
    assert response.json() == {
        "service": "peerlearn",
        "version": version("peerlearn"),
        "graphql": "/graphql",
        "health": "/healthz",
        "readiness": "/readyz",
    }


async def test_graphiql_off_serves_neither_page_nor_files(app_client: AppClient) -> None:
    (path, _), *_ = cdn_assets(strawberry_page()).items()

    async with app_client(False) as http:
        page = await _graphiql_page(http)
        asset = await http.get(f"/graphiql/{path}")

    # Without the page, /graphql answers only JSON: a request accepting HTML alone is a 406.
    assert (page.status_code, asset.status_code) == (406, 404)


@pytest.mark.parametrize(
    ("named", "reported"),
    [
        ("https://unpkg.com/graphiql@9.9.9/graphiql.min.js", "graphiql@9.9.9/graphiql.min.js"),
        ("https://cdn.example/graphiql.min.js", "https://cdn.example/graphiql.min.js"),
    ],
    ids=["version-not-vendored", "other-host"],
)
def test_page_loading_a_file_not_vendored_stops_startup(named: str, reported: str) -> None:
    page = strawberry_page()
    (served,) = [path for path in cdn_assets(page) if path.endswith("/graphiql.min.js")]
    changed = page.replace(f"https://unpkg.com/{served}", named)

    with pytest.raises(GraphiQLAssetsMissing, match=re.escape(reported)):
        offline_page(changed)


# --- in a real browser, with no network ------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser's executable; session-scoped, so that a run without one skips before the
    server is set up."""
    found = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium")
    if found is None:
        message = (
            "no Chromium to run GraphiQL in: install it (Debian: apt-get install chromium) "
            f"or point {CHROMIUM_ENV} at a Chromium or Chrome executable"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
async def live_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, str]]:
    """The app under uvicorn on a free local port, on the demo data: its address and the demo
    coordinator's token. The socket listens before uvicorn starts, so the browser's first
    request waits in its queue instead of racing the startup."""
    settings = _settings(tmp_path_factory.mktemp("graphiql"))
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    await upgrade(database, registry)
    await load_demo(database, registry)
    async with database.read() as session:
        coordinator = await session.scalar(
            select(Person.id).where(Person.email == DEMO_COORDINATOR)
        )
    assert coordinator is not None
    token = mint_token(TOKEN_SECRET, coordinator, timedelta(hours=1))

    app = create_app(settings, registry=registry, database=database)
    async with serving(app) as base_url:
        yield base_url, token


async def _edit(page: Page, editor: str, text: str) -> None:
    """Replace an editor's text as a paste would (typing would auto-close brackets)."""
    await page.locator(f"{editor} .CodeMirror").click()
    await page.keyboard.press("ControlOrMeta+A")
    await page.keyboard.insert_text(text)


async def test_graphiql_renders_and_runs_a_query_with_no_network(
    chromium: str, live_server: tuple[str, str]
) -> None:
    base_url, token = live_server
    attempted: list[str] = []
    errors: list[str] = []

    async def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname == HOST:
            await route.continue_()
        else:
            await route.abort("internetdisconnected")

    def attempt(request: Request) -> None:
        attempted.append(request.url)

    async with async_playwright() as playwright:
        # Names other than the service's do not even resolve: nothing can leave the machine.
        browser = await playwright.chromium.launch(
            executable_path=chromium,
            args=[f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}"],
        )
        try:
            page = await browser.new_page()
            page.set_default_timeout(WAIT_MS)
            await page.route("**/*", local_only)
            page.on("request", attempt)
            page.on("websocket", lambda websocket: attempted.append(websocket.url))
            page.on("pageerror", lambda error: errors.append(str(error)))

            await page.goto(f"{base_url}/")
            # GraphiQL keeps the query in the address: /graphql?q=...
            graphiql = re.compile(re.escape(f"{base_url}/graphql") + r"(\?.*)?")
            await expect(page).to_have_url(graphiql, timeout=WAIT_MS)
            run = page.locator(".graphiql-execute-button")
            await expect(run).to_be_visible(timeout=WAIT_MS)
            await expect(page.locator("#graphiql")).not_to_contain_text("Loading...")

            await _edit(page, "section.graphiql-query-editor", "{ me { email } }")
            await page.locator('.graphiql-editor-tools button[data-name="headers"]').click()
            headers = f'{{"Authorization": "Bearer {token}"}}'
            await _edit(page, ".graphiql-editor-tool .graphiql-editor:not(.hidden)", headers)
            await run.click()

            result = page.locator("section.result-window")
            await expect(result).to_contain_text(f'"email": "{DEMO_COORDINATOR}"', timeout=WAIT_MS)
        finally:
            await browser.close()

    assert errors == []
    assert [url for url in attempted if urlsplit(url).hostname != HOST] == []
    assert {f"{base_url}/graphiql/{path}" for path in cdn_assets(strawberry_page())} <= set(
        attempted
    )
