"""`drift/compare@1` JSON (see shared/spec/contracts.md): extend, never break."""

from __future__ import annotations

from ..types import Document, Finding, Report

SCHEMA = "drift/compare@1"


def finding_dict(f: Finding) -> dict:
    return {
        "kind": f.kind,
        "severity": f.severity,
        "original": f.original,
        "copy": f.copy,
        "original_span": list(f.original_span) if f.original_span else None,
        "copy_span": list(f.copy_span) if f.copy_span else None,
        "message": f.message,
    }


def _doc(d: Document) -> dict:
    return {
        "source": d.source,
        "sentences": [
            {"id": s.id, "text": s.text, "start": s.start, "end": s.end, "boilerplate": s.boilerplate}
            for s in d.sentences
        ],
    }


def report_dict(r: Report) -> dict:
    return {
        "schema": SCHEMA,
        "signature": r.signature,
        "original": _doc(r.original),
        "copy": _doc(r.copy),
        "alignments": [
            {
                "original": list(v.alignment.original),
                "copy": list(v.alignment.copy),
                "label": v.judgement.label,
                "severity": v.judgement.severity,
                "similarity": round(float(v.alignment.similarity), 4),
                "drift": round(float(v.judgement.drift), 4),
                "moved": v.alignment.moved,
                "findings": [finding_dict(f) for f in v.judgement.findings],
            }
            for v in r.verdicts
        ],
        "summary": {"verdict": r.verdict, "drift_index": r.drift_index, "counts": dict(r.counts)},
    }
