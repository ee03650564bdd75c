"""A Markdown report for pasting into tickets: a summary table, then one bullet per major
finding with both sentences (the finding's words in bold); with ``show_all`` a table of
every aligned row follows (label, severity, both sides, the findings in words).

Article text is untrusted: every character Markdown or HTML could act on is escaped
(backslash escapes for Markdown punctuation, ``&lt;`` for ``<``, ``&amp;`` before entities),
whitespace runs collapse to one space and control characters are replaced, so a copy
cannot inject a link, an image, raw HTML, a heading or a table cell.
"""

from __future__ import annotations

import re

from ..lang import language_note
from ..types import LABELS, Report
from ..sanitize import clean
from .layout import NumberedFinding, change_words, layout, row_text, summary_notes, why

# CommonMark lets any ASCII punctuation be backslash-escaped. Text always sits mid-line
# (whitespace is collapsed), so only inline constructs matter: emphasis, code, links and
# images, table cells, strikethrough, math, issue references and mentions. `<` becomes
# `&lt;` (no raw HTML, no autolink; `>` alone then does nothing mid-line) and an `&` that
# would start an entity becomes `&amp;`.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!|~$#@])")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(#?[0-9A-Za-z]+;)")  # only an `&` that would start an entity


def md_escape(text: str) -> str:
    """Article text as inert Markdown on one line."""
    t = _SPACE.sub(" ", clean(text))
    t = _ENTITY.sub(r"&amp;\1", t).replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", t)


def _emphasised(text: str, base: int, span: tuple[int, int] | None) -> str:
    """``text`` escaped, with ``span`` (absolute offsets) in bold."""
    if span is None or base < 0:
        return md_escape(text)
    a, b = span[0] - base, span[1] - base
    if not 0 <= a < b <= len(text):
        return md_escape(text)
    # keep the bold markers hugging non-space characters (CommonMark flanking rules)
    inner = text[a:b]
    lead = len(inner) - len(inner.lstrip())
    trail = len(inner) - len(inner.rstrip())
    a, b = a + lead, b - trail
    if a >= b:
        return md_escape(text)
    return f"{md_escape(text[:a])}**{md_escape(text[a:b])}**{md_escape(text[b:])}".strip()


def _finding_bullet(report: Report, nf: NumberedFinding, row) -> list[str]:
    f = nf.finding
    o_text, o_base = row_text(report.original, row.original)
    c_text, c_base = row_text(report.copy, row.copy)
    lines = [f"- **{nf.n}. {md_escape(f.kind)}** (row {nf.row}, {row.label}): {md_escape(change_words(f))}"]
    if f.severity == "major" and why(f):
        lines.append(f"  - Why: {md_escape(why(f))}")
    lines.append(f"  - Original: {_emphasised(o_text, o_base, f.original_span) if o_text else '_(not in the original)_'}")
    lines.append(f"  - Copy: {_emphasised(c_text, c_base, f.copy_span) if c_text else '_(not in the copy)_'}")
    return lines


def _all_rows(report: Report, rows) -> list[str]:
    """Every aligned row as one table line: number, label, severity, both sides, findings."""
    out = [
        f"### All rows ({len(rows)})",
        "",
        "| Row | Label | Severity | Original | Copy | Findings |",
        "|---:|---|---|---|---|---|",
    ]
    for r in rows:
        o_text, _ = row_text(report.original, r.original)
        c_text, _ = row_text(report.copy, r.copy)
        found = "; ".join(f"{nf.n}. {md_escape(nf.finding.kind)} {nf.finding.severity}: {md_escape(change_words(nf.finding))}" for nf in r.findings)
        out.append(
            f"| {r.n} | {r.label} | {r.severity} | {md_escape(o_text) if o_text else '_(not in the original)_'} "
            f"| {md_escape(c_text) if c_text else '_(not in the copy)_'} | {found} |"
        )
    out.append("")
    return out


def render_markdown(report: Report, show_all: bool = False) -> str:
    rows = {r.n: r for r in layout(report, chrome=False)}
    numbered = [nf for r in rows.values() for nf in r.findings]
    majors = [nf for nf in numbered if nf.finding.severity == "major"]
    counts = ", ".join(f"{lab} {report.counts[lab]}" for lab in LABELS if report.counts.get(lab))
    kinds: dict[str, int] = {}
    for nf in numbered:
        if nf.finding.severity != "none":
            kinds[nf.finding.kind] = kinds.get(nf.finding.kind, 0) + 1
    lines = [
        "## drift report",
        "",
        "| | |",
        "|---|---|",
        f"| Original | {md_escape(report.original.source)}{language_note(report.original.language)} |",
        f"| Copy | {md_escape(report.copy.source)}{language_note(report.copy.language)} |",
        f"| Verdict | **{md_escape(report.verdict)}** |",
        f"| Drift index | {report.drift_index:.2f} |",
        f"| Rows | {len(report.verdicts)}: {counts or 'none'} |",
        f"| Findings | {len(numbered)}, {len(majors)} major |",
        *(f"| Note | {md_escape(n)} |" for n in summary_notes(report)),
        "",
    ]
    if majors:
        lines += [f"### Major findings ({len(majors)})", ""]
        for nf in majors:
            lines += _finding_bullet(report, nf, rows[nf.row])
        lines.append("")
    else:
        lines += ["No major finding.", ""]
    if kinds:
        others = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        lines += [f"Findings by kind (minor and major): {others}.", ""]
    if show_all:
        lines += _all_rows(report, list(rows.values()))
    sig = clean(report.signature).replace("`", "'").replace("\n", " ")
    lines += [f"Signature: `{sig}`", ""]
    return "\n".join(lines)
