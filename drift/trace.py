"""`drift trace`: group a pile of articles into families of copies and name each family's original.

Pipeline (each stage passes frozen dataclasses to the next):

1. **Read** (`read_inputs`): ``.txt`` files, directories of them and ``.jsonl`` files become
   `TraceInput` records; a bad document (missing, binary, not UTF-8, empty, a bad JSONL line,
   a duplicated id) becomes a `DocError` and the run goes on without it.
2. **Prepare**: `compare.build_document` segments each text and marks its page chrome; only
   body sentences are compared.
3. **Candidates**, never all pairs: MinHash LSH over word shingles finds verbatim-ish copies,
   and a nearest-neighbour search over document vectors (the mean embedding of a capped sample
   of body sentences) finds paraphrased and machine-retranslated ones, whose word n-gram
   overlap can be near zero.
4. **Verification**: a candidate pair is a copy only if a large share of one document's body
   sentences align to the other's, near-verbatim or with a high embedding cosine
   (containment, measured in both directions). Two stories on one subject share words and
   a topic vector, but few of their sentences say the same thing.
5. **Families and originals**: families are connected components of verified links. The
   original is the member the evidence favours: publication time, containment asymmetry,
   wire markers and datelines, fluency and house-style spellings (a machine-retranslated
   copy writes exonyms like "Kiev", spells one name several ways, doubles punctuation), and
   length. Every copy points to the member it most likely derives from (a tree rooted at the
   original), with a confidence and the reasons in words.

Embeddings go through the caller's embedder (the CLI's `CachedEmbedder`: the same on-disk cache
as `drift compare`), so a second run encodes nothing. Encoding dominates the cost, so only the
sentences a decision needs are embedded, in three rounds: a small spread sample of every
document (its vector for the neighbour search, and a first look at each candidate pair); a
larger sample of both documents of a pair that near-verbatim matches cannot settle; and every
sentence of a pair whose sampled containment lies too close to the threshold to call. On
OneStopEnglish + MQM-2021 that is about a third of all body sentences.
"""

from __future__ import annotations

import heapq
import math
import re
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import __version__
from .align import content_tokens
from .boilerplate import BOILERPLATE_NAME
from .ingest.times import parse_iso_time
from .errors import InputError
from .segment import SEGMENTER_NAME
from .types import Document

SCHEMA = "drift/trace@1"
MAX_CONFIDENCE = 0.99  # evidence from text is never proof


# --------------------------------------------------------------------------------------
# Records passed between stages
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TraceInput:
    """One article as read: its id, where it came from, its text and optional metadata."""

    id: str
    source: str
    text: str
    published: datetime | None = None
    title: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocError:
    """A document that could not be traced, and why (one line)."""

    id: str
    source: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one document's own text says about whether it is an original."""

    words: int  # body words
    wire: tuple[str, ...] = ()  # wire-service markers: "dateline 'KYIV –'", "wire byline", ...
    spellings: tuple[tuple[str, str, int, int], ...] = ()  # (dated form, house form, uses of each): ("Kiev", "Kyiv", 4, 0)
    mixed: tuple[tuple[str, ...], ...] = ()  # one name spelled several ways: ("Zelensky", "Zelenskyy")
    disfluent: tuple[str, ...] = ()  # "doubled punctuation '. .'", "repeated word 'the the'"


@dataclass(frozen=True, slots=True)
class TraceDocument:
    """A readable input, segmented, with its body sentences' comparison features."""

    index: int
    input: TraceInput
    document: Document
    body: tuple[int, ...]  # sentence ids of the body, in order
    tokens: tuple[frozenset[str], ...]  # content tokens per body sentence
    weights: np.ndarray = field(compare=False, hash=False)  # per body sentence: content tokens (>= 1)

    @property
    def id(self) -> str:
        return self.input.id

    def body_text(self, k: int) -> str:
        return self.document.sentences[self.body[k]].text


@dataclass(frozen=True, slots=True)
class CopyLink:
    """A verified copy relation between documents ``a`` and ``b`` (ids), undirected.

    ``a_in_b`` is the share of a's body (weighted by content words) that aligns to b;
    ``verbatim`` the share of the aligned sentences that match near-verbatim.
    """

    a: str
    b: str
    a_in_b: float
    b_in_a: float
    a_matched: int
    a_sentences: int
    b_matched: int
    b_sentences: int
    verbatim: float
    estimated: bool = False  # containment measured on a sample of sentences, not all of them
    a_unmeasured: float = 0.0  # share of a neither near-verbatim nor embedded, with no sample to
    b_unmeasured: float = 0.0  # ... estimate it from: a_in_b may be up to this much higher

    def into(self, doc: str) -> float:
        """Share of the other document contained in ``doc``."""
        return self.b_in_a if doc == self.a else self.a_in_b

    def of(self, doc: str) -> float:
        """Share of ``doc`` contained in the other document."""
        return self.a_in_b if doc == self.a else self.b_in_a

    def asymmetry(self, doc: str) -> tuple[float, float]:
        """Bounds on into(doc) - of(doc), wide where a side was only measured word for word."""
        u_in = self.b_unmeasured if doc == self.a else self.a_unmeasured
        u_of = self.a_unmeasured if doc == self.a else self.b_unmeasured
        d = self.into(doc) - self.of(doc)
        return d - u_of, d + u_in

    def other(self, doc: str) -> str:
        return self.b if doc == self.a else self.a


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one document sits: its family, its source, how sure, and why."""

    id: str
    source: str
    family: int | None
    derived_from: str | None
    confidence: float
    reasons: tuple[str, ...]
    error: DocError | None = None


@dataclass(frozen=True, slots=True)
class Family:
    id: int
    members: tuple[str, ...]
    original: str


@dataclass(frozen=True, slots=True)
class TraceStats:
    """Counts and timings of one run (reported in JSON under "stats")."""

    documents: int
    errors: int
    candidates: int  # pairs proposed by LSH or nearest neighbours
    lexical_candidates: int
    semantic_candidates: int
    examined: int  # candidates that survived the first look
    borderline: int  # ... measured on every sentence because a sample could not decide
    retried: int  # near misses re-measured against the near-verbatim copies a document stands for
    links: int
    sentences: int  # body sentences of the readable documents
    sentences_embedded: int  # ... looked up through the embedder (its cache or the model)
    seconds_prepare: float
    seconds_embed: float
    seconds_links: float  # candidates and verification, embedding included
    seconds_total: float


@dataclass(frozen=True, slots=True)
class TraceResult:
    documents: tuple[Placement, ...]  # input order, errors included
    families: tuple[Family, ...]
    links: tuple[CopyLink, ...]
    stats: TraceStats
    traced: tuple[TraceDocument, ...] = field(default=(), compare=False)
    signature: str = ""  # everything that determines the result: version, model, thresholds

    def by_id(self) -> dict[str, Placement]:
        return {p.id: p for p in self.documents}

    @property
    def has_errors(self) -> bool:
        return any(p.error for p in self.documents)


@dataclass(frozen=True)
class TraceConfig:
    """Every threshold of the tracer (calibrated on OneStopEnglish + MQM-2021 + the seeds)."""

    sample_sentences: int = 4  # body sentences per document embedded for the candidate index
    verify_sentences: int = 8  # ... and for pairs that near-verbatim matches cannot settle
    neighbours: int = 10  # nearest documents by document vector checked per document
    neighbour_floor: float = 0.45  # ... with at least this cosine
    shingle: int = 3  # words per MinHash shingle
    minhash_bands: int = 20
    minhash_rows: int = 3
    max_bucket: int = 200  # LSH buckets larger than this are boilerplate, not copies
    match_cosine: float = 0.80  # a sentence aligns when its best cosine on the other side is this high
    match_lexical: float = 0.60  # ... or its content words overlap this much (Dice), near-verbatim
    min_containment: float = 0.40  # a pair is a copy when this share of one side aligns to the other
    min_matched: int = 2  # ... and at least this many sentences align
    quick_reject: float = 0.15  # below this share on the first sample and near-verbatim, no closer look
    borderline: float = 0.12  # estimated containment this close to min_containment: measure all sentences
    verbatim_cover: float = 0.9  # a document this much inside another, word for word, is not embedded
    seed: int = 1

    def signature(self) -> str:
        return "trace:" + ",".join(f"{k}={v}" for k, v in self.__dict__.items())


# --------------------------------------------------------------------------------------
# 1. Reading inputs
# --------------------------------------------------------------------------------------


def expand_inputs(paths: Sequence[str]) -> Iterable[tuple[str, str]]:
    """(kind, path) for every file the inputs name (`drift.ingest.expand`)."""
    from .ingest import expand

    return [(kind, path) for kind, path, _ in expand(paths)]


def from_item(item) -> TraceInput:
    """A `drift.ingest.Item` as the tracer's input."""
    return TraceInput(item.id, item.source, item.text, parse_iso_time(item.published), item.title, item.url, item.warnings)


def read_inputs(paths: Sequence[str]) -> list[TraceInput | DocError]:
    """Every document named by ``paths`` (text, HTML, JSONL, feeds, WARC, directories), read
    through `drift.ingest`, in order.

    Nothing raises for a bad document: it becomes a `DocError` in its place. The second and
    later documents with an id already seen are errors too (``duplicate_id``).
    """
    from .ingest import Item, ItemError, read_all

    out: list[TraceInput | DocError] = []
    for x in read_all(paths):
        if isinstance(x, Item):
            out.append(from_item(x))
        elif isinstance(x, ItemError):
            out.append(DocError(x.item, x.source, x.code, x.reason))
    return mark_duplicates(out)


def mark_duplicates(items: Sequence[TraceInput | DocError]) -> list[TraceInput | DocError]:
    """The first document with an id keeps it; every later one becomes a ``duplicate_id`` error."""
    seen: dict[str, str] = {}
    out: list[TraceInput | DocError] = []
    for it in items:
        if isinstance(it, TraceInput):
            if it.id in seen:
                out.append(DocError(it.id, it.source, "duplicate_id", f"{it.source}: id {it.id!r} is already used by {seen[it.id]}"))
                continue
            seen[it.id] = it.source
        out.append(it)
    return out


# --------------------------------------------------------------------------------------
# 2. Documents and their lexical features
# --------------------------------------------------------------------------------------


def prepare(items: Sequence[TraceInput | DocError]) -> list[TraceDocument | DocError]:
    """Segment and strip chrome; a document with no body text left is an error."""
    from .compare import build_document

    out: list[TraceDocument | DocError] = []
    for k, it in enumerate(items):
        if isinstance(it, DocError):
            out.append(it)
            continue
        try:
            doc = build_document(it.source, it.text)
        except InputError as exc:
            out.append(DocError(it.id, it.source, "too_large", str(exc)))
            continue
        body = tuple(s.id for s in doc.sentences if not s.boilerplate)
        if not body:
            out.append(DocError(it.id, it.source, "no_body", f"{it.source}: no article text left once page chrome is removed"))
            continue
        toks = tuple(content_tokens(doc.sentences[i].text) for i in body)
        w = np.array([max(1, len(t)) for t in toks], dtype=np.float32)
        out.append(TraceDocument(k, it, doc, body, toks, w))
    return out


_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1 << 20)
def _token_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def shingles(doc: TraceDocument, n: int) -> np.ndarray:
    """Distinct hashed word n-grams of the body (uint64 < 2**32)."""
    words = [_token_hash(w) for k in range(len(doc.body)) for w in _WORD.findall(doc.body_text(k).lower())]
    if not words:
        return np.zeros(0, dtype=np.uint64)
    t = np.asarray(words, dtype=np.uint64)
    if len(t) < n:
        return np.unique(t)
    h = np.zeros(len(t) - n + 1, dtype=np.uint64)
    for k in range(n):
        h = (h * np.uint64(1_000_003) + t[k : len(t) - n + 1 + k]) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


class MinHashLSH:
    """MinHash signatures (universal hashing mod a Mersenne prime) banded into an LSH table."""

    PRIME = np.uint64((1 << 61) - 1)

    def __init__(self, bands: int, rows: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.bands, self.rows = bands, rows
        n = bands * rows
        self.a = rng.integers(1, 1 << 32, size=n, dtype=np.uint64)
        self.b = rng.integers(0, 1 << 32, size=n, dtype=np.uint64)

    def signature(self, sh: np.ndarray) -> np.ndarray | None:
        if len(sh) == 0:
            return None
        # (a*x + b) < 2**64 for x, a, b < 2**32: no overflow before the modulus.
        v = (self.a[:, None] * sh[None, :] + self.b[:, None]) % self.PRIME
        return (v & np.uint64(0xFFFFFFFF)).min(axis=1)

    def candidate_pairs(self, sigs: Sequence[np.ndarray | None], max_bucket: int) -> set[tuple[int, int]]:
        pairs: set[tuple[int, int]] = set()
        for band in range(self.bands):
            buckets: dict[bytes, list[int]] = defaultdict(list)
            lo = band * self.rows
            for k, s in enumerate(sigs):
                if s is not None:
                    buckets[s[lo : lo + self.rows].tobytes()].append(k)
            for members in buckets.values():
                if 1 < len(members) <= max_bucket:
                    for x in range(len(members)):
                        for y in range(x + 1, len(members)):
                            pairs.add((members[x], members[y]))
        return pairs


class LexicalIndex:
    """Sparse content-token incidence of every body sentence, for Dice overlaps between two documents."""

    def __init__(self, docs: Sequence[TraceDocument]) -> None:
        from scipy.sparse import csr_matrix

        vocab: dict[str, int] = {}
        raw = []
        for d in docs:
            rows = [i for i, toks in enumerate(d.tokens) for _ in toks]
            cols = [vocab.setdefault(t, len(vocab)) for toks in d.tokens for t in toks]
            raw.append((rows, cols, len(d.tokens)))
        nv = max(1, len(vocab))
        self.mats = [csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, nv)) for r, c, n in raw]
        self.sizes = [np.array([len(t) for t in d.tokens], dtype=np.float32) for d in docs]

    def dice(self, a: int, b: int) -> np.ndarray:
        inter = (self.mats[a] @ self.mats[b].T).toarray()
        denom = self.sizes[a][:, None] + self.sizes[b][None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denom > 0, 2 * inter / denom, 0.0).astype(np.float32)


# --------------------------------------------------------------------------------------
# 3. Embeddings, fetched only where needed
# --------------------------------------------------------------------------------------


def sample_positions(n: int, k: int) -> list[int]:
    """Up to k of n body positions spread evenly: the lead, the end, then halving the gaps.

    Samples are nested (the k-sample is part of every larger one), so a document embedded
    for a first look only adds sentences when it is looked at more closely.
    """
    if n <= k:
        return list(range(n))
    order = [0, n - 1]
    seen = {0, n - 1}
    gaps = [(0, n - 1)]
    while len(order) < k and gaps:
        nxt = []
        for lo, hi in gaps:
            if hi - lo < 2:
                continue
            mid = (lo + hi) // 2
            if mid not in seen:
                seen.add(mid)
                order.append(mid)
            nxt += [(lo, mid), (mid, hi)]
        gaps = nxt
    return sorted(order[:k])


class SentenceVectors:
    """Body-sentence embeddings per document, requested in batches through the embedder."""

    def __init__(self, docs: Sequence[TraceDocument], embedder) -> None:
        self.docs = docs
        self.embedder = embedder
        self.vecs: list[dict[int, np.ndarray]] = [dict() for _ in docs]
        self.requested = 0
        self.seconds = 0.0  # spent in the embedder (cache look-ups and the model)

    def ensure(self, wanted: Iterable[tuple[int, int]]) -> None:
        """Embed the (document, body position) pairs not embedded yet, in one call."""
        todo = [(d, k) for d, k in dict.fromkeys(wanted) if k not in self.vecs[d]]
        if not todo:
            return
        texts = [self.docs[d].body_text(k) for d, k in todo]
        t = time.perf_counter()
        out = self.embedder.encode(texts)
        self.seconds += time.perf_counter() - t
        self.requested += len(todo)
        for (d, k), v in zip(todo, out):
            self.vecs[d][k] = v

    def matrix(self, d: int, positions: Sequence[int]) -> np.ndarray:
        return np.stack([self.vecs[d][k] for k in positions]) if positions else np.zeros((0, 1), np.float32)

    def known(self, d: int) -> list[int]:
        return sorted(self.vecs[d])


def nearest_pairs(vectors: np.ndarray, k: int, floor: float, block: int = 1024) -> set[tuple[int, int]]:
    """Pairs (i < j) where j is among i's k nearest rows by cosine (rows are unit vectors)."""
    n = len(vectors)
    pairs: set[tuple[int, int]] = set()
    if n < 2 or k <= 0:
        return pairs
    kk = min(k, n - 1)
    for lo in range(0, n, block):
        sims = vectors[lo : lo + block] @ vectors.T
        for r in range(sims.shape[0]):
            sims[r, lo + r] = -np.inf
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, row in enumerate(top):
            i = lo + r
            for j in row:
                if sims[r, j] >= floor:
                    pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


# --------------------------------------------------------------------------------------
# 4. Verification
# --------------------------------------------------------------------------------------


def _containment(matched: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float(weights[matched].sum() / total) if total else 0.0


@dataclass(frozen=True, slots=True)
class _Side:
    """One direction of a pair: how much of document x lies inside document y."""

    share: float  # estimated share of x's body (by content words) aligned in y
    matched: int  # sentences of x seen to align (near-verbatim anywhere, or by embedding)
    verbatim: int  # ... of them near-verbatim
    estimated: bool  # some of x's sentences were neither near-verbatim nor embedded
    unmeasured: float  # share of x neither near-verbatim nor embedded when no sample could stand for it


def _side(x: TraceDocument, lex_max: np.ndarray, cos_max: np.ndarray | None, known: list[int],
          config: TraceConfig) -> _Side:
    """Near-verbatim matches count for all sentences; among the rest, the embedded ones (a
    spread sample) give the rate at which the others align by meaning."""
    w = x.weights
    lexm = lex_max >= config.match_lexical
    rest = ~lexm
    probe = np.zeros(len(w), dtype=bool)
    sem = np.zeros(len(w), dtype=bool)
    if cos_max is not None and known:
        probe[known] = True
        sem[known] = cos_max >= config.match_cosine
    probe &= rest
    sem &= rest
    total = float(w.sum()) or 1.0
    w_probe = float(w[probe].sum())
    rate = float(w[sem].sum()) / w_probe if w_probe else 0.0
    share = (float(w[lexm].sum()) + float(w[rest].sum()) * rate) / total
    unmeasured = 0.0 if w_probe else float(w[rest].sum()) / total
    return _Side(min(1.0, share), int(lexm.sum() + sem.sum()), int(lexm.sum()), bool((rest & ~probe).any()), unmeasured)


def verify_pair(
    a: TraceDocument,
    b: TraceDocument,
    lex: np.ndarray,
    vecs: SentenceVectors,
    config: TraceConfig,
) -> tuple[_Side, _Side]:
    """How much of a lies in b and of b in a.

    A sentence aligns when its content words overlap a sentence of the other document
    near-verbatim (Dice >= match_lexical; computed for every sentence, no model needed) or
    its embedding has cosine >= match_cosine with an embedded sentence of the other side.
    Sentences that are neither near-verbatim nor embedded are estimated from the embedded
    sample of their document.
    """
    pa, pb = vecs.known(a.index), vecs.known(b.index)
    empty = lex.size == 0
    lex_a = np.zeros(len(a.body), np.float32) if empty else lex.max(axis=1)
    lex_b = np.zeros(len(b.body), np.float32) if empty else lex.max(axis=0)
    cos_a = cos_b = None
    if pa and pb:
        cos = vecs.matrix(a.index, pa) @ vecs.matrix(b.index, pb).T
        cos_a, cos_b = cos.max(axis=1), cos.max(axis=0)
    return _side(a, lex_a, cos_a, pa, config), _side(b, lex_b, cos_b, pb, config)


def _link(a: TraceDocument, b: TraceDocument, sa: _Side, sb: _Side, config: TraceConfig) -> CopyLink | None:
    """A copy link when one side is mostly inside the other (and a few sentences really align)."""
    if max(sa.share, sb.share) < config.min_containment or min(sa.matched, sb.matched) < config.min_matched:
        return None
    verb = (sa.verbatim + sb.verbatim) / max(1, sa.matched + sb.matched)
    return CopyLink(
        a.id, b.id, round(sa.share, 4), round(sb.share, 4), sa.matched, len(a.body), sb.matched, len(b.body),
        round(verb, 4), estimated=sa.estimated or sb.estimated,
        a_unmeasured=round(sa.unmeasured, 4), b_unmeasured=round(sb.unmeasured, 4),
    )


# --------------------------------------------------------------------------------------
# 5. Evidence for originality
# --------------------------------------------------------------------------------------

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
_EXONYMS_PATH = Path(__file__).with_name("data") / "exonyms.tsv"
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
    from .findings import is_spelling_variant

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
        words=len(_WORD.findall(body)),
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


def _fmt_pct(x: float) -> str:
    return f"{round(100 * x)}%"


def compare_origin(
    x: TraceDocument, y: TraceDocument, ex: Evidence, ey: Evidence, link: CopyLink | None,
    weights: OriginWeights = OriginWeights(),
) -> Comparison:
    """Weigh every kind of evidence that x, rather than y, is the original (antisymmetric)."""
    s = 0.0
    why: list[str] = []
    px, py = x.input.published, y.input.published
    if px is not None and py is not None and px != py:
        s += weights.published if px < py else -weights.published
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
            if diff > 0:
                why.append(f"writes '{house}' where {y.id} has the dated '{dated}' ({od}x)")
            else:
                why.append(f"has the dated '{dated}' ({nd}x) where {y.id} writes '{house}'")
    s += weights.spelling * max(-2.0, min(2.0, sp))
    dm = min(len(ey.mixed), 2) - min(len(ex.mixed), 2)
    if dm:
        s += weights.mixed * dm
        groups = "; ".join("/".join(g) for g in (ey if dm > 0 else ex).mixed[:3])
        why.append(f"{y.id} spells one name several ways: {groups}" if dm > 0 else f"spells one name several ways: {groups}")
    dd = min(len(ey.disfluent), 2) - min(len(ex.disfluent), 2)
    if dd:
        s += weights.disfluent * dd
        why.append(("disfluent text in " + y.id + ": " + ", ".join(ey.disfluent)) if dd > 0
                   else ("disfluent text: " + ", ".join(ex.disfluent)))
    dw = min(len(ex.wire), 3) - min(len(ey.wire), 3)
    if dw:
        s += weights.wire * dw
        why.append(f"{'more' if dw > 0 else 'fewer'} wire-service markers than {y.id} "
                   f"({', '.join(ex.wire) or 'none'} vs {', '.join(ey.wire) or 'none'})")
    if link is not None:
        inside, outside = link.into(x.id), link.of(x.id)
        lo, hi = link.asymmetry(x.id)
        asym = lo if lo >= weights.min_asymmetry else hi if hi <= -weights.min_asymmetry else 0.0
        if asym:
            s += weights.containment * asym
            if asym > 0:
                why.append(f"contains {_fmt_pct(inside)} of {y.id}; only {_fmt_pct(outside)} of it is in {y.id}")
            else:
                why.append(f"{_fmt_pct(outside)} of it is in {y.id} but only {_fmt_pct(inside)} of {y.id} is in it")
    ratio = math.log(max(1, ex.words) / max(1, ey.words))
    if abs(ratio) >= 0.01:
        s += weights.length * max(-0.5, min(0.5, ratio))
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


def place_family(
    members: Sequence[TraceDocument],
    links: Sequence[CopyLink],
    weights: OriginWeights = OriginWeights(),
) -> tuple[str, dict[str, tuple[str | None, float, tuple[str, ...]]]]:
    """Original of one family and, for every member, (derived_from, confidence, reasons).

    Every member is compared with every other (`compare_origin`); the original has the best
    mean score. Copies hang from the placed member that contains most of them (a tree grown
    from the original, Prim's algorithm on containment), so a copy of a copy points to its
    nearer source.
    """
    ids = [m.id for m in members]
    by_id = {m.id: m for m in members}
    evidence = {m.id: document_evidence(m) for m in members}
    link_of: dict[frozenset[str], CopyLink] = {frozenset((ln.a, ln.b)): ln for ln in links}
    cmp = {
        (x, y): compare_origin(by_id[x], by_id[y], evidence[x], evidence[y], link_of.get(frozenset((x, y))), weights)
        for x in ids for y in ids if x != y
    }
    score = {x: float(np.mean([cmp[(x, y)].score for y in ids if y != x])) for x in ids}
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
    r_o += [f"vs {runner_up}: {r}" for r in cmp[(original, runner_up)].reasons] or [
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
            f"{_fmt_pct(ln.of(m.id))} of its body ({mine[0]} of {mine[1]} sentences"
            + (", estimated from a sample" if ln.estimated else "")
            + f") aligns to {p}"
            + (f", {_fmt_pct(ln.verbatim)} of the aligned sentences near-verbatim" if ln.verbatim > 0 else "")
        ]
        r += [f"vs {p}: {x}" for x in cmp[(m.id, p)].reasons]
        if ln.into(m.id) - ln.of(m.id) >= weights.min_asymmetry:
            r.append(f"it has text {p} lacks: it may derive from a longer version of {p}")
        if p != original:
            r.append(f"{p} itself derives from the family's original {original}")
        strength = min(1.0, max(ln.a_in_b, ln.b_in_a) / 0.8)
        pair_conf = _sigmoid(2.0 * -cmp[(m.id, p)].score) if p != original else max(direction_conf, _sigmoid(2.0 * -cmp[(m.id, p)].score))
        out[m.id] = (p, round(min(MAX_CONFIDENCE, strength * pair_conf), 3), tuple(r))
    return original, out


# --------------------------------------------------------------------------------------
# The whole run
# --------------------------------------------------------------------------------------


class _DSU:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class LinkSearch:
    """What `find_links` found and what it cost."""

    links: tuple[CopyLink, ...]
    near: dict  # doc id -> best containment with a candidate that did not make a link
    candidates: int
    lexical_candidates: int
    semantic_candidates: int
    examined: int  # candidates that survived the first look
    borderline: int  # ... measured on every sentence because the sample could not decide
    retried: int  # near misses with a representative, measured against the copies it stands for
    sentences_embedded: int
    embed_seconds: float


def find_links(docs: Sequence[TraceDocument], embedder, config: TraceConfig = TraceConfig()) -> LinkSearch:
    """Candidate pairs (LSH + nearest neighbours) and the verified copy links among them.

    Near-verbatim copies are settled first, without the model: LSH proposes them and the
    content-word overlap of their sentences verifies them. A document lying almost wholly
    inside another one word for word is then known as a copy, and its source stands for it in
    the neighbour search (a paraphrase of the copy is a paraphrase of the source), so it is
    never embedded. Every other document gets a small spread sample embedded (its vector for
    the neighbour search, and a first look at each candidate pair); the pairs near-verbatim
    matches cannot settle get a larger sample of both documents, and the pairs whose sampled
    containment is too close to the threshold get all their sentences embedded.
    """
    n = len(docs)
    vecs = SentenceVectors(docs, embedder)
    index = LexicalIndex(docs)
    lsh = MinHashLSH(config.minhash_bands, config.minhash_rows, config.seed)
    lexical = lsh.candidate_pairs([lsh.signature(shingles(d, config.shingle)) for d in docs], config.max_bucket)
    lex_of: dict[tuple[int, int], np.ndarray] = {}
    verbatim = _DSU(n)
    for a, b in lexical:
        lex = lex_of[(a, b)] = index.dice(a, b)
        if lex.size and max(_containment(lex.max(axis=1) >= config.match_lexical, docs[a].weights),
                            _containment(lex.max(axis=0) >= config.match_lexical, docs[b].weights)) >= config.verbatim_cover:
            verbatim.union(a, b)
    # One representative per group of near-verbatim copies (the longest) is embedded.
    rep: dict[int, int] = {}
    for k in range(n):
        r = verbatim.find(k)
        if r not in rep or (len(docs[k].body), -k) > (len(docs[rep[r]].body), -rep[r]):
            rep[r] = k
    embedded = sorted(rep.values())

    first = {k: sample_positions(len(docs[k].body), config.sample_sentences) for k in embedded}
    vecs.ensure((k, p) for k in embedded for p in first[k])
    semantic: set[tuple[int, int]] = set()
    if embedded:
        dv = np.stack([vecs.matrix(k, first[k]).mean(axis=0) for k in embedded])
        dv /= np.maximum(np.linalg.norm(dv, axis=1, keepdims=True), 1e-9)
        semantic = {(embedded[i], embedded[j]) for i, j in nearest_pairs(dv, config.neighbours, config.neighbour_floor)}
    cands = sorted(lexical | semantic)

    kept: list[tuple[int, int, np.ndarray]] = []
    grow: set[int] = set()
    for a, b in cands:
        lex = lex_of[(a, b)] if (a, b) in lex_of else index.dice(a, b)
        la = _containment(lex.max(axis=1) >= config.match_lexical, docs[a].weights) if lex.size else 0.0
        lb = _containment(lex.max(axis=0) >= config.match_lexical, docs[b].weights) if lex.size else 0.0
        look = 0.0
        if a in first and b in first:
            cos = vecs.matrix(a, first[a]) @ vecs.matrix(b, first[b]).T
            look = max(float((cos.max(axis=1) >= config.match_cosine).mean()),
                       float((cos.max(axis=0) >= config.match_cosine).mean()))
        if max(la, lb, look) < config.quick_reject:
            continue
        kept.append((a, b, lex))
        if max(la, lb) < config.min_containment and a in first and b in first:
            grow.update((a, b))
    second = {k: sample_positions(len(docs[k].body), config.verify_sentences) for k in grow}
    vecs.ensure((k, p) for k, ps in second.items() for p in ps)
    links: list[CopyLink] = []
    close: list[tuple[int, int, np.ndarray]] = []
    near: dict[str, float] = {}
    missed: dict[tuple[int, int], float] = {}

    def settle(a: int, b: int, sa: _Side, sb: _Side) -> None:
        ln = _link(docs[a], docs[b], sa, sb, config)
        if ln is not None:
            links.append(ln)
            return
        best = missed[(a, b)] = max(sa.share, sb.share)
        for k in (a, b):
            near[docs[k].id] = max(near.get(docs[k].id, 0.0), best)

    for a, b, lex in kept:
        sa, sb = verify_pair(docs[a], docs[b], lex, vecs, config)
        if (a in first and b in first and (sa.estimated or sb.estimated)
                and abs(max(sa.share, sb.share) - config.min_containment) < config.borderline):
            close.append((a, b, lex))  # too close to call on a sample: measure on every sentence
        else:
            settle(a, b, sa, sb)
    vecs.ensure((k, p) for a, b, _ in close for k in (a, b) for p in range(len(docs[k].body)))
    for a, b, lex in close:
        settle(a, b, *verify_pair(docs[a], docs[b], lex, vecs, config))

    # A near miss with a representative may still be a copy of one of the copies it stands
    # for (a loose translation closer to one version than another): measure those fully.
    stands_for: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        if k not in first:
            stands_for[rep[verbatim.find(k)]].append(k)
    pos = {d.id: k for k, d in enumerate(docs)}
    done = set(missed) | {tuple(sorted((pos[ln.a], pos[ln.b]))) for ln in links}
    retry = sorted({
        (min(x, m), max(x, m))
        for (a, b), best in missed.items() if best >= config.min_containment - 2 * config.borderline
        for x, r in ((a, b), (b, a)) for m in stands_for.get(r, ()) if m != x
    } - done)
    vecs.ensure((k, p) for a, b in retry for k in (a, b) for p in range(len(docs[k].body)))
    for a, b in retry:
        settle(a, b, *verify_pair(docs[a], docs[b], index.dice(a, b), vecs, config))
    return LinkSearch(
        tuple(links), near, len(cands), len(lexical), len(semantic), len(kept), len(close), len(retry),
        sum(len(v) for v in vecs.vecs), vecs.seconds,
    )


def trace(
    items: Sequence[TraceInput | DocError],
    embedder,
    config: TraceConfig = TraceConfig(),
    weights: OriginWeights = OriginWeights(),
) -> TraceResult:
    """Families, originals and per-document placements for ``items`` (input order kept)."""
    t0 = time.perf_counter()
    prepared = prepare(items)
    docs = [replace(d, index=k) for k, d in enumerate(p for p in prepared if isinstance(p, TraceDocument))]
    t1 = time.perf_counter()
    found = find_links(docs, embedder, config)
    if any((d.document.language or "en") != "en" for d in docs):  # translations: see drift.xling.trace
        from .xling.trace import cross_language_links

        found = cross_language_links(docs, found)
    t2 = time.perf_counter()

    dsu = _DSU(len(docs))
    pos = {d.id: k for k, d in enumerate(docs)}
    for ln in found.links:
        dsu.union(pos[ln.a], pos[ln.b])
    comps: dict[int, list[int]] = defaultdict(list)
    for k in range(len(docs)):
        comps[dsu.find(k)].append(k)
    comp_links: dict[int, list[CopyLink]] = defaultdict(list)
    for ln in found.links:
        comp_links[dsu.find(pos[ln.a])].append(ln)

    placements: dict[str, Placement] = {}
    families: list[Family] = []
    for fam_id, root in enumerate(sorted(comps, key=lambda r: comps[r][0])):
        members = [docs[k] for k in comps[root]]
        if len(members) == 1:
            d = members[0]
            near = found.near.get(d.id, 0.0)
            reasons = ["copies no other document and no other document copies it"]
            if near > 0:
                reasons.append(f"closest candidate shares {_fmt_pct(near)} (a copy needs {_fmt_pct(config.min_containment)})")
            conf = MAX_CONFIDENCE - 0.5 * min(1.0, near / config.min_containment)
            placements[d.id] = Placement(d.id, d.input.source, fam_id, None, round(conf, 3), tuple(reasons) + d.input.warnings)
            families.append(Family(fam_id, (d.id,), d.id))
            continue
        if any((m.document.language or "en") != "en" for m in members):
            from .xling.trace import place_translations

            original, placed = place_translations(members, comp_links[root], weights, place_family)
        else:
            original, placed = place_family(members, comp_links[root], weights)
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


# --------------------------------------------------------------------------------------
# Output: drift/trace@1
# --------------------------------------------------------------------------------------


def result_dict(result: TraceResult, compared: dict[str, dict] | None = None) -> dict:
    """`drift/trace@1` (shared/spec/contracts.md), built by the one codec (drift.schema)."""
    from .schema import trace_to_dict

    return trace_to_dict(result, compared)
