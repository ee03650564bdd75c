"""Frozen dataclasses passed between stages.

Document -> Sentence(text, start, end) -> Alignment -> PairVerdict -> Report.
Every offset is a Python string index into the text exactly as read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

LABELS = ("verbatim", "style", "paraphrase", "drift", "garbled", "added", "omitted")
SEVERITIES = ("none", "minor", "major")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document, with [start, end) offsets into the raw text."""

    id: int
    text: str
    start: int
    end: int
    boilerplate: bool = False
    language: str | None = None  # set only where it differs from the document's (mixed text)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad sentence span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Document:
    """A text as read, its source label, and its sentences."""

    source: str
    text: str
    sentences: tuple[Sentence, ...]
    language: str | None = None  # ISO 639-1 code from drift.lang; None: not identified

    def body(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if not s.boilerplate)


@dataclass(frozen=True, slots=True)
class Finding:
    """One typed change between an original and a copy, with the spans that show it.

    Spans are [start, end) offsets into the texts the finding was computed on;
    ``shift`` moves them into a larger text.

    ``message`` is for editors and may be reworded at any time; code that must tell one
    finding from another reads ``kind`` and ``rule``, never the message. ``rule`` names the
    rule that made the finding, a short stable identifier ``family.what`` in lower case:
    the family is the detector (``number``, ``date``, ``name``, ``spelling``, ``role``,
    ``negation``, ``claim``, ``certainty``, ``quote``, ``attribution``, ``run`` for a run of
    words on one side only, ``list_item``, ``clause`` for a run the judge escalated,
    ``garble``, ``model`` for the meaning model's own tags, ``xling`` for cross-language
    findings), ``what`` the event in words joined by ``_`` (``negation.removed``,
    ``list_item.dropped``, ``run.negation``: a run that carries a negation cue). Garble
    findings name the garble rules they merge (``garble.doubled-word+echo``). A finding
    the judge re-grades (``confirm_findings``) keeps its rule; "" where none was recorded.
    The rule is provenance, not identity: two findings that say the same about the same
    spans are equal (and deduplicated) whichever rule made them.
    """

    kind: str
    severity: str
    original: str
    copy: str
    original_span: tuple[int, int] | None
    copy_span: tuple[int, int] | None
    message: str
    rule: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def shift(self, original_base: int, copy_base: int) -> "Finding":
        o = self.original_span
        c = self.copy_span
        return replace(
            self,
            original_span=(o[0] + original_base, o[1] + original_base) if o else None,
            copy_span=(c[0] + copy_base, c[1] + copy_base) if c else None,
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    """Original sentence ids matched to copy sentence ids (either side may be empty)."""

    original: tuple[int, ...]
    copy: tuple[int, ...]
    similarity: float = 0.0
    moved: bool = False

    def __post_init__(self) -> None:
        if not self.original and not self.copy:
            raise ValueError("an alignment needs at least one sentence")


@dataclass(frozen=True, slots=True)
class Judgement:
    """The meaning judge's verdict on one pair of passages."""

    label: str
    severity: str
    drift: float
    findings: tuple[Finding, ...] = ()
    features: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"label must be one of {LABELS}, got {self.label!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")
        if not 0.0 <= self.drift <= 1.0:
            raise ValueError(f"drift must lie in [0, 1], got {self.drift!r}")


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """An alignment with the judge's verdict on it."""

    alignment: Alignment
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class Direction:
    """What the two texts' own evidence (wire markers, datelines, exonyms, fluency, length)
    says about which one is the original.

    ``score`` > 0 favours the argument given as ORIGINAL; ``swapped`` is set when the
    evidence favours the COPY by a clear margin; ``reasons`` are the evidence in words.
    """

    swapped: bool
    score: float
    reasons: tuple[str, ...] = ()


VERDICTS = ("faithful", "faithful, edited", "minor drift", "major drift", "unrelated")


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `drift compare` found, rendered by every output format.

    ``verdict`` is one of VERDICTS: ``unrelated`` when too little of either text aligns
    with the other for it to be a copy (``linked_share`` says how much did).
    """

    signature: str
    original: Document
    copy: Document
    verdicts: tuple[PairVerdict, ...]
    verdict: str
    drift_index: float
    counts: dict
    linked_share: float | None = None  # share of the shorter side's body sentences aligned closely
    direction: Direction | None = None
