"""drift.transit: what a publishing pipeline damages without changing a word, and the view of
the original the pair model reads."""

import pytest
from hypothesis import given, strategies as st

from drift.transit import damaged, model_view, to_original


@pytest.mark.parametrize("original, copy, view", [
    ("", "", None),
    ("One sentence.", "", None),
    # the copy lost the apostrophes: the model reads the original as the copy has it
    ("It was David’s idea, and it doesn’t work.", "It was Davids idea, and it doesnt work.",
     "It was Davids idea, and it doesnt work."),
    ("The UN's envoy left.", "The UNs envoy left.", "The UNs envoy left."),
    # a ligature spelled out
    ("It is deﬁnitely over.", "It is definitely over.", "It is definitely over."),
    # only the words the copy has damaged: one kept intact stays as it was
    ("David’s and Anna’s plans.", "David’s and Annas plans.", "David’s and Annas plans."),
    # the copy keeps its apostrophes, or rewords: the original itself
    ("It was David’s idea.", "It was David’s idea.", None),
    ("China's economy grew.", "The economy of China grew.", None),
])
def test_model_view(original, copy, view):
    got, index = model_view(original, copy)
    assert (None if index is None else got) == view
    if index is None:
        assert got == original
    else:
        assert len(index) == len(got)
        # every character of the view maps back to the same letter of the raw original
        assert all(original[i] == ch or damaged(original[i]) == ch or original[i] in "ﬁﬂ" for i, ch in zip(index, got))


def test_spans_map_back_to_the_raw_original():
    o = "The minister’s aides said it doesn’t matter."
    view, index = model_view(o, "The ministers aides said it doesnt matter.")
    a = view.index("aides")
    assert o[slice(*to_original(index, a, a + len("aides")))] == "aides"
    a = view.index("doesnt")
    assert o[slice(*to_original(index, a, a + len("doesnt")))] == "doesn’t"
    assert to_original(None, 3, 7) == (3, 7) and to_original(index, 5, 5) == (5, 5)


@given(st.text(alphabet="ab’' ﬁ.", max_size=30), st.text(alphabet="ab’' fi.", max_size=30))
def test_view_is_total_and_maps_in_order(original, copy):
    view, index = model_view(original, copy)
    if index is None:
        assert view == original
    else:
        assert len(index) == len(view) and index == sorted(index) and all(0 <= i < len(original) for i in index)
