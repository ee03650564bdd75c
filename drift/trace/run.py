"""The whole run (`trace`) and its drift/trace@1 dictionary."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from .. import __version__
from ..boilerplate import BOILERPLATE_NAME
from ..segment import SEGMENTER_NAME
from .links import DisjointSets, find_links
from .origin import OriginWeights, fmt_pct, place_family
from .reading import prepare
from .records import (
    MAX_CONFIDENCE,
    CopyLink,
    DocError,
    Family,
    Placement,
    TraceConfig,
    TraceDocument,
    TraceInput,
    TraceResult,
    TraceStats,
)


def trace(
    items: Sequence[TraceInput | DocError],
    embedder,
    config: TraceConfig = TraceConfig(),
    weights: OriginWeights = OriginWeights(),
    documents=None,
    progress=None,
) -> TraceResult:
    """Families, originals and per-document placements for ``items`` (input order kept).

    ``documents``: a `drift.doccache.DocumentCache` to reuse earlier runs' segmentation.
    ``progress``: a `drift.progress.Progress` that hears every stage (segmenting, embedding,
    checking candidate pairs) and its advance; the library itself never prints."""
    from ..progress import NullProgress

    progress = progress or NullProgress()
    t0 = time.perf_counter()
    progress.stage(f"segmenting {len(items):,} documents", len(items))
    prepared = []
    for lo in range(0, len(items), 100):  # in chunks, so that the bar moves
        prepared += prepare(items[lo : lo + 100], documents)
        progress.advance(len(items[lo : lo + 100]))
    docs = [replace(d, index=k) for k, d in enumerate(p for p in prepared if isinstance(p, TraceDocument))]
    t1 = time.perf_counter()
    found = find_links(docs, embedder, config, progress)
    if any((d.document.language or "en") != "en" for d in docs):  # translations: see drift.xling.trace
        from ..xling.trace import cross_language_links

        found = cross_language_links(docs, found)
    t2 = time.perf_counter()

    dsu = DisjointSets(len(docs))
    pos = {d.id: k for k, d in enumerate(docs)}
    for ln in found.links:
        dsu.union(pos[ln.a], pos[ln.b])
    comps: dict[int, list[int]] = defaultdict(list)
    for k in range(len(docs)):
        comps[dsu.find(k)].append(k)
    comp_links: dict[int, list[CopyLink]] = defaultdict(list)
    for ln in found.links:
        comp_links[dsu.find(pos[ln.a])].append(ln)

    evidence = None
    if documents is not None:  # the originality evidence of family members, cached like the segmentation
        from ..cache import Store
        from .origin import evidence_many

        evidence = evidence_many([docs[k] for ks in comps.values() if len(ks) > 1 for k in ks],
                                 Store(documents.store.path, "evidence"))
    placements: dict[str, Placement] = {}
    families: list[Family] = []
    for fam_id, root in enumerate(sorted(comps, key=lambda r: comps[r][0])):
        members = [docs[k] for k in comps[root]]
        if len(members) == 1:
            d = members[0]
            near = found.near.get(d.id, 0.0)
            reasons = ["copies no other document and no other document copies it"]
            if near > 0:
                reasons.append(f"closest candidate shares {fmt_pct(near)} (a copy needs {fmt_pct(config.min_containment)})")
            conf = MAX_CONFIDENCE - 0.5 * min(1.0, near / config.min_containment)
            placements[d.id] = Placement(d.id, d.input.source, fam_id, None, round(conf, 3), tuple(reasons) + d.input.warnings)
            families.append(Family(fam_id, (d.id,), d.id))
            continue
        if any((m.document.language or "en") != "en" for m in members):
            from ..xling.trace import place_translations

            original, placed = place_translations(members, comp_links[root], weights, place_family)
        else:
            original, placed = place_family(members, comp_links[root], weights, evidence)
        for d in members:
            src, conf, reasons = placed[d.id]
            placements[d.id] = Placement(d.id, d.input.source, fam_id, src, conf, reasons + d.input.warnings)
        families.append(Family(fam_id, tuple(d.id for d in members), original))

    out = [
        Placement(p.id, p.source, None, None, 0.0, (), p) if isinstance(p, DocError) else placements[p.id]
        for p in prepared
    ]
    stats = TraceStats(
        documents=len(prepared),
        errors=len(prepared) - len(docs),
        candidates=found.candidates,
        lexical_candidates=found.lexical_candidates,
        semantic_candidates=found.semantic_candidates,
        examined=found.examined,
        borderline=found.borderline,
        retried=found.retried,
        links=len(found.links),
        sentences=sum(len(d.body) for d in docs),
        sentences_embedded=found.sentences_embedded,
        seconds_prepare=round(t1 - t0, 2),
        seconds_embed=round(found.embed_seconds, 2),
        seconds_links=round(t2 - t1, 2),
        seconds_total=round(time.perf_counter() - t0, 2),
    )
    sig = "|".join([f"drift {__version__}", f"embed:{getattr(embedder, 'name', type(embedder).__name__)}",
                    f"seg:{SEGMENTER_NAME}", f"chrome:{BOILERPLATE_NAME}", config.signature(), weights.signature()])
    return TraceResult(tuple(out), tuple(families), found.links, stats, tuple(docs), sig)


def result_dict(result: TraceResult, compared: dict[str, dict] | None = None) -> dict:
    """`drift/trace@1` (shared/spec/contracts.md), built by the one codec (drift.schema)."""
    from ..schema import trace_to_dict

    return trace_to_dict(result, compared)
