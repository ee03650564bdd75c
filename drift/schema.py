"""The one codec: drift's JSON documents to and from the frozen types.

Every writer and reader of machine output goes through here: `drift compare --format
json` and the audit store (``drift/compare@1``), `drift score` lines, the judge's verdict
cache, `drift trace --format json` (``drift/trace@1``) and `drift audit --format json`
(``drift/audit-run@1``). The contracts are in ``../shared/spec/contracts.md`` and
``docs/contracts-audit.md``: extend, never break. Renderers only render; nothing else
builds these dictionaries.

:func:`dumps` is the one serialiser: readable non-ASCII text, every unsafe character
(C1 controls, bidi overrides, lone surrogates; see :mod:`drift.sanitize`) as a ``\\uXXXX``
escape.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .sanitize import json_text
from .types import Alignment, Direction, Document, Finding, Judgement, PairVerdict, Report, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from .trace import TraceResult

COMPARE = "drift/compare@1"
SCORE = "drift/score@1"
TRACE = "drift/trace@1"
AUDIT_RUN = "drift/audit-run@1"
AUDIT_REPORT = "drift/audit-report@1"


def dumps(obj, *, indent: int | None = None) -> str:
    """JSON text of ``obj``, safe for a terminal (see the module docstring)."""
    return json_text(obj, indent=indent)


# --------------------------------------------------------------------------------------
# Findings and judgements
# --------------------------------------------------------------------------------------


def _span(x) -> tuple[int, int] | None:
    return (int(x[0]), int(x[1])) if x else None


def finding_to_dict(f: Finding) -> dict:
    """One finding; ``original_span`` / ``copy_span`` are null when that side has no text
    for it (an addition has no original span, an omission no copy span). ``rule`` (an
    extension of the contract) names the rule that made it (see ``Finding``)."""
    return {
        "kind": f.kind,
        "severity": f.severity,
        "original": f.original,
        "copy": f.copy,
        "original_span": list(f.original_span) if f.original_span else None,
        "copy_span": list(f.copy_span) if f.copy_span else None,
        "message": f.message,
        "rule": f.rule,
    }


def finding_from_dict(d: dict) -> Finding:
    """A finding of a report (one written before ``rule`` existed reads with rule "")."""
    return Finding(d["kind"], d["severity"], d["original"], d["copy"], _span(d.get("original_span")),
                   _span(d.get("copy_span")), d["message"], d.get("rule", ""))


def judgement_to_json(j: Judgement) -> bytes:
    """The judge's cache record of one verdict (compact; features included). A finding is
    the list [kind, severity, original, copy, original_span, copy_span, message, rule]; the
    cache is keyed by the judge's signature (FINDINGS_NAME in it), so no record of another
    layout is ever read back."""
    return json.dumps(
        {
            "label": j.label, "severity": j.severity, "drift": j.drift, "features": j.features,
            "findings": [
                [f.kind, f.severity, f.original, f.copy, f.original_span, f.copy_span, f.message, f.rule]
                for f in j.findings
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")


def judgement_from_json(data: bytes) -> Judgement:
    d = json.loads(data.decode("utf-8", "surrogatepass"))
    findings = tuple(
        Finding(k, sev, o, c, _span(os_), _span(cs), msg, rule) for k, sev, o, c, os_, cs, msg, rule in d["findings"]
    )
    return Judgement(d["label"], d["severity"], d["drift"], findings, d["features"])


# --------------------------------------------------------------------------------------
# drift/compare@1
# --------------------------------------------------------------------------------------


def _sentence_to_dict(s: Sentence) -> dict:
    d = {"id": s.id, "text": s.text, "start": s.start, "end": s.end, "boilerplate": s.boilerplate}
    if s.language is not None:
        d["language"] = s.language  # only where a sentence's language differs from its document's
    return d


def _doc_to_dict(d: Document) -> dict:
    return {
        "source": d.source,
        "language": d.language,
        "sentences": [_sentence_to_dict(s) for s in d.sentences],
    }


def _doc_from_dict(side: dict, text: str) -> Document:
    sents = tuple(
        Sentence(s["id"], s["text"], s["start"], s["end"], s["boilerplate"], s.get("language"))
        for s in side["sentences"]
    )
    return Document(side["source"], text, sents, side.get("language"))


def direction_to_dict(d: Direction | None) -> dict | None:
    if d is None:
        return None
    return {"swapped": d.swapped, "score": d.score, "reasons": list(d.reasons)}


def direction_from_dict(d: dict | None) -> Direction | None:
    if not d:
        return None
    return Direction(bool(d["swapped"]), float(d["score"]), tuple(d.get("reasons", ())))


def summary_to_dict(r: Report) -> dict:
    """The compare summary: verdict, drift index and label counts (the contract), plus
    ``linked_share`` and ``direction`` (null when the texts are unrelated or it was not
    computed) and ``exit_code`` (what `drift compare` exits with for this report)."""
    from .compare import exit_status

    return {
        "verdict": r.verdict,
        "drift_index": r.drift_index,
        "counts": dict(r.counts),
        "linked_share": r.linked_share,
        "direction": direction_to_dict(r.direction),
        "exit_code": int(exit_status(r)),
    }


def report_to_dict(r: Report) -> dict:
    """`drift/compare@1`, with the signature."""
    return {
        "schema": COMPARE,
        "signature": r.signature,
        "original": _doc_to_dict(r.original),
        "copy": _doc_to_dict(r.copy),
        "alignments": [
            {
                "original": list(v.alignment.original),
                "copy": list(v.alignment.copy),
                "label": v.judgement.label,
                "severity": v.judgement.severity,
                "similarity": round(float(v.alignment.similarity), 4),
                "drift": round(float(v.judgement.drift), 4),
                "moved": v.alignment.moved,
                "findings": [finding_to_dict(f) for f in v.judgement.findings],
            }
            for v in r.verdicts
        ],
        "summary": summary_to_dict(r),
    }


def report_from_dict(d: dict, original_text: str, copy_text: str) -> Report:
    """A `Report` from its compare@1 dictionary and the two texts it was computed on
    (documents written before ``linked_share``/``direction`` existed read as None)."""
    if d.get("schema", COMPARE) != COMPARE:
        raise ValueError(f"not a {COMPARE} document: schema {d.get('schema')!r}")
    verdicts = tuple(
        PairVerdict(
            Alignment(tuple(a["original"]), tuple(a["copy"]), a["similarity"], a["moved"]),
            Judgement(a["label"], a["severity"], a["drift"], tuple(finding_from_dict(f) for f in a["findings"])),
        )
        for a in d["alignments"]
    )
    s = d["summary"]
    return Report(
        d["signature"], _doc_from_dict(d["original"], original_text), _doc_from_dict(d["copy"], copy_text),
        verdicts, s["verdict"], s["drift_index"], dict(s["counts"]), s.get("linked_share"),
        direction_from_dict(s.get("direction")),
    )


def compare_summary(against: str, r: Report) -> dict:
    """A copy's drift summary inside other documents (trace --compare, audit): the compare
    summary and the id of the document it was compared against."""
    return {"against": against, **summary_to_dict(r)}


# --------------------------------------------------------------------------------------
# drift score lines
# --------------------------------------------------------------------------------------


def score_line(pair_id: object, j: Judgement, signature: str) -> dict:
    """One `drift score` result line (contract drift/score; ``similarity`` and ``signature``
    are extensions)."""
    return {
        "id": pair_id,
        "drift": j.drift,
        "label": j.label,
        "severity": j.severity,
        "similarity": round(float(j.features.get("cosine", 1.0)), 4),
        "findings": [finding_to_dict(f) for f in j.findings],
        "signature": signature,
    }


def score_error(pair_id: object, code: str, message: str, signature: str) -> dict:
    return {"id": pair_id, "error": {"code": code, "message": message}, "signature": signature}


def score_from_dict(d: dict) -> Judgement | None:
    """The judgement of a score line (None for an error line)."""
    if "error" in d:
        return None
    return Judgement(d["label"], d["severity"], d["drift"], tuple(finding_from_dict(f) for f in d["findings"]),
                     {"cosine": d.get("similarity", 1.0)})


# --------------------------------------------------------------------------------------
# drift/trace@1
# --------------------------------------------------------------------------------------


def trace_to_dict(result: "TraceResult", compared: dict[str, dict] | None = None) -> dict:
    """`drift/trace@1`; extra fields: signature, error, compare, links, stats."""
    docs = []
    language = {t.id: t.document.language for t in result.traced}
    for p in result.documents:
        d = {
            "id": p.id,
            "source": p.source,
            "family": p.family,
            "derived_from": p.derived_from,
            "confidence": p.confidence,
            "reasons": list(p.reasons),
        }
        if p.id in language:
            d["language"] = language[p.id]  # ISO 639-1 (drift.lang); null: not identified
        if p.error is not None:
            d["error"] = {"code": p.error.code, "message": p.error.message}
        if compared and p.id in compared:
            d["compare"] = compared[p.id]
        docs.append(d)
    return {
        "schema": TRACE,
        "signature": result.signature,
        "documents": docs,
        "families": [{"id": f.id, "members": list(f.members), "original": f.original} for f in result.families],
        "links": [
            {"a": ln.a, "b": ln.b, "a_in_b": ln.a_in_b, "b_in_a": ln.b_in_a, "verbatim": ln.verbatim,
             "estimated": ln.estimated}
            for ln in result.links
        ],
        "stats": {k: getattr(result.stats, k) for k in result.stats.__slots__},
    }


# --------------------------------------------------------------------------------------
# drift/audit-run@1 (drift/audit-report@1 is assembled from the store by drift.audit)
# --------------------------------------------------------------------------------------


def audit_run_to_dict(result, database: str, signature: str | None = None) -> dict:
    """`drift audit --format json`: the run, its exit code, statistics and failed items."""
    out = {
        "schema": AUDIT_RUN,
        "run": result.run_id,
        "database": database,
        "exit_code": int(result.exit_code),
        "stats": result.stats,
        "failures": [{"stage": s, "item": i, "code": c, "reason": r} for s, i, c, r in result.failures],
    }
    if signature is not None:
        out["signature"] = signature
    return out
