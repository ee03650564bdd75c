"""Stage 5: what a document's own text says about being an original (wire markers, datelines, exonyms, disfluency), how two members compare, and the family tree rooted at the original."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..align import content_tokens
from ..types import Document
from .links import WORD
from .records import CopyLink, Evidence, MAX_CONFIDENCE, TraceDocument, TraceInput


_AGENCIES = r"AP|Reuters|AFP|dpa|UPI|Xinhua|Bloomberg|EFE|ANSA|Kyodo|Yonhap|PA|CP|TASS|IANS|PTI"


_DATELINE = re.compile(
    r"^\s*[\"“]?([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}(?:,\s+[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,2})?)"
    rf"\s*(\((?:{_AGENCIES})\))?\s*[—–-]{{1,2}}\s"
)


_AGENCY_CREDIT = re.compile(rf"\((?:{_AGENCIES})\)")


_WIRE_NAMES = r"(?:The )?(?:Associated Press|Reuters|Agence France-Presse|AFP|Bloomberg News|Press Association)"


_WIRE_PATTERNS = (
    ("wire byline", re.compile(rf"^\s*By {_WIRE_NAMES}\s*$", re.M)),
    ("wire copyright", re.compile(rf"(?:Copyright|©)\s*(?:\d{{4}}\s*)?{_WIRE_NAMES}", re.I)),
    ("wire sign-off", re.compile(rf"^\s*{_WIRE_NAMES}\s*$", re.M)),
    ("wire reporters' credit", re.compile(rf"^\s*{_WIRE_NAMES} (?:writers?|reporters?|correspondents?) ", re.M)),
    ("wire photo credit", re.compile(r"\((?:AP|Reuters|AFP) Photo\b|via AP\)|/(?:AP|Reuters|AFP)\)")),
)


_DISFLUENT = (
    ("doubled punctuation", re.compile(r"[.!?,;]\s+[.,;](?=\s|$)")),
    ("repeated word", re.compile(r"\b(?!(?:that|had|is)\b)([A-Za-z]{2,})\s+\1\b", re.I)),
)


_EXONYMS_PATH = Path(__file__).resolve().parents[1] / "data" / "exonyms.tsv"


_CAP_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


@lru_cache(maxsize=1)
def house_forms() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Place names whose older or Russian-based romanisation newsrooms no longer use
    (drift/data/exonyms.tsv): {dated form: house form}, a pattern for the dated forms and a
    case-insensitive one for the house forms (a dateline writes KYIV). Given names and renamed
    cities are left out: "Vladimir" is a Russian name in its own right, and the Dnipropetrovsk
    region kept its name when the city became Dnipro."""
    pairs: dict[str, str] = {}
    try:
        lines = _EXONYMS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4:
            continue
        note = cols[3].lower()
        if "romanisation" in note or "old name" in note:
            pairs[cols[1].strip()] = cols[0].strip()

    def alternation(words) -> str:
        return r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"

    if not pairs:
        never = re.compile(r"(?!x)x")
        return pairs, never, never
    return pairs, re.compile(alternation(pairs)), re.compile(alternation(pairs.values()), re.I)


def _translit_only(x: str, y: str) -> bool:
    """At most two edits, touching only the letters transliterations disagree on (-y/-yy/-iy/-yi)."""
    from rapidfuzz.distance import Levenshtein

    ops = Levenshtein.editops(x, y)
    touched = {x[o.src_pos] for o in ops if o.tag != "insert"} | {y[o.dest_pos] for o in ops if o.tag != "delete"}
    return 0 < len(ops) <= 2 and touched <= set("iyjh")


def _mixed_spellings(text: str) -> tuple[tuple[str, ...], ...]:
    """Groups of capitalised words that are transliteration variants of one name (Zelensky, Zelenskyy)."""
    from ..findings import is_spelling_variant

    words = sorted({w for w in _CAP_WORD.findall(text) if len(w) >= 5})
    by_head: dict[str, list[str]] = defaultdict(list)
    for w in words:
        by_head[w[:3]].append(w)
    groups: list[set[str]] = []
    for ws in by_head.values():
        for i, x in enumerate(ws):
            for y in ws[i + 1 :]:
                if abs(len(x) - len(y)) <= 2 and _translit_only(x, y) and is_spelling_variant(x, y) == "rule":
                    g = next((g for g in groups if x in g or y in g), None)
                    if g is None:
                        groups.append({x, y})
                    else:
                        g.update((x, y))
    return tuple(tuple(sorted(g)) for g in groups)


def document_evidence(doc: TraceDocument) -> Evidence:
    """Wire markers (whole text: bylines and sign-offs are chrome), spellings, fluency (body)."""
    text = doc.input.text
    body = "\n".join(doc.body_text(k) for k in range(len(doc.body)))
    wire: list[str] = []
    for k in range(min(3, len(doc.body))):
        m = _DATELINE.match(doc.body_text(k))
        if m:
            wire.append(f"dateline '{m.group(0).strip()}'")
            break
    credit = _AGENCY_CREDIT.search(body)
    if credit and not any("(" in w for w in wire):
        wire.append(f"agency credit '{credit.group(0)}'")
    for name, pat in _WIRE_PATTERNS:
        if pat.search(text):
            wire.append(name)
    dated_of, dated_pat, house_pat = house_forms()
    n_dated = Counter(dated_pat.findall(body))
    n_house = Counter(m.casefold() for m in house_pat.findall(body))
    spellings = []
    for dated, house in dated_of.items():
        nd, nh = n_dated.get(dated, 0), n_house.get(house.casefold(), 0)
        if nd or nh:
            spellings.append((dated, house, nd, nh))
    disfluent = []
    for name, pat in _DISFLUENT:
        m = pat.search(body)
        if m:
            disfluent.append(f"{name} {m.group(0).strip()!r}")
    return Evidence(
        words=len(WORD.findall(body)),
        wire=tuple(wire),
        spellings=tuple(spellings),
        mixed=_mixed_spellings(body),
        disfluent=tuple(disfluent),
    )


@dataclass(frozen=True)
class OriginWeights:
    """How much each kind of evidence counts when two members of a family are compared."""

    published: float = 4.0  # the earlier publication time, when both carry one
    spelling: float = 2.5  # per place name the other writes in a dated form (Kiev) and this one in house style (Kyiv)
    mixed: float = 0.5  # per name the other spells several ways (at most 2)
    disfluent: float = 0.3  # per kind of broken text in the other (at most 2): typos happen in originals too
    wire: float = 0.5  # per wire marker more than the other (dateline, byline, ... at most 3)
    containment: float = 2.0  # (share of the other inside this one) - (share of this one inside the other) ...
    min_asymmetry: float = 0.2  # ... counted only when at least this large
    length: float = 3.0  # log of the body-length ratio, capped at +-1.5

    def signature(self) -> str:
        return "origin:" + ",".join(f"{k}={v}" for k, v in self.__dict__.items())


@dataclass(frozen=True, slots=True)
class Comparison:
    """Evidence that document ``x`` is the source of document ``y``: a score (> 0 favours x)
    and its parts in words."""

    x: str
    y: str
    score: float
    reasons: tuple[str, ...]


def fmt_pct(x: float) -> str:
    return f"{round(100 * x)}%"


def compare_origin(
    x: TraceDocument, y: TraceDocument, ex: Evidence, ey: Evidence, link: CopyLink | None,
    weights: OriginWeights = OriginWeights(), reasons: bool = True,
) -> Comparison:
    """Weigh every kind of evidence that x, rather than y, is the original (antisymmetric).

    ``reasons=False``: the same score, no reasons written (a family of m members compares
    m * (m - 1) ordered pairs; its placements state the reasons of about m of them)."""
    s = 0.0
    why: list[str] = []
    px, py = x.input.published, y.input.published
    if px is not None and py is not None and px != py:
        s += weights.published if px < py else -weights.published
        if reasons:
            why.append(f"published {'before' if px < py else 'after'} {y.id} ({px.isoformat()} vs {py.isoformat()})")
    # Dated forms (Kiev) against house forms (Kyiv) of the names both mention.
    sy = {d: (nd, nh) for d, _, nd, nh in ey.spellings}
    sp = 0.0
    for dated, house, nd, nh in ex.spellings:
        if dated not in sy:
            continue
        od, oh = sy[dated]
        diff = od / (od + oh) - nd / (nd + nh)  # > 0: y uses the dated form more
        if abs(diff) >= 0.25:
            sp += diff
            if reasons:
                why.append(f"writes '{house}' where {y.id} has the dated '{dated}' ({od}x)" if diff > 0
                           else f"has the dated '{dated}' ({nd}x) where {y.id} writes '{house}'")
    s += weights.spelling * max(-2.0, min(2.0, sp))
    dm = min(len(ey.mixed), 2) - min(len(ex.mixed), 2)
    if dm:
        s += weights.mixed * dm
        if reasons:
            groups = "; ".join("/".join(g) for g in (ey if dm > 0 else ex).mixed[:3])
            why.append(f"{y.id} spells one name several ways: {groups}" if dm > 0 else f"spells one name several ways: {groups}")
    dd = min(len(ey.disfluent), 2) - min(len(ex.disfluent), 2)
    if dd:
        s += weights.disfluent * dd
        if reasons:
            why.append(("disfluent text in " + y.id + ": " + ", ".join(ey.disfluent)) if dd > 0
                       else ("disfluent text: " + ", ".join(ex.disfluent)))
    dw = min(len(ex.wire), 3) - min(len(ey.wire), 3)
    if dw:
        s += weights.wire * dw
        if reasons:
            why.append(f"{'more' if dw > 0 else 'fewer'} wire-service markers than {y.id} "
                       f"({', '.join(ex.wire) or 'none'} vs {', '.join(ey.wire) or 'none'})")
    if link is not None:
        inside, outside = link.into(x.id), link.of(x.id)
        lo, hi = link.asymmetry(x.id)
        asym = lo if lo >= weights.min_asymmetry else hi if hi <= -weights.min_asymmetry else 0.0
        if asym:
            s += weights.containment * asym
            if reasons:
                why.append(f"contains {fmt_pct(inside)} of {y.id}; only {fmt_pct(outside)} of it is in {y.id}" if asym > 0
                           else f"{fmt_pct(outside)} of it is in {y.id} but only {fmt_pct(inside)} of {y.id} is in it")
    ratio = math.log(max(1, ex.words) / max(1, ey.words))
    if abs(ratio) >= 0.01:
        s += weights.length * max(-0.5, min(0.5, ratio))
        if reasons:
            why.append(f"{'longer' if ratio > 0 else 'shorter'} than {y.id} ({ex.words} vs {ey.words} words)")
    return Comparison(x.id, y.id, s, tuple(why))


def pair_origin(x: Document, y: Document, weights: OriginWeights = OriginWeights()) -> Comparison:
    """`compare_origin` for two documents outside a trace (drift compare's direction check):
    their own evidence only, no publication times and no containment."""

    def member(k: int, doc: Document) -> TraceDocument:
        body = tuple(s.id for s in doc.sentences if not s.boilerplate)
        toks = tuple(content_tokens(doc.sentences[i].text) for i in body)
        w = np.array([max(1, len(t)) for t in toks], dtype=np.float32)
        return TraceDocument(k, TraceInput(doc.source, doc.source, doc.text), doc, body, toks, w)

    a, b = member(0, x), member(1, y)
    return compare_origin(a, b, document_evidence(a), document_evidence(b), None, weights)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _evidence_fingerprint() -> str:
    """The code and data `document_evidence` reads, on top of the segmentation's."""
    from ..cache import key_of
    from ..doccache import fingerprint

    here = Path(__file__).resolve().parents[1]
    files = [here / "trace" / "origin.py", here / "trace" / "links.py", _EXONYMS_PATH,
             *sorted((here / "findings").glob("*.py"))]
    parts = [fingerprint()]
    for f in files:
        try:
            parts.append(f.read_bytes().hex())
        except OSError:  # pragma: no cover - an installed package has them
            parts.append(f.name)
    return key_of("evidence", *parts)


def evidence_many(docs: Sequence[TraceDocument], store=None) -> dict[str, Evidence]:
    """`document_evidence` of every document, through ``store`` (a `drift.cache.Store`) keyed
    by the text and a fingerprint of the code and data it depends on: a re-run over a growing
    feed reads the evidence of the documents it has seen (1.2 ms a document otherwise)."""
    if store is None:
        return {d.id: document_evidence(d) for d in docs}
    import json

    from ..cache import key_of

    fp = _evidence_fingerprint()
    keys = [key_of(fp, d.input.text) for d in docs]
    found = store.get_many(list(dict.fromkeys(keys)))
    out: dict[str, Evidence] = {}
    new: dict[str, bytes] = {}
    for d, k in zip(docs, keys):
        blob = found.get(k) or new.get(k)
        if blob is not None:
            w, wire, sp, mixed, dis = json.loads(blob)
            out[d.id] = Evidence(w, tuple(wire), tuple(tuple(x) for x in sp), tuple(tuple(x) for x in mixed), tuple(dis))
            continue
        ev = out[d.id] = document_evidence(d)
        new[k] = json.dumps([ev.words, ev.wire, ev.spellings, ev.mixed, ev.disfluent], ensure_ascii=False).encode()
    store.put_many(new)
    return out


def place_family(
    members: Sequence[TraceDocument],
    links: Sequence[CopyLink],
    weights: OriginWeights = OriginWeights(),
    evidence: dict[str, Evidence] | None = None,
) -> tuple[str, dict[str, tuple[str | None, float, tuple[str, ...]]]]:
    """Original of one family and, for every member, (derived_from, confidence, reasons).

    Every member is compared with every other (`compare_origin`); the original has the best
    mean score. Copies hang from the placed member that contains most of them (a tree grown
    from the original, Prim's algorithm on containment), so a copy of a copy points to its
    nearer source.
    """
    ids = [m.id for m in members]
    by_id = {m.id: m for m in members}
    known = evidence or {}
    evidence = {m.id: known[m.id] if m.id in known else document_evidence(m) for m in members}
    link_of: dict[frozenset[str], CopyLink] = {frozenset((ln.a, ln.b)): ln for ln in links}
    score_of = {
        (x, y): compare_origin(by_id[x], by_id[y], evidence[x], evidence[y], link_of.get(frozenset((x, y))), weights,
                               reasons=False).score
        for x in ids for y in ids if x != y
    }

    def said(x: str, y: str) -> Comparison:  # the same comparison with its reasons
        return compare_origin(by_id[x], by_id[y], evidence[x], evidence[y], link_of.get(frozenset((x, y))), weights)

    score = {x: float(np.mean([score_of[(x, y)] for y in ids if y != x])) for x in ids}
    original = max(ids, key=lambda i: (score[i], evidence[i].words, -by_id[i].index))
    ranked = sorted(score.values(), reverse=True)
    direction_conf = _sigmoid(2.0 * (ranked[0] - ranked[1]))  # 0.5 when nothing tells members apart

    edges: dict[str, list[CopyLink]] = defaultdict(list)
    for ln in links:
        edges[ln.a].append(ln)
        edges[ln.b].append(ln)
    parent: dict[str, tuple[str, CopyLink]] = {}
    heap: list = []

    def reach(p: str) -> None:
        for ln in edges[p]:
            c = ln.other(p)
            if c not in parent and c != original:
                # Most contained first; the original wins near-ties, then the likelier source.
                key = (ln.of(c) + (0.02 if p == original else 0.0), score[p])
                heapq.heappush(heap, (-key[0], -key[1], c, p, id(ln), ln))

    reach(original)
    while heap:
        *_, c, p, _, ln = heapq.heappop(heap)
        if c in parent:
            continue
        parent[c] = (p, ln)
        reach(c)

    out: dict[str, tuple[str | None, float, tuple[str, ...]]] = {}
    runner_up = max((i for i in ids if i != original), key=lambda i: score[i])
    r_o = [f"original of a family of {len(members)} (evidence score {score[original]:+.2f}; next best {runner_up} {score[runner_up]:+.2f})"]
    r_o += [f"vs {runner_up}: {r}" for r in said(original, runner_up).reasons] or [
        f"nothing tells it apart from {runner_up}: chosen by length and input order"]
    out[original] = (None, round(min(MAX_CONFIDENCE, direction_conf), 3), tuple(r_o))
    for m in members:
        if m.id == original:
            continue
        if m.id not in parent:  # no link path from the original within ``links`` (a subset of the family's
            # links, e.g. its English members when a translation joined them): hang it from the original
            out[m.id] = (original, 0.5, (f"in the family of {original} through links to its other members",))
            continue
        p, ln = parent[m.id]
        mine = (ln.a_matched, ln.a_sentences) if ln.a == m.id else (ln.b_matched, ln.b_sentences)
        r = [
            f"{fmt_pct(ln.of(m.id))} of its body ({mine[0]} of {mine[1]} sentences"
            + (", estimated from a sample" if ln.estimated else "")
            + f") aligns to {p}"
            + (f", {fmt_pct(ln.verbatim)} of the aligned sentences near-verbatim" if ln.verbatim > 0 else "")
        ]
        r += [f"vs {p}: {x}" for x in said(m.id, p).reasons]
        if ln.into(m.id) - ln.of(m.id) >= weights.min_asymmetry:
            r.append(f"it has text {p} lacks: it may derive from a longer version of {p}")
        if p != original:
            r.append(f"{p} itself derives from the family's original {original}")
        strength = min(1.0, max(ln.a_in_b, ln.b_in_a) / 0.8)
        pair_conf = _sigmoid(2.0 * -score_of[(m.id, p)]) if p != original else max(direction_conf, _sigmoid(2.0 * -score_of[(m.id, p)]))
        out[m.id] = (p, round(min(MAX_CONFIDENCE, strength * pair_conf), 3), tuple(r))
    return original, out
