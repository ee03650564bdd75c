"""Feed scale (issue 14): the segmentation cache, the batched Dice of the tracer, the feed
generator of bench/ and the audit profile. No model: `HashEmbedder` and ModelSpec("hash")."""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from drift.cache import Store
from drift.compare import build_document
from drift.doccache import DocumentCache
from drift.errors import InputError
from drift.embed import HashEmbedder
from drift.trace import TraceConfig, TraceInput, prepare
from drift.trace.links import LexBest, LexicalIndex, SentenceVectors, verify_pair

from .conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return seeds + ["Menu\n\nSubscribe\n\n" + seeds[0] + "\nShare on Facebook\n", "Kurz. Ein Satz auf Deutsch. Noch einer hier."]


@pytest.mark.parametrize("store", ["memory", "file"])
def test_document_cache_gives_what_build_document_gives_and_builds_once(tmp_path, store):
    texts = _texts()
    st = Store(None if store == "memory" else tmp_path / "c.sqlite", "documents")
    cache = DocumentCache(st)
    items = [(f"src{k}.txt", t) for k, t in enumerate(texts)]
    first = cache.build_many(items)
    assert cache.built == len(set(texts))
    again = DocumentCache(st if store == "memory" else Store(tmp_path / "c.sqlite", "documents"))
    second = again.build_many([(f"other{k}.txt", t) for k, t in enumerate(texts)])
    for k, (a, b) in enumerate(zip(first, second)):
        ref = build_document(f"src{k}.txt", texts[k])
        assert a == ref
        assert b.sentences == ref.sentences and b.language == ref.language and b.source == f"other{k}.txt"
    assert again.built == 0


def test_document_cache_keeps_the_sentence_limit_error_and_does_not_cache_it(tmp_path):
    text = " ".join(f"Sentence number {k} is here." for k in range(40))
    cache = DocumentCache(Store(tmp_path / "c.sqlite", "documents"))
    out = cache.build_many([("long.txt", text)], max_sentences=10)
    assert isinstance(out[0], InputError) and "long.txt" in str(out[0])
    assert cache.build_many([("long.txt", text)])[0].sentences  # a larger limit is another key
    assert isinstance(DocumentCache(cache.store).build_many([("x.txt", text)], max_sentences=10)[0], InputError)


def test_prepare_through_the_cache_equals_prepare_without_it(tmp_path):
    items = [TraceInput(f"d{k}", f"d{k}.txt", t) for k, t in enumerate(_texts())]
    plain = prepare(items)
    cache = DocumentCache(Store(tmp_path / "c.sqlite", "documents"))
    prepare(items, cache)
    cached = prepare(items, DocumentCache(cache.store))
    for a, b in zip(plain, cached):
        assert a.document == b.document and a.body == b.body and a.tokens == b.tokens
        assert np.array_equal(a.weights, b.weights)


@pytest.mark.parametrize("cells", [1, 40, 1 << 20])
def test_batched_dice_equals_the_dice_of_each_pair(cells):
    rng = random.Random(5)
    words = "harbour council budget vote mayor ferry tunnel contract engineers delay union strike port".split()
    texts = []
    for d in range(7):
        sents = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))).capitalize() + "." for _ in range(rng.randint(1, 9))]
        texts.append(" ".join(sents))
    texts.append(texts[0] + " It is. " + texts[1])  # a sentence with no content token
    docs = prepare([TraceInput(f"d{k}", f"d{k}.txt", t) for k, t in enumerate(texts)])
    docs = [replace(d, index=k) for k, d in enumerate(docs)]
    index = LexicalIndex(docs)
    pairs = [(a, b) for a in range(len(docs)) for b in range(a + 1, len(docs))]
    config = TraceConfig()
    got = index.best_many(pairs, config.match_lexical, cells=cells)
    assert set(got) == set(pairs)
    no_vectors = SentenceVectors(docs, HashEmbedder())
    for a, b in pairs:
        want = LexBest.of(index.dice(a, b))
        assert np.array_equal(got[(a, b)].a, want.a) and np.array_equal(got[(a, b)].b, want.b)
        # the bulk word-for-word containment is bit for bit what each pair's own sums give
        assert got[(a, b)].containment(docs[a], docs[b], config) == want.containment(docs[a], docs[b], config)
        assert verify_pair(docs[a], docs[b], got[(a, b)], no_vectors, config) == verify_pair(
            docs[a], docs[b], index.dice(a, b), no_vectors, config)


def test_origin_scores_without_reasons_are_the_same_scores():
    from drift.trace import compare_origin, document_evidence

    texts = _texts()
    docs = [d for d in prepare([TraceInput(f"d{k}", f"d{k}.txt", t) for k, t in enumerate(texts)]) if hasattr(d, "body")]
    ev = [document_evidence(d) for d in docs]
    for i, x in enumerate(docs):
        for j, y in enumerate(docs):
            if i != j:
                full = compare_origin(x, y, ev[i], ev[j], None)
                bare = compare_origin(x, y, ev[i], ev[j], None, reasons=False)
                assert bare.score == full.score and bare.reasons == ()


# -- the feed generator (bench/feedgen.py) ---------------------------------------------------
@pytest.fixture(scope="module")
def feedgen():
    if not (ROOT.parent / "shared" / "eval" / "onestopenglish" / "docs.jsonl").exists():
        pytest.skip("shared/eval not available")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import feedgen as fg
    finally:
        sys.path.pop(0)
    return fg


def test_feed_is_deterministic_and_its_truth_covers_every_document(feedgen, tmp_path):
    rows, truth, grown, truth_all = feedgen.build(300, grow=20)
    again = feedgen.build(300, grow=20)
    assert rows == again[0] and grown == again[2]
    ids = [r["id"] for r in rows]
    assert len(ids) == 300 == len(set(ids)) and set(truth["families"]) == set(ids)
    assert not set(r["id"] for r in grown) & set(ids) and len(grown) == 20
    assert set(truth_all["families"]) == set(ids) | {r["id"] for r in grown}
    for fam, orig in truth["originals"].items():
        assert truth["families"][orig] == fam and truth["kinds"][orig] == "original"
    for cid, src in truth["sources"].items():
        assert truth["families"][cid] == truth["families"][src]
    kinds = set(truth["kinds"].values())
    assert {"original", "verbatim", "cut", "edited"} <= kinds and kinds & {"rewrite", "retranslation", "retranslation-synthetic"}
    path = feedgen.write(rows, tmp_path)
    back = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in back] == ids and all(r["text"] for r in back)


def test_feed_pool_has_no_story_under_two_names(feedgen):
    # OneStopEnglish files one article under several topics: the truth must not split it
    ids = {s.id for s in feedgen.pool()}
    assert not {"ose-WNL Tributes", "ose-Skydiver", "ose-WNL Arctic Ramadan"} & ids
    assert {"ose-Royal Baby", "ose-Arctic mapping"} <= ids


def test_scale_score_counts_pairs_and_originals(feedgen):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import scale
    finally:
        sys.path.pop(0)
    truth = {"families": {"a": "F", "b": "F", "c": "F", "d": "G"}, "originals": {"F": "a", "G": "d"}}
    perfect = scale.score(truth, {"a": 1, "b": 1, "c": 1, "d": 2}, {"a": "a", "b": "a", "c": "a", "d": "d"})
    assert (perfect["pair_f1"], perfect["original_acc"]) == (1.0, 1.0)
    split = scale.score(truth, {"a": 1, "b": 1, "c": 3, "d": 2}, {"a": "b", "b": "b", "c": "c", "d": "d"})
    assert split["pair_p"] == 1.0 and split["pair_r"] == pytest.approx(1 / 3, abs=1e-4) and split["original_acc"] == 0.0


# -- the audit profile -------------------------------------------------------------------------
def test_audit_profile_has_every_stage_and_adds_up(tmp_path):
    from drift.audit import ModelSpec, run_audit
    from drift.cli_audit import profile_lines

    for k, p in enumerate(sorted(SEEDS.glob("*.txt"))):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "copy.txt").write_text("Menu\n\n" + (SEEDS / "000_120bd2b153926def.txt").read_text(encoding="utf-8"))
    res = run_audit([str(tmp_path)], tmp_path / "a.sqlite", spec=ModelSpec(embedder="hash", tokens=False, nlp=False))
    rows = res.stats["profile"]
    stages = [r[0] for r in rows]
    assert stages[0] == "read" and "trace: segment" in stages and stages[-2:] == ["embed", "compare"]
    assert rows[0][2] == 6 and rows[-1][2] == res.stats["comparisons_new"] >= 1
    assert sum(r[1] for r in rows) <= res.stats["seconds"] + 0.05
    lines = profile_lines(res.stats)
    assert len(lines) == len(rows) + 2 and all(s in "\n".join(lines) for s in stages)


# -- the Ray engine: the whole audit's per-item work on a local multi-worker instance -----------
RAY_SCRIPT = '''
import json, sys
import numpy as np
import drift.audit as a
from drift.audit.engine_ray import connect, embed_on_ray
from drift.cache import Store
from drift.embed import CachedEmbedder, HashEmbedder, text_key

if __name__ == "__main__":
    feed, work = sys.argv[1], sys.argv[2]
    spec = a.ModelSpec(embedder="hash", tokens=False, nlp=False)
    out = {}
    for engine in ("local", "ray"):
        r = a.run_audit([feed], f"{work}/{engine}.sqlite", spec=spec, jobs=2, engine=engine)
        out[engine] = {"stages": [row[0] for row in r.stats["profile"]], "new": r.stats["comparisons_new"],
                       "failed": len(r.failures)}
    # embedding on the cluster fills the driver's cache with the vectors the local encoder gives
    texts = [f"sentence {k} about the harbour ferry and its {k % 7} engineers" for k in range(300)]
    driver = CachedEmbedder(Store(None, "embeddings"), encoder_factory=HashEmbedder, name="hash-bow", dim=256)
    n = embed_on_ray(texts, spec, driver, connect(2))
    keys = [text_key("hash-bow", t) for t in texts]
    got = driver.cache.get_many(keys)
    same = all(np.array_equal(np.frombuffer(got[k], np.float32), v) for k, v in zip(keys, HashEmbedder().encode(texts)))
    out["embed"] = {"encoded": n, "stored": len(got), "same": same, "again": embed_on_ray(texts, spec, driver, 2)}
    import ray

    ray.shutdown()  # (its workers too, now)
    print(json.dumps(out))
'''


@pytest.mark.slow
def test_ray_engine_gives_the_local_engines_families_and_verdicts(feedgen, tmp_path):
    pytest.importorskip("ray.data", reason="--engine ray needs Ray Data (pip install 'ray[data]')")
    import sqlite3
    import subprocess

    rows, truth, _, _ = feedgen.build(80)
    feed = feedgen.write(rows, tmp_path)
    script = tmp_path / "ray_run.py"
    script.write_text(RAY_SCRIPT)
    res = subprocess.run([sys.executable, str(script), str(feed), str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["local"]["new"] == out["ray"]["new"] > 30 and out["local"]["failed"] == out["ray"]["failed"] == 0
    assert "ray: segment" in out["ray"]["stages"] and "ray: segment" not in out["local"]["stages"]
    assert out["embed"] == {"encoded": 300, "stored": 300, "same": True, "again": 0}

    def rows_of(db, q):
        con = sqlite3.connect(db)
        try:
            return sorted(con.execute(q).fetchall())
        finally:
            con.close()

    for q in ("SELECT doc_id, family, derived_from, is_original FROM placements",
              "SELECT id, original, size FROM families",
              "SELECT original_id, copy_id, verdict, drift_index, counts, findings FROM comparisons"):
        assert rows_of(tmp_path / "local.sqlite", q) == rows_of(tmp_path / "ray.sqlite", q)


def test_cached_evidence_is_the_evidence(tmp_path):
    from drift.trace import document_evidence
    from drift.trace.origin import evidence_many

    texts = _texts() + ["KYIV (AP) — Officials in Kiev said the Kyiv council met. Zelensky and Zelenskyy spoke. . Twice."]
    docs = [d for d in prepare([TraceInput(f"d{k}", f"d{k}.txt", t) for k, t in enumerate(texts)]) if hasattr(d, "body")]
    store = Store(tmp_path / "c.sqlite", "evidence")
    first = evidence_many(docs, store)
    again = evidence_many(docs, Store(tmp_path / "c.sqlite", "evidence"))
    for d in docs:
        assert first[d.id] == again[d.id] == document_evidence(d)
    assert any(e.spellings or e.wire for e in again.values())


# -- comparing: joins encoded only when they can win, the judge batched across copies ----------
class _CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts += list(texts)
        return super().encode(texts)


def _split_at_commas(text: str) -> str:
    """Every sentence with a comma cut there into two sentences (a copy that splits)."""
    import re

    return re.sub(r", ([a-z])", lambda m: ". " + m.group(1).upper(), text)


def _compare_pairs() -> list[tuple[str, str, str]]:
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    o = seeds["000"]
    paras = o.split("\n\n")
    return [
        ("verbatim", o, "Menu\n\nSubscribe\n\n" + o + "\n\nShare on Facebook\n"),
        ("split", o, _split_at_commas(o)),
        ("merged", _split_at_commas(o), o),
        ("reordered", o, "\n\n".join(paras[len(paras) // 2 :] + paras[: len(paras) // 2])),
        ("retranslation", o, seeds["001"]),
        ("another story", o, seeds["004"]),
    ]


@pytest.mark.parametrize("name,original,copy", _compare_pairs(), ids=[p[0] for p in _compare_pairs()])
def test_lazy_joins_align_as_with_every_join_encoded(name, original, copy):
    from drift.align import align, content_tokens, lexical_matrix
    from drift.compare import CompareConfig, _align_lazily, _Joins

    config = CompareConfig()
    o, c = build_document("o", original), build_document("c", copy)
    bo, bc = o.body(), c.body()
    emb = _CountingEmbedder()
    vecs = emb.encode([s.text for s in bo] + [s.text for s in bc])
    vo, vc = vecs[: len(bo)], vecs[len(bo) :]
    w = config.align.semantic_weight
    sim = w * (vo @ vc.T) + (1 - w) * lexical_matrix([content_tokens(s.text) for s in bo], [content_tokens(s.text) for s in bc])
    joins = _Joins(o, c, bo, bc, sim, config)
    if joins.empty:  # (no join plausible: two stories)
        assert name == "another story"
        assert _align_lazily(o, c, bo, bc, vo, vc, sim, emb, config) == align(sim, None, None, config.align)
        return
    texts = list(dict.fromkeys([*joins.split_text.values(), *joins.merge_text.values()]))
    every = dict(zip(texts, HashEmbedder().encode(texts)))
    full = align(sim, *joins.matrices(vo, vc, every), config.align)
    for bound, exact in zip(joins.matrices(vo, vc, {}), joins.matrices(vo, vc, every)):
        assert (bound >= exact).all()  # the bound is one
    emb.texts.clear()
    lazy = _align_lazily(o, c, bo, bc, vo, vc, sim, emb, config)
    assert lazy == full
    assert set(emb.texts) <= set(texts) and len(emb.texts) == len(set(emb.texts))
    joined = [a for a in full if len(a.original) == 2 or len(a.copy) == 2]
    if name == "verbatim":
        assert emb.texts == [] and not joined  # identical sentences outscore every join: no encoder
    if name in ("split", "merged"):
        assert joined and len(emb.texts) < len(texts)  # the joins that win, not all of them


def test_compare_tasks_gives_the_reports_of_compare_task_one_by_one():
    from drift.audit import ModelSpec, PairKey, PairTask, compare_task
    from drift.audit.tasks import compare_tasks

    spec = ModelSpec(embedder="hash", tokens=False, nlp=False)
    tasks = [PairTask(PairKey("o", f"c{k}", "h", f"h{k}", "sig"), "o.txt", o, f"c{k}.txt", c)
             for k, (_, o, c) in enumerate(_compare_pairs())]
    tasks.insert(2, PairTask(PairKey("o", "tiny", "h", "ht", "sig"), "o.txt", tasks[0].original_text, "tiny.txt", "x " * 10 + "."))
    too_long = " ".join(f"Sentence number {k} is here." for k in range(2100))
    tasks.append(PairTask(PairKey("long", "long2", "h", "h2", "sig"), "long.txt", too_long, "long2.txt", too_long))
    got = compare_tasks(tasks, spec)
    assert len(got) == len(tasks)
    for task, (report, out) in zip(tasks, got):
        try:
            alone, _ = compare_task(task, spec)
        except Exception as exc:  # noqa: BLE001 - the batch must give the same error for this pair
            assert report is None and type(out) is type(exc) and str(out) == str(exc)
            continue
        assert report == alone and isinstance(out, float) and out >= 0
    assert [r is None for r, _ in got] == [False] * (len(tasks) - 1) + [True]  # the long pair alone fails


@pytest.mark.parametrize("poison, fatal", [("Caturday", False), ("Caturday", True)])
def test_a_judge_failure_in_a_chunk_fails_only_its_pair(monkeypatch, poison, fatal):
    """The chunk's one judge call fails: each copy is judged alone, so only the copy whose pair
    breaks the judge gets an error; a model error stops the whole run instead."""
    from drift.audit import ModelSpec, PairKey, PairTask
    from drift.audit.tasks import compare_tasks
    from drift.errors import ModelError
    from drift.judge import Judge, JudgeConfig

    class Fragile(Judge):
        def judge_many(self, items):
            if any(poison in c for _, c, _ in items):
                raise (ModelError if fatal else RuntimeError)(f"cannot judge {poison!r}")
            return super().judge_many(items)

    spec = ModelSpec(embedder="hash", tokens=False, nlp=False)
    embedder, _ = spec.build()
    monkeypatch.setattr(ModelSpec, "build", lambda self: (embedder, Fragile(JudgeConfig(use_tokens=False, use_nlp=False))))
    o = next(iter(sorted(SEEDS.glob("000*.txt")))).read_text(encoding="utf-8")
    copies = [o.replace("Tuesday", "Monday"), o.replace("Tuesday", poison), o]
    tasks = [PairTask(PairKey("o", f"c{k}", "h", f"h{k}", "sig"), "o.txt", o, f"c{k}.txt", c) for k, c in enumerate(copies)]
    if fatal:
        with pytest.raises(ModelError):
            compare_tasks(tasks, spec)
        return
    got = compare_tasks(tasks, spec)
    assert [r is None for r, _ in got] == [False, True, False], got
    assert isinstance(got[1][1], RuntimeError) and poison in str(got[1][1])
