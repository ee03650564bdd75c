"""One self-contained HTML file an editor can open, read and forward.

Layout: a header (both sources, verdict, drift index, rows by label as a colour band, the
major findings), then original and copy side by side, one aligned unit per row: added
rows on the right only, omitted rows on the left only, moved rows marked, page chrome
folded into ``<details>``. Inside a changed row the removed and inserted words are
highlighted (``word_diff``) and every finding sits as a numbered marker on its exact
span, with a one-line explanation on hover (``title``) and, on click, in the row's
numbered finding list (a plain ``#F<n>`` anchor, so it works without JavaScript). A folded
key explains the labels, the severities (in words: "not an error", never a bare NONE), "sim",
"drift" and the drift index.

Safety: every piece of article text and every source label goes through
:func:`esc` (``html.escape(quote=True)`` after replacing control and bidi-override
characters), in text and in attributes alike; the only URLs in the page are ``#F<n>``
anchors built from integers and, in `drift report`'s directory, the relative link back to the
index that the caller built (`AuditContext`: the audit's titles, outlets, publication times
and trace reasons, all escaped as text). A strict Content-Security-Policy (``default-src 'none'``,
the one inline script allowed by its sha256 hash) means that even markup which slipped
through could load nothing and run nothing. The page makes no request of any kind.

Rows and finding numbers come from :mod:`drift.render.layout`, the characters that are
replaced before escaping from :mod:`drift.sanitize`.

This package's ``render_html`` assembles the page; the parts each do one job: :mod:`.safe`
(escaping and the Content-Security-Policy), :mod:`.assets` (stylesheet, script and its hash),
:mod:`.rows` (one aligned unit per row) and :mod:`.header` (metadata, summary, key, filters).
"""

from __future__ import annotations

from ...types import Document, Report
from ..layout import layout, number_findings, summary_notes
from .assets import _CSS, _SCRIPT, CSP, SCRIPT_HASH
from .header import (
    VERDICT_CLASS,
    AuditContext,
    DocInfo,
    _counts_band,
    _filters,
    _key_findings,
    _legend,
    _meta_line,
    _provenance,
    when,
)
from .rows import _finding_item  # noqa: F401 - imported from here by the tests
from .rows import LABEL_HELP, METRIC_HELP, SEVERITY_WORDS, _row_html
from .safe import content_security_policy, esc, page_head

__all__ = ["esc", "render_html", "content_security_policy", "CSP", "SCRIPT_HASH", "DocInfo", "AuditContext",
           "when", "SEVERITY_WORDS", "LABEL_HELP"]


def render_html(report: Report, context: AuditContext | None = None) -> str:
    """The whole report as one self-contained HTML page.

    ``context``: inside `drift report`'s directory, a link back to the index, both documents'
    titles, outlets and publication times, and the trace's reasons."""
    o_doc, c_doc = report.original, report.copy
    rows = layout(report)
    numbered = number_findings(report)
    n_major = sum(nf.finding.severity == "major" for nf in numbered)
    vclass = VERDICT_CLASS.get(report.verdict, "minor")
    ctx = context

    def doc_line(d: Document) -> str:
        if ctx is None:
            return _meta_line(None, d)
        return _meta_line(ctx.original if d is o_doc else ctx.copy, d)

    title = f"drift report: {report.verdict} \u2014 {o_doc.source} vs {c_doc.source}"
    parts = [
        *page_head(title, CSP, _CSS),
        '<header class="top">',
        (f'<nav class="crumbs" aria-label="Audit"><a class="back" href="{esc(ctx.index_href)}" rel="up">'
         "\u2190 Back to the audit index</a>"
         + (f' <span class="muted">\u00b7 family {int(ctx.family)}</span>' if ctx.family is not None else "")
         + "</nav>") if ctx is not None else "",
        '<p class="kicker">drift \u00b7 provenance and translation-drift report</p>',
        f'<h1>Copy checked against original <span class="verdict {vclass}">{esc(report.verdict)}</span></h1>',
        '<div class="summary"><section class="card">',
        f'<dl class="sources"><dt>Original</dt><dd>{doc_line(o_doc)}</dd><dt>Copy</dt><dd>{doc_line(c_doc)}</dd></dl>',
        '<hr style="border:0;border-top:1px solid var(--line);margin:12px 0">',
        '<div class="stats">',
        f'<div class="stat" title="{esc(METRIC_HELP["drift index"])}"><b>{report.drift_index:.2f}</b><span>drift index</span></div>',
        f'<div class="stat"><b>{len(report.verdicts)}</b><span>aligned rows</span></div>',
        f'<div class="stat"><b>{len(numbered)}</b><span>findings</span></div>',
        f'<div class="stat{" major" if n_major else ""}"><b>{n_major}</b><span>major</span></div>',
        "</div>",
        _counts_band(report),
        "".join(f'<p class="note relation">{esc(n)}</p>' for n in summary_notes(report)),
        "</section>",
        _key_findings(numbered),
        "</div>",
        _provenance(ctx) if ctx is not None else "",
        _legend(report.signature),
        "</header>",
        "<main>",
        _filters(report),
        '<p class="note" id="nojs">Filters and keyboard navigation need JavaScript; every row is shown.</p>',
        '<table class="pairs"><colgroup><col class="n"><col class="lab"><col class="o"><col class="c"></colgroup>',
        '<thead><tr><th>#</th><th>Label</th><th>Original</th><th>Copy</th></tr></thead>',
    ]
    parts.extend(_row_html(report, row) for row in rows)
    parts += [
        "</table></main>",
        "<footer>",
        '<p>Removed words are shaded <span class="del">red</span>, inserted words <span class="ins">green</span>; '
        "numbered markers sit on each finding (hover for the explanation, click for the list). "
        "This file is self-contained and loads nothing from the network.</p>",
        f"<p>Signature: <code>{esc(report.signature)}</code></p>",
        "</footer>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
