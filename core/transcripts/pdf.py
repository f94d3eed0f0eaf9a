"""A credit transcript as a PDF a physician hands to their College, laid out by reportlab as the
certificate is (built-in Helvetica in WinAnsi encoding: every letter French needs, no font
file): who, which system and cycle, the credits by category, every requirement and cycle year
with what is missing, then each credit line behind the sums.

Tables give dates in ISO 8601 (2025-03-06), read alike in both languages, and credits as the
reader writes numbers (1.5; 1,5 in French). A self-reported line is set apart three ways, so
that a College reading a black-and-white printout still sees it: its program column says so,
the row is shaded, and a note under the table says what self-reported means. Every page carries
the day the document was produced: a transcript is true on that day only.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus.flowables import Flowable

from core.certificates.pdf import GRID, SMALL, STYLES
from core.i18n import Text, _, speaking
from core.transcripts.documents import Judged, TranscriptDocument
from core.transcripts.wording import amount

MARGIN = 0.9 * inch
WIDTH = LETTER[0] - 2 * MARGIN
CELL = ParagraphStyle("cell", parent=STYLES["Normal"], fontSize=9, leading=11)
HEADING = ParagraphStyle("heading", parent=STYLES["Heading2"], keepWithNext=1)
SHADE = colors.Color(0.93, 0.93, 0.93)


def render(document: TranscriptDocument) -> bytes:
    """Run in a worker thread: the language is set here, not inherited from the request."""
    with speaking(document.language):
        out = BytesIO()
        pdf = SimpleDocTemplate(
            out,
            pagesize=LETTER,
            title=_("Credit transcript"),
            author=document.holder,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
        )
        produced = _("Produced by peerlearn on {day}.", day=document.produced_on.isoformat())

        def footer(canvas: Canvas, _doc: Any) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.setFillColor(colors.grey)
            canvas.drawString(MARGIN, 0.5 * inch, produced)
            page = _("Page {number}", number=canvas.getPageNumber())
            canvas.drawRightString(LETTER[0] - MARGIN, 0.5 * inch, page)
            canvas.restoreState()

        pdf.build(_story(document), onFirstPage=footer, onLaterPages=footer)
        return out.getvalue()


def _story(document: TranscriptDocument) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(_("Credit transcript"), STYLES["Title"]),
        Table(_facts(document), colWidths=[1.6 * inch, WIDTH - 1.6 * inch], hAlign="LEFT"),
        Spacer(1, 8),
        Paragraph(_standing(document), STYLES["Normal"]),
    ]
    if document.categories:
        rows = [[_cell(name), amount(total)] for name, total in document.categories]
        story += _section(_("Credits by category"), [_("Category"), _("Credits")], rows, [4.6])
    if document.requirements:
        rows = [[_cell(r.title), *_judged(r)] for r in document.requirements]
        headers = [_("Requirement"), _("Required"), _("Earned"), _("Missing"), _("Status")]
        story += _section(_("Requirements"), headers, rows, [2.8, 0.9, 0.9, 0.9])
    if document.years:
        headers = [_("Year"), _("Credits"), _("Requirement"), _("Required"), _("Earned")]
        headers += [_("Missing"), _("Status")]
        widths = [1.3, 0.7, 1.5, 0.7, 0.7, 0.8]  # the status takes the rest: 1 in
        story += _section(_("Cycle years"), headers, _years(document), widths)
    story += _lines(document)
    return story


def _facts(document: TranscriptDocument) -> list[list[str]]:
    holder = document.holder
    if document.licence:
        holder = _("{name}, licence {licence}", name=holder, licence=document.licence)
    facts = [
        [_("Physician"), holder],
        [_("Credit system"), document.system or _("None")],
    ]
    cycle = document.cycle
    if cycle is None:
        facts.append([_("Cycle"), _("No cycle dates entered")])
    else:
        facts += [
            [_("Cycle"), _days(cycle.starts_on.isoformat(), cycle.ends_on.isoformat())],
            [_("Kind"), cycle.kind],
            [_("Dates"), cycle.entered],
        ]
    return [*facts, [_("Credits"), amount(document.total)]]


def _standing(document: TranscriptDocument) -> Text:
    if document.cycle is None:
        return _(
            "No cycle dates have been entered for this physician, so no requirement is judged; "
            "every credit is listed."
        )
    if document.met:
        return _("Every requirement of this cycle is met.")
    return _("Not every requirement of this cycle is met: what is missing is shown below.")


def _judged(judged: Judged) -> list[str]:
    status = _("Met") if judged.met else _("Not met")
    return [amount(judged.required), amount(judged.earned), amount(judged.missing), status]


def _years(document: TranscriptDocument) -> list[list[Any]]:
    """One row per requirement of each year (a year with none: its dates and credits)."""
    rows: list[list[Any]] = []
    for year in document.years:
        dates = _days(year.starts_on.isoformat(), year.ends_on.isoformat())
        first: list[Any] = [_cell(dates), amount(year.total)]
        if not year.requirements:
            rows.append([*first, "", "", "", "", ""])
        for index, judged in enumerate(year.requirements):
            lead = first if index == 0 else ["", ""]
            rows.append([*lead, _cell(judged.title), *_judged(judged)])
    return rows


def _lines(document: TranscriptDocument) -> list[Flowable]:
    """The credit lines; self-reported ones shaded and explained under the table."""
    title = _("Credit lines")
    if not document.lines:
        return [Spacer(1, 12), Paragraph(title, HEADING), Paragraph(_("None"), CELL)]
    rows = [
        [
            line.earned_on.isoformat(),
            _cell(line.program, italic=line.self_reported),
            _cell(line.title, line.provider),
            _cell(line.category),
            amount(line.credits),
        ]
        for line in document.lines
    ]
    headers = [_("Date"), _("Program"), _("Activity"), _("Category"), _("Credits")]
    section = _section(title, headers, rows, [0.9, 1.3, 2.4, 1.4])
    table = section[-1]
    assert isinstance(table, Table)
    table.setStyle(
        [
            ("BACKGROUND", (0, row), (-1, row), SHADE)
            for row, line in enumerate(document.lines, start=1)
            if line.self_reported
        ]
    )
    if any(line.self_reported for line in document.lines):
        note = _(
            "Self-reported: recorded by the physician, not awarded by a program on peerlearn; "
            "their College may ask for proof."
        )
        section += [Spacer(1, 4), Paragraph(note, SMALL)]
    return section


def _section(
    title: str, headers: Sequence[str], rows: list[list[Any]], widths: Sequence[float]
) -> list[Flowable]:
    """A heading and its table; ``widths`` in inches for all columns but the last, which
    takes the rest. Plain cells after the first column (amounts, a status) align right; text
    that wraps is a paragraph, which keeps to the left."""
    assert len(widths) == len(headers) - 1, "a width for every column but the last"
    columns = [w * inch for w in widths]
    table = Table(
        [list(headers), *rows],
        colWidths=[*columns, WIDTH - sum(columns)],
        style=GRID,
        hAlign="LEFT",
        repeatRows=1,
    )
    table.setStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    return [Spacer(1, 12), Paragraph(title, HEADING), table]


def _cell(text: str, below: str | None = None, *, italic: bool = False) -> Paragraph:
    """Text that wraps in its column (escaped: a title may hold ``&`` or ``<``), with a
    second line in grey (an activity's provider) when given."""
    markup = escape(text)
    if italic:
        markup = f"<i>{markup}</i>"
    if below:
        markup += f'<br/><font color="grey" size="8">{escape(below)}</font>'
    return Paragraph(markup, CELL)


def _days(first: str, last: str) -> str:
    return first if first == last else _("{first} to {last}", first=first, last=last)
