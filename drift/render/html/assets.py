"""The copy report's fixed parts: its stylesheet, its one inline script (filters, views and
n/p navigation between major findings; the page works without it), the script's hash and the
Content-Security-Policy that allows only it.
"""

from __future__ import annotations

import base64
import hashlib

from .safe import content_security_policy


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
