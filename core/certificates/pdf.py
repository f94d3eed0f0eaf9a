"""A certificate as a PDF a physician can hand to their College: one page, laid out by
reportlab, with nothing fetched from outside (its built-in Helvetica needs no font files).

Every word on it is in the document's language (its holder's, see ``documents``). Helvetica
is written in WinAnsi (Latin-1) encoding, which holds every letter French needs (é, è, à, ç,
« », and the typographic apostrophe), so the French page needs no embedded font either. Dates in the
tables stay ISO 8601 (2025-03-06), read alike in both languages; the statement, prose, words
them for its reader."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from core.certificates.documents import CertificateDocument
from core.certificates.service import STATEMENT
from core.i18n import SOURCE, _, date_text, number_text, speaking

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, textColor=colors.grey)
GRID = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def render(document: CertificateDocument) -> bytes:
    """Run in a worker thread: the language is set here, not inherited from the request."""
    with speaking(document.language):
        out = BytesIO()
        verification = document.verification
        pdf = SimpleDocTemplate(
            out,
            pagesize=LETTER,
            title=_("Certificate {number}", number=verification.number),
            author=verification.provider,
            leftMargin=0.9 * inch,
            rightMargin=0.9 * inch,
        )
        pdf.build(_story(document))
        return out.getvalue()


def _credits(amount: Decimal) -> str:
    """``1.5`` in English, ``1,5`` in French; whole credits without decimals."""
    return number_text(amount.normalize())


def _statement(document: CertificateDocument) -> str:
    """The statement as issued, in English; in another language worded anew from the same
    facts the certificate states."""
    if document.language is SOURCE:
        return document.statement
    v = document.verification
    return _(
        STATEMENT,
        organization=v.provider,
        person=v.holder,
        credits=_credits(v.credits),
        title=v.title,
        start=date_text(v.period_start),
        end=date_text(v.period_end),
    )


def _story(document: CertificateDocument) -> list[Flowable]:
    v = document.verification
    holder = v.holder
    if document.licence:
        holder = _("{name}, licence {licence}", name=v.holder, licence=document.licence)
    facts = [
        [_("Participant"), holder],
        [_("Activity"), v.title],
        [_("Program"), v.program],
        [_("Provider"), v.provider],
        [_("Dates"), _days(v.period_start.isoformat(), v.period_end.isoformat())],
        [_("Certification ID"), document.certification_id or _("None")],
        [_("Credits"), _credits(v.credits)],
        [_("Issued"), v.issued_at.date().isoformat()],
    ]
    categories = [[_("Category"), _("Credits")]] + [
        [c.category, _credits(c.credits)] for c in v.categories
    ]
    activities = [[_("Activity"), _("Dates"), _("Location"), _("Credits")]] + [
        [
            Paragraph(line.title, STYLES["Normal"]),
            _days(line.first_day.isoformat(), line.last_day.isoformat()),
            Paragraph(line.location or "", STYLES["Normal"]),
            _credits(line.credits),
        ]
        for line in document.activities
    ]
    story: list[Flowable] = [
        Paragraph(_("Certificate of Participation"), STYLES["Title"]),
        Paragraph(_statement(document), STYLES["Normal"]),
        Spacer(1, 12),
        Table(facts, colWidths=[1.6 * inch, 5 * inch], hAlign="LEFT"),
        Spacer(1, 12),
        Table(categories, colWidths=[4.6 * inch, 2 * inch], style=GRID, hAlign="LEFT"),
        Spacer(1, 12),
        Table(activities, colWidths=[2.6 * inch, 1.8 * inch, 1.4 * inch, 0.8 * inch], style=GRID),
        Spacer(1, 18),
        Paragraph(
            _(
                "Certificate {number}. Verification code {code}.",
                number=v.number,
                code=document.verification_code,
            ),
            SMALL,
        ),
    ]
    if v.replaced_by:
        story.append(Paragraph(_("Replaced by certificate {number}.", number=v.replaced_by), SMALL))
    return story


def _days(first: str, last: str) -> str:
    return first if first == last else _("{first} to {last}", first=first, last=last)
