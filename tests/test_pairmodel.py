"""The packaged pair model: loading, tagging on fixed pairs, agreement with training code,
and the judge's use of it. Real-model tests share one loaded model (session fixture)."""

from __future__ import annotations

import pytest

from drift.pairmodel import MAX_LEN, _prediction, data_dir, encode_pair_batch, load_tokenizer, tag_targets


def test_model_ships_inside_the_package():
    weights = data_dir() / "pairmodel.safetensors"
    assert weights.is_file() and weights.stat().st_size < 40 * 1024 * 1024
    assert (data_dir().parent / "judge.json").is_file()


@pytest.fixture(scope="module")
def tokenizer():
    from drift.embed import model_path

    return load_tokenizer(model_path())


def test_tag_targets_follow_character_spans(tokenizer):
    o, c = "Officials said 500 people left.", "Officials said 50 people left."
    enc = encode_pair_batch(tokenizer, [o], [c])
    row = {"tags": [[15, 17, 2]], "dropped": [[15, 18]], "has_dropped": True}
    tags, tag_mask, drop, drop_mask = tag_targets(enc, [row])
    copy_tagged = [c[a:b] for (a, b), side, t in zip(enc.offsets[0], enc.sides[0], tags[0].tolist()) if side == 1 and t]
    orig_dropped = [o[a:b] for (a, b), side, d in zip(enc.offsets[0], enc.sides[0], drop[0].tolist()) if side == 0 and d]
    assert copy_tagged == ["50"] and orig_dropped == ["500"]
    # only copy tokens carry tags, only original tokens carry the dropped signal
    assert all(side == 1 for side, m in zip(enc.sides[0], tag_mask[0].tolist()) if m)
    assert all(side == 0 for side, m in zip(enc.sides[0], drop_mask[0].tolist()) if m)


@pytest.mark.parametrize("o_len, c_len", [(0, 5), (5, 0), (1, 1), (5000, 5000)])
def test_encoding_is_bounded_and_total(tokenizer, o_len, c_len):
    enc = encode_pair_batch(tokenizer, ["word " * o_len], ["word " * c_len])
    assert enc.input_ids.shape[1] <= MAX_LEN
    assert len(enc.sides[0]) == enc.input_ids.shape[1]


def test_prediction_merges_adjacent_tagged_tokens():
    import numpy as np

    sides = [-1, 0, 0, -1, 1, 1, 1, -1]
    offsets = [(0, 0), (0, 3), (4, 7), (0, 0), (0, 3), (4, 7), (8, 11), (0, 0)]
    tagp = np.zeros((8, 5))
    tagp[:, 0] = 1.0
    tagp[4] = [0.1, 0.0, 0.9, 0.0, 0.0]
    tagp[5] = [0.2, 0.0, 0.8, 0.0, 0.0]
    dropp = np.array([0, 0.9, 0.1, 0, 0, 0, 0, 0])
    p = _prediction(0.7, 0.8, tagp, dropp, sides, offsets)
    assert [(t.start, t.end, t.cls) for t in p.tags] == [(0, 7, 2)]
    assert p.dropped == ((0, 3, 0.9),)
    assert p.copy_support(8, 11) < 0.5 <= p.copy_support(0, 3)


@pytest.fixture(scope="session")
def pair_model():
    from drift.pairmodel import load_pair_model

    return load_pair_model()


FIXED = [
    # (original, copy, what the model must see)
    ("Western leaders say North Korea has sent some 10,000 soldiers to Russia.",
     "Western leaders say North Korea has sent some 1,000 soldiers to Russia.", "1,000"),
    ("The ministry confirmed the strike on Tuesday.", "The ministry did not confirm the strike on Tuesday.", "did not"),
    ("Biden plans to push more artillery systems to Ukraine before he leaves office in January.",
     "Biden plans to push more artillery systems to the United States before he leaves office in January.", "United"),
]


@pytest.mark.slow
@pytest.mark.parametrize("original, copy, word", FIXED)
def test_model_tags_the_changed_words(pair_model, original, copy, word):
    p = pair_model.predict([(original, copy)])[0]
    at = copy.index(word)
    assert p.copy_support(at, at + len(word)) > max(
        (t[3] for t in p.copy_tokens if t[1] <= at - 1 or t[0] >= at + len(word) + 1), default=0.0
    ), "the changed word is the most suspicious one"
    same = pair_model.predict([(original, original)])[0]
    assert p.max_major_token > same.max_major_token


@pytest.mark.slow
def test_model_is_calm_on_identity_and_surface_edits(pair_model):
    o = "The council approved the plan on Monday, officials said."
    for c in (o, "The council approved the plan on Monday, officials said", "The Council approved the plan on Monday, officials said."):
        p = pair_model.predict([(o, c)])[0]
        assert p.p_major < 0.5 and not any(t.p_major >= 0.5 for t in p.tags), (c, p.p_major)


@pytest.mark.slow
def test_batching_does_not_change_predictions(pair_model):
    pairs = [(o, c) for o, c, _ in FIXED] + [("Short.", "Short one.")]
    one = [pair_model.predict([p])[0] for p in pairs]
    many = pair_model.predict(pairs)
    for a, b in zip(one, many):
        assert abs(a.score - b.score) < 1e-3 and abs(a.p_major - b.p_major) < 1e-3


@pytest.mark.slow
def test_training_forward_matches_runtime(pair_model):
    """models/train_pair.py trains through the same layer functions the runtime uses."""
    import sys

    import torch

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "models"))
    try:
        from train_pair import Model
    except ImportError:
        pytest.skip("models/ is not beside the package (installed wheel)")
    from drift.embed import model_path

    m = Model(model_path())
    with torch.no_grad():
        for k, v in m.top.items():
            v.copy_(pair_model.w[k.replace("__", ".")])
        m.heads.load_state_dict(pair_model.heads.state_dict())
    m.eval()
    o, c, _ = FIXED[0]
    enc = encode_pair_batch(pair_model.tokenizer, [o], [c])
    with torch.no_grad():
        a = m(enc)["score"]
    b = pair_model.forward(enc)["score"]
    assert torch.allclose(a, b, atol=1e-4)


@pytest.mark.slow
def test_judge_uses_the_model_on_a_word_swap():
    """No typed rule knows "reduce gradually" from "fire", and neither word pair is in the
    synthetic training lexicons: the model's tag becomes the finding."""
    from drift.judge import Judge, JudgeConfig

    o = "The company said it would gradually reduce its workforce over the next two years."
    c = "The company said it would immediately fire its entire workforce."
    jd = Judge(JudgeConfig(use_nlp=False)).judge(o, c, 0.9)
    assert jd.label == "drift"
    hit = [f for f in jd.findings if f.kind == "meaning" and f.copy_span and "fire" in c[f.copy_span[0]:f.copy_span[1]]]
    assert hit and "reduce" in hit[0].original, jd.findings


@pytest.mark.slow
@pytest.mark.parametrize("cut", [None, 4, 40])  # 4 characters a side: under PACK_MIN_TOKENS, the padded forward itself
def test_packed_forward_is_the_padded_forward(pair_model, cut):
    """`encoder_forward` runs the position-wise layers on the real tokens only: the real
    tokens' states are those of `embed` + `bert_layer` over the padded batch. Bit for bit on
    some CPUs; on others (AVX-512 FP16) the BLAS kernel picked for the packed shape rounds
    differently, 4e-6 on states of magnitude 5, so the bound is float rounding: a mask or
    packing fault moves states by tenths."""
    import torch

    from drift.pairmodel import additive_mask, bert_layer, embed, encoder_forward

    pairs = [(o, c) for o, c, _ in FIXED] + [("Short.", "Short one."), ("A", "B")]
    pairs = [(o[:cut], c[:cut]) if cut else (o, c) for o, c in pairs]
    enc = encode_pair_batch(pair_model.tokenizer, [o for o, _ in pairs], [c for _, c in pairs])
    m = pair_model
    with torch.inference_mode():
        want = embed(m.w, enc.input_ids, enc.token_type_ids, m.eps)
        mask_add = additive_mask(enc.attention_mask, want.dtype)
        for i in range(m.n_layers):
            want = bert_layer(want, mask_add, m.w, f"encoder.layer.{i}.", m.n_heads, m.eps)
        got = encoder_forward(m.w, enc.input_ids, enc.token_type_ids, enc.attention_mask, m.n_layers, m.n_heads, m.eps)
    real = enc.attention_mask.bool()
    assert bool((~real).any()), "the batch has padding to leave out"
    assert torch.allclose(got[real], want[real], rtol=0, atol=1e-4), (got[real] - want[real]).abs().max()
    if not cut or cut > 4:
        assert not got[~real].any(), "padded positions come back as zeros"


@pytest.mark.slow
def test_model_reads_past_lost_apostrophes(pair_model):
    """A copy that lost its apostrophes in transit: the model reads the original as damaged
    the same way, so "Davids" is no changed word, and its offsets are the raw original's."""
    o = "It was clear that David’s talents and ambition dictated that he should go solo."
    c = "It was clear that Davids talents and ambition dictated that he should go solo."
    raw = pair_model.predict([(o, c)])[0]
    same = pair_model.predict([(c, c)])[0]
    assert abs(raw.p_major - same.p_major) < 1e-4 and abs(raw.score - same.score) < 1e-4
    assert max(b for _, b, _ in raw.original_tokens) <= len(o)
    at = o.index("talents")
    assert any(a == at and b == at + len("talents") for a, b, _ in raw.original_tokens)
