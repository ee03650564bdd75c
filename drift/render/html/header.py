"""The parts of the page around the rows: both documents' metadata (and, in `drift report`'s
directory, what the audit knows: `DocInfo`, `AuditContext`, the trace's reasons), the rows by
label as a colour band, the major findings, the folded key, and the filter toolbar.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...lang import language_note
from ...types import LABELS, Document, Report
from ..layout import NumberedFinding, drift_help
from .rows import LABEL_HELP, METRIC_HELP, _finding_item, severity_word
from .safe import esc


def when(iso: str | None) -> str:
    """A stored ISO 8601 publication time for a reader: "2024-03-01 10:15 UTC" (date and time:
    copies published the same day are told apart), a date alone stays a date."""
    if not iso:
        return ""
    from datetime import datetime

    text = str(iso).strip()
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return text
    if "T" not in text and " " not in text:
        return t.date().isoformat()
    stamp = t.strftime("%Y-%m-%d %H:%M") + (f":{t.second:02d}" if t.second else "")
    if t.tzinfo is None:
        return stamp
    off = t.utcoffset()
    if not off:
        return stamp + " UTC"
    mins = int(off.total_seconds() // 60)
    return stamp + f" UTC{'+' if mins >= 0 else '-'}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"


@dataclass(frozen=True, slots=True)
class DocInfo:
    """One side's metadata, as the audit stored it."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601
    url: str | None = None  # shown as text, never as a link


@dataclass(frozen=True, slots=True)
class AuditContext:
    """A copy report inside `drift report`'s directory: where the index is (a relative path
    the caller built) and what the audit knows about both documents."""

    index_href: str
    original: DocInfo = DocInfo()
    copy: DocInfo = DocInfo()
    original_reasons: tuple[str, ...] = ()  # why the tracer named the original the family's original
    copy_reasons: tuple[str, ...] = ()  # why the copy was placed under it
    family: int | None = None


def _labels(report: Report) -> list[str]:
    """Labels in their canonical order, then any the report has beyond them."""
    return list(LABELS) + sorted(k for k in report.counts if k not in LABELS)


VERDICT_CLASS = {"faithful": "ok", "faithful, edited": "ok", "minor drift": "minor", "major drift": "major", "unrelated": "major"}


def _counts_band(report: Report) -> str:
    total = sum(report.counts.values()) or 1
    seg, legend = [], []
    for label in _labels(report):
        k = report.counts.get(label, 0)
        if not k:
            continue
        pct = 100.0 * k / total
        seg.append(
            f'<span class="seg l-{esc(label)}" style="width:{pct:.3f}%" title="{esc(label)}: {k} of {total} rows"></span>'
        )
        legend.append(
            f'<li class="l-{esc(label)}" title="{esc(LABEL_HELP.get(label, label))}"><span class="dot"></span>'
            f"{esc(label)} <b>{k}</b></li>"
        )
    return f'<div class="band" aria-hidden="true">{"".join(seg)}</div><ul class="legend">{"".join(legend)}</ul>'


def _filters(report: Report) -> str:
    boxes = "".join(
        f'<label class="l-{esc(lab)}" title="{esc(LABEL_HELP.get(lab, lab))}">'
        f'<input type="checkbox" data-label="{esc(lab)}" checked>'
        f'<span class="dot"></span>{esc(lab)} <span class="cnt">{report.counts[lab]}</span></label>'
        for lab in _labels(report)
        if report.counts.get(lab)
    )
    return (
        '<nav id="toolbar" class="toolbar" hidden aria-label="Filters">'
        '<div class="views" role="group" aria-label="Show">'
        '<button type="button" data-view="all" aria-pressed="true">All rows</button>'
        '<button type="button" data-view="changes" aria-pressed="false">Changes only</button>'
        '<button type="button" data-view="major" aria-pressed="false">Major only</button></div>'
        f'<div class="labels" role="group" aria-label="Labels">{boxes}</div>'
        '<div class="hint"><span id="shown"></span> \u00b7 <kbd>n</kbd>/<kbd>p</kbd> next/previous major finding</div>'
        "</nav>"
    )


def _key_findings(numbered: list[NumberedFinding]) -> str:
    majors = [nf for nf in numbered if nf.finding.severity == "major"]
    if not majors:
        body = '<p class="empty">No major finding.</p>'
    else:
        body = "<ol>" + "".join(_finding_item(nf, key=True) for nf in majors) + "</ol>"
    return f'<section class="card keyf"><h2>Major findings ({len(majors)})</h2>{body}</section>'


SEVERITY_HELP = {
    "major": "An editor must correct the copy: a reader would be misled about a fact.",
    "minor": "A change worth a look; the facts stand.",
    "none": "Noted, not an error (house style, a spelling the copy uses throughout).",
}


def _legend(signature: str) -> str:
    """The report's vocabulary, folded into a key (and on hover where the words appear)."""
    labels = "".join(
        f'<dt><span class="badge l-{esc(lab)}">{esc(lab)}</span></dt><dd>{esc(LABEL_HELP[lab])}.</dd>' for lab in LABELS
        if lab in LABEL_HELP
    )
    sevs = "".join(
        f'<dt><span class="sevtag s-{esc(k)}">{esc(severity_word(k))}</span></dt><dd>{esc(v)}</dd>'
        for k, v in SEVERITY_HELP.items()
    )
    return (
        '<details class="card key" id="key"><summary>Key: what the labels, severities, '
        "<b>sim</b> and <b>drift</b> mean</summary>"
        '<div class="keygrid">'
        f'<section><h3>Labels (one per row)</h3><dl>{labels}</dl></section>'
        f'<section><h3>Severities (rows and findings)</h3><dl>{sevs}</dl></section>'
        "<section><h3>Numbers and marks</h3><dl>"
        f'<dt><span class="metric">sim</span></dt><dd>{esc(METRIC_HELP["sim"])}</dd>'
        f'<dt><span class="metric">drift</span></dt><dd>{esc(drift_help(signature))}</dd>'
        f'<dt>drift index</dt><dd>{esc(METRIC_HELP["drift index"])}</dd>'
        '<dt><a class="fm s-major">1</a> <a class="fm s-minor">2</a></dt>'
        "<dd>A finding on its exact words (red: major, amber: minor); hover for the explanation, click for the "
        "row's list.</dd>"
        '<dt><span class="del">removed</span> <span class="ins">inserted</span></dt>'
        "<dd>Words the copy removed or inserted.</dd>"
        "</dl></section></div></details>"
    )


def _meta_line(info: DocInfo | None, d: Document) -> str:
    body = len(d.body())
    chrome = len(d.sentences) - body
    counts = f"{body} sentences, {chrome} chrome"
    if info is None:
        return f"{esc(d.source)}{esc(language_note(d.language))} <small>{counts}</small>"
    bits = [b for b in (info.outlet, f"published {when(info.published)}" if info.published else "not dated") if b]
    head = f'<span class="title">{esc(info.title)}</span>' if info.title else esc(d.source)
    meta = " \u00b7 ".join(esc(b) for b in bits)
    ident = f'<div class="id">{esc(d.source)}</div>' if info.title else ""
    return f'{head}{esc(language_note(d.language))}<div class="meta">{meta}</div>{ident}<small>{counts}</small>'


def _provenance(ctx: AuditContext) -> str:
    """Why the tracer named the original, and why the copy is one."""
    def items(reasons: tuple[str, ...]) -> str:
        if not reasons:
            return '<p class="empty">No reasons were stored.</p>'
        return "<ul>" + "".join(f"<li>{esc(r)}</li>" for r in reasons) + "</ul>"

    return (
        '<section class="card prov" id="trace"><h2>How this family was traced</h2><div class="provgrid">'
        f"<div><h3>Why the original is the family's original</h3>{items(ctx.original_reasons)}</div>"
        f"<div><h3>Why the copy is a copy of it</h3>{items(ctx.copy_reasons)}</div>"
        "</div></section>"
    )
