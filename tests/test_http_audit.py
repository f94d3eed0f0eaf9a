"""The GraphQL-over-HTTP conformance audit: the ``graphql-http`` npm package's ``auditServer``
(61 audits: every MUST, SHOULD and MAY of the specification it checks) against the app under
uvicorn. Each audit must be ok: not an error, not a warning, not even a notice of a MAY left out.

The audit's packages are pinned by tests/http_audit/package-lock.json and installed once with
``npm ci`` into tests/http_audit/node_modules (git-ignored), again only when the lock changes.
Without Node.js 18+ the test skips, saying how to enable it; under CI (CI=true) it fails.

It runs on SQLite only: it audits the HTTP layer, which is the same over either database.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest

from core.app import create_app
from core.db import Database
from core.settings import Settings
from tests.conftest import in_ci
from tests.live_server import serving

AUDIT = Path(__file__).parent / "http_audit"
MODULES = AUDIT / "node_modules"
MIN_NODE = 18
# Upper bounds for a busy machine: the audit itself takes about a second, npm ci a few.
INSTALL_SECONDS = 300
AUDIT_SECONDS = 60


def _node() -> str:
    node = shutil.which("node")
    found = subprocess.run([node, "--version"], capture_output=True, text=True) if node else None
    major = int(found.stdout.strip().lstrip("v").split(".")[0]) if found else 0
    if node is None or shutil.which("npm") is None or major < MIN_NODE:
        message = (
            f"the GraphQL-over-HTTP audit needs Node.js {MIN_NODE}+ with npm (found "
            f"{found.stdout.strip() if found else 'none'}): install it (Debian: apt-get install "
            "nodejs npm) to run it"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return node


def _install() -> None:
    """``npm ci`` once per version of the lock: a stamp named after its hash says it is done."""
    lock = hashlib.sha256((AUDIT / "package-lock.json").read_bytes()).hexdigest()[:16]
    stamp = MODULES / f".installed-{lock}"
    if stamp.is_file():
        return
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=AUDIT,
        check=True,
        timeout=INSTALL_SECONDS,
    )
    stamp.touch()


@pytest.fixture
def node(backend: str) -> str:
    if backend != "sqlite":
        pytest.skip("the HTTP layer is audited once, on SQLite")
    found = _node()
    _install()
    return found


async def test_graphql_over_http_audit_all_ok(
    node: str, settings: Settings, database: Database
) -> None:
    app = create_app(settings.replace(tasks_in_process=False), database=database)

    async with serving(app, lifespan=False) as base_url:
        audit = await asyncio.create_subprocess_exec(
            node,
            "audit.mjs",
            f"{base_url}/graphql",
            cwd=AUDIT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(audit.communicate(), AUDIT_SECONDS)

    assert audit.returncode == 0, err.decode()
    results = orjson.loads(out)
    failed = [
        f"{r['id']} {r['status']}: {r['name']} ({r['reason']})"
        for r in results
        if r["status"] != "ok"
    ]
    assert not failed, "\n".join(failed)
    assert len(results) == 61
