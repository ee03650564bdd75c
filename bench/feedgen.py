#!/usr/bin/env python3
"""A deterministic syndication feed of N documents built from the shared data, with its truth.

Originals (the pool, about 360 articles): OneStopEnglish "advanced" Guardian articles, the MQM
2021 reference translations (ref.A), xling_dev's English documents, GUM news, the seed wire
stories (000, 003, 004), and article-length runs of the MQM TED and WMT22 critical-error
references (stand-ins for unrelated stories). Every family is one original and its copies;
about a quarter of the originals get no copy (unrelated articles, singletons in the truth).

Copies, each of a random original of a family, with a partner site's page chrome around it:

- ``verbatim``: the text unchanged, or with quotes and dashes retyped;
- ``cut``: re-headlined, its tail cut and/or a paragraph dropped;
- ``rewrite``: a real rewrite where the data has one (OneStopEnglish's intermediate and
  elementary levels, MQM's second human reference ref.B), else an edited copy;
- ``retranslation``: a real machine translation of the same source where the data has one
  (MQM's 13 systems, seeds 001 and 002), else a synthetic one (synonyms, exonyms such as
  Kyiv -> Kiev, dropped articles, doubled punctuation);
- ``edited``: a number changed, a sentence dropped, a promo paragraph inserted.

Each real rewrite and translation is used once; after that a family gets synthetic ones. The
number of originals grows with N (3.5 % of the feed, up to the pool), so families keep about
the same size and a larger feed is more of the same, as a growing desk's feed is.

Every document has an id, its text and usually a publication time (90 % of the originals,
60 % of the copies; an original before its copies). The truth (``gold.json``, the format of shared/tools/eval_trace.py,
plus ``sources`` and ``kinds``) is written beside the feed, never into it.

usage: python bench/feedgen.py N OUT [--seed S] [--format jsonl|dir] [--grow K]

``OUT/feed.jsonl`` (or ``OUT/feed/*.txt``) and ``OUT/gold.json``; with ``--grow K`` also
``OUT/grow.jsonl``: K more documents (copies of the feed's families and, while the pool lasts,
new originals), the next day's arrivals, with the truth of all N + K in ``OUT/gold-grown.json``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"

ORIGINAL_SHARE = 0.035  # originals per document of the feed (until the pool runs out)
SINGLE_SHARE = 0.25  # of the originals: no copy at all
KINDS = (("verbatim", 0.30), ("cut", 0.25), ("rewrite", 0.15), ("retranslation", 0.15), ("edited", 0.15))
SITES = [f"partner{k:02d}" for k in range(40)]

CHROME_TOP = ["Skip to main content", "Menu", "Subscribe", "Share this article", "Listen to this article",
              "Advertisement", "Most read", "Sign in", "Home | World | Business | Sport"]
CHROME_BOTTOM = ["Related stories", "Share on Facebook", "Share on Twitter", "Leave a comment",
                 "Copyright 2024 Example Media Group. All rights reserved.", "Sign up for our newsletter",
                 "Read more:", "Topics: World news"]
PROMO = ["Read more: our coverage of this story and others like it is free for subscribers.",
         "Sign up to our morning briefing to get the day's top stories in your inbox."]
# A retranslation's choices: what a round trip through another language does to English news.
SYNONYMS = {
    "said": "stated", "says": "states", "people": "persons", "however": "but", "also": "as well",
    "government": "administration", "president": "head of state", "country": "nation", "big": "large",
    "important": "significant", "help": "assist", "show": "demonstrate", "began": "started",
    "children": "kids", "before": "prior to", "after": "following", "about": "around", "many": "numerous",
    "city": "town", "officials": "authorities", "killed": "left dead", "announced": "declared",
    "because": "since", "during": "in the course of", "attack": "assault", "war": "conflict",
    "police": "law enforcement", "reported": "informed", "according": "in accordance", "week": "seven days",
    "company": "firm", "money": "funds", "world": "globe", "new": "novel", "told": "informed",
}
EXONYMS = {"Kyiv": "Kiev", "Kharkiv": "Kharkov", "Odesa": "Odessa", "Zelenskyy": "Zelensky", "Beijing": "Peking"}


@dataclass
class Source:
    """One original of the pool and the real variants the data has of it."""

    id: str
    text: str
    rewrites: list[str] = field(default_factory=list)  # real rewrites (used once each)
    translations: list[str] = field(default_factory=list)  # real retranslations (used once each)


def _lines(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _chunks(sentences: list[str], size: int) -> list[str]:
    out = []
    for lo in range(0, len(sentences) - size // 2, size):
        part = sentences[lo : lo + size]
        out.append("\n\n".join(" ".join(part[k : k + 3]) for k in range(0, len(part), 3)))
    return out


def pool() -> list[Source]:
    """Every original the shared data offers, in a fixed order."""
    out: list[Source] = []
    ose: dict[str, dict[str, str]] = {}
    for r in _lines(EVAL / "onestopenglish" / "docs.jsonl"):
        ose.setdefault(r["topic"], {})[r["level"]] = r["text"].lstrip("\ufeff")
    for topic in sorted(ose):
        lv = ose[topic]
        if "adv" in lv:
            out.append(Source(f"ose-{topic}", lv["adv"], [lv[k] for k in ("int", "ele") if k in lv]))
    mqm: dict[str, dict[str, str]] = {}
    for r in _lines(EVAL / "mqm_zhen_news2021" / "docs_by_system.jsonl"):
        mqm.setdefault(r["doc"], {})[r["system"]] = "\n\n".join(r["segments"])
    for doc in sorted(mqm):
        sy = mqm[doc]
        if "ref.A" in sy:
            out.append(Source(f"mqm-{doc}", sy["ref.A"], [sy["ref.B"]] if "ref.B" in sy else [],
                              [t for s, t in sorted(sy.items()) if s.startswith("hyp.")]))
    for r in _lines(EVAL / "xling_dev" / "docs.jsonl"):
        if r["lang"] == "en":
            out.append(Source(f"xl-{r['family']}", r["text"]))
    for r in _lines(EVAL / "gum_news_sbd" / "docs.jsonl"):
        out.append(Source(f"gum-{r['doc_id']}", r["text"]))
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))}
    for orig, copy in (("000", "001"), ("003", "002"), ("004", None)):
        if orig in seeds:
            out.append(Source(f"seed-{orig}", seeds[orig], [], [seeds[copy]] if copy in seeds else []))
    talks: dict[str, dict[int, str]] = {}
    for r in _lines(EVAL / "mqm_zhen_ted2021" / "pairs.jsonl"):
        talks.setdefault(r["doc"], {})[int(r["seg_id"])] = r["ref_en"]
    for talk in sorted(talks):
        segs = [talks[talk][k] for k in sorted(talks[talk])]
        out += [Source(f"ted-{talk}-{k}", t) for k, t in enumerate(_chunks(segs, 24))]
    ced = list(dict.fromkeys(r["ref_en"] for r in _lines(EVAL / "wmt22_ced_pten" / "pairs.jsonl")))
    out += [Source(f"ced-{k}", t) for k, t in enumerate(_chunks(ced, 20))]
    return _distinct(out)


def _distinct(sources: list[Source], limit: float = 0.15) -> list[Source]:
    """The sources none of whose texts shares more than ``limit`` of its word 5-grams with an
    earlier kept source's texts. The data has copies under other names (OneStopEnglish's
    "WNL Tributes" and "WNL Use of e-cig" are one article; so are "Royal Baby" and
    "Skydiver"): the truth must not call two copies of one story unrelated."""
    seen: dict[tuple, int] = {}
    kept: list[Source] = []
    for s in sources:
        grams = []
        for t in [s.text, *s.rewrites, *s.translations]:
            w = re.findall(r"\w+", t.lower())
            grams.append({tuple(w[i : i + 5]) for i in range(len(w) - 4)})
        hits: dict[int, int] = {}
        worst = 0.0
        for g in grams:
            hits.clear()
            for x in g:
                if x in seen:
                    hits[seen[x]] = hits.get(seen[x], 0) + 1
            if g and hits:
                worst = max(worst, max(hits.values()) / len(g))
        if worst > limit:
            continue
        k = len(kept)
        kept.append(s)
        for g in grams:
            for x in g:
                seen.setdefault(x, k)
    return kept


# -- copies -------------------------------------------------------------------------------
def paras(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _chrome(ps: list[str], rng: random.Random) -> str:
    return "\n\n".join(rng.sample(CHROME_TOP, 2) + ps + rng.sample(CHROME_BOTTOM, 2)) + "\n"


def _retype(text: str) -> str:
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
            .replace(" \u2013 ", " - ").replace("\u2014", "--"))


def _cut(ps: list[str], rng: random.Random) -> list[str]:
    ps = list(ps)
    if len(ps) > 4 and rng.random() < 0.7:
        ps = ps[: max(3, int(len(ps) * rng.uniform(0.55, 0.9)))]
    if len(ps) > 4 and rng.random() < 0.5:
        del ps[rng.randrange(1, len(ps) - 1)]
    return ps


def _headline(ps: list[str], rng: random.Random) -> list[str]:
    head = ps[0] if len(ps[0]) < 160 else ps[0][:100].rsplit(" ", 1)[0]
    return [rng.choice(["UPDATE: ", "Breaking: ", "", "Exclusive: "]) + head.rstrip(".") + rng.choice(["", " (report)", " - partners"])] + ps[1:]


def _edit(ps: list[str], rng: random.Random) -> list[str]:
    ps = list(ps)
    for i in rng.sample(range(len(ps)), len(ps)):
        m = re.search(r"\b\d[\d,]*\b", ps[i])
        if m:
            n = int(re.sub(r"\D", "", m.group()) or 1)
            ps[i] = ps[i][: m.start()] + f"{n * 3 + 7:,}" + ps[i][m.end():]
            break
    if len(ps) > 3:
        i = rng.randrange(1, len(ps))
        sents = re.split(r"(?<=[.!?])\s+", ps[i])
        if len(sents) > 1:
            del sents[rng.randrange(len(sents))]
            ps[i] = " ".join(sents)
    if rng.random() < 0.5:
        ps.insert(rng.randrange(1, len(ps) + 1), rng.choice(PROMO))
    return ps


def _retranslate(ps: list[str], rng: random.Random) -> list[str]:
    def word(m: re.Match) -> str:
        w = m.group()
        low = w.lower()
        if low in SYNONYMS and rng.random() < 0.7:
            s = SYNONYMS[low]
            return s[0].upper() + s[1:] if w[0].isupper() else s
        if low in ("the", "a") and rng.random() < 0.25:
            return ""
        return EXONYMS.get(w, w)

    out = []
    for p in ps:
        q = re.sub(r"[A-Za-z]+", word, p)
        q = re.sub(r"  +", " ", q).replace(" ,", ",").replace(" .", ".").strip()
        if rng.random() < 0.1:
            q = q.replace(". ", ". . ", 1)
        out.append(q[:1].upper() + q[1:])
    return out


def make_copy(src: Source, kind: str, rng: random.Random) -> tuple[str, str]:
    """(text, kind actually made) of one copy of ``src``."""
    ps = paras(src.text)
    if kind == "rewrite" and src.rewrites:
        ps = paras(src.rewrites.pop(0))
        return _chrome(_cut(ps, rng) if rng.random() < 0.3 else ps, rng), "rewrite"
    if kind == "retranslation" and src.translations:
        return _chrome(paras(src.translations.pop(0)), rng), "retranslation"
    if kind == "verbatim":
        return _chrome([_retype(p) for p in ps] if rng.random() < 0.4 else ps, rng), "verbatim"
    if kind == "cut":
        return _chrome(_headline(_cut(ps, rng), rng), rng), "cut"
    if kind == "retranslation":
        return _chrome(_retranslate(ps, rng), rng), "retranslation-synthetic"
    return _chrome(_edit(_cut(ps, rng) if rng.random() < 0.4 else ps, rng), rng), "edited"


# -- the feed -----------------------------------------------------------------------------
BASE_TIME = datetime(2024, 10, 1, 6, 0, tzinfo=timezone.utc)


def _time(rng: random.Random, family: int, hours: float) -> str | None:
    if rng.random() >= (0.9 if hours == 0 else 0.6):
        return None
    t = BASE_TIME + timedelta(hours=family * 5 + hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _pick_kind(rng: random.Random) -> str:
    x = rng.random()
    for kind, p in KINDS:
        if x < p:
            return kind
        x -= p
    return KINDS[-1][0]


def build(n: int, seed: int = 14, grow: int = 0) -> tuple[list[dict], dict, list[dict], dict]:
    """(feed rows, truth, grown rows, truth of feed + grown): the same n rows for the same seed."""
    rng = random.Random(seed)
    sources = pool()
    rng.shuffle(sources)
    n_orig = min(len(sources), max(8, round(n * ORIGINAL_SHARE)), n)
    chosen, spare = sources[:n_orig], sources[n_orig:]
    copied = [k for k in range(n_orig) if rng.random() >= SINGLE_SHARE] or [0]
    weights = [rng.uniform(0.5, 1.5) for _ in copied]
    rows: list[dict] = []
    fam: dict[str, str] = {}
    orig: dict[str, str] = {}
    kinds: dict[str, str] = {}
    sources_of: dict[str, str] = {}
    for k, s in enumerate(chosen):
        rows.append({"id": s.id, "text": s.text, "published": _time(rng, k, 0)})
        fam[s.id], orig[f"f:{s.id}"], kinds[s.id] = f"f:{s.id}", s.id, "original"

    def add_copies(count: int, r: random.Random, members: list[Source], ws: list[float], out: list[dict], tag: str) -> None:
        for j in range(count):
            k = r.choices(range(len(members)), ws)[0]
            s = members[k]
            text, kind = make_copy(s, _pick_kind(r), r)
            cid = f"{r.choice(SITES)}-{tag}{j:05d}"
            out.append({"id": cid, "text": text, "published": _time(r, chosen.index(s) if s in chosen else k, r.uniform(1, 48))})
            fam[cid], kinds[cid], sources_of[cid] = f"f:{s.id}", kind, s.id

    members = [chosen[k] for k in copied]
    copies: list[dict] = []
    add_copies(n - n_orig, rng, members, weights, copies, "c")
    rows += copies
    rng.shuffle(rows)
    truth = {"families": dict(fam), "originals": dict(orig), "sources": dict(sources_of), "kinds": dict(kinds)}
    grown: list[dict] = []
    if grow:
        g = random.Random(f"{seed}:grow:{n}")
        n_new = min(len(spare), round(grow * ORIGINAL_SHARE * 2))
        for s in spare[:n_new]:
            grown.append({"id": s.id, "text": s.text, "published": _time(g, len(chosen) + 1, 0)})
            fam[s.id], orig[f"f:{s.id}"], kinds[s.id] = f"f:{s.id}", s.id, "original"
        add_copies(grow - n_new, g, members + spare[:n_new], weights + [1.0] * n_new, grown, "g")
    truth_all = {"families": fam, "originals": orig, "sources": sources_of, "kinds": kinds}
    return rows, truth, grown, truth_all


def write(rows: list[dict], out: Path, fmt: str = "jsonl", name: str = "feed") -> Path:
    """The rows as ``out/NAME.jsonl`` or as ``out/NAME/<id>.txt`` (text only); the path written."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "dir":
        d = out / name
        d.mkdir(exist_ok=True)
        for r in rows:
            (d / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        return d
    p = out / f"{name}.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) + "\n")
    return p


def main(argv: list[str]) -> None:
    args = list(argv)
    seed, fmt, grow = 14, "jsonl", 0
    pos = []
    while args:
        a = args.pop(0)
        if a == "--seed":
            seed = int(args.pop(0))
        elif a == "--format":
            fmt = args.pop(0)
        elif a == "--grow":
            grow = int(args.pop(0))
        elif a.startswith("-"):
            sys.exit(__doc__)
        else:
            pos.append(a)
    if len(pos) != 2 or fmt not in ("jsonl", "dir"):
        sys.exit(__doc__)
    n, out = int(pos[0]), Path(pos[1])
    rows, truth, grown, truth_all = build(n, seed, grow)
    path = write(rows, out, fmt)
    (out / "gold.json").write_text(json.dumps(truth))
    if grow:
        write(grown, out, fmt, "grow")
        (out / "gold-grown.json").write_text(json.dumps(truth_all))
    counts: dict[str, int] = {}
    for k in truth["kinds"].values():
        counts[k] = counts.get(k, 0) + 1
    print(f"{len(rows)} documents in {path} ({len(truth['originals'])} originals); kinds: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
