"""OIDC bearer tokens (RS256), accepted or refused through the GraphQL HTTP API.

They are signed by a key generated here and published as a JWKS by a small HTTP server on
127.0.0.1; a second app on the same database trusts it, and still accepts local tokens,
while the main app trusts no identity provider. Tokens that try to cross between the two
kinds (unsigned, or HS256 keyed with the provider's public key) are refused by both.

A refused token is always a 401 with code UNAUTHENTICATED and a ``WWW-Authenticate``
header; a missing header is the anonymous viewer.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core.app import create_app
from core.db import Database
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory
from tests.token_support import (
    KNOWN_KID,
    OIDC_AUDIENCE,
    OIDC_ISSUER,
    ask_me,
    assert_unauthenticated,
    hs256_by_hand,
    local_claims,
    me_with,
    new_person,
    oidc_claims,
    pk,
    rs256,
    set_auth_subject,
    unique_subject,
    unsigned_by_hand,
)

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


@pytest.mark.parametrize(
    ("claim", "value", "message"),
    [
        ("aud", "another-api", "not meant for this service"),
        ("iss", "https://evil.example.test", "unknown issuer"),
    ],
    ids=["another-audience", "another-issuer"],
)
async def test_oidc_token_for_another_audience_or_from_another_issuer_is_unauthenticated(
    oidc_http: httpx.AsyncClient,
    provider: IdentityProvider,
    oidc_person: tuple[str, str, str],
    claim: str,
    value: str,
    message: str,
) -> None:
    """Signed by the trusted provider, yet meant for another API or claiming another issuer."""
    _, _, subject = oidc_person
    token = rs256(oidc_claims(subject, **{claim: value}), provider.key)

    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), message)


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
