"""`drift compare` and `drift trace` across languages, with the real cross-lingual encoder
(USE-multilingual: de, ru, zh and ar here; one load for the whole session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drift.cli import app
from drift.compare import build_document, compare_documents
from drift.lang import language_notes
from drift.schema import report_to_dict

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "xling"


@pytest.fixture(scope="session")
def xembedder(tmp_path_factory):
    from drift.embed import EmbeddingCache
    from drift.xling.embed import USE_NAME, load_xling_encoder, xling_embedder

    load_xling_encoder(USE_NAME)  # loaded once for the session
    return xling_embedder(USE_NAME, EmbeddingCache(tmp_path_factory.mktemp("xemb") / "e.sqlite"))


def _doc(name: str):
    return build_document(name, (DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def reports(xembedder):
    en = _doc("en.txt")
    return {name: compare_documents(en, _doc(name), xembedder) for name in ("de.txt", "de_changed.txt", "ru.txt", "zh.txt")}


@pytest.mark.parametrize("name, lang", [("de.txt", "de"), ("ru.txt", "ru"), ("zh.txt", "zh")])
def test_faithful_translations(reports, name, lang):
    r = reports[name]
    d = report_to_dict(r)
    assert (d["original"]["language"], d["copy"]["language"]) == ("en", lang)
    assert [(a["original"], a["copy"]) for a in d["alignments"]] == [([i], [i]) for i in range(7)]
    assert r.verdict == "faithful"
    assert not [a for a in d["alignments"] if a["severity"] == "major"]
    assert "judge:xling@1(en->" in r.signature and "embed:use-multilingual-v3" in r.signature
    assert r.direction is not None and "translation of the English original" in r.direction.reasons[0]


def test_changed_translation_is_aligned_and_its_changes_found(reports):
    r = reports["de_changed.txt"]
    by_original = {v.alignment.original: v for v in r.verdicts}
    changed = by_original[(1,)]
    assert changed.alignment.copy == (3,)
    kinds = {(f.kind, f.severity, f.copy) for f in changed.judgement.findings}
    assert {("number", "major", "3.216"), ("date", "major", "Dienstag")} <= kinds
    f = next(f for f in changed.judgement.findings if f.kind == "number")
    assert r.copy.text[f.copy_span[0] : f.copy_span[1]] == "3.216"
    assert r.original.text[f.original_span[0] : f.original_span[1]] == "3,126"
    assert by_original[(2,)].judgement.findings[0].kind == "negation"
    assert by_original[(3,)].alignment.copy == (5,)
    assert by_original[(4,)].judgement.label == "omitted"
    assert by_original[(5,)].alignment.moved and by_original[(5,)].alignment.copy == (1,)
    assert by_original[(6,)].alignment.moved and by_original[(6,)].alignment.copy == (2,)
    assert r.verdict == "major drift"


def test_unsupported_right_to_left_language_still_works(xembedder):
    en, ar = _doc("en.txt"), _doc("ar.txt")
    assert ar.language == "ar"
    r = compare_documents(en, ar, xembedder)
    notes = " ".join(language_notes(r.original, r.copy))
    assert "Arabic is not among the languages" in notes and "right-to-left" in notes
    aligned = [v for v in r.verdicts if v.alignment.original and v.alignment.copy]
    assert len(aligned) >= 4
    assert not any(f.kind == "number" and f.severity == "major" for v in r.verdicts for f in v.judgement.findings)


def test_cli_json_reports_languages(xembedder, monkeypatch):
    monkeypatch.setattr("drift.xling.embed.xling_embedder", lambda name, cache=None: xembedder)
    res = CliRunner().invoke(app, ["compare", str(DATA / "en.txt"), str(DATA / "de_changed.txt"), "--format", "json"])
    assert res.exit_code == 1, res.output
    d = json.loads(res.stdout)
    assert (d["original"]["language"], d["copy"]["language"]) == ("en", "de")


def test_trace_puts_translations_in_the_english_family(xembedder):
    from drift.embed import HashEmbedder
    from drift.trace import TraceInput, trace
    from drift.xling import trace as xtrace

    items = [TraceInput(p.stem, str(p), p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.txt")) if p.stem != "ar"]
    orig = xtrace.cross_language_links
    found = {}

    def links(docs, f, embedder_for=None, config=xtrace.XlingTraceConfig()):
        found["called"] = True
        return orig(docs, f, lambda name: xembedder, config)

    import drift.xling.trace as mod

    mod.cross_language_links, saved = links, mod.cross_language_links
    try:
        result = trace(items, HashEmbedder())
    finally:
        mod.cross_language_links = saved
    assert found.get("called")
    (family,) = result.families
    assert set(family.members) == {"en", "de", "de_changed", "ru", "zh"} and family.original == "en"
    for p in result.documents:
        if p.id != "en":
            assert p.derived_from == "en" and p.reasons[0].startswith("translation of en")
