"""`drift trace`: group a pile of articles into families of copies and name each family's original.

Pipeline (each stage passes frozen dataclasses to the next):

1. **Read** (`read_inputs`, through `drift.ingest`: text and HTML files, directories, JSONL,
   feeds, WARC) becomes `TraceInput` records; a bad document (missing, binary, not UTF-8, empty, a bad JSONL line,
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

Modules, in pipeline order: `records` (the dataclasses and settings), `reading` (stages 1-2),
`links` (3-4), `origin` (5), `run` (the whole run and its JSON dictionary).
"""

from __future__ import annotations

from .links import (
    DisjointSets,
    LexicalIndex,
    LinkSearch,
    MinHashLSH,
    SentenceVectors,
    find_links,
    nearest_pairs,
    sample_positions,
    shingles,
    verify_pair,
)
from .origin import (
    Comparison,
    OriginWeights,
    compare_origin,
    document_evidence,
    house_forms,
    pair_origin,
    place_family,
)
from .reading import expand_inputs, from_item, mark_duplicates, prepare, read_inputs
from .records import (
    MAX_CONFIDENCE,
    SCHEMA,
    CopyLink,
    DocError,
    Evidence,
    Family,
    Placement,
    TraceConfig,
    TraceDocument,
    TraceInput,
    TraceResult,
    TraceStats,
)
from .run import result_dict, trace

__all__ = [
    "MAX_CONFIDENCE", "SCHEMA", "Comparison", "CopyLink", "DisjointSets", "DocError", "Evidence", "Family",
    "LexicalIndex", "LinkSearch", "MinHashLSH", "OriginWeights", "Placement", "SentenceVectors", "TraceConfig",
    "TraceDocument", "TraceInput", "TraceResult", "TraceStats", "compare_origin", "document_evidence",
    "expand_inputs", "find_links", "from_item", "house_forms", "mark_duplicates", "nearest_pairs", "pair_origin",
    "place_family", "prepare", "read_inputs", "result_dict", "sample_positions", "shingles", "trace", "verify_pair",
]
