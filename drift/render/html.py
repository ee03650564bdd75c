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
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
from dataclasses import dataclass

from ..findings import word_diff
from ..lang import language_note
from ..sanitize import clean
from ..types import LABELS, Document, Finding, Report, Sentence
from .layout import NumberedFinding, Row, drift_help, layout, number_findings, row_text, summary_notes

__all__ = ["esc", "render_html", "content_security_policy", "CSP", "SCRIPT_HASH", "DocInfo", "AuditContext",
           "when", "SEVERITY_WORDS", "LABEL_HELP"]

# --------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------

def esc(text: object) -> str:
    """Text safe for HTML element content and for double- or single-quoted attributes."""
    return _html.escape(clean(str(text)), quote=True)


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


# --------------------------------------------------------------------------------------
# What an audit knows about the pair (drift report): titles, outlets, times, trace reasons
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Spans: diff highlights and finding markers
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# Page parts
# --------------------------------------------------------------------------------------

def _labels(report: Report) -> list[str]:
    """Labels in their canonical order, then any the report has beyond them."""
    return list(LABELS) + sorted(k for k in report.counts if k not in LABELS)


LABEL_HELP = {
    "verbatim": "Same text up to typography",
    "style": "Only spelling or house style changed",
    "paraphrase": "Reworded, same meaning",
    "drift": "Meaning changed",
    "garbled": "Machine-translation garble: words that make no sense",
    "added": "Only in the copy",
    "omitted": "Only in the original",
}
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


_SCRIPT = r"""(function () {
  "use strict";
  var d = document;
  var bar = d.getElementById("toolbar");
  if (!bar) { return; }
  bar.hidden = false;
  var note = d.getElementById("nojs");
  if (note) { note.hidden = true; }
  d.documentElement.className += " js";
  var heads = Array.prototype.slice.call(d.querySelectorAll("table.pairs thead th"));
  function stick() { heads.forEach(function (th) { th.style.top = bar.offsetHeight + "px"; }); }
  window.addEventListener("resize", stick);
  var rows = Array.prototype.slice.call(d.querySelectorAll("tbody.row"));
  var boxes = Array.prototype.slice.call(bar.querySelectorAll("input[data-label]"));
  var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-view]"));
  var shown = d.getElementById("shown");
  var view = "all";
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-label")] = b.checked; });
    var n = 0, total = 0;
    rows.forEach(function (r) {
      var label = r.getAttribute("data-label");
      var sev = r.getAttribute("data-severity");
      var show;
      if (label === "chrome") {
        show = view === "all";
      } else {
        total += 1;
        show = on[label] !== false &&
          (view === "all" || (view === "changes" && label !== "verbatim") || (view === "major" && sev === "major"));
        if (show) { n += 1; }
      }
      r.hidden = !show;
    });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view)); });
    if (shown) { shown.textContent = "showing " + n + " of " + total + " rows"; }
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { view = b.getAttribute("data-view"); apply(); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  var majors = Array.prototype.slice.call(d.querySelectorAll("a.fm.primary.s-major"));
  var at = -1;
  function visible(el) { var r = el.closest("tbody"); return !r || !r.hidden; }
  function jump(step) {
    var list = majors.filter(visible);
    if (!list.length) { return; }
    var cur = majors[at];
    var i = list.indexOf(cur);
    i = i < 0 ? (step > 0 ? 0 : list.length - 1) : (i + step + list.length) % list.length;
    if (cur) { cur.classList.remove("current"); }
    var el = list[i];
    at = majors.indexOf(el);
    el.classList.add("current");
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }
  d.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    if (e.key === "n") { jump(1); e.preventDefault(); }
    else if (e.key === "p") { jump(-1); e.preventDefault(); }
  });
  apply();
  stick();
})();"""

def content_security_policy(script: str, img_src: str = "'none'") -> str:
    """A policy that loads nothing and runs only `script` (pinned by its sha256)."""
    digest = "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src '{digest}'; img-src {img_src}; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = content_security_policy(_SCRIPT)

_CSS = """
:root{--ink:#1d2433;--muted:#5b6478;--line:#dde2ea;--bg:#f5f7fa;--card:#fff;
--verbatim:#9aa3b2;--style:#0e8f8a;--paraphrase:#3f8f3a;--drift:#d97706;--garbled:#a21caf;--added:#2563eb;--omitted:#c2410c;
--major:#c81e1e;--minor:#b7791f;--ins:#d9f2d9;--del:#fbdcdc;--chrome:#b8bfcc}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
main,header.top,footer{max-width:1320px;margin:0 auto;padding:0 20px}
header.top{padding-top:22px}
.kicker{font-size:12px;letter-spacing:.12em;text-transform:uppercase;color:var(--muted);margin:0 0 4px}
h1{font-size:24px;margin:0 0 14px;font-weight:650;display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.verdict{display:inline-block;font-size:13px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;padding:4px 10px;border-radius:4px;color:#fff}
.verdict.ok{background:#2f855a}.verdict.minor{background:var(--minor)}.verdict.major{background:var(--major)}
.summary{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:16px;margin-bottom:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.sources{margin:0;display:grid;grid-template-columns:auto 1fr;gap:4px 14px}
.sources dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.08em;padding-top:3px}
.sources dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.sources dd small{font-weight:400;color:var(--muted)}
.stats{display:flex;gap:22px;flex-wrap:wrap;margin-bottom:10px}
.stat b{display:block;font-size:24px;line-height:1.1}
.stat span{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.08em}
.stat.major b{color:var(--major)}
.band{display:flex;height:12px;border-radius:6px;overflow:hidden;background:var(--line)}
.band .seg{display:block;height:100%}
.legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}
.legend .dot,.labels .dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.l-verbatim .dot,.seg.l-verbatim{background:var(--verbatim)}.l-style .dot,.seg.l-style{background:var(--style)}
.l-paraphrase .dot,.seg.l-paraphrase{background:var(--paraphrase)}.l-drift .dot,.seg.l-drift{background:var(--drift)}
.l-garbled .dot,.seg.l-garbled{background:var(--garbled)}.l-added .dot,.seg.l-added{background:var(--added)}
.l-omitted .dot,.seg.l-omitted{background:var(--omitted)}
.keyf h2,.pairs-h{font-size:15px;margin:0 0 8px}
.keyf ol,.findings{list-style:none;margin:0;padding:0}
.keyf li,.findings li{padding:3px 0;font-size:13.5px}
.keyf li+li{border-top:1px dashed var(--line)}
.keyf .empty{color:var(--muted);font-size:13.5px}
.num{display:inline-block;min-width:20px;text-align:center;font-size:11px;font-weight:700;border-radius:10px;padding:1px 5px;color:#fff;background:var(--muted);text-decoration:none}
.s-major>.num{background:var(--major)}.s-minor>.num{background:var(--minor)}.s-none>.num{background:var(--verbatim)}
.kind{font-weight:650}
.sev{font-style:italic;font-size:12px;color:var(--muted)}
.s-major>.sev{color:var(--major);font-weight:700}
.pair q{quotes:"\\201C" "\\201D"}
.pair .qo{background:var(--del)}.pair .qc{background:var(--ins)}
.pair .none{color:var(--muted);font-style:italic}
.arrow{color:var(--muted)}
.goto{font-size:12px;color:var(--muted)}
.toolbar{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;margin-bottom:8px;font-size:13px}
.toolbar[hidden]{display:none}
.views{display:flex}
.views button{font:inherit;border:1px solid #b9c1ce;background:#fff;color:var(--ink);padding:4px 10px;cursor:pointer}
.views button:first-child{border-radius:5px 0 0 5px}.views button:last-child{border-radius:0 5px 5px 0}
.views button+button{border-left:0}
.views button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
.labels{display:flex;flex-wrap:wrap;gap:2px 10px}
.labels label{cursor:pointer;white-space:nowrap}
.labels input{margin:0 4px 0 0;vertical-align:-2px}
.labels .cnt{color:var(--muted)}
.hint{color:var(--muted);margin-left:auto}
kbd{font:11px ui-monospace,monospace;border:1px solid #b9c1ce;border-bottom-width:2px;border-radius:3px;padding:0 4px;background:#fff}
table.pairs{width:100%;border-collapse:separate;border-spacing:0;background:var(--card);border:1px solid var(--line);border-radius:8px;table-layout:fixed}
table.pairs col.n{width:40px}table.pairs col.lab{width:118px}
thead th{position:sticky;top:0;background:#eef1f6;text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);padding:8px 10px;border-bottom:1px solid var(--line)}
thead th:first-child{border-radius:8px 0 0 0}thead th:last-child{border-radius:0 8px 0 0}
tbody.row[hidden]{display:none!important}
.findings li,tbody.row,a.fm{scroll-margin-top:110px}
tbody.row>tr.pair>td{border-top:1px solid var(--line)}
td{vertical-align:top;padding:9px 10px}
td.n{text-align:right;font-size:12px;color:var(--muted);border-left:4px solid transparent}
td.n a{color:inherit;text-decoration:none}
.l-verbatim td.n{border-left-color:var(--verbatim)}.l-style td.n{border-left-color:var(--style)}
.l-paraphrase td.n{border-left-color:var(--paraphrase)}.l-drift td.n{border-left-color:var(--drift)}
.l-garbled td.n{border-left-color:var(--garbled)}.l-added td.n{border-left-color:var(--added)}
.l-omitted td.n{border-left-color:var(--omitted)}
tbody.row.s-major>tr>td{background:#fff6f5}
tbody.row.l-verbatim .txt{color:#4a5263}
td.txt{overflow-wrap:anywhere}
td.o{border-right:1px solid var(--line)}
td.empty{background:repeating-linear-gradient(135deg,#fafbfc 0 8px,#f1f3f7 8px 16px)!important}
.gap{font-size:12px;color:var(--muted);font-style:italic}
tr.fl td{padding-top:0;padding-bottom:10px}
.findings{border-top:1px dotted var(--line);padding-top:6px}
.findings li:target{background:#fff3bf;border-radius:4px}
.lab{font-size:12px}
.badge{display:inline-block;font-weight:700;color:#fff;border-radius:4px;padding:1px 7px;margin:0 4px 4px 0;font-size:12px}
.badge.l-verbatim{background:var(--verbatim)}.badge.l-style{background:var(--style)}.badge.l-paraphrase{background:var(--paraphrase)}
.badge.l-drift{background:var(--drift)}.badge.l-garbled{background:var(--garbled)}.badge.l-added{background:var(--added)}
.badge.l-omitted{background:var(--omitted)}
.sevtag{display:inline-block;font-size:11px;text-transform:uppercase;letter-spacing:.06em;font-weight:700;margin-right:4px}
.sevtag.s-major{color:var(--major)}.sevtag.s-minor{color:var(--minor)}
.sevtag.s-none{text-transform:none;letter-spacing:0;font-weight:400;font-style:italic;color:var(--muted)}
.movedtag{display:inline-block;font-size:11px;border:1px dashed var(--muted);border-radius:3px;padding:0 4px;margin-right:4px}
.metric{display:block;color:var(--muted);font-size:11px;margin-top:2px}
.del{background:var(--del);border-radius:2px}
.ins{background:var(--ins);border-radius:2px}
.f{border-bottom:2px solid var(--minor)}
.f.s-major{border-bottom:2px solid var(--major)}
.f.s-none{border-bottom:1px dotted var(--verbatim)}
.f.k-garble{border-bottom:3px wavy var(--garbled);text-decoration:underline wavy var(--garbled);text-decoration-skip-ink:none}
a.fm{display:inline-block;position:relative;top:-.5em;margin:0 1px 0 2px;min-width:16px;height:16px;line-height:16px;padding:0 3px;border-radius:8px;font-size:10px;font-weight:700;text-align:center;color:#fff;background:var(--minor);text-decoration:none;cursor:pointer}
a.fm.s-major{background:var(--major)}a.fm.s-none{background:var(--verbatim)}
a.fm.k-garble{background:var(--garbled)}
a.fm.current,a.fm:focus-visible{outline:3px solid #1d4ed8;outline-offset:1px}
tbody.chrome td{padding-top:5px;padding-bottom:5px;border-top:1px solid var(--line)}
tbody.chrome td.n{border-left-color:var(--chrome)}
details summary{cursor:pointer;color:var(--muted);font-size:12.5px}
.chromegrid{display:grid;grid-template-columns:1fr 1fr;gap:0 20px;color:var(--muted);font-size:13px}
.chromegrid p{margin:4px 0}
footer{color:var(--muted);font-size:12px;padding-top:18px;padding-bottom:30px}
footer code{font:11.5px ui-monospace,"DejaVu Sans Mono",monospace;overflow-wrap:anywhere;word-break:break-all}
.note{font-size:12.5px;color:var(--muted)}
.crumbs{font-size:13px;margin:0 0 10px}.crumbs a.back{font-weight:600;color:#1d4ed8;text-decoration:none}
.crumbs a.back:hover{text-decoration:underline}.muted{color:var(--muted)}
.sources .title{font-weight:650}.sources .meta{font-weight:400;font-size:13px}
.sources .id{font:11.5px ui-monospace,"DejaVu Sans Mono",monospace;font-weight:400;color:var(--muted);overflow-wrap:anywhere}
.key,.prov{margin-bottom:14px}
.key>summary{font-size:13.5px;color:var(--ink);font-weight:600}
.keygrid,.provgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:6px 24px;margin-top:8px}
.key h3,.prov h3{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:6px 0 4px}
.prov h2{font-size:15px;margin:0 0 4px}
.key dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 10px;margin:0;font-size:13px}
.key dt{text-align:right}.key dd{margin:0}
.key .metric{display:inline;font-size:12px;font-weight:600}
.key a.fm{top:0}
.prov ul{margin:0;padding-left:18px;font-size:13.5px}.prov .empty{color:var(--muted);font-size:13px;margin:0}
@media (max-width:820px){.summary{grid-template-columns:1fr}table.pairs col.lab{width:84px}}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10pt}
main,header.top,footer{max-width:none;padding:0}
.toolbar,.hint,#nojs{display:none!important}
.card,table.pairs{border-color:#bbb}
thead{display:table-header-group}
thead th{position:static}
tbody.row{break-inside:avoid}
.del{text-decoration:line-through}.ins{text-decoration:underline}
a{color:inherit}
a.fm{top:-.4em}
}
"""


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


METRIC_HELP = {
    "sim": "How alike the two sentences are in meaning, from 0 to 1 (cosine of their sentence vectors; "
           "pairs under 0.80 are hardly related).",
    "drift index": "The rows' drift scores weighted by the length of the original's text "
                   "(0: every fact kept; 1: the meaning lost).",
}


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
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="drift">',
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
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
