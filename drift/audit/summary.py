"""Reading the store back: the data of `drift report` and the stored comparisons."""

from __future__ import annotations

import json
import sqlite3

from ..errors import InputError, UsageError
from .store import REPORT_SCHEMA, SCHEMA_VERSION, AuditStore, now

def report_from_dict(d: dict, original_text: str, copy_text: str):
    """Rebuild a `Report` from its compare@1 JSON and the two texts it was computed on."""
    from ..schema import report_from_dict as decode

    return decode(d, original_text, copy_text)


def _doc_info(r: sqlite3.Row) -> dict:
    return {
        "id": r["id"], "title": r["title"], "url": r["url"], "outlet": r["outlet"], "source": r["source"],
        "kind": r["kind"], "published": r["published"], "byline": r["byline"], "chars": r["chars"],
    }


def report_data(store: AuditStore, max_findings: int = 20) -> dict:
    """Everything `drift report` shows, as plain data (``--format json`` prints exactly this)."""
    db = store.db
    docs = {r["id"]: r for r in db.execute(
        "SELECT id, title, url, outlet, source, kind, published, byline, chars, text_hash FROM documents ORDER BY rowid")}
    placements = store.placements()
    families = store.families()
    current = store.current_comparisons()
    copies = []
    for p in placements.values():
        if p.family is None or p.is_original or families[p.family][1] < 2:
            continue
        orig = families[p.family][0]
        c = current.get(p.doc_id)
        entry = {
            **_doc_info(docs[p.doc_id]),
            "family": p.family,
            "original": orig,
            "derived_from": p.derived_from,
            "confidence": p.confidence,
            "reasons": list(p.reasons),
            # what the copy report shows of the family's original (title, outlet, time, why it is the original)
            "original_document": {"title": docs[orig]["title"], "outlet": docs[orig]["outlet"], "url": docs[orig]["url"],
                                  "published": docs[orig]["published"],
                                  "reasons": list(placements[orig].reasons) if orig in placements else []},
            "compared": c is not None,
        }
        if c is not None:
            findings = json.loads(c["findings"])
            findings.sort(key=lambda f: {"major": 0, "minor": 1}.get(f["severity"], 2))
            entry.update({
                "comparison": c["id"], "verdict": c["verdict"], "drift_index": c["drift_index"], "major": bool(c["major"]),
                "counts": json.loads(c["counts"]), "findings_total": len(findings),
                "findings_major": sum(f["severity"] == "major" for f in findings),
                "findings": findings[:max_findings], "signature": c["signature"], "compared_at": c["created"],
            })
        copies.append(entry)
    copies.sort(key=lambda e: (not e["compared"], -(e.get("drift_index") or 0.0), e["id"]))
    for rank, e in enumerate(copies, 1):
        e["rank"] = rank

    fam_out = []
    members: dict[int, list[str]] = {}
    for p in placements.values():
        if p.family is not None:
            members.setdefault(p.family, []).append(p.doc_id)
    by_copy = {e["id"]: e for e in copies}
    for fid, (orig, size) in sorted(families.items()):
        if size < 2:
            continue
        ms = []
        for m in members.get(fid, []):
            e = by_copy.get(m)
            ms.append({
                "id": m, "title": docs[m]["title"], "outlet": docs[m]["outlet"], "published": docs[m]["published"],
                "original": m == orig, "derived_from": placements[m].derived_from, "confidence": placements[m].confidence,
                "verdict": e.get("verdict") if e else None, "drift_index": e.get("drift_index") if e else None,
            })
        ms.sort(key=lambda x: (not x["original"], -(x["drift_index"] or 0.0), x["id"]))
        worst = max((x["drift_index"] or 0.0 for x in ms), default=0.0)
        fam_out.append({"id": fid, "original": orig, "title": docs[orig]["title"], "size": size,
                        "max_drift_index": worst, "members": ms})
    fam_out.sort(key=lambda f: (-f["max_drift_index"], f["id"]))

    singles = [m for fid, (orig, size) in families.items() if size == 1 for m in [orig]]
    last_run = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    errors = []
    if last_run is not None:
        errors = [dict(r) for r in db.execute(
            "SELECT stage, item, source, code, reason FROM errors WHERE run_id = ? ORDER BY id", (last_run["id"],))]
    # Counts per outlet.
    sources: dict[str, dict] = {}
    for doc_id, r in docs.items():
        s = sources.setdefault(r["outlet"], {"outlet": r["outlet"], "documents": 0, "originals": 0, "copies": 0,
                                             "alone": 0, "untraced": 0, "verdicts": {}, "drift_sum": 0.0, "compared": 0})
        s["documents"] += 1
        p = placements.get(doc_id)
        if p is None or p.family is None:
            s["untraced"] += 1
        elif families[p.family][1] < 2:
            s["alone"] += 1
        elif p.is_original:
            s["originals"] += 1
        else:
            s["copies"] += 1
            e = by_copy.get(doc_id)
            if e and e["compared"]:
                s["verdicts"][e["verdict"]] = s["verdicts"].get(e["verdict"], 0) + 1
                s["drift_sum"] += e["drift_index"]
                s["compared"] += 1
    src_out = []
    for s in sorted(sources.values(), key=lambda s: (-s["copies"], s["outlet"])):
        s["mean_drift_index"] = round(s.pop("drift_sum") / s["compared"], 4) if s["compared"] else None
        src_out.append(s)
    verdicts: dict[str, int] = {}
    for e in copies:
        if e["compared"]:
            verdicts[e["verdict"]] = verdicts.get(e["verdict"], 0) + 1
    runs = [
        {"id": r["id"], "started": r["started"], "ended": r["ended"], "status": r["status"], "engine": r["engine"],
         "inputs": json.loads(r["inputs"]), "stats": json.loads(r["stats"]) if r["stats"] else None}
        for r in db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 20")
    ]
    sigs = sorted({e["signature"] for e in copies if e.get("signature")})
    return {
        "schema": REPORT_SCHEMA,
        "signature": report_signature(sigs),
        "signatures": sigs,
        "database": str(store.path),
        "schema_version": SCHEMA_VERSION,
        "generated": now(),
        "totals": {
            "documents": len(docs), "families": len(fam_out), "alone": len(singles),
            "untraced": sum(1 for p in placements.values() if p.family is None),
            "copies": len(copies), "compared": sum(e["compared"] for e in copies),
            "major": sum(bool(e.get("major")) for e in copies), "verdicts": verdicts, "errors": len(errors),
        },
        "copies": copies,
        "families": fam_out,
        "sources": src_out,
        "errors": errors,
        "runs": runs,
    }


def report_signature(signatures: list[str]) -> str:
    """What produced an audit report: the one compare signature all its comparisons share;
    with none (nothing compared) or several (runs of different versions or settings), this
    drift's version and how many there are (each copy carries its own)."""
    if len(signatures) == 1:
        return signatures[0]
    from .. import __version__

    return f"drift {__version__}|comparisons:{'none' if not signatures else f'{len(signatures)} signatures'}"


def stored_report(store: AuditStore, comparison_id: int):
    """The `Report` of one stored comparison, rebuilt from its compare@1 JSON and the stored texts."""
    row = store.db.execute(
        "SELECT c.report, o.text AS otext, o.text_hash AS oh, d.text AS ctext, d.text_hash AS ch,"
        " c.original_hash, c.copy_hash FROM comparisons c"
        " JOIN documents o ON o.id = c.original_id JOIN documents d ON d.id = c.copy_id WHERE c.id = ?",
        (comparison_id,),
    ).fetchone()
    if row is None:
        raise UsageError(f"no comparison {comparison_id} in {store.path}")
    if row["oh"] != row["original_hash"] or row["ch"] != row["copy_hash"]:  # pragma: no cover - ids are immutable
        raise InputError(f"comparison {comparison_id}: the stored texts changed since it was computed", code="db_corrupt")
    return report_from_dict(json.loads(row["report"]), row["otext"], row["ctext"])
