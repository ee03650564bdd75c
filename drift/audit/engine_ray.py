"""The Ray engine (`drift audit --engine ray`): the audit's per-item work on a Ray cluster (Ray Data).

Optional: the local engine never imports this module's dependencies. The driver (the
`drift audit` process) reads the inputs, keeps the SQLite store and the caches, and does the
work that needs every document at once (candidate search, verification and families);
Ray Data actors do the work that is per item and dominates the cost, each loading its
models once:

1. **Segment** every document the segmentation cache lacks (`segment_on_ray`): the layouts
   come back and go into the driver's cache (drift.doccache).
2. **Embed** every body sentence of every document the embedding cache lacks
   (`embed_on_ray`): the vectors come back into the driver's cache. The tracer and the
   comparisons then find everything cached, so the driver loads no encoder.
3. **Compare** every copy with its original (`run_ray`): reports stream back to the driver,
   which alone writes to SQLite (one transaction per comparison, as locally), so a killed
   run resumes the same way.

The values are those the local engine computes (the same functions on the same texts), so
families and verdicts are the same (tested on a small feed); only the work moves.

Cluster: ``--ray-address`` (or ``RAY_ADDRESS``) names an existing cluster, whose workers
need the same drift version and models installed (a wheel or ``pip install -e .``); without
it a local instance is started (``num_cpus`` = the number of actors). Inputs are read on
the driver, so they need not be on shared storage.
"""

from __future__ import annotations

import logging
import os
from typing import Sequence

from ..errors import ModelError
from .models import ModelSpec
from .tasks import PairKey, PairTask, WorkerError, compare_tasks, describe, set_torch_threads


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

        set_torch_threads(1)  # one core per actor: the encoder would take them all
        tasks = [
            PairTask(PairKey(batch["original_id"][i], batch["copy_id"][i], batch["original_hash"][i],
                             batch["copy_hash"][i], batch["signature"][i]),
                     batch["original_label"][i], batch["original_text"][i], batch["copy_label"][i], batch["copy_text"][i])
            for i in range(len(batch["original_id"]))
        ]
        reports, seconds, errors = [], [], []
        try:
            results = compare_tasks(tasks, self.spec)  # the batch's pairs judged in one call, as locally
        except Exception as exc:  # noqa: BLE001 - reported per pair
            results = [(None, exc)] * len(tasks)
        for report, out in results:
            if report is None:
                code, msg = describe(out)
                reports.append("")
                seconds.append(0.0)
                errors.append(f"{code}\t{msg}")
            else:
                reports.append(json.dumps(report, ensure_ascii=False))
                seconds.append(out)
                errors.append("")
        return {"original_id": list(batch["original_id"]), "copy_id": list(batch["copy_id"]),
                "report": reports, "seconds": seconds, "error": errors}


def connect(actors: int | None = None, address: str | None = None) -> int:
    """Join the cluster at ``address`` (else ``RAY_ADDRESS``), or start a local instance with
    ``actors`` CPUs; the number of actors to use (default: every CPU of the cluster)."""
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
        address = address or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR,
                     runtime_env={"env_vars": env})
        else:
            ray.init(num_cpus=actors or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR, runtime_env={"env_vars": env})
    return actors or max(1, int(ray.cluster_resources().get("CPU", 1)))


class _Segmenter:
    """A Ray Data actor: each text's layout (drift.doccache's record), or b"" where
    build_document refuses it (the driver then meets the same error itself)."""

    def __call__(self, batch: dict) -> dict:
        from ..compare import build_document
        from ..doccache import _encode
        from ..errors import InputError

        out = []
        for source, text in zip(batch["source"], batch["text"]):
            try:
                out.append(_encode(build_document(str(source), str(text))))
            except InputError:
                out.append(b"")
        return {"key": list(batch["key"]), "layout": out}


class _Encoder:
    """A Ray Data actor: sentence vectors (float32 bytes) with the spec's embedder."""

    spec_dict: dict = {}

    def __init__(self) -> None:
        self.spec = ModelSpec(**self.spec_dict)

    def __call__(self, batch: dict) -> dict:
        set_torch_threads(1)
        embedder, _ = self.spec.build()
        vecs = embedder.encode([str(t) for t in batch["text"]])
        return {"key": list(batch["key"]), "vector": [v.astype("float32").tobytes() for v in vecs]}


def _map(rows: list[dict], fn, actors: int, batch_size: int):
    import ray

    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), actors * 8)))
    return ds.map_batches(fn, batch_size=batch_size, batch_format="numpy",
                          compute=ray.data.ActorPoolStrategy(size=max(1, actors)), num_cpus=1)


def segment_on_ray(items: Sequence[tuple[str, str]], cache, actors: int) -> int:
    """Segment the (source, text) items ``cache`` (a `DocumentCache`) lacks on Ray and store
    their layouts in it; the number segmented there."""
    from ..cache import key_of
    from ..doccache import fingerprint
    from ..io import MAX_SENTENCES

    fp = fingerprint()
    keyed = {key_of(fp, str(MAX_SENTENCES), text): (source, text) for source, text in items}
    known = cache.store.get_many(list(keyed))
    rows = [{"key": k, "source": s, "text": t} for k, (s, t) in keyed.items() if k not in known]
    if not rows:
        return 0
    _store(_map(rows, _Segmenter, actors, 16).iter_rows(), "layout", cache.store.put_many, 500)
    return len(rows)


def _store(results, field: str, put_many, every: int) -> None:
    """Stream ``results`` rows into a cache, ``every`` entries at a time (key -> bytes of ``field``)."""
    got: dict[str, bytes] = {}
    for row in results:
        if row[field]:
            got[str(row["key"])] = bytes(row[field])
        if len(got) >= every:
            put_many(got)
            got = {}
    put_many(got)


def embed_on_ray(texts: Sequence[str], spec: ModelSpec, embedder, actors: int) -> int:
    """Encode the ``texts`` whose vectors ``embedder`` (the driver's `CachedEmbedder`) lacks on
    Ray and store them in its cache; the number encoded there."""
    import dataclasses

    from ..embed import text_key

    keyed = {text_key(embedder.name, t): t for t in texts}
    known = embedder.cache.get_many(list(keyed))
    rows = [{"key": k, "text": t} for k, t in keyed.items() if k not in known]
    if not rows:
        return 0
    rows.sort(key=lambda r: len(r["text"]))  # batches of similar lengths: little padding
    encoder = type("Encoder", (_Encoder,), {"spec_dict": dataclasses.asdict(spec)})
    _store(_map(rows, encoder, actors, 256).iter_rows(), "vector", embedder.cache.put_many, 2000)
    return len(rows)


def run_ray(tasks: Sequence, spec, sink, actors: int | None, address: str | None = None) -> int:
    """Compare ``tasks`` on Ray; ``actors`` workers (default: every CPU of the cluster). Returns
    the number of actors used."""
    import dataclasses
    import json

    import ray

    actors = connect(actors, address)
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
        batch_size=16,  # copies per actor call: their pairs judged together (compare_tasks)
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
