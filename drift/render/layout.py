"""The layout every renderer shares: rows in reading order (one per aligned unit, runs of
page chrome between them), findings numbered 1..N across the report, so "finding 7" means
the same thing in HTML, Markdown and the terminal, and the summary notes (unrelated texts,
swapped arguments) every format states in its own way.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from ..types import Document, Finding, PairVerdict, Report, Sentence

__all__ = [
    "Row", "NumberedFinding", "layout", "number_findings", "row_text", "summary_notes",
    "change_words", "why", "noun", "plural", "collapse_runs",
]

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



# --------------------------------------------------------------------------------------
# words every format uses for a finding and for counts
# --------------------------------------------------------------------------------------

def major_line(signature: str) -> float | None:
    """The drift score at or above which the judge called a pair major, as the report's
    signature records it (``|line:0.9``); None where it does not (an older report)."""
    m = re.search(r"\|line:([0-9.]+)", signature)
    return float(m.group(1)) if m else None


def major_floor(signature: str) -> float | None:
    """The lowest drift score the judge gives a major pair (its paraphrase bound ``|minor:``),
    where the signature says the score follows the ranker between bounds (``|boost:``, judge
    @21 on); None for an older report, whose major pairs all score at or above the line."""
    if "|boost:" not in signature:
        return None
    m = re.search(r"\|minor:([0-9.]+)", signature)
    return float(m.group(1)) if m else None


def drift_help(signature: str) -> str:
    """What a row's drift score means, with the bounds of the judge that scored it."""
    line, floor = major_line(signature), major_floor(signature)
    if line is not None and floor is not None:
        where = (f"a major change never scores under {floor:.2f}, where faithful paraphrases end, and "
                 f"{line:.2f} and above is always major; between them the row's verdict says which it is")
    elif line is not None:
        where = f"{line:.2f} and above is a major change of meaning, below it a minor one or none"
    else:
        where = "a major change of meaning scores above every minor one"
    return f"The judge's drift score for the row, from 0 to 1, how far the meaning moved: {where}."


#: Why a change of each kind matters to a reader, in one line (the "Major findings" block).
WHY = {
    "number": "a figure differs: the copy gives readers another quantity",
    "money": "a sum or its currency differs",
    "date": "the copy puts the event at another time",
    "name": "another person, place or organisation than the original's",
    "role": "a name now plays another part in the sentence: who did what to whom changed",
    "negation": "the copy states the opposite of the original",
    "certainty": "the copy is surer or less sure than the original: a hedge, plan or expectation changed",
    "claim": "the copy states a stronger or weaker fact (another step of the same scale), or frames what the source said otherwise",
    "quote": "the words put in the speaker's mouth differ from what was said",
    "attribution": "the claim is credited to another source",
    "omission": "information of the original is missing from the copy",
    "addition": "the copy asserts something the original does not",
    "garble": "broken language, easy to misread",
    "meaning": "the meaning model reads these words as a change of meaning",
    "spelling": "the same name written another way",
}

NOTHING = "(nothing)"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def change_words(f: Finding, limit: int = 80) -> str:
    """The change in words: the finding's message where it already says "a → b", else the
    two sides' words ("(nothing)" for an empty side; a garble shows the copy's words)."""
    if "\u2192" in f.message or "->" in f.message:
        return _clip(f.message, 2 * limit)
    o = f"\u201c{_clip(f.original, limit)}\u201d" if f.original.strip() else NOTHING
    c = f"\u201c{_clip(f.copy, limit)}\u201d" if f.copy.strip() else NOTHING
    if f.kind == "garble" and f.copy.strip():
        return f"copy: {c}"
    return f"{o} \u2192 {c}"


def why(f: Finding) -> str:
    """One line saying why the finding matters: the detector's words where the message
    is not already the change itself, then what such a change does to a reader."""
    reason = WHY.get(f.kind, "")
    said = "" if ("\u2192" in f.message or "->" in f.message) else f.message.strip()
    line = f"{said} \u2014 {reason}" if said and reason else said or reason
    return line[:1].upper() + line[1:] if line else ""


def noun(n: int, one: str, many: str | None = None) -> str:
    """The noun alone, as ``n`` wants it: ``document`` for 1, ``documents`` otherwise."""
    return one if n == 1 else (many or one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 document``, ``2 documents``; ``many`` for irregular plurals (families, copies)."""
    return f"{n} {noun(n, one, many)}"


def collapse_runs(rows: list[Row], labels: tuple[str, ...] = ("omitted", "added"), min_run: int = 2) -> list[Row | list[Row]]:
    """``rows`` with each run of ``min_run`` or more consecutive rows of one label in
    ``labels`` (no major finding among them) replaced by the list of those rows."""
    def foldable(r: Row) -> bool:
        return r.label in labels and r.severity != "major" and not any(nf.finding.severity == "major" for nf in r.findings)

    out: list[Row | list[Row]] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) >= min_run:
            out.append(list(run))
        else:
            out.extend(run)
        run.clear()

    for r in rows:
        if foldable(r) and (not run or run[-1].label == r.label):
            run.append(r)
            continue
        flush()
        if foldable(r):
            run.append(r)
        else:
            out.append(r)
    flush()
    return out
