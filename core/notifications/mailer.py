"""Handing one message to the mail server (aiosmtplib), and telling from how it failed
whether it may be tried again without risk of sending it twice."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import make_msgid

import aiosmtplib

from core.i18n import _
from core.settings import Settings

SUBJECT_LENGTH = 70


class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # the server did not take it, for now: try again later
    REFUSED = "refused"  # the server will never take it (a 5xx answer)
    UNKNOWN = "unknown"  # cut off while handing it over: it may have been taken


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    error: str = ""


def compose(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="peerlearn")
    message.set_content(body)
    return message


def subject_of(title: str, text: str) -> str:
    """The program's name and the message's first line, shortened for a mail client's list;
    punctuated as the current language writes it (``Titre : ligne`` in French)."""
    line = text.strip().splitlines()[0]
    if len(line) > SUBJECT_LENGTH:
        line = line[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return _("{program}: {line}", program=title, line=line)


async def send(settings: Settings, message: EmailMessage) -> Result:
    """Hand ``message`` over on a connection of its own: one message's trouble (a refused
    recipient, a dropped connection) never leaves another's half-done.

    Everything up to the end of the DATA exchange is safe to retry, unless the connection
    is lost or times out *during* DATA: the server may then have accepted the message
    without our hearing so, and it is not tried again (at most once)."""
    sender, recipient = str(message["From"]), str(message["To"])
    client = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        use_tls=settings.smtp_security == "tls",
        start_tls=settings.smtp_security == "starttls",
        timeout=settings.smtp_timeout_seconds,
        cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
    )
    try:
        return await _hand_over(client, sender, recipient, message)
    finally:
        client.close()


async def _hand_over(
    client: aiosmtplib.SMTP, sender: str, recipient: str, message: EmailMessage
) -> Result:
    try:
        await client.connect()
        await client.mail(sender)
        await client.rcpt(recipient)
    except aiosmtplib.SMTPResponseException as error:
        return _answered(error)
    except (aiosmtplib.SMTPException, OSError) as error:
        return Result(Outcome.RETRY, _describe(error))
    try:
        await client.data(message.as_bytes())
    except aiosmtplib.SMTPResponseException as error:
        return _answered(error)
    except (aiosmtplib.SMTPException, OSError) as error:
        return Result(Outcome.UNKNOWN, _describe(error))
    return Result(Outcome.SENT)


def _answered(error: aiosmtplib.SMTPResponseException) -> Result:
    """The server said no: permanently (5xx) or for now (4xx)."""
    outcome = Outcome.REFUSED if error.code >= 500 else Outcome.RETRY
    return Result(outcome, f"the mail server answered {error.code} {error.message}")


def _describe(error: Exception) -> str:
    """The error's kind and text: aiosmtplib's messages carry the server's answers and
    addresses, never the password it was given."""
    return f"{type(error).__name__}: {error}"
