"""Bearer tokens: who is asking, proven by a signed JWT.

Two kinds are accepted. Tokens peerlearn mints itself (``peerlearn token``) are HS256, signed
with ``PEERLEARN_TOKEN_SECRET``, issuer and audience ``peerlearn``, subject ``person:<id>``.
Tokens of an OIDC provider are RS256, checked against its JWKS, issuer and audience; their
subject names a person through ``core_people.auth_subject``. Each algorithm is tied to its own
key source, so ``alg=none`` and key confusion (an RS256 public key used as an HS256 secret)
are refused; expiry, issuer and audience are always required.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from core.errors import ServiceUnavailable
from core.i18n import Text, _
from core.settings import Settings

LOCAL_ISSUER = "peerlearn"
LOCAL_AUDIENCE = "peerlearn"
LOCAL_SUBJECT_PREFIX = "person:"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
MAX_PERSON_ID = 2**31 - 1  # the primary key is a 32-bit integer on PostgreSQL


class InvalidToken(Exception):
    """The token was refused; the message says why without echoing the token, ``code`` is
    the error code the client sees."""

    code = "UNAUTHENTICATED"

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Claims:
    subject: str
    local: bool

    @property
    def person_id(self) -> int | None:
        """The person a locally minted token names (OIDC subjects are looked up instead)."""
        if not self.local or not self.subject.startswith(LOCAL_SUBJECT_PREFIX):
            return None
        value = self.subject[len(LOCAL_SUBJECT_PREFIX) :]
        if not (value.isascii() and value.isdigit()):
            return None
        number = int(value)
        return number if 0 < number <= MAX_PERSON_ID else None


def mint_token(secret: str, person_id: int, expires_in: timedelta) -> str:
    now = datetime.now(UTC)
    return jwt.encode(
        {
            "sub": f"{LOCAL_SUBJECT_PREFIX}{person_id}",
            "iss": LOCAL_ISSUER,
            "aud": LOCAL_AUDIENCE,
            "iat": now,
            "exp": now + expires_in,
        },
        secret,
        algorithm="HS256",
    )


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self._secret = settings.token_secret
        self._issuer = settings.oidc_issuer
        self._audience = settings.oidc_audience
        self._jwks = (
            jwt.PyJWKClient(settings.oidc_jwks_url, cache_jwk_set=True, lifespan=300, timeout=5)
            if settings.oidc_jwks_url
            else None
        )

    async def verify(self, token: str) -> Claims:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.PyJWTError:
            raise InvalidToken(_("The bearer token is malformed.")) from None
        try:
            if algorithm == "HS256" and self._secret is not None:
                claims = jwt.decode(
                    token,
                    self._secret,
                    algorithms=["HS256"],
                    issuer=LOCAL_ISSUER,
                    audience=LOCAL_AUDIENCE,
                    options={"require": REQUIRED_CLAIMS},
                )
                return Claims(subject=str(claims["sub"]), local=True)
            if algorithm == "RS256" and self._jwks is not None:
                # PyJWKClient fetches over blocking HTTP (then caches): keep it off the loop.
                key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
                claims = jwt.decode(
                    token,
                    key.key,
                    algorithms=["RS256"],
                    issuer=self._issuer,
                    audience=self._audience,
                    options={"require": REQUIRED_CLAIMS},
                )
                return Claims(subject=str(claims["sub"]), local=False)
        except jwt.ExpiredSignatureError:
            raise InvalidToken(_("The bearer token has expired.")) from None
        except jwt.InvalidAudienceError:
            raise InvalidToken(_("The bearer token is not meant for this service.")) from None
        except jwt.InvalidIssuerError:
            raise InvalidToken(_("The bearer token comes from an unknown issuer.")) from None
        except jwt.PyJWKClientConnectionError:
            raise ServiceUnavailable(_("The identity provider's keys cannot be fetched.")) from None
        except jwt.PyJWKClientError:
            raise InvalidToken(_("The bearer token is signed with an unknown key.")) from None
        except jwt.PyJWTError:
            raise InvalidToken(_("The bearer token is not valid.")) from None
        raise InvalidToken(
            _("Tokens signed with {algorithm!r} are not accepted.", algorithm=algorithm)
        )
