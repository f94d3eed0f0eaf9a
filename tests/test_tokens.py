"""Bearer tokens, as a client presents them: each kind of token is accepted or refused through
the GraphQL HTTP API (``{ me { id email } }``), never by calling the verifier directly.

Local tokens are HS256, signed with the test secret. OIDC tokens are RS256, signed by a key
generated here and published as a JWKS by a small HTTP server on 127.0.0.1. A refused token is
always a 401 with code UNAUTHENTICATED and a ``WWW-Authenticate`` header; a missing header is
the anonymous viewer.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import socket
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core.app import create_app
from core.db import Database
from core.graphql.relay import from_global_id
from core.models import Person
from core.settings import Settings
from core.tokens import LOCAL_AUDIENCE, LOCAL_ISSUER, mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory

ME = "{ me { id email } }"
REPO_ROOT = Path(__file__).resolve().parent.parent
OIDC_ISSUER = "https://id.example.test"
OIDC_AUDIENCE = "peerlearn-api"
KNOWN_KID = "peerlearn-test-key"
NO_SUCH_PERSON = 999_999_999


# --- helpers ---------------------------------------------------------------------------------


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


# --- the identity provider -------------------------------------------------------------------


class IdentityProvider:
    """An RSA key and the JWKS publishing its public half, served over real HTTP."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": KNOWN_KID, "alg": "RS256", "use": "sig"}]}
        self.public_pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/jwks.json":
                    self.send_error(404)
                    return
                body = json.dumps(provider.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def jwks_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/jwks.json"


@pytest.fixture(scope="module")
def provider() -> Iterator[IdentityProvider]:
    provider = IdentityProvider()
    provider.thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()
        provider.thread.join(timeout=5)


@pytest.fixture(scope="module")
async def oidc_http(
    settings: Settings, database: Database, provider: IdentityProvider
) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database that also trusts the identity provider."""
    app = create_app(
        Settings(
            database_url=settings.database_url,
            programs=("example",),
            token_secret=TOKEN_SECRET,
            oidc_issuer=OIDC_ISSUER,
            oidc_audience=OIDC_AUDIENCE,
            oidc_jwks_url=provider.jwks_url,
            environ={},
        ),
        database=database,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://oidc.test") as client:
        yield client


@pytest.fixture
async def oidc_person(make: Factory, database: Database) -> tuple[str, str, str]:
    """A person known to the identity provider: global ID, email and ``auth_subject``."""
    global_id, email = await new_person(make)
    subject = unique_subject()
    await set_auth_subject(database, global_id, subject)
    return global_id, email, subject


# --- local (HS256) tokens --------------------------------------------------------------------


async def test_local_token_signs_in_as_its_person(http: httpx.AsyncClient, make: Factory) -> None:
    global_id, email = await new_person(make)

    me = await me_with(http, mint_token(TOKEN_SECRET, pk(global_id), timedelta(minutes=5)))

    assert me == {"id": global_id, "email": email}


async def test_no_authorization_header_is_anonymous(http: httpx.AsyncClient) -> None:
    response = await ask_me(http, None)

    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


async def test_bearer_scheme_is_case_insensitive(http: httpx.AsyncClient, make: Factory) -> None:
    """RFC 7235: the auth scheme is case-insensitive."""
    global_id, _ = await new_person(make)
    token = mint_token(TOKEN_SECRET, pk(global_id), timedelta(minutes=5))

    response = await ask_me(http, f"bearer {token}")

    assert response.status_code == 200
    assert response.json()["data"]["me"]["id"] == global_id


async def test_token_expired_is_unauthenticated(http: httpx.AsyncClient, make: Factory) -> None:
    global_id, _ = await new_person(make)
    now = datetime.now(UTC)
    token = jwt.encode(
        local_claims(pk(global_id), iat=now - timedelta(hours=2), exp=now - timedelta(hours=1)),
        TOKEN_SECRET,
        algorithm="HS256",
    )

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "expired")


async def test_token_signed_with_another_secret_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory
) -> None:
    global_id, _ = await new_person(make)
    token = mint_token("another-secret-" + "x" * 32, pk(global_id), timedelta(minutes=5))

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "not valid")


async def test_token_for_another_audience_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory
) -> None:
    global_id, _ = await new_person(make)
    token = jwt.encode(local_claims(pk(global_id), aud="another-service"), TOKEN_SECRET, "HS256")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "not meant for this service")


async def test_token_from_another_issuer_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory
) -> None:
    global_id, _ = await new_person(make)
    token = jwt.encode(local_claims(pk(global_id), iss="someone-else"), TOKEN_SECRET, "HS256")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "unknown issuer")


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub"])
async def test_token_missing_a_required_claim_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory, claim: str
) -> None:
    """A token without ``exp`` would never expire; one without ``iss``/``aud`` could be a
    token meant for another service signed with a shared secret."""
    global_id, _ = await new_person(make)
    token = jwt.encode(local_claims(pk(global_id), **{claim: None}), TOKEN_SECRET, "HS256")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "not valid")


async def test_unsigned_token_built_by_hand_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory
) -> None:
    """``alg=none``: anyone could forge it, so it must never name a person."""
    global_id, _ = await new_person(make)
    token = unsigned_by_hand(local_claims(pk(global_id)))

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "'none' are not accepted")


async def test_unsigned_token_from_pyjwt_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory
) -> None:
    global_id, _ = await new_person(make)
    token = jwt.encode(local_claims(pk(global_id)), None, algorithm="none")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "'none' are not accepted")


async def test_unsigned_token_is_refused_by_the_oidc_app_too(
    oidc_http: httpx.AsyncClient, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    token = unsigned_by_hand(oidc_claims(subject))

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "'none' are not accepted")


async def test_hs256_token_signed_with_the_oidc_public_key_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, make: Factory
) -> None:
    """Key confusion: the provider's public key is public, so an HS256 token whose HMAC secret
    is that PEM must not pass as either a local or an OIDC token."""
    global_id, _ = await new_person(make)
    for claims in (local_claims(pk(global_id)), oidc_claims(unique_subject())):
        token = hs256_by_hand(claims, provider.public_pem)

        assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "not valid")


async def test_token_naming_no_existing_person_is_unauthenticated(
    http: httpx.AsyncClient,
) -> None:
    token = mint_token(TOKEN_SECRET, NO_SUCH_PERSON, timedelta(minutes=5))

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "names no one known here")


@pytest.mark.parametrize(
    "subject",
    ["person:2147483648", "person:9223372036854775808", "person:\u00b2"],
    ids=["beyond-int32", "beyond-int64", "superscript-digit"],
)
async def test_token_naming_an_impossible_person_id_is_unauthenticated(
    http: httpx.AsyncClient, subject: str
) -> None:
    """IDs no row can have (beyond the integer key's range, or a Unicode "digit" ``int``
    rejects) name no one: a 401 like any other unknown person, not a server error."""
    token = jwt.encode(local_claims(0, sub=subject), TOKEN_SECRET, algorithm="HS256")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "names no one known here")


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        ("Token abc", "'Bearer <token>'"),
        ("Bearer", "'Bearer <token>'"),
        ("Bearer ", "'Bearer <token>'"),
        ("Basic dXNlcjpwYXNz", "'Bearer <token>'"),
        ("Bearer not.a.jwt", "malformed"),
        ("Bearer abc", "malformed"),
    ],
    ids=["other-scheme", "bearer-alone", "bearer-blank", "basic", "not-a-jwt", "one-segment"],
)
async def test_malformed_authorization_header_is_unauthenticated(
    http: httpx.AsyncClient, authorization: str, message: str
) -> None:
    """A broken header is refused, never silently treated as anonymous."""
    assert_unauthenticated(await ask_me(http, authorization), message)


# --- OIDC (RS256) tokens ---------------------------------------------------------------------


async def test_oidc_token_signs_in_as_the_person_with_that_subject(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    global_id, email, subject = oidc_person

    me = await me_with(oidc_http, rs256(oidc_claims(subject), provider.key))

    assert me == {"id": global_id, "email": email}


async def test_oidc_app_still_accepts_local_tokens(
    oidc_http: httpx.AsyncClient, make: Factory
) -> None:
    global_id, email = await new_person(make)

    me = await me_with(oidc_http, mint_token(TOKEN_SECRET, pk(global_id), timedelta(minutes=5)))

    assert me == {"id": global_id, "email": email}


async def test_oidc_token_expired_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    now = datetime.now(UTC)
    claims = oidc_claims(subject, iat=now - timedelta(hours=2), exp=now - timedelta(hours=1))

    assert_unauthenticated(
        await ask_me(oidc_http, f"Bearer {rs256(claims, provider.key)}"), "expired"
    )


async def test_oidc_token_for_another_audience_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject, aud="another-api"), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "not meant for this service")


async def test_oidc_token_from_another_issuer_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject, iss="https://evil.example.test"), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "unknown issuer")


async def test_oidc_token_missing_expiry_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject, exp=None), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "not valid")


async def test_oidc_token_with_unknown_kid_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject), provider.key, kid="not-in-the-jwks")

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "unknown key")


async def test_oidc_token_signed_by_a_foreign_key_is_unauthenticated(
    oidc_http: httpx.AsyncClient, oidc_person: tuple[str, str, str]
) -> None:
    """Someone else's RSA key, claiming the provider's ``kid``: the signature must not hold."""
    _, _, subject = oidc_person
    foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = rs256(oidc_claims(subject), foreign)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "not valid")


async def test_oidc_token_whose_subject_matches_no_person_is_unauthenticated(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider
) -> None:
    token = rs256(oidc_claims(unique_subject()), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "names no one known here")


async def test_oidc_subject_shaped_like_a_local_subject_is_not_a_person_id(
    oidc_http: httpx.AsyncClient, provider: IdentityProvider, platform_admin: int
) -> None:
    """The provider chooses its subjects; ``person:<id>`` from it must not mean peerlearn's
    person <id> (here, the platform admin)."""
    token = rs256(oidc_claims(f"person:{platform_admin}"), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "names no one known here")


async def test_unreachable_jwks_is_service_unavailable(
    settings: Settings, database: Database, provider: IdentityProvider
) -> None:
    """The provider being down is not the client's fault: 503, so the client retries, and the
    token is not called invalid."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app = create_app(
        Settings(
            database_url=settings.database_url,
            programs=("example",),
            token_secret=TOKEN_SECRET,
            oidc_issuer=OIDC_ISSUER,
            oidc_audience=OIDC_AUDIENCE,
            oidc_jwks_url=f"http://127.0.0.1:{closed_port}/jwks.json",
            environ={},
        ),
        database=database,
    )
    token = rs256(oidc_claims(unique_subject()), provider.key)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://down.test") as http:
        response = await ask_me(http, f"Bearer {token}")

    assert response.status_code == 503, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert str(closed_port) not in response.text


async def test_rs256_token_without_oidc_configured_is_unauthenticated(
    http: httpx.AsyncClient, provider: IdentityProvider, oidc_person: tuple[str, str, str]
) -> None:
    """The main app trusts no identity provider: a perfectly good provider token is refused."""
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject), provider.key)

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), "'RS256' are not accepted")


# --- the ``peerlearn token`` command ---------------------------------------------------------


def cli_env(**variables: str) -> dict[str, str]:
    """The current environment without any PEERLEARN_* variable, plus the ones given."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PEERLEARN_")}
    return {**env, **variables}


async def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "core.cli",
        *args,
        env=env,
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


async def test_cli_token_signs_in_as_the_named_person(
    http: httpx.AsyncClient, make: Factory, settings: Settings, example_site: Path
) -> None:
    global_id, email = await new_person(make)
    env = cli_env(
        PEERLEARN_DATABASE_URL=settings.database_url,
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )

    code, stdout, stderr = await run_cli("token", "--person", email, "--expires", "2h", env=env)

    assert code == 0, stderr
    token = stdout.strip()
    assert await me_with(http, token) == {"id": global_id, "email": email}
    claims = jwt.decode(token, TOKEN_SECRET, algorithms=["HS256"], audience=LOCAL_AUDIENCE)
    assert (
        timedelta(hours=2) - timedelta(minutes=1)
        < timedelta(seconds=claims["exp"] - claims["iat"])
        <= timedelta(hours=2)
    )


async def test_cli_token_for_an_unknown_person_exits_2(
    settings: Settings, database: Database, example_site: Path
) -> None:
    env = cli_env(
        PEERLEARN_DATABASE_URL=settings.database_url,
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )
    email = f"nobody-{uuid.uuid4().hex}@example.org"

    code, stdout, stderr = await run_cli("token", "--person", email, env=env)

    assert code == 2
    assert stdout == ""
    assert f"no person {email!r}" in stderr


async def test_cli_token_without_a_secret_exits_2(example_site: Path) -> None:
    env = cli_env(
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )

    code, stdout, stderr = await run_cli("token", "--person", "someone@example.org", env=env)

    assert code == 2
    assert stdout == ""
    assert "PEERLEARN_TOKEN_SECRET" in stderr
    assert "Traceback" not in stderr


async def test_cli_token_with_a_bad_duration_exits_2() -> None:
    env = cli_env(PEERLEARN_TOKEN_SECRET=TOKEN_SECRET, PYTHONPATH=str(REPO_ROOT))

    code, stdout, stderr = await run_cli(
        "token", "--person", "someone@example.org", "--expires", "5x", env=env
    )

    assert code == 2
    assert stdout == ""
    assert "'5x' is not a duration" in stderr
