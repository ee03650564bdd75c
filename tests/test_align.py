"""The aligner on synthetic similarity matrices and vectors (no model)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drift.align import AlignConfig, align, lexical_matrix, content_tokens


def _cover(units, n, m):
    o = sorted(i for u in units for i in u.original)
    c = sorted(j for u in units for j in u.copy)
    return o == list(range(n)) and c == list(range(m))


def _unit_map(units):
    return {(u.original, u.copy) for u in units}


@pytest.mark.parametrize("n,m", [(0, 0), (0, 3), (3, 0), (1, 1)])
def test_empty_and_single(n, m):
    sim = np.eye(max(n, m), dtype=np.float32)[:n, :m]
    units = align(sim)
    assert _cover(units, n, m)
    if n == m == 1:
        assert _unit_map(units) == {((0,), (0,))}


def test_identity_is_all_one_to_one_in_order():
    units = align(np.eye(5, dtype=np.float32))
    assert [(u.original, u.copy) for u in units] == [((i,), (i,)) for i in range(5)]
    assert not any(u.moved for u in units)


def test_added_and_omitted():
    # copy drops original 1 and adds a sentence between original 2 and 3
    sim = np.full((4, 4), 0.1, dtype=np.float32)
    sim[0, 0] = sim[2, 1] = sim[3, 3] = 0.95
    units = align(sim)
    assert _unit_map(units) == {((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,))}
    # reading order: the added copy sentence follows the unit of copy sentence 1
    order = [(u.original, u.copy) for u in units]
    assert order.index(((), (2,))) == order.index(((2,), (1,))) + 1


def test_split_and_merge():
    sim = np.full((3, 4), 0.1, dtype=np.float32)
    sim[0, 0] = 0.95
    sim[1, 1], sim[1, 2] = 0.70, 0.60  # original 1 was split into copy 1 + 2
    sim[2, 3] = 0.9
    split = np.full((3, 3), 0.0, dtype=np.float32)
    split[1, 1] = 0.93
    units = align(sim, sim_split=split)
    assert ((1,), (1, 2)) in _unit_map(units)
    sim_t = sim.T.copy()  # now the copy merged two originals
    units = align(sim_t, sim_merge=split.T.copy())
    assert ((1, 2), (1,)) in _unit_map(units)


def test_unrelated_neighbour_is_not_absorbed():
    sim = np.full((2, 3), 0.05, dtype=np.float32)
    sim[0, 0] = sim[1, 2] = 0.9
    split = np.full((2, 2), 0.0, dtype=np.float32)
    split[0, 0] = 0.92  # joining copy 1 barely changes the score, but copy 1 is unrelated
    units = align(sim, sim_split=split)
    assert ((0,), (0,)) in _unit_map(units) and ((), (1,)) in _unit_map(units)


def test_moved_paragraph_is_aligned_and_marked():
    perm = [0, 1, 4, 2, 3, 5]  # copy j holds original perm[j]
    vecs = np.eye(6, dtype=np.float32)
    sim = vecs @ vecs[perm].T
    units = align(sim)
    assert _unit_map(units) == {((p,), (j,)) for j, p in enumerate(perm)}
    moved = {u.original[0] for u in units if u.moved}
    assert moved == {4}


def test_shape_errors_are_clear():
    with pytest.raises(ValueError, match="sim_split must have shape"):
        align(np.eye(3), sim_split=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D"):
        align(np.zeros(3))


def test_lexical_matrix_bounds():
    a = [content_tokens("Russia struck Kyiv overnight"), content_tokens("")]
    b = [content_tokens("Russia struck Kyiv overnight"), content_tokens("unrelated words here")]
    lex = lexical_matrix(a, b)
    assert lex[0, 0] == pytest.approx(1.0) and lex[0, 1] == 0.0 and lex[1].sum() == 0.0


@st.composite
def random_docs(draw):
    """Random documents as unit vectors: copies keep, drop, add, split and shuffle sentences."""
    n = draw(st.integers(0, 12))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    base = rng.normal(size=(n, 32))
    keep = [i for i in range(n) if draw(st.booleans()) or n < 3]
    copy = [base[i] + rng.normal(scale=draw(st.floats(0, 0.6)), size=32) for i in keep]
    copy += [rng.normal(size=32) for _ in range(draw(st.integers(0, 4)))]
    order = draw(st.permutations(range(len(copy))))
    c = np.array([copy[k] for k in order]).reshape(len(copy), 32)
    norm = lambda x: x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return norm(base.reshape(n, 32)), norm(c)


@settings(max_examples=150, deadline=None)
@given(random_docs(), st.floats(0.0, 0.9))
def test_every_sentence_lands_in_exactly_one_unit(docs, min_score):
    o, c = docs
    sim = o @ c.T
    n, m = sim.shape
    split = np.clip(sim[:, :-1] + 0.05, -1, 1) if m > 1 else None
    merge = np.clip(sim[:-1, :] + 0.05, -1, 1) if n > 1 else None
    units = align(sim, split, merge, AlignConfig(min_score=min_score))
    assert _cover(units, n, m)
    for u in units:
        assert len(u.original) <= 2 and len(u.copy) <= 2
        assert list(u.original) == sorted(u.original) and list(u.copy) == sorted(u.copy)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**31))
def test_identical_documents_align_diagonally(n, seed):
    v = np.random.default_rng(seed).normal(size=(n, 16))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    units = align(v @ v.T)
    assert [(u.original, u.copy) for u in units] == [((i,), (i,)) for i in range(n)]
