"""The index page of `drift report`: one self-contained HTML file over a whole audit.

Sections: totals; every copy ranked by drift index (verdict, copy and original with their
outlets, label counts, the major findings, a link to the copy's side-by-side report), with
filters by verdict, source (outlet), major findings and free text; the families with their
originals; counts per source; the failed items of the last run; the recent runs.

Safety as in drift.render.html: every piece of stored text (titles, ids, URLs, findings,
error messages: all of it came from the feed) goes through `esc`; document URLs are shown
as text, never as links; the only links are the relative report paths the caller built from
hashed ids. A strict Content-Security-Policy allows only the one inline script, by hash.
"""

from __future__ import annotations


from .html.header import AuditContext, DocInfo, when
from .html.rows import severity_word
from .html.safe import content_security_policy, esc, page_head
from .layout import noun, plural

_SCRIPT = r"""(function () {
  "use strict";
  var d = document;
  var bar = d.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var rows = Array.prototype.slice.call(d.querySelectorAll("#copies tbody tr"));
  var verdict = d.getElementById("f-verdict");
  var source = d.getElementById("f-source");
  var major = d.getElementById("f-major");
  var text = d.getElementById("f-text");
  var shown = d.getElementById("f-shown");
  function apply() {
    var v = verdict.value, s = source.value, m = major.checked, q = text.value.toLowerCase().trim();
    var n = 0;
    rows.forEach(function (r) {
      var ok = (!v || r.getAttribute("data-verdict") === v) &&
               (!s || r.getAttribute("data-source") === s) &&
               (!m || r.getAttribute("data-major") === "1") &&
               (!q || r.getAttribute("data-text").indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + " of " + rows.length + (rows.length === 1 ? " copy" : " copies") + " shown";
  }
  [verdict, source, major].forEach(function (el) { el.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  apply();
})();"""

CSP = content_security_policy(_SCRIPT, img_src="data:")

VERDICT_CLASS = {"faithful": "ok", "faithful, edited": "ok", "minor drift": "minor", "major drift": "major", "unrelated": "major"}

_CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f6f8fa;--ok:#1a7f37;--minor:#9a6700;--major:#cf222e;--garbled:#8250df}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1280px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:22px;margin:4px 0 2px}h2{font-size:17px;margin:28px 0 8px}
.kicker,.muted,small{color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.stat{border:1px solid var(--line);border-radius:8px;padding:8px 14px;background:var(--bg);min-width:110px}
.stat b{display:block;font-size:20px}.stat.major b{color:var(--major)}.stat.err b{color:var(--major)}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
.badge.ok{background:var(--ok)}.badge.minor{background:var(--minor)}.badge.major{background:var(--major)}
.bar{display:block;height:5px;border-radius:3px;background:var(--line);margin-top:3px;min-width:60px}
.bar i{display:block;height:5px;border-radius:3px;background:var(--major)}
.id{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted);overflow-wrap:anywhere;word-break:break-all}
.counts span{display:inline-block;margin-right:6px;white-space:nowrap;font-size:12px}
.k-garbled{color:var(--garbled);font-weight:600}.k-drift{color:var(--major);font-weight:600}
ul.f{margin:0;padding-left:16px;font-size:12.5px}
ul.f li{margin-bottom:3px}
ul.f .sev{font-size:12px;color:var(--muted)}ul.f li.s-major .sev{color:var(--major);font-weight:700;font-style:normal}
ul.f q{quotes:"\\201C" "\\201D"}ul.f .qo{background:#fbdcdc}ul.f .qc{background:#d9f2d9}
ul.f .none{color:var(--muted);font-style:italic}
.toolbar{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:var(--bg);margin:8px 0}
.toolbar label{font-size:13px}
details.fam{border:1px solid var(--line);border-radius:8px;margin:6px 0;padding:6px 12px}
details.fam summary{cursor:pointer}
tr[hidden]{display:none}
footer{color:var(--muted);font-size:12px;padding:24px 20px 40px}
code{font:12px ui-monospace,"DejaVu Sans Mono",monospace;overflow-wrap:anywhere}
.wide{overflow-x:auto}
@media (max-width:700px){
#copies thead{display:none}
#copies,#copies tbody,#copies tr,#copies td{display:block;width:100%}
#copies tr{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:8px 10px}
#copies tr[hidden]{display:none}
#copies td{border:0;padding:3px 0;text-align:left}
#copies td.rank,#copies td.drift,#copies td.verdict{display:inline-block;width:auto;margin-right:10px;vertical-align:middle}
#copies td.rank::before{content:"#"}
#copies td[data-h]::before{content:attr(data-h);display:block;font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
.toolbar label{display:block}
}
@media print{.toolbar,noscript{display:none!important}th{position:static}}
"""


def _badge(verdict: str | None) -> str:
    if not verdict:
        return '<span class="badge">not compared</span>'
    return f'<span class="badge {VERDICT_CLASS.get(verdict, "minor")}">{esc(verdict)}</span>'


def _doc_cell(title: str | None, doc_id: str, outlet: str, published: str = "") -> str:
    head = esc(title) if title else esc(doc_id)
    stamp = f" \u00b7 {esc(published)}" if published else ""
    return f'{head}<div class="id">{esc(doc_id)}</div><small>{esc(outlet)}{stamp}</small>'


def when_of(e: dict) -> str:
    """The publication time of a copy entry's original, for a reader."""
    return when((e.get("original_document") or {}).get("published"))


def _counts(counts: dict) -> str:
    order = ("garbled", "drift", "omitted", "added", "paraphrase", "style", "verbatim")
    return "".join(
        f'<span class="k-{esc(k)}">{esc(k)} {int(counts[k])}</span>' for k in order if counts.get(k)
    )


def report_context(e: dict, index_href: str) -> AuditContext:
    """What a copy report in the report directory shows of the audit: the way back to the
    index, titles, outlets and publication times of both documents, the trace's reasons."""
    o = e.get("original_document") or {}
    return AuditContext(
        index_href=index_href,
        original=DocInfo(o.get("title"), o.get("outlet"), o.get("published"), o.get("url")),
        copy=DocInfo(e.get("title"), e.get("outlet"), e.get("published"), e.get("url")),
        original_reasons=tuple(o.get("reasons") or ()),
        copy_reasons=tuple(e.get("reasons") or ()),
        family=e.get("family"),
    )


def _side(text: str | None, cls: str) -> str:
    """One side of a finding as the copy report shows it: quoted words, or "(nothing)"."""
    return f'<q class="{cls}">{esc(text)}</q>' if text else '<span class="none">(nothing)</span>'


def _findings(e: dict, limit: int = 3) -> str:
    fs = [f for f in e.get("findings", []) if f.get("severity") in ("major", "minor")][:limit]
    if not fs:
        return ""
    items = "".join(
        f'<li class="s-{esc(f["severity"])}"><b>{esc(f["kind"])}</b> <i class="sev">{esc(severity_word(f["severity"]))}</i> '
        f'{esc(f["message"])}'
        + (f' <span class="pair">{_side(f.get("original"), "qo")} \u2192 {_side(f.get("copy"), "qc")}</span>'
           if f.get("original") or f.get("copy") else "")
        + "</li>"
        for f in fs
    )
    more = e.get("findings_total", 0) - len(fs)
    tail = f"<li><small>{more} more</small></li>" if more > 0 else ""
    return f'<ul class="f">{items}{tail}</ul>'


def _copy_row(e: dict, titles: dict, outlets: dict, links: dict) -> str:
    compared = e["compared"]
    di = e.get("drift_index")
    link = links.get(e["id"])
    title = esc(e.get("title") or e["id"])
    head = f'<a href="{esc(link)}">{title}</a>' if link else title
    stamp = f" \u00b7 {esc(when(e['published']))}" if e.get("published") else ""
    copy_cell = f'{head}<div class="id">{esc(e["id"])}</div><small>{esc(e["outlet"])}{stamp}</small>'
    orig = e["original"]
    search = " ".join(str(x) for x in (e["id"], e.get("title") or "", orig, titles.get(orig) or "", e["outlet"])).lower()
    bar = f'<span class="bar"><i style="width:{min(100.0, max(0.0, (di or 0) * 100)):.0f}%"></i></span>' if compared else ""
    err = f'<div class="muted">{esc(e["report_error"])}</div>' if e.get("report_error") else ""
    return (
        f'<tr data-verdict="{esc(e.get("verdict") or "")}" data-source="{esc(e["outlet"])}" '
        f'data-major="{1 if e.get("major") else 0}" data-text="{esc(search)}">'
        f'<td class="num rank">{e["rank"]}</td>'
        f'<td class="num drift">{"" if di is None else f"{di:.3f}"}{bar}</td>'
        f"<td class=\"verdict\">{_badge(e.get('verdict'))}</td>"
        f'<td data-h="Copy">{copy_cell}{err}</td>'
        f"<td data-h=\"Original\">{_doc_cell(titles.get(orig), orig, outlets.get(orig, ''), when_of(e))}</td>"
        f'<td class="counts" data-h="Rows by label">{_counts(e.get("counts") or {})}</td>'
        f'<td data-h="Findings">{_findings(e)}</td>'
        "</tr>"
    )


def render_index(data: dict, links: dict[str, str]) -> str:
    """The index page for `report_data` output; ``links``: copy id -> relative report path."""
    t = data["totals"]
    titles: dict[str, str | None] = {}
    outlets: dict[str, str] = {}
    for f in data["families"]:
        for m in f["members"]:
            titles[m["id"]] = m.get("title")
            outlets[m["id"]] = m.get("outlet") or ""
    verdict_opts = "".join(f'<option value="{esc(v)}">{esc(v)} ({n})</option>' for v, n in sorted(t["verdicts"].items()))
    copy_outlets: dict[str, int] = {}
    for e in data["copies"]:
        copy_outlets[e["outlet"]] = copy_outlets.get(e["outlet"], 0) + 1
    source_opts = "".join(f'<option value="{esc(o)}">{esc(o)} ({n})</option>' for o, n in sorted(copy_outlets.items()))
    last = data["runs"][0] if data["runs"] else None
    parts = [
        *page_head(f"drift audit \u2014 {plural(t['copies'], 'copy', 'copies')}, {t['major']} with major findings", CSP, _CSS),
        "<header>",
        '<p class="kicker">drift \u00b7 syndication audit</p>',
        f"<h1>Audit of {plural(t['documents'], 'document')}</h1>",
        f'<p class="muted">Database <code>{esc(data["database"])}</code> \u00b7 generated {esc(when(data["generated"]))}'
        + (f" \u00b7 last run {int(last['id'])} {esc(last['status'])}, started {esc(when(last['started']))}" if last else "")
        + "</p>",
        '<div class="stats">',
        f'<div class="stat"><b>{t["documents"]}</b>{noun(t["documents"], "document")}</div>',
        f'<div class="stat"><b>{t["families"]}</b>{noun(t["families"], "family", "families")} with copies</div>',
        f'<div class="stat"><b>{t["compared"]}</b>of {plural(t["copies"], "copy", "copies")} compared</div>',
        f'<div class="stat{" major" if t["major"] else ""}"><b>{t["major"]}</b>{noun(t["major"], "copy", "copies")} with major findings</div>',
        f'<div class="stat"><b>{t["alone"]}</b>{noun(t["alone"], "document")} copying nothing</div>',
        f'<div class="stat{" err" if t["errors"] else ""}"><b>{t["errors"]}</b>failed {noun(t["errors"], "item")} (last run)</div>',
        "</div></header><main>",
        '<h2 id="ranked">Copies ranked by drift index</h2>',
        '<nav id="filters" class="toolbar" hidden aria-label="Filters">',
        f'<label>Verdict <select id="f-verdict"><option value="">all</option>{verdict_opts}</select></label>',
        f'<label>Source <select id="f-source"><option value="">all</option>{source_opts}</select></label>',
        '<label><input type="checkbox" id="f-major"> major findings only</label>',
        '<label>Search <input type="search" id="f-text" placeholder="id, title, outlet"></label>',
        '<span id="f-shown" class="muted"></span>',
        "</nav>",
        '<noscript><p class="muted">Filters need JavaScript; every copy is listed.</p></noscript>',
    ]
    if data["copies"]:
        parts += [
            '<table id="copies"><thead><tr><th class="num">#</th><th class="num">Drift</th><th>Verdict</th>'
            "<th>Copy</th><th>Original</th><th>Rows by label</th><th>Findings</th></tr></thead><tbody>",
            *(_copy_row(e, titles, outlets, links) for e in data["copies"]),
            "</tbody></table>",
        ]
    else:
        parts.append('<p class="muted">No copies found: every document stands alone.</p>')

    parts.append(f'<h2 id="families">Families ({len(data["families"])})</h2>')
    for f in data["families"]:
        rows = []
        for m in f["members"]:
            role = "original" if m["original"] else (f"copy of {esc(m['derived_from'])}" if m["derived_from"] else "copy")
            link = links.get(m["id"])
            name = esc(m.get("title") or m["id"])
            name = f'<a href="{esc(link)}">{name}</a>' if link else name
            rows.append(
                f"<tr><td>{name}<div class=\"id\">{esc(m['id'])}</div></td><td>{esc(m['outlet'])}</td>"
                f"<td>{esc(when(m.get('published')))}</td><td>{role}</td>"
                f'<td class="num">{m["confidence"]:.2f}</td>'
                f"<td>{'' if m['original'] else _badge(m.get('verdict'))}</td>"
                f'<td class="num">{"" if m.get("drift_index") is None else format(m["drift_index"], ".3f")}</td></tr>'
            )
        parts.append(
            f'<details class="fam"><summary><b>{esc(f.get("title") or f["original"])}</b> '
            f'<span class="muted">\u2014 family {int(f["id"])}, original <span class="id">{esc(f["original"])}</span>, '
            f'{int(f["size"]) - 1} cop{"y" if f["size"] == 2 else "ies"}, worst drift {f["max_drift_index"]:.3f}</span></summary>'
            '<div class="wide"><table><thead><tr><th>Document</th><th>Source</th><th>Published</th><th>Role</th>'
            '<th class="num">Confidence</th><th>Verdict</th><th class="num">Drift</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div></details>"
        )

    parts += [
        '<h2 id="sources">Counts per source</h2>',
        "<div class=\"wide\"><table><thead><tr><th>Source</th><th class=\"num\">Documents</th><th class=\"num\">Originals</th>"
        '<th class="num">Copies</th><th class="num">Faithful</th><th class="num">Minor drift</th>'
        '<th class="num">Major drift</th><th class="num">Mean drift</th><th class="num">Alone</th>'
        '<th class="num">Not traced</th></tr></thead><tbody>',
    ]
    for s in data["sources"]:
        v = s["verdicts"]
        faithful = v.get("faithful", 0) + v.get("faithful, edited", 0)
        parts.append(
            f"<tr><td>{esc(s['outlet'])}</td><td class=\"num\">{s['documents']}</td><td class=\"num\">{s['originals']}</td>"
            f'<td class="num">{s["copies"]}</td><td class="num">{faithful}</td>'
            f'<td class="num">{v.get("minor drift", 0)}</td><td class="num">{v.get("major drift", 0)}</td>'
            f'<td class="num">{"" if s["mean_drift_index"] is None else format(s["mean_drift_index"], ".3f")}</td>'
            f'<td class="num">{s["alone"]}</td><td class="num">{s["untraced"]}</td></tr>'
        )
    parts.append("</tbody></table></div>")

    parts.append(f'<h2 id="errors">Failed items in the last run ({len(data["errors"])})</h2>')
    if data["errors"]:
        parts.append('<div class="wide"><table><thead><tr><th>Stage</th><th>Item</th><th>Code</th><th>Reason</th></tr></thead><tbody>')
        parts += [
            f"<tr><td>{esc(e['stage'])}</td><td><span class=\"id\">{esc(e['item'])}</span></td>"
            f"<td>{esc(e['code'])}</td><td>{esc(e['reason'])}</td></tr>"
            for e in data["errors"]
        ]
        parts.append("</tbody></table></div>")
    else:
        parts.append('<p class="muted">None.</p>')

    parts.append('<h2 id="runs">Recent runs</h2><div class="wide"><table><thead><tr><th class="num">Run</th><th>Started</th><th>Ended</th>'
                 '<th>Status</th><th>Engine</th><th class="num">New documents</th><th class="num">New comparisons</th>'
                 '<th class="num">Failed</th></tr></thead><tbody>')
    for r in data["runs"]:
        st = r.get("stats") or {}
        failed = sum(int(st.get(k, 0) or 0) for k in ("read_errors", "trace_errors", "compare_errors"))
        parts.append(
            f'<tr><td class="num">{int(r["id"])}</td><td>{esc(when(r["started"]))}</td><td>{esc(when(r["ended"]))}</td>'
            f'<td>{esc(r["status"])}</td><td>{esc(r["engine"])}</td>'
            f'<td class="num">{int(st.get("documents_new", 0) or 0)}</td>'
            f'<td class="num">{int(st.get("comparisons_new", 0) or 0)}</td><td class="num">{failed}</td></tr>'
        )
    parts += [
        "</tbody></table></div></main>",
        "<footer><p>Each copy is compared with its family's original. The drift index is the drift score of "
        "the aligned rows weighted by the length of the original's text (0: every fact kept; 1: the meaning lost). "
        "This file is self-contained and loads nothing from the network.</p></footer>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
