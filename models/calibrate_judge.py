"""Calibrate how the pair model's outputs and the typed findings become drift's verdict.

    python models/calibrate_judge.py --data /tmp/pairdata/calib.jsonl --out drift/data/judge.json

Runs exactly what the judge runs (the packaged pair model and the typed rule findings) on the
`calib` split written by models/build_pair_data.py — held-out MQM segments and synthetic
rows, never trained on, never the MQM test subsample — and chooses, on those rows only:
- the ranker ``s = clip(bias + sum of w_f * feature_f, 0, 1)`` over drift.calibration.RANK_FEATURES:
  a ridge regression with non-negative weights (every signal of change can only raise the
  score) of each row's target severity (MQM points as ``1 - exp(-mqm / 6)``, synthetic
  meaning changes and faithful edits as build_pair_data.py labels them) on all calib rows;
- ``major_p`` and ``confirm``: the pair P(major) at which the model alone makes a pair major,
  and the per-span P(major) at which a typed major finding stands. Chosen to maximise the
  recall of meaning changes (synthetic kinds, macro-averaged) while at most 4.5 % of the
  independent human re-translations and 4 % of the faithful edits (synthetic, and the
  editors' word-for-word rewrites of build_pair_data.ose_paraphrases) are flagged;
  each group of typed findings (drift.calibration.kind_group: fact, garble, quote, other) gets
  its own threshold (``confirm_fact``, ``confirm_garble``, ``confirm_quote``, ``confirm``), found by a joint grid search;
- ``major_p`` is then raised in 0.01 steps (to at most 0.99) as long as the macro recall stays
  within one point (``MAJOR_P_SLACK``) of the search's best: a pair made major by P(major)
  alone carries no typed finding an editor could check, and on the held-out human
  re-translations and OneStopEnglish rewrites those verdicts were the false alarms (see the
  pair model's card);
- ``close``, ``confirm_close`` and ``confirm_close_fact``: in a close copy
  (drift.judge.kept_wording >= close: the copy keeps the original's words in order and
  changes a few) a changed number, date or negation is a clean substitution the rules see
  exactly, and so are broken words (garble) and a list item dropped or added
  (drift.calibration.confirm_kind), so they need less support (``confirm_close_fact``), and every other kind one
  threshold (``confirm_close``, at least 0.3: the calibration rows hold almost no close human
  re-translations, so the model must not disagree outright). Chosen with the others, first on
  a coarse grid per (close, confirm_close, confirm_close_fact), then fine; where the coarse
  grid ties on synthetic recall, the setting that flags more of the MQM rows raters marked
  major wins (then the stricter).
The human re-translation limit holds in each domain (news, TED) separately and with a margin
of one row (it must still hold were one more row flagged): each domain has only ~55 human
rows here, and a threshold that held on the pooled rows flagged 10 % of held-out news rows.
- ``minor``: the s at or above which a pair counts as drift (75th percentile of the human
  re-translations: most faithful paraphrases stay `paraphrase`);
- ``major_boost``: what a major verdict adds to the ranker's s (drift.calibration.Calibration.final:
  a major pair scores ``max(s + major_boost, minor)``, any other under ``line``), from 0 to 0.3:
  the one whose final drift scores correlate best (Pearson) with the MQM points of the calib MQM
  rows. ``line`` stays 0.9: at or above it only major pairs score. (Until judge @21 every major
  pair scored at or above the line and every other below it; on these rows that ranked the
  MQM copies worse: Pearson 0.434 against 0.480, Kendall tau 0.357 against 0.365.)
The figures on the calibration rows are written beside the parameters.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_pair_data import PARAPHRASE  # noqa: E402

HUMAN_MAX = 0.045
FAITHFUL_MAX = 0.04
MAJOR_P_SLACK = 0.01  # macro recall major_p may give up to be stricter (one point)
LINE = 0.9  # at or above this drift score only major pairs score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True, help="calib.jsonl from build_pair_data.py")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    from scipy.stats import kendalltau
    from sklearn.linear_model import Ridge
    from sklearn.metrics import roc_auc_score

    from drift.calibration import GROUPS, RANK_FEATURES, Calibration, confirm_kind, kind_group
    from drift.judge import STYLE_KINDS, _support, all_findings, closeness, rank_features, word_overlap
    from drift.nlp import load_spacy
    from drift.pairmodel import load_pair_model

    rows = [json.loads(l) for l in open(args.data, encoding="utf-8")]
    model = load_pair_model()
    # the model's outputs depend only on the model: cached by its version; the typed findings
    # are recomputed every time (the rules change more often than the model)
    import pickle

    cache = args.data.with_name(f"calib-preds-{model.version.replace('#', '-')}.pkl")
    if cache.is_file():
        preds = pickle.loads(cache.read_bytes())
    else:
        preds = model.predict([(r["original"], r["copy"]) for r in rows])
        cache.write_bytes(pickle.dumps(preds))
    nlp = load_spacy()
    ev, findings, overlaps = [], [], []
    for r, p in zip(rows, preds):
        fs = all_findings(r["original"], r["copy"], None, nlp)
        findings.append(fs)
        overlaps.append(word_overlap(r["original"], r["copy"]))
        ev.append({"score": p.score, "p_major": p.p_major, "features": rank_features(p, overlaps[-1]),
                   "support": [[confirm_kind(f), _support(f, p)] for f in fs if f.severity == "major" and f.kind not in STYLE_KINDS]})
    support = [[(kind_group(k), x) for k, x in e["support"]] for e in ev]
    kept = np.array([closeness(r["original"], r["copy"], fs, ov.kept) for r, fs, ov in zip(rows, findings, overlaps)])
    score = np.array([e["score"] for e in ev])
    pmaj = np.array([e["p_major"] for e in ev])
    mqm = [i for i, r in enumerate(rows) if r["source"] in ("news", "ted")]
    human = [i for i in mqm if rows[i].get("human")]
    paraphrases = [i for i, r in enumerate(rows) if r["source"] == PARAPHRASE]  # editors' word-for-word rewrites
    faithful = [i for i, r in enumerate(rows) if r["source"].startswith("synth") and r["major"] == 0] + paraphrases
    kinds = defaultdict(list)
    for i, r in enumerate(rows):
        if r["source"].startswith("synth") and r["major"] == 1:
            kinds[r["source"].split(":")[1]].append(i)
    mt_major = [i for i in mqm if rows[i]["major"] == 1]

    lab = [rows[i]["major"] for i in mqm]
    keep = [k for k, v in enumerate(lab) if v >= 0]
    feats = np.array([[e["features"][f] for f in RANK_FEATURES] for e in ev])
    ranker = Ridge(alpha=1.0, positive=True).fit(feats, [r["score"] for r in rows])
    rank = {"bias": round(float(ranker.intercept_), 5), **{f: round(float(w), 5) for f, w in zip(RANK_FEATURES, ranker.coef_)}}
    rank = {f: w for f, w in rank.items() if w != 0.0}
    # the judge's own scoring (drift.calibration.Calibration): its ranker here, its line below
    ranked = Calibration("calib", tuple(rank.items()), major_p=1.0, minor=0.0, confirm=1.0)
    s = np.array([ranked.rank_score(e["features"]) for e in ev])
    print(f"ranker {rank}: calib MQM tau {kendalltau(s[mqm], [rows[i]['mqm'] for i in mqm]).statistic:.4f} "
          f"(pair score alone {kendalltau(score[mqm], [rows[i]['mqm'] for i in mqm]).statistic:.4f})", file=sys.stderr)

    # per row, the model's strongest support of a typed major finding in each group
    best_sup = {g: np.array([max((x for gg, x in sup if gg == g), default=-1.0) for sup in support])
                for g in GROUPS}

    def flagged(t):
        loose = np.logical_or.reduce([best_sup[g] >= t[g] for g in GROUPS])
        if t["close"] is not None:
            # as Calibration.confirm_for: facts and garble at confirm_close_fact, the rest at confirm_close
            close = np.logical_or.reduce([best_sup[g] >= (t["confirm_close_fact"] if g in ("fact", "garble") else t["confirm_close"])
                                          for g in GROUPS])
            loose = np.where(kept >= t["close"], close, loose)
        return (pmaj >= t["major_p"]) | loose

    kind_ix = list(kinds.values())

    human_by_domain = [[i for i in human if rows[i]["source"] == d] for d in ("news", "ted")]

    def within(f) -> bool:
        """The limits: human re-translations per domain with a one-row margin, faithful edits."""
        return not (any((f[h].sum() + 1) / len(h) > HUMAN_MAX for h in human_by_domain if h)
                    or f[faithful].mean() > FAITHFUL_MAX)

    def search(steps, close, cc, ccf):
        t, best_macro = None, -1.0
        for mp in np.round(np.arange(0.80, 1.0, 0.02), 2):
            for fa in steps:
                for ga in steps:
                    for qu in steps:
                        for ot in steps[steps >= 0.5]:
                            cand = {"major_p": float(mp), "fact": float(fa), "garble": float(ga), "quote": float(qu),
                                    "other": float(ot), "close": close, "confirm_close": cc, "confirm_close_fact": ccf}
                            f = flagged(cand)
                            if not within(f):
                                continue
                            macro = float(np.mean([f[ix].mean() for ix in kind_ix]))
                            if macro > best_macro + 1e-9:
                                t, best_macro = cand, macro
        return t, best_macro

    coarse = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01])  # 1.01: the group never confirms alone
    outer = [(None, None, None)] + [(c, cc, ccf) for c in (0.8, 0.85, 0.9) for cc in (0.3, 0.5, 0.7)
                                    for ccf in (0.0, 0.1, 0.2, 0.3)]
    scored = []
    for o in outer:
        got, macro = search(coarse, *o)
        real = float(flagged(got)[mt_major].mean()) if got is not None else 0.0  # MQM rows raters call major
        scored.append((macro, real, o))
        print(f"close/confirm_close/confirm_close_fact {o}: coarse macro recall {macro:.3f}, MQM major rows {real:.4f}",
              file=sys.stderr)
    # ties on the synthetic recall: more of the real rater-marked major errors, then the stricter
    # (no close regime first, then higher thresholds)
    _, _, (close, cc, ccf) = max(scored, key=lambda x: (round(x[0], 4), round(x[1], 4), x[2][0] is None, x[2][1] or 0,
                                                        x[2][2] or 0, x[2][0] or 0))
    # the fine grid keeps the coarse one's 1.01 (a group that never confirms alone) as a choice
    t, best_macro = search(np.append(np.round(np.arange(0.05, 1.0, 0.05), 2), 1.01), close, cc, ccf)
    if t is None:
        sys.exit("no thresholds keep the human and faithful flags under their limits")
    # P(major) alone is the one major verdict with no typed finding to show the editor: it gets
    # the least room. major_p rises in 0.01 steps while the macro recall stays within
    # MAJOR_P_SLACK of the search's best (a stricter major_p only lowers the flags it limits).
    while t["major_p"] < 0.99:
        up = dict(t, major_p=round(t["major_p"] + 0.01, 2))
        if np.mean([flagged(up)[ix].mean() for ix in kind_ix]) < best_macro - MAJOR_P_SLACK:
            break
        t = up
    major_p, confirm = t["major_p"], t["other"]
    f = flagged(t)
    minor = float(np.quantile(s[human], 0.75))
    points = [rows[i]["mqm"] for i in mqm]

    def final_of(boost):
        at = replace(ranked, minor=minor, line=LINE, major_boost=boost)
        return np.array([at.final(x, bool(m)) for x, m in zip(s, f)])

    boost = max((0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3),
                key=lambda b: round(float(np.corrcoef(final_of(b)[mqm], points)[0, 1]), 3))
    final = final_of(boost)
    out = {
        "version": "calib-" + args.data.stem,
        "model": model.version,
        "rank": rank,
        "major_p": round(major_p, 3),
        "minor": round(minor, 4),
        "confirm": round(confirm, 3),
        "confirm_fact": t["fact"],
        "confirm_garble": t["garble"],
        "confirm_quote": t["quote"],
        "close": t["close"],
        "confirm_close": t["confirm_close"],
        "confirm_close_fact": t["confirm_close_fact"],
        "line": LINE,
        "major_boost": boost,
        "calibrated_on": f"{len(rows)} held-out calib rows ({len(mqm)} MQM incl. {len(human)} human re-translations, "
                         f"{sum(map(len, kinds.values()))} synthetic meaning changes, {len(faithful) - len(paraphrases)} synthetic faithful edits"
                         + (f", {len(paraphrases)} real lexical paraphrases)" if paraphrases else ")"),
        "calib_figures": {
            "kendall_tau_mqm": round(float(kendalltau(final[mqm], points).statistic), 4),
            "pearson_mqm": round(float(np.corrcoef(final[mqm], points)[0, 1]), 4),
            "auroc_major": round(float(roc_auc_score([lab[k] for k in keep], final[mqm][keep])), 4),
            "human_flagged_major": round(float(f[human].mean()), 4),
            "human_flagged_major_news": round(float(f[human_by_domain[0]].mean()), 4),
            "faithful_flagged_major": round(float(f[faithful].mean()), 4),
            "mqm_major_rows_flagged": round(float(f[mt_major].mean()), 4),
            "synthetic_recall": {k: round(float(f[ix].mean()), 3) for k, ix in sorted(kinds.items())},
        },
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
