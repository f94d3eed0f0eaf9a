"""GraphiQL served whole by the service: strawberry's page, with its scripts and styles taken
from ``core/static/graphiql`` instead of a CDN.

Behind a firewall that blocks the CDN, strawberry's own page stays a blank "Loading...". The
page is strawberry's template with each CDN address rewritten to the vendored copy, so the
page follows strawberry's (header editor included); the copies are the exact files the
template names, which its ``integrity`` hashes check in the browser. A template that names a
file not vendored here stops the service at startup rather than serving a page that needs the
internet (refresh the copies: see ``core/static/graphiql/README.md``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from strawberry.http.ides import get_graphql_ide_html

ASSETS = Path(__file__).parent / "static" / "graphiql"
ASSETS_URL = "/graphiql"

# unpkg's addresses are ``<package>@<version>/<file>``, the layout of the vendored folder.
_CDN = re.compile(r"https://unpkg\.com/(?P<path>[^\"'\s]+)")


class GraphiQLAssetsMissing(RuntimeError):
    """strawberry's GraphiQL page loads a file this service does not carry."""


class _Loads(HTMLParser):
    """Every address a page's tags load (``src``, ``href``), with its ``integrity`` hash."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if address := values.get(name):
                self.found[address.strip()] = values.get("integrity")


def loads(page: str) -> dict[str, str | None]:
    parser = _Loads()
    parser.feed(page)
    parser.close()
    return parser.found


def strawberry_page() -> str:
    return get_graphql_ide_html(graphql_ide="graphiql")


def cdn_assets(page: str) -> dict[str, str | None]:
    """The files ``page`` loads from the CDN, as paths in the vendored folder, with the
    ``integrity`` hash the page expects of each."""
    return {
        match["path"]: integrity
        for address, integrity in loads(page).items()
        if (match := _CDN.fullmatch(address))
    }


def offline_page(page: str) -> str:
    """``page`` loading its files from this service; refuses a page that would still load
    anything from another host."""
    missing = [path for path in cdn_assets(page) if not (ASSETS / path).is_file()]
    elsewhere = [
        address
        for address in loads(page)
        if urlsplit(address).netloc and not _CDN.fullmatch(address)
    ]
    if missing or elsewhere:
        raise GraphiQLAssetsMissing(
            "the GraphiQL page of this strawberry-graphql loads "
            f"{', '.join(missing + elsewhere)}, which {ASSETS} does not hold: refresh it "
            "(see its README.md) or set PEERLEARN_GRAPHIQL=false"
        )
    return _CDN.sub(lambda match: f"{ASSETS_URL}/{match['path']}", page)


def assets_route() -> Mount:
    return Mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="graphiql-assets")
