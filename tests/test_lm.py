"""Language model: the lean forward pass equals transformers; the cache is atomic and lean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import drift.lm as lm_mod
from drift.errors import ModelError
from drift.lm import SmolLM, build_cache
from drift.progress import Recorder


# --------------------------------------------------------------------------------------
# a tiny random Llama: the forward pass against transformers, no real model needed
# --------------------------------------------------------------------------------------
def _tiny_tokenizer_json(vocab: int) -> str:
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = {"<|endoftext|>": 0} | {f"w{i}": i for i in range(1, vocab)}
    tok = Tokenizer(models.WordLevel(words, unk_token="<|endoftext|>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return tok.to_str()


def _tiny(tie: bool = True):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    hf_cfg = transformers.LlamaConfig(
        vocab_size=64, hidden_size=48, intermediate_size=96, num_hidden_layers=3, num_attention_heads=6,
        num_key_value_heads=2, rms_norm_eps=1e-5, tie_word_embeddings=tie, max_position_embeddings=128,
        rope_theta=100000.0, bos_token_id=0, eos_token_id=0, pad_token_id=0,
    )
    hf_cfg._attn_implementation = "eager"
    model = transformers.LlamaForCausalLM(hf_cfg).eval()
    with torch.no_grad():  # larger norms than the init so that mistakes show
        for name, p in model.named_parameters():
            if "norm" in name:
                p.uniform_(0.5, 1.5)
    cfg = {
        "hidden_size": 48, "num_hidden_layers": 3, "num_attention_heads": 6, "num_key_value_heads": 2,
        "head_dim": 8, "intermediate_size": 96, "rms_norm_eps": 1e-5, "rope_theta": 100000.0,
        "vocab_size": 64, "tie_word_embeddings": tie, "transformers_config": {"bos_token_id": 0},
    }
    sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if tie:
        sd.pop("lm_head.weight", None)
    return model, SmolLM(cfg, sd, _tiny_tokenizer_json(64))


@pytest.mark.parametrize("tie", [True, False])
def test_lean_forward_matches_transformers_tiny(tie):
    import torch

    model, lean = _tiny(tie)
    ids = torch.tensor([[0, 5, 9, 3, 17, 42, 8, 1, 2, 60], [0, 7, 7, 7, 1, 0, 0, 0, 0, 0]])
    with torch.no_grad():
        ref = model(input_ids=ids).logits
    got = lean.logits(ids)
    # right padding needs no mask in a causal model: compare the real positions only
    assert torch.allclose(ref[0], got[0], atol=1e-4)
    assert torch.allclose(ref[1, :5], got[1, :5], atol=1e-4)


def test_surprisals_are_minus_log_softmax_tiny():
    import torch

    model, lean = _tiny()
    text = "w5 w9 w3  w17"
    toks, offs, s = lean.token_surprisals([text, "", "w1"])[0]
    assert toks == ["w5", "w9", "w3", "w17"]
    assert [text[a:b] for a, b in offs] == toks
    ids = torch.tensor([[0, 5, 9, 3, 17]])
    with torch.no_grad():
        lp = torch.log_softmax(model(input_ids=ids).logits[0, :-1], -1)
    want = -lp[torch.arange(4), ids[0, 1:]].numpy()
    assert np.allclose(s, want, atol=1e-4)


def test_batching_and_order_do_not_change_results_tiny():
    _, lean = _tiny()
    texts = ["w1 w2 w3", "w4", "", "w5 w6 w7 w8 w9 w10 w11", "w1 w2 w3"]
    lean.batch_size = 2
    a = lean.token_surprisals(texts)
    lean.batch_size = 16
    b = [lean.token_surprisals([t])[0] for t in texts]
    assert len(a) == len(texts)
    for (ta, oa, sa), (tb, ob, sb) in zip(a, b):
        assert ta == tb and oa == ob and np.allclose(sa, sb, atol=1e-5)
    assert a[2][0] == [] and a[2][2].shape == (0,)


# --------------------------------------------------------------------------------------
# cache writing: atomic, unwritable folder falls back
# --------------------------------------------------------------------------------------
@pytest.fixture
def fake_convert(monkeypatch):
    """build_cache with a tiny model instead of the 20 s GGUF conversion."""
    _, lean = _tiny()
    import torch

    torch.manual_seed(1)
    model, _ = _tiny()
    sd = {k: v.detach().clone() for k, v in model.state_dict().items() if k != "lm_head.weight"}
    cfg = dict(lean.cfg)
    calls = []

    def convert(path=None):
        calls.append(path)
        return cfg, sd, _tiny_tokenizer_json(64)

    monkeypatch.setattr(lm_mod, "convert_gguf", convert)
    return calls


def test_build_cache_is_atomic_and_reused(tmp_path, fake_convert):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x" * 10)
    root = tmp_path / "lm"
    first = lm_mod.LanguageModel(cache_root=root, path=gguf)
    assert not first.from_cache and first.cache_folder is not None
    assert sorted(p.name for p in root.iterdir()) == [first.cache_folder.name]  # no temp folder left
    second = lm_mod.LanguageModel(cache_root=root, path=gguf)
    assert second.from_cache and len(fake_convert) == 1
    row_a = first.token_surprisals(["w1 w2 w3"])[0][2]
    row_b = second.token_surprisals(["w1 w2 w3"])[0][2]
    assert np.allclose(row_a, row_b)


def test_killed_build_leaves_no_cache(tmp_path, fake_convert, monkeypatch):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    root = tmp_path / "lm"

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("safetensors.torch.save_file", boom)
    with pytest.raises(KeyboardInterrupt):
        build_cache(gguf, root)
    assert list(root.iterdir()) == []


def test_unwritable_cache_still_works(tmp_path, fake_convert):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    m = lm_mod.LanguageModel(cache_root=blocker / "lm", path=gguf)  # parent is a file
    assert m.cache_folder is None and not m.from_cache
    assert m.token_surprisals(["w1 w2"])[0][2].shape == (2,)


def test_damaged_cache_is_removed(tmp_path, fake_convert):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    root = tmp_path / "lm"
    folder = lm_mod.LanguageModel(cache_root=root, path=gguf).cache_folder
    (folder / "model.safetensors").write_bytes(b"garbage")
    with pytest.raises(ModelError):
        lm_mod.LanguageModel(cache_root=root, path=gguf)
    assert not folder.exists()
    assert lm_mod.LanguageModel(cache_root=root, path=gguf).cache_folder == folder  # rebuilt


def test_first_build_is_announced_once(tmp_path, fake_convert):
    """ensure_cache tells its caller (the CLI prints it on stderr) before and after a build, and
    says nothing when the cache is there; the library itself prints nothing."""
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    root = tmp_path / "lm"
    heard = Recorder()
    folder = lm_mod.ensure_cache(heard, root=root, path=gguf)
    assert folder is not None and lm_mod.LanguageModel(cache_root=root, path=gguf).from_cache
    notes = heard.notes
    assert len(notes) == 2 and "first use" in notes[0] and str(root) in notes[0] and "built" in notes[1]
    assert [name for name, _, _ in heard.stages] == ["building the language model's cache"]
    assert lm_mod.ensure_cache(heard, root=root, path=gguf) == folder and len(heard.notes) == 2 and len(heard.stages) == 1
    assert len(fake_convert) == 1


def test_unwritable_cache_is_announced(tmp_path, fake_convert):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    heard = Recorder()
    assert lm_mod.ensure_cache(heard, root=blocker / "lm", path=gguf) is None
    assert "cannot write" in heard.notes[-1] and "DRIFT_MODEL_CACHE" in heard.notes[-1]


def _random_blocks(kind: str, rows: int, blocks: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    size = lm_mod.QUANT_BLOCK_BYTES[kind]
    raw = rng.integers(0, 256, size=(rows, blocks, size), dtype=np.uint8)
    scales = rng.normal(0, 0.02, size=(rows, blocks, 2)).astype(np.float16)  # finite scales (and minimums)
    raw[..., 0:2] = scales[..., 0:1].view(np.uint8).reshape(rows, blocks, 2)
    if kind == "q4_1":
        raw[..., 2:4] = scales[..., 1:2].view(np.uint8).reshape(rows, blocks, 2)
    return raw.reshape(rows, blocks * size)


@pytest.mark.parametrize("kind", ["q4_1", "q8_0"])
def test_dequantise_is_ggufs_own_bit_for_bit(kind):
    """The cache keeps the quantised blocks; dequantising them on load gives exactly what
    gguf (and so transformers) computes."""
    torch = pytest.importorskip("torch")
    quants = pytest.importorskip("gguf.quants")
    raw = _random_blocks(kind, rows=6, blocks=3)
    want = quants.dequantize(raw, getattr(quants.GGMLQuantizationType, kind.upper()))
    got = lm_mod.Quantised(kind, torch.from_numpy(raw.copy())).dequantise()
    assert got.dtype == torch.float32 and got.shape == (6, 96)
    assert np.array_equal(got.numpy(), want)


def test_quantised_weights_stay_quantised_through_fusing_and_saving(tmp_path):
    """q|k|v of one kind are fused as blocks (no dequantisation before saving), saved and read
    back unchanged; a float tensor beside them passes through."""
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file, save_file

    q, k, v = (lm_mod.Quantised("q4_1", torch.from_numpy(_random_blocks("q4_1", r, 2, seed=r))) for r in (4, 2, 2))
    tensors = {"model.embed_tokens.weight": torch.ones(3, 64), "model.norm.weight": torch.ones(64),
               "model.layers.0.input_layernorm.weight": torch.ones(64),
               "model.layers.0.self_attn.q_proj.weight": q, "model.layers.0.self_attn.k_proj.weight": k,
               "model.layers.0.self_attn.v_proj.weight": v,
               "model.layers.0.self_attn.o_proj.weight": torch.zeros(64, 64),
               "model.layers.0.post_attention_layernorm.weight": torch.ones(64),
               "model.layers.0.mlp.gate_proj.weight": torch.zeros(8, 64), "model.layers.0.mlp.up_proj.weight": torch.zeros(8, 64),
               "model.layers.0.mlp.down_proj.weight": torch.zeros(64, 8)}
    fused = lm_mod.fuse_tensors(tensors, 1)
    assert isinstance(fused["layers.0.qkv"], lm_mod.Quantised)
    save_file(lm_mod.to_safetensors(fused), str(tmp_path / "m.safetensors"))
    back = lm_mod.dense(lm_mod.from_safetensors(load_file(str(tmp_path / "m.safetensors"))))
    want = torch.cat([q.dequantise(), k.dequantise(), v.dequantise()])
    assert torch.equal(back["layers.0.qkv"], want) and torch.equal(back["norm.weight"], torch.ones(64))


def test_missing_package_is_a_model_error(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="pip install"):
        lm_mod.gguf_path()


# --------------------------------------------------------------------------------------
# the real model (built once into pytest's own cache folder, reused by later test runs)
# --------------------------------------------------------------------------------------
def _real_root(config) -> Path:
    """DRIFT_MODEL_CACHE (conftest: the clone's ignored .cache/), kept between test runs."""
    from drift.lm import lm_cache_root

    return lm_cache_root()


@pytest.fixture(scope="module")
def real_lm(request):
    try:
        lm_mod.gguf_path()
    except ModelError as exc:
        pytest.skip(str(exc))
    return lm_mod.load_language_model()


def test_real_model_offsets_and_sanity(real_lm):
    texts = ["The cat sat on the mat.", "Korea’s “nuclear” program, 10,000 troops.", "mat the on sat cat The."]
    rows = real_lm.token_surprisals(texts)
    for text, (toks, offs, s) in zip(texts, rows):
        assert len(toks) == len(offs) == len(s) > 0
        assert np.all(np.isfinite(s)) and np.all(s >= 0)
        for a, b in offs:
            assert 0 <= a < b <= len(text)
        assert offs[0][0] == 0 and offs[-1][1] == len(text)
    fluent, scrambled = rows[0][2].mean(), rows[2][2].mean()
    assert fluent < 3.5 < scrambled  # the q/k de-permutation is right, or this would fail


def test_cached_run_does_not_import_transformers(real_lm, request):
    code = (
        "import sys, time; from pathlib import Path; import torch; t = time.time();"
        "from drift.lm import LanguageModel;"
        f"m = LanguageModel(cache_root=Path({str(_real_root(request.config))!r}));"
        "assert m.from_cache; m.token_surprisals(['Hello world.']);"
        "print('transformers' in sys.modules, round(time.time() - t, 2))"
    )
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    imported, seconds = out.split()
    assert imported == "False"


def test_real_cache_is_small(real_lm):
    """The cache keeps the quantised weights: under a quarter of the float32 model (540 MB)."""
    folder = real_lm.cache_folder
    if folder is None:
        pytest.skip("the model cache is not writable here")
    params = sum(v.numel() for v in lm_mod.load_cache_tensors(folder).values())
    size = (folder / "model.safetensors").stat().st_size
    assert params > 100_000_000 and size < params * 4 / 4


@pytest.mark.slow
def test_real_cache_weights_equal_transformers_gguf_reading(real_lm):
    """Dequantised from the cache, every weight equals what transformers reads from the GGUF."""
    pytest.importorskip("transformers")
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    folder = real_lm.cache_folder
    if folder is None:
        pytest.skip("the model cache is not writable here")
    cfg = json.loads((folder / "config.json").read_text())
    ours = lm_mod.unfuse_tensors(lm_mod.load_cache_tensors(folder), cfg)
    theirs = load_gguf_checkpoint(str(lm_mod.gguf_path()), return_tensors=True,
                                  model_to_load=_meta_llama(cfg))["tensors"]
    for name in ("model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
                 "model.layers.7.self_attn.k_proj.weight", "model.layers.29.mlp.down_proj.weight", "model.norm.weight"):
        assert np.array_equal(ours[name].numpy(), np.asarray(theirs[name], dtype=np.float32)), name


def _meta_llama(cfg: dict):
    import torch
    import transformers

    with torch.device("meta"):
        return transformers.AutoModelForCausalLM.from_config(transformers.LlamaConfig.from_dict(cfg["transformers_config"]))


@pytest.mark.slow
def test_real_model_matches_transformers(real_lm):
    """The lean forward pass over the cache equals transformers' LlamaForCausalLM on the same weights."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder = real_lm.cache_folder
    cfg = json.loads((folder / "config.json").read_text())
    hf_cfg = transformers.LlamaConfig.from_dict(cfg["transformers_config"])
    hf_cfg._attn_implementation = "eager"
    model = transformers.LlamaForCausalLM(hf_cfg).eval()
    sd = lm_mod.unfuse_tensors(lm_mod.load_cache_tensors(folder), cfg)
    missing, unexpected = model.load_state_dict(sd, strict=False)
    assert not unexpected and set(missing) <= {"lm_head.weight"}
    model.tie_weights()
    texts = ["Western leaders say North Korea has sent some 10,000 soldiers.", "protect their to improve energy"]
    rows = real_lm.token_surprisals(texts)
    for text, (toks, offs, s) in zip(texts, rows):
        ids = [real_lm.prefix_id] + real_lm.encode([text])[0][2]
        with torch.no_grad():
            lp = torch.log_softmax(model(input_ids=torch.tensor([ids])).logits[0, :-1].float(), -1)
        want = -lp[torch.arange(len(ids) - 1), torch.tensor(ids[1:])].numpy()
        assert np.abs(s - want).max() < 1e-3  # measured: ~1e-5 nats


@pytest.mark.slow
def test_transformers_tokenizer_agrees(real_lm):
    transformers = pytest.importorskip("transformers")
    path = lm_mod.gguf_path()
    tok = transformers.AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    for text in ["Zelenskyy’s “relatively small number” — 3,000 troops!", "naïve café  the the."]:
        assert tok(text, add_special_tokens=False)["input_ids"] == real_lm.encode([text])[0][2]
