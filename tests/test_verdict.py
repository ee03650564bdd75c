"""One verdict path: `unrelated`, swapped arguments and the exit code every command uses."""

from __future__ import annotations

import pytest

from drift.compare import (
    LINK_SIMILARITY,
    MIN_LINKED_SHARE,
    _report,
    batch_exit_status,
    exit_status,
    linked_share,
)
from drift.errors import ExitCode
from drift.types import Alignment, Document, Judgement, PairVerdict, Sentence


def _doc(source: str, n: int, text: str = "Sentence number {k} says something about the war.") -> Document:
    sents, body, pos = [], "", 0
    for k in range(n):
        s = text.format(k=k)
        sents.append(Sentence(k, s, pos, pos + len(s)))
        body += s + " "
        pos = len(body)
    return Document(source, body, tuple(sents))


COPY_TEXT = "The copy's sentence {k} words it differently."


def _verdicts(n_o: int, n_c: int, sims: list[float], severity: str = "none") -> tuple[PairVerdict, ...]:
    """1-1 units for the first len(sims) sentences, the rest omitted / added."""
    out = []
    for k, s in enumerate(sims):
        label = "drift" if severity == "major" else "paraphrase"
        out.append(PairVerdict(Alignment((k,), (k,), s), Judgement(label, severity, 0.1)))
    out += [PairVerdict(Alignment((k,), ()), Judgement("omitted", "minor", 1.0)) for k in range(len(sims), n_o)]
    out += [PairVerdict(Alignment((), (k,)), Judgement("added", "minor", 1.0)) for k in range(len(sims), n_c)]
    return tuple(out)


@pytest.mark.parametrize(
    "n_o, n_c, sims, share, unrelated",
    [
        (8, 8, [0.99] * 8, 1.0, False),  # a verbatim copy
        (30, 17, [0.77, 0.72, 0.63, 0.61, 0.60], 0.0, True),  # seeds 000 vs 004: same topic, other story
        (8, 4, [0.95], 0.25, False),  # the shorter side (4) keeps one sentence: still a copy
        (8, 5, [0.95], 0.2, True),  # one sentence of five: unrelated
        (4, 4, [LINK_SIMILARITY - 0.01] * 4, 0.0, True),  # aligned, but none closely
        (40, 4, [0.9, 0.9, 0.9, 0.9], 1.0, False),  # a short excerpt of a long original
    ],
)
def test_unrelated_when_too_little_of_the_shorter_side_links(n_o, n_c, sims, share, unrelated):
    o, c = _doc("o.txt", n_o), _doc("c.txt", n_c, COPY_TEXT)
    verdicts = _verdicts(n_o, n_c, sims)
    assert linked_share(o, c, verdicts) == pytest.approx(share, abs=1e-4)
    report = _report(o, c, verdicts, "sig")
    assert (report.verdict == "unrelated") is unrelated
    assert report.linked_share == pytest.approx(share, abs=1e-4)
    if unrelated:
        assert report.direction is None and exit_status(report) == ExitCode.UNRELATED
    else:
        assert report.verdict.startswith("faithful") and exit_status(report) == ExitCode.OK
    assert 0 < MIN_LINKED_SHARE < 1


def test_unrelated_outranks_major_findings_and_is_never_faithful():
    o, c = _doc("o.txt", 10), _doc("c.txt", 10, COPY_TEXT)
    report = _report(o, c, _verdicts(10, 10, [0.7, 0.7], severity="major"), "sig")
    assert report.verdict == "unrelated" and exit_status(report) == ExitCode.UNRELATED
    related = _report(o, c, _verdicts(10, 10, [0.9] * 5, severity="major"), "sig")
    assert related.verdict == "major drift" and exit_status(related) == ExitCode.MAJOR


def test_a_sentence_found_word_for_word_links_even_unaligned():
    o, c = _doc("o.txt", 4), _doc("c.txt", 4)  # the same four sentences, none aligned
    assert linked_share(o, c, _verdicts(4, 4, [])) == 1.0
    assert linked_share(o, _doc("c.txt", 4, COPY_TEXT), _verdicts(4, 4, [])) == 0.0


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([], ExitCode.OK),
        ([ExitCode.OK, ExitCode.OK], ExitCode.OK),
        ([ExitCode.OK, ExitCode.UNRELATED], ExitCode.UNRELATED),
        ([ExitCode.UNRELATED, ExitCode.MAJOR, ExitCode.OK], ExitCode.MAJOR),
    ],
)
def test_batch_exit_status(statuses, expected):
    assert batch_exit_status(statuses) == expected


WIRE = (
    "KYIV, Ukraine (AP) — Russian drones struck Kyiv overnight, officials said.\n\n"
    "Ukraine's air force said it shot down most of the drones over Kyiv.\n\n"
    "Mayor Vitali Klitschko said three people were wounded in Kyiv.\n\n"
    "Copyright 2024 The Associated Press. All rights reserved.\n"
)
RETOLD = (
    "Russian drones struck Kiev overnight, officials said . .\n\n"
    "Ukraine's air force said it shot down most of the drones over Kiev.\n\n"
    "Mayor Vitali Klitschko said three people were wounded in Kiev.\n"
)


@pytest.mark.parametrize("swap", [False, True])
def test_direction_evidence_says_when_the_arguments_are_swapped(swap):
    from drift.compare import build_document, direction

    wire, retold = build_document("wire.txt", WIRE), build_document("retold.txt", RETOLD)
    d = direction(retold, wire) if swap else direction(wire, retold)
    assert d.swapped is swap
    assert (d.score < 0) is swap and d.reasons
    assert any("Kiev" in r for r in d.reasons)
