"""Bearer tokens as a client builds and presents them: claims, signatures made by hand, and
the one request (``{ me { id email } }``) every token test asks with.

A support module: the local, OIDC and command-line token tests share these helpers.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from core.db import Database
from core.graphql.relay import from_global_id
from core.people.models import Person
from core.tokens import LOCAL_AUDIENCE, LOCAL_ISSUER
from tests.factories import Factory

ME = "{ me { id email } }"
REPO_ROOT = Path(__file__).resolve().parent.parent
OIDC_ISSUER = "https://id.example.test"
OIDC_AUDIENCE = "peerlearn-api"
KNOWN_KID = "peerlearn-test-key"
NO_SUCH_PERSON = 999_999_999


# --- helpers ---------------------------------------------------------------------------------


def cli_env(**variables: str) -> dict[str, str]:
    """The current environment without any PEERLEARN_* variable, plus the ones given."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PEERLEARN_")}
    return {**env, **variables}


async def run_cli(*args: str, env: dict[str, str], cwd: Path = REPO_ROOT) -> tuple[int, str, str]:
    """``peerlearn`` run as a user would, in ``cwd``: exit code, stdout and stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "core.cli",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value: dict[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def local_claims(person_id: int, **overrides: Any) -> dict[str, Any]:
    """The claims ``mint_token`` would write, with some changed (a None value drops a claim)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": f"person:{person_id}",
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def oidc_claims(subject: str, **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "iss": OIDC_ISSUER,
        "aud": OIDC_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def rs256(claims: dict[str, Any], key: rsa.RSAPrivateKey, kid: str | None = KNOWN_KID) -> str:
    headers = {"kid": kid} if kid is not None else None
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)


def unsigned_by_hand(claims: dict[str, Any]) -> str:
    """An ``alg=none`` token built without PyJWT: header, payload and an empty signature."""
    payload = {
        name: int(value.timestamp()) if isinstance(value, datetime) else value
        for name, value in claims.items()
    }
    return f"{b64url_json({'alg': 'none', 'typ': 'JWT'})}.{b64url_json(payload)}."


def hs256_by_hand(claims: dict[str, Any], secret: bytes) -> str:
    """An HS256 token signed with any bytes; PyJWT refuses a PEM key as an HMAC secret."""
    payload = {
        name: int(value.timestamp()) if isinstance(value, datetime) else value
        for name, value in claims.items()
    }
    signing_input = f"{b64url_json({'alg': 'HS256', 'typ': 'JWT'})}.{b64url_json(payload)}"
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


async def ask_me(http: httpx.AsyncClient, authorization: str | None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return await http.post("/graphql", json={"query": ME}, headers=headers)


async def me_with(http: httpx.AsyncClient, token: str) -> dict[str, Any]:
    """``me`` of a token that must be accepted."""
    response = await ask_me(http, f"Bearer {token}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    assert body["data"]["me"] is not None
    return body["data"]["me"]


def assert_unauthenticated(response: httpx.Response, message: str) -> None:
    """A refused token: 401, UNAUTHENTICATED, a Bearer challenge, and the reason in the
    message; no GraphQL data and nothing of the token or a stack trace echoed back."""
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert message in error["message"], error["message"]
    assert "Traceback" not in response.text


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


async def new_person(make: Factory) -> tuple[str, str]:
    """A person made through the admin API: their global ID and email."""
    email = f"{uuid.uuid4().hex}@example.org"
    return await make.person(email=email), email


async def set_auth_subject(database: Database, global_id: str, subject: str) -> None:
    async with database.write() as session:
        person = await session.get(Person, pk(global_id))
        assert person is not None
        person.auth_subject = subject


def unique_subject() -> str:
    """``auth_subject`` is unique and the database is shared by the whole session."""
    return f"oidc|{uuid.uuid4().hex}"
