"""The Ray engine (`drift audit --engine ray`): the compare stage on a Ray cluster (Ray Data).

Optional: the local engine never imports this module's dependencies. Ray Data runs
`compare_task` in a pool of actors (each loads the models once), streaming results back
to the driver, which alone writes to SQLite (one transaction per comparison, as locally),
so a killed run resumes the same way. Reading and tracing stay on the driver: they are
cheap next to the comparisons, and the tracer needs every document at once.

Cluster: ``RAY_ADDRESS`` names an existing cluster; without it a local instance is started
(``num_cpus`` = the number of actors).
"""

from __future__ import annotations

import logging
import os
from typing import Sequence

from ..errors import ModelError
from .models import ModelSpec
from .tasks import PairKey, PairTask, WorkerError, compare_task, describe, set_torch_threads


RAY_PIN = "ray[data]==2.60.0"  # pyproject's [ray] extra; the installed metadata wins (ray_requirement)


def ray_requirement() -> str:
    """The pinned Ray requirement of drift's own `ray` extra, as installed (else RAY_PIN)."""
    try:
        from importlib.metadata import requires

        for req in requires("drift") or ():
            spec, _, marker = req.partition(";")
            if "extra" in marker and '"ray"' in marker.replace("'", '"') and spec.strip().startswith("ray"):
                return spec.strip()
    except Exception:  # noqa: BLE001 - metadata missing (a source tree on sys.path): the constant
        pass
    return RAY_PIN


def check_ray() -> None:
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ModelError(
            f"--engine ray needs Ray Data, which is not installed ({exc}); install drift's ray extra "
            f"({ray_requirement()}): `pip install -e '.[ray]'` in drift's checkout, or `pip install 'drift[ray]'`; "
            "or use the default --engine local"
        ) from None


class _Comparer:
    """A Ray Data actor: builds the models once, then compares batches of pairs.

    The model spec is a class attribute (set on a subclass made per run), so the actor has
    no constructor arguments to keep in the object store."""

    spec_dict: dict = {}

    def __init__(self) -> None:
        self.spec = ModelSpec(**self.spec_dict)

    def __call__(self, batch: dict) -> dict:
        import json

        reports, seconds, errors = [], [], []
        for i in range(len(batch["original_id"])):
            set_torch_threads(1)  # one core per actor: the encoder would take them all
            key = PairKey(batch["original_id"][i], batch["copy_id"][i], batch["original_hash"][i],
                          batch["copy_hash"][i], batch["signature"][i])
            task = PairTask(key, batch["original_label"][i], batch["original_text"][i],
                            batch["copy_label"][i], batch["copy_text"][i])
            try:
                report, secs = compare_task(task, self.spec)
                reports.append(json.dumps(report, ensure_ascii=False))
                seconds.append(secs)
                errors.append("")
            except Exception as exc:  # noqa: BLE001 - reported per pair
                code, msg = describe(exc)
                reports.append("")
                seconds.append(0.0)
                errors.append(f"{code}\t{msg}")
        return {"original_id": list(batch["original_id"]), "copy_id": list(batch["copy_id"]),
                "report": reports, "seconds": seconds, "error": errors}


def run_ray(tasks: Sequence, spec, sink, actors: int | None) -> int:
    """Compare ``tasks`` on Ray; ``actors`` workers (default: every CPU of the cluster). Returns
    the number of actors used."""
    import dataclasses
    import json

    import ray

    # Ray Data reports its progress through logging and its own bars: drift has its own.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    if hasattr(ctx, "print_on_execution_start"):
        ctx.print_on_execution_start = False
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # Ray's C++ core logs its own notices to stderr
    env = {k: v for k, v in os.environ.items() if k.startswith(("DRIFT_", "HF_", "TRANSFORMERS_"))}
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR,
                     runtime_env={"env_vars": env})
        else:
            ray.init(num_cpus=actors or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR, runtime_env={"env_vars": env})
    actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    by_pair = {(t.key.original_id, t.key.copy_id): t for t in tasks}
    rows = [
        {"original_id": t.key.original_id, "copy_id": t.key.copy_id, "original_hash": t.key.original_hash,
         "copy_hash": t.key.copy_hash, "signature": t.key.signature, "original_label": t.original_label,
         "original_text": t.original_text, "copy_label": t.copy_label, "copy_text": t.copy_text}
        for t in tasks
    ]
    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), actors * 8)))
    comparer = type("Comparer", (_Comparer,), {"spec_dict": dataclasses.asdict(spec)})
    out = ds.map_batches(
        comparer,
        batch_size=4,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=max(1, actors)),
        num_cpus=1,
    )
    for row in out.iter_rows():
        task = by_pair[(str(row["original_id"]), str(row["copy_id"]))]
        if row["error"]:
            code, _, msg = str(row["error"]).partition("\t")
            sink(task, None, WorkerError(code, msg))
        else:
            sink(task, json.loads(row["report"]), float(row["seconds"]))
    return actors
