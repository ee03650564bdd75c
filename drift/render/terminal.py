"""The rich terminal report: summary, then aligned pairs side by side with the removed and
inserted words highlighted and each finding marked on its span.

Article text is untrusted: it is always wrapped in `rich.text.Text` (never parsed as
markup) and every control character is replaced one-for-one, so offsets still line up
and no escape sequence from a web page reaches the terminal.
"""

from __future__ import annotations

import re

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..findings import word_diff
from ..types import Report

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
VERDICT_STYLE = {"faithful": "bold green", "faithful, edited": "bold green", "minor drift": "bold yellow", "major drift": "bold red"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Replace control and bidi-override characters one-for-one (offsets are preserved)."""
    return _CONTROL.sub("\ufffd", text).replace("\t", " ").replace("\n", " ")


def _highlighted(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    t = Text(safe(text))
    for a, b in spans:
        if b > a:
            t.stylize(style, a, b)
    return t


def render_summary(report: Report) -> Text:
    counts = " · ".join(f"{k} {v}" for k, v in sorted(report.counts.items(), key=lambda kv: -kv[1]))
    t = Text()
    t.append(report.verdict.upper(), VERDICT_STYLE.get(report.verdict, "bold"))
    t.append(f"   drift index {report.drift_index:.2f}   ")
    t.append(counts)
    return t


def render_report(report: Report, *, show_all: bool = False) -> Group:
    o_doc, c_doc = report.original, report.copy
    head = Table.grid(padding=(0, 1))
    head.add_row(Text("original", "bold"), Text(safe(o_doc.source)))
    head.add_row(Text("copy", "bold"), Text(safe(c_doc.source)))
    head.add_row(Text("verdict", "bold"), render_summary(report))
    parts: list = [Panel(head, title="drift compare", border_style="bold")]

    table = Table(show_lines=True, expand=True, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True, width=3)
    table.add_column("label", no_wrap=True, width=10)
    table.add_column("original", ratio=1)
    table.add_column("copy", ratio=1)
    shown = 0
    for n, v in enumerate(report.verdicts, 1):
        jd, al = v.judgement, v.alignment
        if not show_all and jd.label == "verbatim":
            continue
        shown += 1
        o_text = " ".join(o_doc.sentences[i].text for i in al.original) if al.original else ""
        c_text = " ".join(c_doc.sentences[i].text for i in al.copy) if al.copy else ""
        if al.original and al.copy:
            ops = word_diff(o_text, c_text)
            o_cell = _highlighted(o_text, [sa for op, sa, _ in ops if op in ("replace", "delete")], "red strike")
            c_cell = _highlighted(c_text, [sb for op, _, sb in ops if op in ("replace", "insert")], "green underline")
        else:
            o_cell = Text(safe(o_text), "red") if o_text else Text("")
            c_cell = Text(safe(c_text), "blue") if c_text else Text("")
        label = Text(jd.label, LABEL_STYLE.get(jd.label, ""))
        if jd.severity != "none":
            label.append(f"\n{jd.severity}", SEVERITY_STYLE[jd.severity])
        if al.moved:
            label.append("\nmoved", "italic")
        if al.original and al.copy:
            label.append(f"\n{jd.drift:.2f}", "dim")
        if jd.findings:
            notes = Text()
            for k, f in enumerate(jd.findings, 1):
                notes.append(f"\n[{k}] ", SEVERITY_STYLE[f.severity])
                notes.append(f"{f.kind}: ", "bold")
                notes.append(safe(f.message))
            c_cell = Text.assemble(c_cell, notes)
        table.add_row(str(n), label, o_cell, c_cell)
    if shown:
        parts.append(table)
    else:
        parts.append(Text("No changes: every sentence is verbatim (use --all to list them).", "green"))
    n_bp = sum(s.boilerplate for s in o_doc.sentences) + sum(s.boilerplate for s in c_doc.sentences)
    parts.append(Text(f"{n_bp} page-chrome sentences set aside · {safe(report.signature)}", "dim"))
    return Group(*parts)


def print_report(report: Report, console: Console, *, show_all: bool = False, quiet: bool = False) -> None:
    if quiet:
        console.print(quiet_line(report), highlight=False, soft_wrap=True)
        return
    console.print(render_report(report, show_all=show_all))


def quiet_line(report: Report) -> Text:
    """One line for scripts: verdict, drift index and counts."""
    counts = " ".join(f"{k}={v}" for k, v in sorted(report.counts.items()))
    return Text(f"{report.verdict}\tdrift_index={report.drift_index:.4f}\t{counts}")
