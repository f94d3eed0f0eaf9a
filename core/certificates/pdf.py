"""A certificate as a PDF a physician can hand to their College: one page, laid out by
reportlab, with nothing fetched from outside (its built-in Helvetica needs no font files)."""

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
    out = BytesIO()
    verification = document.verification
    pdf = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=f"Certificate {verification.number}",
        author=verification.provider,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
    )
    pdf.build(_story(document))
    return out.getvalue()


def _credits(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def _story(document: CertificateDocument) -> list[Flowable]:
    v = document.verification
    holder = v.holder + (f", licence {document.licence}" if document.licence else "")
    facts = [
        ["Participant", holder],
        ["Activity", v.title],
        ["Program", v.program],
        ["Provider", v.provider],
        ["Dates", f"{v.period_start.isoformat()} to {v.period_end.isoformat()}"],
        ["Certification ID", document.certification_id or "None"],
        ["Credits", _credits(v.credits)],
        ["Issued", v.issued_at.date().isoformat()],
    ]
    categories = [["Category", "Credits"]] + [
        [c.category, _credits(c.credits)] for c in v.categories
    ]
    activities = [["Activity", "Dates", "Location", "Credits"]] + [
        [
            Paragraph(line.title, STYLES["Normal"]),
            _days(line.first_day.isoformat(), line.last_day.isoformat()),
            Paragraph(line.location or "", STYLES["Normal"]),
            _credits(line.credits),
        ]
        for line in document.activities
    ]
    story: list[Flowable] = [
        Paragraph("Certificate of Participation", STYLES["Title"]),
        Paragraph(document.statement, STYLES["Normal"]),
        Spacer(1, 12),
        Table(facts, colWidths=[1.6 * inch, 5 * inch], hAlign="LEFT"),
        Spacer(1, 12),
        Table(categories, colWidths=[4.6 * inch, 2 * inch], style=GRID, hAlign="LEFT"),
        Spacer(1, 12),
        Table(activities, colWidths=[2.6 * inch, 1.8 * inch, 1.4 * inch, 0.8 * inch], style=GRID),
        Spacer(1, 18),
        Paragraph(
            f"Certificate {v.number}. Verification code {document.verification_code}.", SMALL
        ),
    ]
    if v.replaced_by:
        story.append(Paragraph(f"Replaced by certificate {v.replaced_by}.", SMALL))
    return story


def _days(first: str, last: str) -> str:
    return first if first == last else f"{first} to {last}"
