"""The records the tracer's stages pass to each other (frozen dataclasses) and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ..types import Document


SCHEMA = "drift/trace@1"


MAX_CONFIDENCE = 0.99  # evidence from text is never proof


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
