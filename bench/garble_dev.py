"""Development checks for drift.garble (not a test; prints numbers).

    .venv/bin/python bench/garble_dev.py gold      # seed gold items: findings per item
    .venv/bin/python bench/garble_dev.py mqm       # MQM zh-en: AUROC of the garble score vs fluency errors
    .venv/bin/python bench/garble_dev.py ced       # WMT22 CED identical OK pairs: must give no findings
    .venv/bin/python bench/garble_dev.py synth     # synthetic corruptions of GUM news sentences
    .venv/bin/python bench/garble_dev.py speed     # pairs/s with and without the LM, LM load times
    .venv/bin/python bench/garble_dev.py table     # precision on fluent human text, recall on suite + real MT garble
                                                   #   (tagger only, no LM: the judge's default); -v lists hits

Add --no-lm to skip the language model.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drift.garble import analyse, detect_garble, garble_score  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def models(no_lm: bool):
    from drift.nlp import load_spacy

    t = time.time()
    nlp = load_spacy()
    print(f"spacy load {time.time() - t:.2f}s", file=sys.stderr)
    lm = None
    if not no_lm:
        from drift.lm import load_language_model

        t = time.time()
        lm = load_language_model()
        print(f"lm load {time.time() - t:.2f}s (from cache: {lm.from_cache})", file=sys.stderr)
        if "--memo" in sys.argv:
            lm = MemoLM(lm)
    return lm, nlp


class MemoLM:
    """Keeps surprisals on disk between dev runs (tuning thresholds needs many passes)."""

    path = Path("/tmp/drift-garble-dev-lm.pkl")

    def __init__(self, lm):
        import atexit
        import pickle

        self.lm = lm
        self.memo = pickle.loads(self.path.read_bytes()) if self.path.exists() else {}
        self.n0 = len(self.memo)
        atexit.register(self.save)

    def save(self):
        import pickle

        if len(self.memo) > self.n0:
            self.path.write_bytes(pickle.dumps(self.memo))

    def token_surprisals(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, row in zip(todo, self.lm.token_surprisals(todo)):
                self.memo[t] = row
            if len(self.memo) - self.n0 >= 200:
                self.save()
                self.n0 = len(self.memo)
        return [self.memo[t] for t in texts]


def gold_items():
    for f in ("000-vs-001.json", "003-vs-002.json"):
        d = json.loads((SHARED / "gold" / f).read_text())
        for it in d["items"]:
            yield f, it, " ".join(it["original"]), " ".join(it["copy"])


def cmd_gold(lm, nlp):
    bad = 0
    for f, it, o, c in gold_items():
        if not c:
            continue
        fs = detect_garble(o, c, lm, nlp)
        an = analyse(o, c, lm, nlp)
        score = garble_score(o, c, lm, nlp)
        flag = ""
        if it["label"] == "garbled" and not any(x.severity == "major" for x in fs):
            flag = "  <-- MISSED"
        if it["label"] != "garbled" and any(x.severity == "major" for x in fs):
            flag = "  <-- FALSE MAJOR"
            bad += 1
        print(f"[{it['label']}/{it['severity']}] score={score:.2f}{flag}")
        print("   C:", c[:300])
        for x in fs:
            print(f"   -> {x.severity}: copy={x.copy!r} orig={x.original!r} :: {x.message}")
        for r in an.regions:
            print(
                f"      region {' '.join(t.text for t in an.orig[r.i1:r.i2])!r} -> {' '.join(t.text for t in an.copy[r.j1:r.j2])!r}"
                f" copy {r.copy_mean:.1f}/{r.copy_max:.1f} orig {r.orig_mean:.1f}/{r.orig_max:.1f} excess {r.excess:.1f}"
            )
    print("false majors:", bad)


def auroc(scores, labels):
    pos = [s for s, l in zip(scores, labels) if l]
    neg = [s for s, l in zip(scores, labels) if not l]
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def cmd_mqm(lm, nlp):
    rows = [json.loads(l) for l in open(SHARED / "eval/mqm_zhen_news2021/pairs.subsample10.jsonl", encoding="utf-8")]
    scores, n_find, n_major = [], [], []
    t = time.time()
    for r in rows:
        scores.append(garble_score(r["ref_en"], r["mt_en"], lm, nlp))
        fs = detect_garble(r["ref_en"], r["mt_en"], lm, nlp)
        n_find.append(len(fs))
        n_major.append(sum(f.severity == "major" for f in fs))
    el = time.time() - t
    print(f"{len(rows)} pairs in {el:.1f}s ({len(rows) / el:.1f} pairs/s, score+detect)")
    labels = {
        "any Fluency": lambda r: any(e["category"].startswith("Fluency") for e in r["errors"]),
        "Fluency/Grammar": lambda r: any(e["category"] == "Fluency/Grammar" for e in r["errors"]),
        "major Fluency": lambda r: any(e["category"].startswith("Fluency") and e["severity"] == "Major" for e in r["errors"]),
        "Fluency or Style/Awkward": lambda r: any(
            e["category"].startswith("Fluency") or e["category"] == "Style/Awkward" for e in r["errors"]
        ),
    }
    for name, fn in labels.items():
        lab = [fn(r) for r in rows]
        print(
            f"{name:28s} n+={sum(lab):4d}  AUROC score={auroc(scores, lab):.3f}  "
            f"findings={auroc(n_find, lab):.3f}  majors={auroc(n_major, lab):.3f}  "
            f"flag-rate pos={sum(1 for s, l in zip(n_find, lab) if l and s) / max(1, sum(lab)):.2f} "
            f"neg={sum(1 for s, l in zip(n_find, lab) if not l and s) / max(1, len(lab) - sum(lab)):.2f}"
        )
    if "-v" in sys.argv:
        for r, s in sorted(zip(rows, n_major), key=lambda x: -x[1])[:40]:
            if s:
                fs = detect_garble(r["ref_en"], r["mt_en"], lm, nlp)
                print([(f.severity, f.copy, f.message) for f in fs], [e["category"] for e in r["errors"]])


def cmd_ced(lm, nlp):
    rows = [json.loads(l) for l in open(SHARED / "eval/wmt22_ced_pten/pairs.jsonl", encoding="utf-8")]
    ok = [r for r in rows if r["label"] == "OK"]
    n = sum(len(detect_garble(r["ref_en"], r["mt_en"], lm, nlp)) for r in ok)
    print(f"OK pairs: {len(ok)}, findings: {n}")
    bad = [r for r in rows if r["label"] == "BAD"]
    fb = [(r, detect_garble(r["ref_en"], r["mt_en"], lm, nlp)) for r in bad]
    print(f"BAD pairs (critical meaning errors, mostly fluent): {len(bad)}, with a garble finding: {sum(1 for _, f in fb if f)}, major: {sum(1 for _, f in fb if any(x.severity == 'major' for x in f))}")
    if "-v" in sys.argv:
        for r, f in fb:
            if f:
                print("  ", [(x.severity, x.copy, x.message) for x in f])


def gum_sentences(limit=400, seed=0):
    sents = []
    for line in open(SHARED / "eval/gum_news_sbd/docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", d["text"].replace("\n", " ")):
            s = re.sub(r"\s+", " ", s).strip()
            if 40 <= len(s) <= 260 and s[-1] in ".!?\"”" and s.count(" ") >= 6:
                sents.append(s)
    random.Random(seed).shuffle(sents)
    return sents[:limit]


VERBS = ["Bringing", "Taking", "Making", "Having", "Getting", "Showing", "Leaving", "Giving"]


def corrupt(s: str, kind: str, rnd: random.Random) -> str | None:
    w = s.split(" ")
    if len(w) < 6:
        return None
    k = rnd.randrange(1, len(w) - 2)
    if kind == "swap":
        w[k], w[k + 1] = w[k + 1], w[k]
    elif kind == "dup":
        w.insert(k, w[k])
    elif kind == "drop-verb":
        from drift.nlp import load_spacy

        doc = load_spacy()(s)
        verbs = [t for t in doc if t.tag_ in {"VBD", "VBZ", "VBP", "MD"} and t.i > 0]
        if not verbs:
            return None
        v = rnd.choice(verbs)
        return (s[: v.idx] + s[v.idx + len(v.text) :].lstrip()).strip()
    elif kind == "cap-verb":
        w.insert(k, rnd.choice(VERBS))
    elif kind == "poss-to":
        w.insert(k, rnd.choice(["their to", "its to", "our to"]))
    elif kind == "double-punct":
        return s[:-1] + s[-1] + " ."
    out = " ".join(w)
    return out if out != s else None


def cmd_synth(lm, nlp):
    rnd = random.Random(1)
    sents = gum_sentences(200)
    fa = [s for s in sents if detect_garble(s, s, lm, nlp)]
    print(f"untouched (s, s): {len(sents)} sentences, pairs with findings: {len(fa)}")
    # every rule sees every word as new when the original is empty: the rules' own false-alarm rate
    fa = [(s, detect_garble("", s, lm, nlp)) for s in gum_sentences(400, seed=2)]
    print(f"fluent sentences vs empty original: {len(fa)}, with findings: {sum(1 for _, f in fa if f)}")
    for s, f in fa:
        if f:
            print("   ", [(x.severity, x.copy, x.message) for x in f], "|", s[:120])
    for kind in ("swap", "dup", "drop-verb", "cap-verb", "poss-to", "double-punct"):
        hit = maj = tot = 0
        for s in sents[:100]:
            c = corrupt(s, kind, rnd)
            if c is None:
                continue
            fs = detect_garble(s, c, lm, nlp)
            tot += 1
            hit += bool(fs)
            maj += any(f.severity == "major" for f in fs)
        print(f"{kind:13s} n={tot:3d} detected={hit / max(tot, 1):.2f} major={maj / max(tot, 1):.2f}")


def cmd_paraphrase(lm, nlp):
    """Human paraphrase pairs: ref.B vs ref.A in MQM (independent human translations)."""
    rows = [json.loads(l) for l in open(SHARED / "eval/mqm_zhen_news2021/pairs.subsample10.jsonl", encoding="utf-8")]
    rb = [r for r in rows if r["system"] == "ref.B"]
    fl = [(r, detect_garble(r["ref_en"], r["mt_en"], lm, nlp)) for r in rb]
    print(f"ref.B vs ref.A: {len(rb)} pairs, with findings {sum(1 for _, f in fl if f)}, major {sum(1 for _, f in fl if any(x.severity == 'major' for x in f))}")
    for r, f in fl:
        if f:
            print("  ", [(x.severity, x.copy, x.message) for x in f], [e["category"] for e in r["errors"]])


def cmd_speed(lm, nlp):
    rows = [json.loads(l) for l in open(SHARED / "eval/mqm_zhen_news2021/pairs.subsample10.jsonl", encoding="utf-8")][:100]
    pairs = [(r["ref_en"], r["mt_en"]) for r in rows]
    for name, l, n in (("rules only", None, None), ("rules+tagger", None, nlp), ("full (lm+tagger)", lm, nlp)):
        if name.startswith("full") and lm is None:
            continue
        t = time.time()
        for o, c in pairs:
            detect_garble(o, c, l, n)
        el = time.time() - t
        print(f"{name:18s} {len(pairs) / el:6.1f} pairs/s")
    if lm is not None:
        sents = gum_sentences(64)
        t = time.time()
        lm.token_surprisals(sents)
        el = time.time() - t
        print(f"lm.token_surprisals: {len(sents) / el:.1f} sentences/s ({sum(len(s) for s in sents) / len(sents):.0f} chars avg)")


# --------------------------------------------------------------------------------------
# table: major garble findings on fluent human text (false alarms) and on broken text (recall)
# --------------------------------------------------------------------------------------
TAG_CACHE = Path("/tmp/drift-garble-dev-tags.pkl")
SUITE_CACHE = Path("/tmp/drift-garble-dev-suite.json")


class _Tok:
    __slots__ = ("text", "idx", "tag_", "is_space")

    def __init__(self, text, idx, tag, sp):
        self.text, self.idx, self.tag_, self.is_space = text, idx, tag, sp


class CachedTags:
    """The tagger's output kept on disk between dev runs (the rules change, the tags do not)."""

    def __init__(self, nlp):
        import pickle

        self.nlp = nlp
        self.memo = pickle.loads(TAG_CACHE.read_bytes()) if TAG_CACHE.exists() else {}
        self.n0 = len(self.memo)

    def warm(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        for t, d in zip(todo, self.nlp.pipe(todo, batch_size=128)):
            self.memo[t] = [(x.text, x.idx, x.tag_, x.is_space) for x in d]
        if len(self.memo) > self.n0:
            import pickle

            TAG_CACHE.write_bytes(pickle.dumps(self.memo))
            self.n0 = len(self.memo)

    def pipe(self, texts):
        texts = list(texts)
        self.warm(texts)
        return [[_Tok(*x) for x in self.memo[t]] for t in texts]


def _ose_rewrites(heldout: bool) -> list[tuple[str, str]]:
    """OneStopEnglish: each advanced sentence with its closest intermediate rewrite (same topic)."""
    import difflib

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
    import perturb
    from build_pair_data import ose_heldout

    by: dict = {}
    for line in open(SHARED / "eval/onestopenglish/docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        if ose_heldout(d["topic"]) == heldout:
            by.setdefault(d["topic"], {})[d["level"]] = perturb.sentences_from_text(d["text"].lstrip("\ufeff"))
    out = []
    for lv in by.values():
        for hi, lo in (("adv", "int"), ("int", "ele")):
            if hi not in lv or lo not in lv:
                continue
            for s in lv[hi]:
                best = max(lv[lo], key=lambda t: difflib.SequenceMatcher(None, s, t).quick_ratio(), default=None)
                if best and s != best and 0.55 <= difflib.SequenceMatcher(None, s, best).ratio() < 1.0:
                    out.append((s, best))
    return out


def _suite() -> list[dict]:
    if SUITE_CACHE.exists():
        return json.loads(SUITE_CACHE.read_text())
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from judge import suite_pairs

    rows = suite_pairs(200)
    SUITE_CACHE.write_text(json.dumps(rows))
    return rows


def table_sets() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """name -> ("fluent" | "broken", pairs)."""
    news = [json.loads(l) for l in open(SHARED / "eval/mqm_zhen_news2021/pairs.jsonl", encoding="utf-8")]
    ted = [json.loads(l) for l in open(SHARED / "eval/mqm_zhen_ted2021/pairs.jsonl", encoding="utf-8")]
    dev = {json.loads(l)["seg_id"] for l in open(SHARED / "eval/mqm_zhen_news2021/pairs.subsample10.jsonl", encoding="utf-8")}
    ced = [json.loads(l) for l in open(SHARED / "eval/wmt22_ced_pten/pairs.jsonl", encoding="utf-8")]
    suite = _suite()

    def pairs(rows):
        return [(r["ref_en"], r["mt_en"]) for r in rows]

    def major_fluency(r):
        return any(e["category"].startswith("Fluency") and e["severity"] == "Major" for e in r["errors"])

    mt = [r for r in news + ted if not r["is_human_translation"]]
    sets = {
        "MQM news ref.B (dev segs)": ("fluent", pairs(r for r in news if r["is_human_translation"] and r["seg_id"] in dev)),
        "MQM news ref.B (all)": ("fluent", pairs(r for r in news if r["is_human_translation"])),
        "MQM TED ref.B (all)": ("fluent", pairs(r for r in ted if r["is_human_translation"])),
        "OSE level rewrites (held-out)": ("fluent", _ose_rewrites(True)),
        "OSE level rewrites (train)": ("fluent", _ose_rewrites(False)),
        "WMT22 OK, not identical": ("fluent", pairs(r for r in ced if r["label"] == "OK" and r["ref_en"] != r["mt_en"])),
        "WMT22 identical": ("fluent", pairs(r for r in ced if r["ref_en"] == r["mt_en"])),
        "MQM MT, no error at all": ("fluent", pairs(r for r in mt if not r["errors"])),
        "MQM MT, major Fluency error": ("broken", pairs(r for r in mt if major_fluency(r))),
        "MQM MT, Fluency/Grammar any": ("broken", pairs(r for r in mt if any(e["category"] == "Fluency/Grammar" for e in r["errors"]))),
    }
    for kind in ("surface", "rewrite"):
        sets[f"suite {kind}"] = ("fluent", [(p["original"], p["copy"]) for p in suite if p["kind"] == kind])
    for kind in ("garble_scramble", "garble_function", "garble_double", "garble_break", "garble_stray"):
        sets[f"suite {kind}"] = ("broken", [(p["original"], p["copy"]) for p in suite if p["kind"] == kind])
    return sets


def cmd_table(lm, nlp):
    tags = CachedTags(nlp)
    sets = table_sets()
    tags.warm([t for _, ps in sets.values() for p in ps for t in p])
    verbose = "-v" in sys.argv
    only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), None)
    print(f"{'set':34s} {'n':>5s} {'major':>7s} {'any':>7s}")
    for name, (role, ps) in sets.items():
        if only and only not in name:
            continue
        maj = anyf = 0
        hits = []
        for o, c in ps:
            fs = detect_garble(o, c, None, tags)
            m = [f for f in fs if f.severity == "major"]
            maj += bool(m)
            anyf += bool(fs)
            if m:
                hits.append((m, c))
        n = max(1, len(ps))
        print(f"{name:34s} {len(ps):5d} {maj / n:7.1%} {anyf / n:7.1%}   ({role})")
        if verbose and (role == "fluent" or only):
            for m, c in hits[:60]:
                print("     ", [(f.copy, f.message) for f in m], "|", c[:160])


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "gold"
    lm, nlp = models("--no-lm" in sys.argv)
    {"gold": cmd_gold, "mqm": cmd_mqm, "ced": cmd_ced, "synth": cmd_synth, "speed": cmd_speed, "para": cmd_paraphrase, "table": cmd_table}[cmd](lm, nlp)
