"""The rich terminal report: summary, the major findings (row, kind, the words on both
sides, why it matters), then the aligned rows, original and copy side by side (stacked
on narrow terminals), removed and inserted words highlighted and every finding marked on
its span with a numbered superscript (¹ ² ...) that matches the numbered list under the
row. Numbers are report-wide and match the HTML and Markdown. Runs of consecutive added
or omitted sentences are folded into one block of one line each (``--all`` unfolds them).

Everything follows ``console.width``. Without colour support at all (a pipe, a file,
``color_system=None``) the word diff is spelled out git-style as ``[-removed-]`` and
``{+inserted+}``; with ``NO_COLOR`` the styles stay but the colours go.

Article text is untrusted: it is always wrapped in `rich.text.Text` (never parsed as
markup) and every control character is replaced one-for-one, so offsets still line up
and no escape sequence from a web page reaches the terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..findings import word_diff
from ..lang import language_note
from ..types import LABELS, Report
from ..sanitize import flat as safe
from .layout import (
    NumberedFinding,
    Row,
    change_words,
    collapse_runs,
    layout,
    number_findings,
    plural,
    row_text,
    summary_notes,
    why,
)

LABEL_STYLE = {
    "verbatim": "dim",
    "style": "cyan",
    "paraphrase": "green",
    "drift": "yellow",
    "garbled": "bold magenta",
    "added": "blue",
    "omitted": "red",
}
SEVERITY_STYLE = {"none": "dim", "minor": "yellow", "major": "bold red"}
VERDICT_STYLE = {"faithful": "bold green", "faithful, edited": "bold green", "minor drift": "bold yellow", "major drift": "bold red", "unrelated": "bold red"}
DEL_STYLE = "red strike"
INS_STYLE = "green underline"
FINDING_STYLE = "bold"
NARROW = 64  # below this many columns, original and copy are stacked

_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    return str(n).translate(_SUPER)


def _plain(console: Console) -> bool:
    """No styling will reach the reader: spell the diff out in the text itself."""
    return console.color_system is None


def _cell(
    text: str,
    base: int,
    diff: list[tuple[int, int]],
    diff_style: str,
    marks: list[tuple[int, int, NumberedFinding]],
    plain: bool,
    brackets: tuple[str, str],
) -> Text:
    """``text`` with diff runs styled (or bracketed) and finding markers after their spans.

    ``marks`` holds (start, end, finding) with absolute offsets; ``base`` is the offset of
    ``text`` in its document.
    """
    n = len(text)
    spans = []
    for a, b, nf in marks:
        a, b = a - base, b - base
        if base >= 0 and 0 <= a <= b <= n:
            spans.append((a, b, nf))
    cuts = {0, n}
    for a, b in diff:
        cuts.update((a, b))
    for a, b, _ in spans:
        cuts.update((a, b))
    # A marker goes at the end of the word its span ends in, so it never splits a word
    # (or a bracketed run of text) that a reader or a script would search for.
    ends: dict[int, list[NumberedFinding]] = {}
    for a, b, nf in spans:
        m = b
        while 0 < m < n and not text[m].isspace() and not text[m - 1].isspace():
            m += 1
        ends.setdefault(m, []).append(nf)
        cuts.add(m)
    points = sorted(c for c in cuts if 0 <= c <= n)
    out = Text()

    def markers(at: int) -> None:
        for k, nf in enumerate(sorted(ends.get(at, ()), key=lambda x: x.n)):
            if k:
                out.append("˒", SEVERITY_STYLE[nf.finding.severity])
            out.append(superscript(nf.n), SEVERITY_STYLE[nf.finding.severity])

    def in_diff(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in diff)

    markers(0)
    open_ = False
    pieces = list(zip(points, points[1:]))
    for k, (a, b) in enumerate(pieces):
        d = in_diff(a, b) and b > a
        if plain and d and not open_:
            out.append(brackets[0])
            open_ = True
        style = diff_style if d and not plain else ""
        if any(x <= a and b <= y and x < y for x, y, _ in spans):
            style = f"{style} {FINDING_STYLE}".strip()
        out.append(safe(text[a:b]), style)
        if open_ and not (k + 1 < len(pieces) and in_diff(*pieces[k + 1])):
            out.append(brackets[1])
            open_ = False
        markers(b)
    return out


def _row_cells(report: Report, row: Row, plain: bool) -> tuple[Text | None, Text | None]:
    o_text, o_base = row_text(report.original, row.original)
    c_text, c_base = row_text(report.copy, row.copy)
    # one marker per finding: after its span in the copy, else after it in the original
    o_marks = [(*nf.finding.original_span, nf) for nf in row.findings if nf.finding.copy_span is None and nf.finding.original_span]
    c_marks = [(*nf.finding.copy_span, nf) for nf in row.findings if nf.finding.copy_span]
    o_diff: list[tuple[int, int]] = []
    c_diff: list[tuple[int, int]] = []
    same_language = (report.original.language or "en") == (report.copy.language or "en")
    if row.original and row.copy and row.label != "verbatim" and same_language:  # no word diff across languages
        for op, sa, sb in word_diff(o_text, c_text):
            if op in ("replace", "delete") and sa[1] > sa[0]:
                o_diff.append(sa)
            if op in ("replace", "insert") and sb[1] > sb[0]:
                c_diff.append(sb)
    o_cell = _cell(o_text, o_base, o_diff, DEL_STYLE, o_marks, plain, ("[-", "-]")) if row.original else None
    c_cell = _cell(c_text, c_base, c_diff, INS_STYLE, c_marks, plain, ("{+", "+}")) if row.copy else None
    if row.original and not row.copy and not plain:
        o_cell.stylize(LABEL_STYLE["omitted"])
    if row.copy and not row.original and not plain:
        c_cell.stylize(LABEL_STYLE["added"])
    return o_cell, c_cell


def _row_title(row: Row) -> Text:
    jd, al = row.verdict.judgement, row.verdict.alignment
    t = Text()
    t.append(f"{row.n} ", "bold")
    t.append(jd.label, LABEL_STYLE.get(jd.label, ""))
    if jd.severity != "none":
        t.append(" · ")
        t.append(jd.severity, SEVERITY_STYLE[jd.severity])
    if al.moved:
        t.append(" · ")
        t.append("moved", "italic")
    if al.original and al.copy:
        t.append(f" · sim {al.similarity:.2f} · drift {jd.drift:.2f}", "dim")
    return t


def _findings_grid(row: Row) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for nf in row.findings:
        f = nf.finding
        sev = SEVERITY_STYLE[f.severity]
        kind = Text(f.kind, "bold")
        if f.severity == "major":
            kind.append(" MAJOR", sev)
        grid.add_row(Text(superscript(nf.n), sev), kind, Text(safe(f.message)))
    return grid


def _pair_view(o_cell: Text | None, c_cell: Text | None, width: int, plain: bool) -> Table:
    if width < NARROW:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text("−", "red"), o_cell if o_cell is not None else Text("(not in the original)", "dim italic"))
        grid.add_row(Text("+", "green"), c_cell if c_cell is not None else Text("(not in the copy)", "dim italic"))
        return grid
    table = Table(box=box.MINIMAL, show_header=False, show_edge=False, expand=True, padding=(0, 1), pad_edge=False)
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    table.add_row(
        o_cell if o_cell is not None else Text("(not in the original)", "dim italic"),
        c_cell if c_cell is not None else Text("(not in the copy)", "dim italic"),
    )
    return table


def render_summary(report: Report) -> Text:
    t = Text()
    t.append(report.verdict.upper(), VERDICT_STYLE.get(report.verdict, "bold"))
    t.append(f" · drift index {report.drift_index:.2f}")
    return t


def _counts(report: Report) -> Text:
    t = Text()
    for lab in LABELS:
        k = report.counts.get(lab)
        if not k:
            continue
        if t:
            t.append(" · ")
        t.append(lab, LABEL_STYLE.get(lab, ""))
        t.append(f" {k}")
    return t


def _signature_lines(sig: str, width: int) -> Text:
    """``Signature: `` and the signature, broken at its `|` separators (each line keeps
    room for the `|` it ends with) so it never folds mid-word or leaves "drift" alone."""
    lines, cur = [], "Signature: "
    for k, part in enumerate(safe(sig).split("|")):
        piece = part if not k else "|" + part
        if k and len(cur) + len(piece) + 1 > width:
            lines.append(cur + "|")
            cur = part
        else:
            cur += piece
        while len(cur) + 1 > width and "," in cur[: width - 1]:  # a part longer than a line: break it at a comma
            cut = cur.rindex(",", 0, width - 1) + 1
            lines.append(cur[:cut])
            cur = cur[cut:]
    lines.append(cur)
    return Text("\n".join(lines), "dim", no_wrap=True, overflow="fold")


def _major_block(report: Report, numbered: list[NumberedFinding], width: int) -> list:
    """The report's major findings first: number, row, kind, the change in words, why."""
    majors = [nf for nf in numbered if nf.finding.severity == "major"]
    if not majors:
        return [Text("No major finding.", "green")]
    parts: list = [Text(f"Major findings ({len(majors)})", "bold")]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    limit = max(30, width - 24)
    for nf in majors:
        f = nf.finding
        head = Text()
        head.append(f"row {nf.row}", "bold")
        head.append(" \u00b7 ")
        head.append(f.kind, "bold red")
        head.append(" \u00b7 ")
        head.append(safe(change_words(f, limit)))
        grid.add_row(Text(superscript(nf.n), SEVERITY_STYLE["major"]), head)
        reason = why(f)
        if reason:
            grid.add_row(Text(""), Text(safe(reason), "dim"))
    parts.append(grid)
    return parts


def _folded(report: Report, rows: list[Row], width: int) -> list:
    """A run of added or omitted rows as one block, one line (cut to the width) a row."""
    label = rows[0].label
    first, last = rows[0].n, rows[-1].n
    title = Text()
    title.append(f"{first}\u2013{last} ", "bold")
    title.append(label, LABEL_STYLE.get(label, ""))
    sev = max((r.severity for r in rows), key=lambda x: ("none", "minor", "major").index(x))
    if sev != "none":
        title.append(" \u00b7 ")
        title.append(sev, SEVERITY_STYLE[sev])
    n_sent = sum(len(r.original) + len(r.copy) for r in rows)
    side = "copy" if label == "added" else "original"
    verb = "added" if label == "added" else "omitted"
    head = Text(f"{plural(n_sent, 'sentence')} {verb}: ", "")
    head.append(f"only in the {side} (--all shows them in full)", "dim")
    lines = Text(no_wrap=True, overflow="ellipsis")
    pad = len(str(last))
    room = max(8, width - pad - 1)
    for k, r in enumerate(rows):
        doc, sents = (report.copy, r.copy) if label == "added" else (report.original, r.original)
        text, _ = row_text(doc, sents)
        line = Text(safe(" ".join(text.split())), LABEL_STYLE.get(label, ""))
        line.truncate(room, overflow="ellipsis")
        if k:
            lines.append("\n")
        lines.append(f"{r.n:>{pad}} ", "dim")
        lines.append_text(line)
    return [Rule(title, align="left", style="dim"), head, lines]


def render_report(report: Report, *, show_all: bool = False, width: int = 80, plain: bool = False) -> Group:
    o_doc, c_doc = report.original, report.copy
    numbered = number_findings(report)
    n_major = sum(nf.finding.severity == "major" for nf in numbered)
    head = Table.grid(padding=(0, 1))
    head.add_column(no_wrap=True, style="bold")
    head.add_column(ratio=1)
    head.add_row("original", Text(safe(o_doc.source) + language_note(o_doc.language)))
    head.add_row("copy", Text(safe(c_doc.source) + language_note(c_doc.language)))
    head.add_row("verdict", render_summary(report))
    for note in summary_notes(report):
        head.add_row("", Text(safe(note), "bold red"))
    fnd = Text(f"{len(numbered)}, ")
    fnd.append(f"{n_major} major", SEVERITY_STYLE["major"] if n_major else "")
    head.add_row("findings", fnd)
    head.add_row("rows", _counts(report))
    parts: list = [Panel(head, title="drift compare", border_style="bold", box=box.ROUNDED)]
    parts += _major_block(report, numbered, width)

    shown = 0
    folded = False
    if width >= NARROW:
        cols = Table(box=box.MINIMAL, show_header=False, show_edge=False, expand=True, padding=(0, 1), pad_edge=False)
        cols.add_column(ratio=1)
        cols.add_column(ratio=1)
        cols.add_row(Text("original", "bold"), Text("copy", "bold"))
    rows = [r for r in layout(report, chrome=False) if show_all or r.label != "verbatim"]
    for item in (rows if show_all else collapse_runs(rows)):
        if not shown and width >= NARROW:
            parts.append(cols)
        shown += 1
        if isinstance(item, list):
            parts += _folded(report, item, width)
            folded = True
            continue
        row = item
        parts.append(Rule(_row_title(row), align="left", style="dim"))
        o_cell, c_cell = _row_cells(report, row, plain)
        parts.append(_pair_view(o_cell, c_cell, width, plain))
        if row.findings:
            parts.append(_findings_grid(row))
    if shown:
        parts.append(Rule(style="dim"))
    else:
        parts.append(Text("No changes: every sentence is verbatim (use --all to list them).", "green"))
    n_bp = sum(s.boilerplate for s in o_doc.sentences) + sum(s.boilerplate for s in c_doc.sentences)
    legend = Text(f"Set aside as page chrome: {plural(n_bp, 'sentence')}. ", "dim")
    if plain:
        legend.append("Removed words read [-like this-], inserted words {+like this+}. ", "dim")
    legend.append("Superscripts mark the findings listed under each row.", "dim")
    if folded:
        legend.append(" Runs of added or omitted sentences are folded; --all lists them in full.", "dim")
    parts.append(legend)
    parts.append(_signature_lines(report.signature, max(20, width)))
    return Group(*parts)


def print_report(report: Report, console: Console, *, show_all: bool = False, quiet: bool = False) -> None:
    if quiet:
        console.print(quiet_line(report), highlight=False, soft_wrap=True)
        return
    console.print(
        render_report(report, show_all=show_all, width=console.width, plain=_plain(console)),
        highlight=False,
    )


def quiet_line(report: Report) -> Text:
    """One line for scripts: verdict, drift index, counts and the two files, tab-separated."""
    counts = " ".join(f"{k}={v}" for k, v in sorted(report.counts.items()))
    line = f"{report.verdict}\tdrift_index={report.drift_index:.4f}\t{counts}"
    line += f"\toriginal={_field(report.original.source)}\tcopy={_field(report.copy.source)}"
    if report.direction is not None and report.direction.swapped:
        line += "\tdirection=swapped"
    return Text(line)


def _field(name: str) -> str:
    """A file name as one tab-separated field: no tab, newline or control character."""
    return " ".join(safe(name).split("\t")).replace("\n", " ")
