"""The layout every renderer shares: rows in reading order (one per aligned unit, runs of
page chrome between them), findings numbered 1..N across the report, so "finding 7" means
the same thing in HTML, Markdown and the terminal, and the summary notes (unrelated texts,
swapped arguments) every format states in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Document, Finding, PairVerdict, Report, Sentence

__all__ = ["Row", "NumberedFinding", "layout", "number_findings", "row_text", "summary_notes"]

# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberedFinding:
    """A finding with its report-wide number (1-based) and the row number it belongs to."""

    n: int
    row: int
    finding: Finding


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side view.

    ``n`` is the 1-based number of the aligned unit (``report.verdicts[n - 1]``); chrome
    rows (page furniture set aside before alignment) have ``n == 0`` and no verdict.
    """

    n: int
    verdict: PairVerdict | None
    original: tuple[Sentence, ...]
    copy: tuple[Sentence, ...]
    findings: tuple[NumberedFinding, ...] = ()

    @property
    def chrome(self) -> bool:
        return self.verdict is None

    @property
    def label(self) -> str:
        return self.verdict.judgement.label if self.verdict else "chrome"

    @property
    def severity(self) -> str:
        return self.verdict.judgement.severity if self.verdict else "none"


def number_findings(report: Report) -> list[NumberedFinding]:
    """Every finding of the report in reading order, numbered from 1."""
    out: list[NumberedFinding] = []
    for row, v in enumerate(report.verdicts, 1):
        for f in v.judgement.findings:
            out.append(NumberedFinding(len(out) + 1, row, f))
    return out


def layout(report: Report, *, chrome: bool = True) -> list[Row]:
    """Rows in reading order: one per verdict, with runs of page chrome between them.

    A chrome sentence is shown just before the first row that reads past it on its
    side; moved rows do not pull chrome of the original forward. Whatever is left
    comes last.
    """
    o_doc, c_doc = report.original, report.copy
    o_bp = [s for s in o_doc.sentences if s.boilerplate]
    c_bp = [s for s in c_doc.sentences if s.boilerplate]
    oi = ci = 0
    by_row: dict[int, list[NumberedFinding]] = {}
    for nf in number_findings(report):
        by_row.setdefault(nf.row, []).append(nf)
    rows: list[Row] = []

    def flush(o_upto: int | None, c_upto: int | None) -> None:
        nonlocal oi, ci
        o_take: list[Sentence] = []
        c_take: list[Sentence] = []
        while oi < len(o_bp) and (o_upto is None or o_bp[oi].id < o_upto):
            o_take.append(o_bp[oi])
            oi += 1
        while ci < len(c_bp) and (c_upto is None or c_bp[ci].id < c_upto):
            c_take.append(c_bp[ci])
            ci += 1
        if chrome and (o_take or c_take):
            rows.append(Row(0, None, tuple(o_take), tuple(c_take)))

    for n, v in enumerate(report.verdicts, 1):
        al = v.alignment
        o_first = min(al.original) if al.original and not al.moved else -1
        c_first = min(al.copy) if al.copy else -1
        flush(o_first, c_first)
        rows.append(
            Row(
                n,
                v,
                tuple(o_doc.sentences[i] for i in al.original),
                tuple(c_doc.sentences[i] for i in al.copy),
                tuple(by_row.get(n, ())),
            )
        )
    flush(None, None)
    return rows


def row_text(doc: Document, sentences: tuple[Sentence, ...]) -> tuple[str, int]:
    """The raw text covering ``sentences`` (as the judge saw it) and its start offset."""
    if not sentences:
        return "", 0
    a, b = sentences[0].start, sentences[-1].end
    if all(x.id + 1 == y.id for x, y in zip(sentences, sentences[1:])) and b >= a:
        return doc.text[a:b], a
    # Not contiguous (never produced by the aligner): fall back to the sentences alone.
    return " ".join(s.text for s in sentences), -1


def summary_notes(report: Report) -> list[str]:
    """What the summary must say besides the verdict, in plain words (no markup)."""
    from ..compare import LINK_SIMILARITY, MIN_LINKED_SHARE

    notes = []
    if report.verdict == "unrelated":
        share = report.linked_share or 0.0
        notes.append(
            f"not a copy: only {round(100 * share)} % of the shorter text's sentences align closely "
            f"(similarity \u2265 {LINK_SIMILARITY:.2f}) with the other, and a copy keeps at least "
            f"{round(100 * MIN_LINKED_SHARE)} %; the rows below compare two different stories"
        )
    d = report.direction
    if d is not None and d.swapped:
        notes.append(
            f"the arguments look swapped: the evidence says {report.copy.source} is the original"
            + (f" ({'; '.join(d.reasons)})" if d.reasons else "")
        )
    from ..lang import language_notes

    notes += language_notes(report.original, report.copy)
    return notes

