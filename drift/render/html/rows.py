"""One aligned unit as a table row: original and copy side by side, removed and inserted words
shaded (``word_diff``), every finding a numbered marker on its exact span with a one-line
explanation, the row's numbered finding list, and page chrome folded into ``<details>``.
Also the words rows use for labels, severities and metrics.
"""

from __future__ import annotations

from ...findings import word_diff
from ...types import Document, Finding, Report, Sentence
from ..layout import NumberedFinding, Row, drift_help, row_text
from .safe import esc


# Severities in words (a bare "NONE" after a finding's kind reads as an error).
SEVERITY_WORDS = {"major": "major", "minor": "minor", "none": "not an error"}


def severity_word(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, severity)


def _finding_title(nf: NumberedFinding) -> str:
    f = nf.finding
    return f"#{nf.n} {f.kind} ({severity_word(f.severity)}): {f.message}"


def _marked(
    text: str,
    base: int,
    diff: list[tuple[int, int]],
    diff_class: str,
    findings: tuple[NumberedFinding, ...],
    side: str,
) -> str:
    """``text`` as HTML with diff runs shaded and every finding wrapped and numbered.

    ``base`` is the offset of ``text`` in its document (finding spans are absolute);
    ``side`` is "o" or "c". Each finding becomes ``<span class="f ..." title="...">the
    words<a class="fm">n</a></span>``: one title covers the words and their marker.
    Spans may overlap in any way: the text is cut at every boundary, wrappers nest as
    long as the spans do, and a wrapper crossed by another is closed and reopened.
    """
    n = len(text)
    fspans: list[tuple[int, int, NumberedFinding]] = []
    for nf in findings:
        sp = nf.finding.original_span if side == "o" else nf.finding.copy_span
        if sp is None or base < 0:
            continue
        a, b = sp[0] - base, sp[1] - base
        if 0 <= a <= b <= n:
            fspans.append((a, b, nf))
    fspans.sort(key=lambda t: (t[0], -t[1], t[2].n))
    cuts = {0, n}
    for a, b in diff:
        cuts.update((max(0, min(a, n)), max(0, min(b, n))))
    for a, b, _ in fspans:
        cuts.update((a, b))
    points = sorted(cuts)
    points_at = {p: [t for t in fspans if t[0] == t[1] == p] for p in points}
    out: list[str] = []

    def marker(nf: NumberedFinding, title: bool) -> None:
        f = nf.finding
        primary = " primary" if side == "c" or f.copy_span is None else ""
        t = f' title="{esc(_finding_title(nf))}"' if title else ""
        out.append(
            f'<a class="fm k-{esc(f.kind)} s-{esc(f.severity)}{primary}" href="#F{nf.n}" id="{side}m{nf.n}"{t}>{nf.n}</a>'
        )

    def points_markers(at: int) -> None:  # zero-width findings (an insertion point)
        for _, _, nf in points_at.get(at, ()):
            marker(nf, True)

    stack: list[tuple[int, int, NumberedFinding]] = []
    points_markers(0)
    for a, b in zip(points, points[1:]):
        want = [t for t in fspans if t[0] <= a and b <= t[1] and t[0] < t[1]]
        k = 0
        while k < len(stack) and k < len(want) and stack[k] is want[k]:
            k += 1
        while len(stack) > k:  # a crossing span: close it here, reopen it below
            stack.pop()
            out.append("</span>")
        for t in want[k:]:
            f = t[2].finding
            out.append(f'<span class="f k-{esc(f.kind)} s-{esc(f.severity)}" title="{esc(_finding_title(t[2]))}">')
            stack.append(t)
        piece = esc(text[a:b])
        if any(x <= a and b <= y for x, y in diff):
            out.append(f'<span class="{diff_class}">{piece}</span>')
        else:
            out.append(piece)
        # close (with their markers) the spans that end here, innermost first
        while any(t[1] == b for t in stack):
            t = stack.pop()
            if t[1] == b:
                marker(t[2], False)
            out.append("</span>")
        points_markers(b)
    while stack:
        stack.pop()
        out.append("</span>")
    return "".join(out)


def _cell(doc: Document, sentences: tuple[Sentence, ...], findings, side: str, other: str | None) -> str:
    text, base = row_text(doc, sentences)
    diff: list[tuple[int, int]] = []
    if other is not None:
        ops = word_diff(text, other) if side == "o" else word_diff(other, text)
        if side == "o":
            diff = [sa for op, sa, _ in ops if op in ("replace", "delete") and sa[1] > sa[0]]
        else:
            diff = [sb for op, _, sb in ops if op in ("replace", "insert") and sb[1] > sb[0]]
    return _marked(text, base, diff, "del" if side == "o" else "ins", findings, side)


LABEL_HELP = {
    "verbatim": "Same text up to typography",
    "style": "Only spelling or house style changed",
    "paraphrase": "Reworded, same meaning",
    "drift": "Meaning changed",
    "garbled": "Machine-translation garble: words that make no sense",
    "added": "Only in the copy",
    "omitted": "Only in the original",
}


def _quote_pair(f: Finding) -> str:
    """Both texts of a finding, unless its message already quotes them."""
    if (not f.original or f.original in f.message) and (not f.copy or f.copy in f.message):
        return ""
    o = f'<q class="qo">{esc(f.original)}</q>' if f.original else '<span class="none">(nothing)</span>'
    c = f'<q class="qc">{esc(f.copy)}</q>' if f.copy else '<span class="none">(nothing)</span>'
    return f'<span class="pair">{o} <span class="arrow">\u2192</span> {c}</span>'


def _finding_item(nf: NumberedFinding, *, key: bool = False) -> str:
    f = nf.finding
    target = f"#r{nf.row}" if key else f"#{'c' if f.copy_span else 'o'}m{nf.n}"
    ident = "" if key else f' id="F{nf.n}"'
    where = f' <a class="goto" href="{target}">row {nf.row}</a>' if key else ""
    return (
        f'<li{ident} class="k-{esc(f.kind)} s-{esc(f.severity)}">'
        f'<a class="num" href="{target}">{nf.n}</a> '
        f'<b class="kind">{esc(f.kind)}</b> <i class="sev">{esc(severity_word(f.severity))}</i> '
        f"{esc(f.message)} {_quote_pair(f)}{where}</li>"
    )


def _lang_attr(doc: Document) -> str:
    """` lang="de"` for a document whose language is known and not English (fonts, hyphenation)."""
    code = doc.language
    return f' lang="{esc(code)}"' if code and code != "en" else ""


def _row_html(report: Report, row: Row) -> str:
    o_doc, c_doc = report.original, report.copy
    if row.chrome:
        n = len(row.original) + len(row.copy)
        o = "".join(f"<p>{esc(s.text)}</p>" for s in row.original)
        c = "".join(f"<p>{esc(s.text)}</p>" for s in row.copy)
        word = "sentence" if n == 1 else "sentences"
        return (
            f'<tbody class="row chrome" data-label="chrome" data-severity="none"><tr>'
            f'<td class="n"></td><td class="lab"></td><td class="txt" colspan="2">'
            f"<details><summary>{n} page-chrome {word} set aside (menus, captions, credits)</summary>"
            f'<div class="chromegrid"><div class="o">{o}</div><div class="c">{c}</div></div></details>'
            f"</td></tr></tbody>"
        )
    v = row.verdict
    jd, al = v.judgement, v.alignment
    both = bool(row.original and row.copy)
    # A word diff means nothing across languages: only the findings are marked there.
    changed = jd.label != "verbatim" and (o_doc.language or "en") == (c_doc.language or "en")
    o_other = row_text(c_doc, row.copy)[0] if both and changed else None
    c_other = row_text(o_doc, row.original)[0] if both and changed else None
    o_html = _cell(o_doc, row.original, row.findings, "o", o_other) if row.original else ""
    c_html = _cell(c_doc, row.copy, row.findings, "c", c_other) if row.copy else ""
    label, sev = esc(jd.label), esc(jd.severity)
    tags = [f'<span class="badge l-{label}" title="{esc(LABEL_HELP.get(jd.label, jd.label))}">{esc(jd.label)}</span>']
    if jd.severity != "none":
        tags.append(f'<span class="sevtag s-{sev}">{sev}</span>')
    if al.moved:
        tags.append('<span class="movedtag" title="This passage was moved to another place in the copy">moved</span>')
    if both:
        metric_help = "sim: " + METRIC_HELP["sim"] + " drift: " + drift_help(report.signature)
        tags.append(
            f'<span class="metric" title="{esc(metric_help)}">sim {al.similarity:.2f}'
            f" \u00b7 drift {jd.drift:.2f}</span>"
        )
    o_ids = ", ".join(str(i + 1) for i in al.original)
    c_ids = ", ".join(str(i + 1) for i in al.copy)
    o_td = (
        f'<td class="txt o" data-ids="{esc(o_ids)}"{_lang_attr(o_doc)}>{o_html}</td>'
        if row.original
        else '<td class="txt o empty"><span class="gap">not in the original</span></td>'
    )
    c_td = (
        f'<td class="txt c" data-ids="{esc(c_ids)}"{_lang_attr(c_doc)}>{c_html}</td>'
        if row.copy
        else '<td class="txt c empty"><span class="gap">not in the copy</span></td>'
    )
    classes = f"row l-{label} s-{sev}" + (" moved" if al.moved else "") + (" changed" if changed else "")
    fl = ""
    if row.findings:
        items = "".join(_finding_item(nf) for nf in row.findings)
        fl = f'<tr class="fl"><td></td><td></td><td colspan="2"><ol class="findings">{items}</ol></td></tr>'
    return (
        f'<tbody class="{classes}" id="r{row.n}" data-label="{label}" data-severity="{sev}">'
        f'<tr class="pair"><td class="n"><a href="#r{row.n}">{row.n}</a></td><td class="lab">{"".join(tags)}</td>'
        f"{o_td}{c_td}</tr>{fl}</tbody>"
    )


METRIC_HELP = {
    "sim": "How alike the two sentences are in meaning, from 0 to 1 (cosine of their sentence vectors; "
           "pairs under 0.80 are hardly related).",
    "drift index": "The rows' drift scores weighted by the length of the original's text "
                   "(0: every fact kept; 1: the meaning lost).",
}
