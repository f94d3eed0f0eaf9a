"""Email over TLS, against a real TLS mail server on loopback: STARTTLS (port 587's way) and
implicit TLS (port 465's), the server's certificate verified against the CAs peerlearn is
given (``PEERLEARN_SMTP_CA_FILE``), and the password sent only inside the encrypted channel."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.notifications.mailer import Outcome, compose, send
from core.settings import Settings
from tests.email_support import SENDER, Inbox, free_port

USER, PASSWORD = "relay-user", "relay-secret"
# aiosmtpd warns of AUTH without STARTTLS on the implicit TLS server, which is all TLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@dataclass(frozen=True)
class Authority:
    """A private certificate authority (an organization's own, for its mail relay) and the
    relay's certificate for 127.0.0.1 it signed."""

    ca_file: Path
    server: ssl.SSLContext


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _authority(directory: Path) -> Authority:
    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Relay CA"))
        .issuer_name(_name("Relay CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_file, chain, key_file = directory / "ca.pem", directory / "relay.pem", directory / "key.pem"
    ca_file.write_bytes(ca.public_bytes(pem))
    chain.write_bytes(server.public_bytes(pem))
    key_file.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain, key_file)
    return Authority(ca_file, context)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return _authority(tmp_path_factory.mktemp("relay"))


class Relay:
    """An aiosmtpd server speaking TLS one way or the other, taking mail only from the
    relay user, and only once the channel is encrypted."""

    def __init__(self, authority: Authority, security: str) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.logins: list[tuple[bytes, bool]] = []
        # aiosmtpd offers AUTH on an implicit TLS connection only when not told to require
        # TLS for it (it tracks STARTTLS alone); the login records whether it came encrypted.
        tls: dict[str, Any] = (
            {"ssl_context": authority.server, "auth_require_tls": False}
            if security == "tls"
            else {"tls_context": authority.server, "require_starttls": True}
        )
        self._controller = Controller(
            self.inbox,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._authenticate,
            auth_required=True,
            **tls,
        )

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.logins.append((data.login, encrypted))
        return AuthResult(success=(data.login, data.password) == (USER.encode(), PASSWORD.encode()))

    def __enter__(self) -> Relay:
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()


def _settings(relay: Relay, security: str, ca_file: Path | None) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=relay.port,
        smtp_security=security,
        smtp_username=USER,
        smtp_password=PASSWORD,
        smtp_from=SENDER,
        smtp_ca_file=ca_file,
        smtp_timeout_seconds=5,
    )


@pytest.fixture(params=["starttls", "tls"])
def relay(request: pytest.FixtureRequest, authority: Authority) -> Iterator[tuple[Relay, str]]:
    with Relay(authority, request.param) as running:
        yield running, request.param


async def test_mail_is_handed_over_inside_tls_with_the_password(
    relay: tuple[Relay, str], authority: Authority
) -> None:
    server, security = relay
    settings = _settings(server, security, authority.ca_file)

    result = await send(settings, compose(settings, "dr.ng@example.org", "Hello", "Hi."))

    assert result.outcome is Outcome.SENT, result.error
    assert server.logins == [(USER.encode(), True)]
    ((recipients, message),) = server.inbox.messages
    assert (recipients, message["Subject"]) == (["dr.ng@example.org"], "Hello")


async def test_a_server_whose_certificate_no_trusted_ca_signed_is_never_given_the_mail(
    relay: tuple[Relay, str],
) -> None:
    """Without the relay's CA, its certificate is refused: nothing, not the password, is
    sent, and the message waits for a retry (the operator fixes the CA file)."""
    server, security = relay
    settings = _settings(server, security, None)

    result = await send(settings, compose(settings, "dr.ng@example.org", "Hello", "Hi."))

    assert result.outcome is Outcome.RETRY
    assert "CERTIFICATE_VERIFY_FAILED" in result.error or "certificate" in result.error.lower()
    assert server.logins == []
    assert server.inbox.messages == []
