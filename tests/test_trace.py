"""`drift trace`: reading a pile of articles, families of copies, originals, output contract.

Logic tests use `HashEmbedder` (no model). The tests marked slow run the real model on the
seeds and on a slice of OneStopEnglish + MQM-2021 and score them with shared/tools/eval_trace.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drift.cli import app
from drift.embed import HashEmbedder
from drift.trace import (
    DocError,
    TraceConfig,
    TraceInput,
    compare_origin,
    document_evidence,
    mark_duplicates,
    prepare,
    read_inputs,
    result_dict,
    sample_positions,
    trace,
)

from .conftest import SEEDS, shared_path

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).parent / "data" / "trace" / "trace.schema.json").read_text())
PY = sys.executable


def _article(words: list[str], n_sentences: int, seed: int) -> str:
    """A deterministic article of plain sentences over a given vocabulary."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n_sentences):
        s = " ".join(rng.choice(words) for _ in range(rng.randint(9, 16)))
        out.append(s[0].upper() + s[1:] + ".")
    return "\n\n".join(out) + "\n"


VOCAB_A = "harbour council budget vote mayor ferry tunnel contract engineers delay union strike port cargo".split()
VOCAB_B = "orchestra violin premiere composer audience festival symphony conductor rehearsal opera ballet".split()


def _trace_texts(texts: dict[str, str], **kw):
    items = [TraceInput(k, f"{k}.txt", t) for k, t in texts.items()]
    return trace(items, HashEmbedder(), TraceConfig(**kw))


# --------------------------------------------------------------------------------------
# Reading inputs and per-document errors
# --------------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "blank": b"  \n\t\n",
        "binary": bytes(range(256)) * 4,
        "latin1": "Caf\xe9 in Kyiv".encode("latin-1"),
    }
    out = {}
    for name, data in files.items():
        p = tmp_path / f"{name}.txt"
        p.write_bytes(data)
        out[name] = p
    return out


def test_read_inputs_reports_each_bad_document(tmp_path):
    bad = _bad_files(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(_article(VOCAB_A, 6, 1))
    jl = tmp_path / "feed.jsonl"
    jl.write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": _article(VOCAB_B, 5, 2), "published": "2024-11-02T09:19:00Z"}),
                "{not json",
                json.dumps({"id": "j2", "text": "   "}),
                json.dumps({"text": "no id here"}),
                json.dumps({"id": "good", "text": "a second document claiming the id good"}),
                json.dumps({"id": "j3", "text": _article(VOCAB_B, 5, 3), "published": "yesterday"}),
            ]
        )
        + "\n"
    )
    items = read_inputs([str(good), *map(str, bad.values()), str(tmp_path / "missing.txt"), str(jl)])
    codes = {(it.id, it.code) for it in items if isinstance(it, DocError)}
    assert {("empty", "empty"), ("blank", "empty"), ("binary", "binary"), ("latin1", "encoding"),
            ("missing", "not_found"), ("feed:2", "bad_json"), ("j2", "empty"), ("feed:4", "bad_record"),
            ("good", "duplicate_id")} <= codes
    ok = {it.id: it for it in items if isinstance(it, TraceInput)}
    assert set(ok) == {"good", "j1", "j3"}
    assert ok["j1"].published == datetime(2024, 11, 2, 9, 19, tzinfo=timezone.utc)
    assert ok["j3"].published is None and "not understood" in ok["j3"].warnings[0]
    for it in items:
        if isinstance(it, DocError):
            assert "\n" not in it.message and it.message


def test_directory_is_searched_for_txt_and_jsonl(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(_article(VOCAB_A, 4, 1))
    (tmp_path / "sub" / "b.txt").write_text(_article(VOCAB_A, 4, 2))
    (tmp_path / "sub" / "c.jsonl").write_text(json.dumps({"id": "c", "text": "One line."}) + "\n")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text("skipped")
    ids = [it.id for it in read_inputs([str(tmp_path)])]
    assert ids == ["a", "b", "c"]


def test_duplicate_ids_keep_the_first():
    items = [TraceInput("x", "one", "A."), TraceInput("y", "two", "B."), TraceInput("x", "three", "C.")]
    out = mark_duplicates(items)
    assert out[0] == items[0] and out[1] == items[1]
    assert isinstance(out[2], DocError) and out[2].code == "duplicate_id" and "one" in out[2].message


def test_all_chrome_document_is_an_error():
    (p,) = prepare([TraceInput("c", "c.txt", "Skip to main content\n\nShare on Facebook\n\nAdvertisement\n")])
    assert isinstance(p, DocError) and p.code == "no_body"


# --------------------------------------------------------------------------------------
# Families
# --------------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14), chrome=st.booleans())
def test_exact_duplicate_is_a_family_and_unrelated_is_alone(seed, n, chrome):
    text = _article(VOCAB_A, n, seed)
    dup = ("Skip to main content\n\nAdvertisement\n\n" + text + "\nShare on Facebook\n") if chrome else text
    other = _article(VOCAB_B, n, seed + 1)
    r = _trace_texts({"orig": text, "dup": dup, "other": other})
    fam = {p.id: p.family for p in r.documents}
    assert fam["orig"] == fam["dup"] != fam["other"]
    by = r.by_id()
    assert {by["orig"].derived_from, by["dup"].derived_from} in ({None, "orig"}, {None, "dup"})
    assert by["other"].derived_from is None
    singles = [f for f in r.families if f.members == ("other",)]
    assert singles and singles[0].original == "other"
    for p in r.documents:
        assert 0.0 <= p.confidence <= 1.0 and p.reasons


@pytest.mark.parametrize(
    "keep, linked",
    [
        (1.0, True),  # the whole story
        (0.7, True),  # its first 70%: contained in the original
        (0.5, True),
        (0.15, False),  # two sentences of fourteen is a quote, not a copy
    ],
)
def test_truncated_copies(keep, linked):
    text = _article(VOCAB_A, 14, 5)
    paras = text.strip().split("\n\n")
    cut = "\n\n".join(paras[: max(1, round(len(paras) * keep))]) + "\n\n" + _article(VOCAB_B, 10, 9)
    r = _trace_texts({"orig": text, "cut": cut})
    fam = {p.id: p.family for p in r.documents}
    assert (fam["orig"] == fam["cut"]) is linked


def test_truncated_copy_points_to_the_longer_original():
    text = _article(VOCAB_A, 14, 7)
    cut = "\n\n".join(text.strip().split("\n\n")[:8]) + "\n"
    r = _trace_texts({"cut": cut, "orig": text})
    by = r.by_id()
    assert by["cut"].derived_from == "orig" and by["orig"].derived_from is None
    assert r.families[0].original == "orig"


def test_nothing_to_trace():
    r = trace([DocError("e", "e.txt", "empty", "e.txt: empty")], HashEmbedder())
    assert r.families == () and r.documents[0].error is not None and r.has_errors


def test_sample_positions_are_nested_and_spread():
    for n in range(1, 60):
        prev: set[int] = set()
        for k in range(1, 20):
            cur = sample_positions(n, k)
            assert len(cur) == min(n, k) and cur == sorted(set(cur)) and 0 in cur
            assert prev <= set(cur)
            prev = set(cur)
        if n > 2:
            assert n - 1 in sample_positions(n, 2)


# --------------------------------------------------------------------------------------
# Evidence for the original
# --------------------------------------------------------------------------------------


def _doc(doc_id: str, text: str, published: datetime | None = None):
    (d,) = prepare([TraceInput(doc_id, doc_id, text, published)])
    return d


WIRE = (
    "By The Associated Press\n\n"
    "KYIV, Ukraine (AP) — Ukraine's president said on Saturday that Kyiv knows where the camps are.\n\n"
    "He spoke after a meeting with Volodymyr Zelenskyy's advisers in Kyiv.\n\n"
    "The Associated Press\n"
)
RETRANSLATED = (
    "Ukraine's president said on Saturday that Kiev knows where the camps are.\n\n"
    "He spoke after a meeting with Volodymyr Zelensky's advisers in Kiev, Zelenskiy said. .\n"
)


def test_evidence_finds_wire_markers_spellings_and_disfluency():
    ew = document_evidence(_doc("w", WIRE))
    er = document_evidence(_doc("r", RETRANSLATED))
    assert any(w.startswith("dateline") for w in ew.wire) and "wire byline" in ew.wire and "wire sign-off" in ew.wire
    assert er.wire == ()
    assert ("Kiev", "Kyiv", 0, 3) in ew.spellings and ("Kiev", "Kyiv", 2, 0) in er.spellings
    assert [set(g) for g in er.mixed] == [{"Zelensky", "Zelenskiy"}] and ew.mixed == ()
    assert er.disfluent and not ew.disfluent


def test_compare_origin_is_antisymmetric_and_names_its_reasons():
    w, r = _doc("w", WIRE), _doc("r", RETRANSLATED)
    ew, er = document_evidence(w), document_evidence(r)
    a, b = compare_origin(w, r, ew, er, None), compare_origin(r, w, er, ew, None)
    assert a.score > 0 and a.score == pytest.approx(-b.score)
    text = " ".join(a.reasons)
    assert "'Kyiv'" in text and "'Kiev'" in text and "wire-service markers" in text


def test_publication_time_outweighs_length():
    early = datetime(2024, 11, 2, 9, 0, tzinfo=timezone.utc)
    late = datetime(2024, 11, 3, 9, 0, tzinfo=timezone.utc)
    text = _article(VOCAB_A, 12, 3)
    short = "\n\n".join(text.strip().split("\n\n")[:7]) + "\n"
    items = [TraceInput("long", "long", text, late), TraceInput("short", "short", short, early)]
    r = trace(items, HashEmbedder())
    assert r.families[0].original == "short"
    assert any("published before" in x for x in r.by_id()["short"].reasons)


# --------------------------------------------------------------------------------------
# Output contract and command line
# --------------------------------------------------------------------------------------


def test_json_follows_the_contract():
    r = _trace_texts({"a": _article(VOCAB_A, 6, 1), "b": _article(VOCAB_A, 6, 1), "c": _article(VOCAB_B, 6, 2)})
    d = result_dict(r)
    jsonschema.validate(d, SCHEMA)
    ids = [x["id"] for x in d["documents"]]
    assert ids == ["a", "b", "c"]
    members = sorted(m for f in d["families"] for m in f["members"])
    assert members == ids
    for f in d["families"]:
        assert f["original"] in f["members"]
        for m in f["members"]:
            doc = next(x for x in d["documents"] if x["id"] == m)
            assert doc["family"] == f["id"]
            assert (doc["derived_from"] is None) == (m == f["original"])
            assert doc["derived_from"] is None or doc["derived_from"] in f["members"]


@pytest.fixture
def hash_model(monkeypatch):
    """The CLI with the bag-of-words embedder instead of the real model."""
    import drift.embed

    monkeypatch.setattr(drift.embed, "CachedEmbedder", lambda *a, **k: HashEmbedder())


def test_cli_reports_bad_documents_and_finishes(tmp_path, hash_model):
    _bad_files(tmp_path)
    (tmp_path / "a.txt").write_text(_article(VOCAB_A, 6, 1))
    (tmp_path / "b.txt").write_text(_article(VOCAB_A, 6, 1))
    out = tmp_path / "out.json"
    res = runner.invoke(app, ["trace", str(tmp_path), "--format", "json", "-o", str(out)])
    assert res.exit_code == 3, res.output
    assert "Traceback" not in res.output
    err = res.stderr.strip().splitlines()
    assert all(line.startswith("drift: skipped ") for line in err)
    # documents that failed for the same reason share one line ("skipped 2 documents (blank, empty): ...")
    named = sum(int(m.group(1)) if (m := re.match(r"drift: skipped (\d+) documents \(", line)) else 1 for line in err)
    assert named == 4, err
    d = json.loads(out.read_text())
    jsonschema.validate(d, SCHEMA)
    by = {x["id"]: x for x in d["documents"]}
    assert by["binary"]["error"]["code"] == "binary" and by["binary"]["family"] is None
    assert by["a"]["family"] == by["b"]["family"] is not None


def test_cli_exit_codes(tmp_path, hash_model):
    (tmp_path / "a.txt").write_text(_article(VOCAB_A, 6, 1))
    assert runner.invoke(app, ["trace", str(tmp_path / "a.txt")]).exit_code == 0
    assert runner.invoke(app, ["trace"]).exit_code == 2
    assert runner.invoke(app, ["trace", str(tmp_path), "--format", "yaml"]).exit_code == 2
    (tmp_path / "empty_dir").mkdir()
    res = runner.invoke(app, ["trace", str(tmp_path / "empty_dir")])
    assert res.exit_code == 2 and res.stderr.startswith("drift: error: ")
    before = (tmp_path / "a.txt").read_text()
    res = runner.invoke(app, ["trace", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.txt")])
    assert res.exit_code == 2 and (tmp_path / "a.txt").read_text() == before


def test_cli_terminal_tree(tmp_path, hash_model):
    (tmp_path / "a.txt").write_text(_article(VOCAB_A, 6, 1))
    (tmp_path / "b.txt").write_text(_article(VOCAB_A, 6, 1))
    (tmp_path / "c.txt").write_text(_article(VOCAB_B, 6, 2))
    (tmp_path / "d.txt").write_bytes(b"\x00\x01binary")
    res = runner.invoke(app, ["trace", str(tmp_path), "--no-color"])
    assert res.exit_code == 3
    out = res.stdout
    assert "family 0" in out and "original" in out and "copy" in out and "confidence" in out
    assert "stand-alone (1): c" in out and "error d" in out


# --------------------------------------------------------------------------------------
# Real model: seeds and a OneStopEnglish + MQM-2021 slice, scored by shared/tools/eval_trace.py
# --------------------------------------------------------------------------------------


def _eval(gold: Path, out: Path) -> dict:
    tool = shared_path("tools", "eval_trace.py")
    res = subprocess.run([PY, str(tool), str(gold), str(out), "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


@pytest.mark.slow
def test_seeds_families_and_originals(tmp_path, embedder, monkeypatch):
    import drift.embed

    gold = shared_path("gold", "trace-seeds.json")
    monkeypatch.setattr(drift.embed, "CachedEmbedder", lambda *a, **k: embedder)
    out = tmp_path / "seeds.json"
    res = runner.invoke(app, ["trace", str(SEEDS), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)
    m = _eval(gold, out)
    assert m["pair_f1"] == 1.0 and m["original_accuracy"] == 1.0, m
    # 000, 003 and 004 share a subject, not text: none of them copies another.
    d = json.loads(out.read_text())
    fam = {x["id"][:3]: x["family"] for x in d["documents"]}
    assert len({fam["000"], fam["003"], fam["004"]}) == 3
    reasons = " ".join(next(x for x in d["documents"] if x["id"].startswith("002"))["reasons"])
    assert "'Kiev'" in reasons


@pytest.mark.slow
def test_onestopenglish_and_mqm_slice(tmp_path, embedder):
    ose_src = shared_path("eval", "onestopenglish", "docs.jsonl")
    mqm_src = shared_path("eval", "mqm_zhen_news2021", "docs_by_system.jsonl")
    tool = shared_path("tools", "eval_trace.py")
    ose_rows = [json.loads(x) for x in ose_src.read_text(encoding="utf-8").splitlines()]
    topics = sorted({r["topic"] for r in ose_rows})[::19]  # 10 topics spread over the alphabet
    mqm_rows = [json.loads(x) for x in mqm_src.read_text(encoding="utf-8").splitlines()]
    docs = sorted({r["doc"] for r in mqm_rows})[::17]  # 3 source articles x 15 translations
    slices = {
        "ose": [r for r in ose_rows if r["topic"] in topics],
        "mqm-docs": [r for r in mqm_rows if r["doc"] in docs],
    }
    corpus, gold = [], {"families": {}, "originals": {}}
    for kind, rows in slices.items():
        src = tmp_path / f"{kind}.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        made = subprocess.run([PY, str(tool), "--make", kind, str(src)], capture_output=True, text=True, check=True)
        corpus += made.stdout.splitlines()
        g = json.loads(subprocess.run([PY, str(tool), "--gold", kind, str(src)], capture_output=True, text=True,
                                      check=True).stdout)
        gold["families"].update(g["families"])
        gold["originals"].update(g["originals"])
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(corpus) + "\n", encoding="utf-8")
    gpath = tmp_path / "gold.json"
    gpath.write_text(json.dumps(gold))
    r = trace(read_inputs([str(feed)]), embedder)
    out = tmp_path / "out.json"
    out.write_text(json.dumps(result_dict(r)))
    m = _eval(gpath, out)
    assert m["docs"] == 75 and m["pair_f1"] >= 0.99 and m["original_accuracy"] >= 0.9, m
    # Only what decisions needed was embedded, not every sentence.
    assert r.stats.sentences_embedded < 0.6 * r.stats.sentences


@pytest.mark.slow
def test_compare_adds_a_drift_summary_per_copy(tmp_path, embedder, monkeypatch):
    import drift.embed

    monkeypatch.setattr(drift.embed, "CachedEmbedder", lambda *a, **k: embedder)
    out = tmp_path / "seeds.json"
    res = runner.invoke(app, ["trace", str(SEEDS), "--compare", "--format", "json", "-o", str(out)])
    d = json.loads(out.read_text())
    jsonschema.validate(d, SCHEMA)
    codes = []
    for doc in d["documents"]:
        if doc["derived_from"] is None:
            assert "compare" not in doc
        else:
            c = doc["compare"]
            assert c["against"] == doc["derived_from"] and c["verdict"] and sum(c["counts"].values()) > 0
            codes.append(c["exit_code"])
    # compare's exit rules over the copies (drift.compare.batch_exit_status)
    assert res.exit_code == (1 if 1 in codes else 5 if 5 in codes else 0), res.output
    res = runner.invoke(app, ["trace", str(SEEDS / "003_8c60dce76ff90822.txt"), str(SEEDS / "002_81a412d12f6b9c31.txt"),
                              "--compare", "--no-color"])
    assert res.exit_code in (0, 1) and "drift index" in res.stdout


def test_compare_refused_for_a_pair_still_gives_the_trace(tmp_path, hash_model, monkeypatch):
    """`trace --compare`: a pair compare refuses (over the alignment limit) is one line on
    standard error and exit 3; the trace itself is still written."""
    import drift.compare
    import drift.judge
    from drift.errors import InputError

    def refuse(o, c, *a, **k):
        raise InputError(f"{c.source}: 9000 x 9000 sentence pairs is over the alignment limit", code="too_large")

    monkeypatch.setattr(drift.compare, "compare_documents", refuse)
    monkeypatch.setattr(drift.judge, "cached_judge", lambda *a, **k: None)
    (tmp_path / "a.txt").write_text(_article(VOCAB_A, 6, 1))
    (tmp_path / "b.txt").write_text(_article(VOCAB_A, 6, 1))
    out = tmp_path / "out.json"
    res = runner.invoke(app, ["trace", str(tmp_path), "--compare", "--format", "json", "-o", str(out)])
    err = res.stderr.strip().splitlines()
    assert res.exit_code == 3 and len(err) == 1 and "not compared" in err[0] and "alignment limit" in err[0], res.output
    d = json.loads(out.read_text())
    assert len(d["families"]) == 1


def test_a_member_without_a_link_path_from_the_original_is_still_placed():
    """place_family given only part of a family's links (the English members of a family a
    translation joined): a member the links do not reach hangs from the original instead of
    ending the run (it was a KeyError, exit 70)."""
    from drift.trace import CopyLink, OriginWeights, TraceInput, place_family, prepare

    texts = {k: _article(VOCAB_A, 6, 1) for k in ("a", "b")} | {"c": _article(VOCAB_A, 6, 2)}
    docs = [d for d in prepare([TraceInput(k, f"{k}.txt", t) for k, t in texts.items()])]
    link = CopyLink("a", "b", 1.0, 1.0, 6, 6, 6, 6, 1.0)
    original, placed = place_family(docs, [link], OriginWeights())
    assert set(placed) == {"a", "b", "c"} and original in ("a", "b")
    assert placed["c"][0] == original and "through links to its other members" in placed["c"][2][0]
