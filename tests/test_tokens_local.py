"""Local bearer tokens (HS256, signed with the test secret), accepted or refused through the
GraphQL HTTP API, never by calling the verifier directly.

A refused token is always a 401 with code UNAUTHENTICATED and a ``WWW-Authenticate``
header; a missing header is the anonymous viewer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory
from tests.token_support import (
    NO_SUCH_PERSON,
    ask_me,
    assert_unauthenticated,
    local_claims,
    me_with,
    new_person,
    pk,
    unsigned_by_hand,
)

# --- local (HS256) tokens --------------------------------------------------------------------


async def test_local_token_signs_in_as_its_person(http: httpx.AsyncClient, make: Factory) -> None:
    global_id, email = await new_person(make)

    me = await me_with(http, mint_token(TOKEN_SECRET, pk(global_id), timedelta(minutes=5)))

    assert me == {"id": global_id, "email": email}


async def test_no_authorization_header_is_anonymous(http: httpx.AsyncClient) -> None:
    response = await ask_me(http, None)

    assert response.status_code == 200
    assert response.json()["data"] == {"me": None}
    assert "errors" not in response.json()


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


@pytest.mark.parametrize(
    ("claim", "value", "message"),
    [
        ("aud", "another-service", "not meant for this service"),
        ("iss", "someone-else", "unknown issuer"),
    ],
    ids=["another-audience", "another-issuer"],
)
async def test_token_for_another_audience_or_from_another_issuer_is_unauthenticated(
    http: httpx.AsyncClient, make: Factory, claim: str, value: str, message: str
) -> None:
    """Signed with our secret, yet meant for another service or minted by another issuer."""
    global_id, _ = await new_person(make)
    token = jwt.encode(local_claims(pk(global_id), **{claim: value}), TOKEN_SECRET, "HS256")

    assert_unauthenticated(await ask_me(http, f"Bearer {token}"), message)


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
