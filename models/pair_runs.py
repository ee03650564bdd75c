"""Compare trained pair models by the predictions models/train_pair.py writes beside its data
(`pred_calib.jsonl`, `pred_test.jsonl`): the raw score's Kendall tau and Pearson with the MQM
points, P(major)'s AUROC against the major label, and the median P(major) of the independent
human re-translations (which should be low), on the calib MQM rows (news and TED, the split
that chooses) and on the held-out news subsample (`test`, which only reports).

    python models/pair_runs.py f3=/tmp/runs/s13/p2,/tmp/runs/s23/p2 f2=/tmp/runs/f2/p2,...

Each argument is NAME=DIR[,DIR...]: one recipe, one directory per seed; the figures are
printed per directory and as the recipe's mean and spread over its seeds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def figures(rows: list[dict]) -> dict[str, float]:
    from scipy.stats import kendalltau, pearsonr
    from sklearn.metrics import roc_auc_score

    rated = [r for r in rows if r["mqm"] is not None]
    mqm = np.array([r["mqm"] for r in rated], float)
    score = np.array([r["p_score"] for r in rated], float)
    lab = [r for r in rows if r["target_major"] >= 0]
    human = [r["p_major"] for r in rows if r["human"]]
    return {
        "tau": float(kendalltau(score, mqm)[0]),
        "pearson": float(pearsonr(score, mqm)[0]),
        "auroc": float(roc_auc_score([r["target_major"] for r in lab], [r["p_major"] for r in lab])),
        "human_median_p_major": float(np.median(human)) if human else float("nan"),
    }


def main(argv: list[str]) -> None:
    if not argv or any("=" not in a for a in argv):
        raise SystemExit(__doc__)
    for split in ("calib", "test"):
        print(f"== {split}")
        for arg in argv:
            name, dirs = arg.split("=", 1)
            per = []
            for d in dirs.split(","):
                rows = [r for r in _load(Path(d) / f"pred_{split}.jsonl") if r["source"] in ("news", "ted")]
                per.append(figures(rows))
                print(f"  {name:6s} {d:40s} " + "  ".join(f"{k} {v:.4f}" for k, v in per[-1].items()))
            keys = per[0].keys()
            print(f"  {name:6s} {'mean ± sd over ' + str(len(per)) + ' seeds':40s} "
                  + "  ".join(f"{k} {np.mean([p[k] for p in per]):.4f} ±{np.std([p[k] for p in per]):.4f}" for k in keys))


if __name__ == "__main__":
    main(sys.argv[1:])
