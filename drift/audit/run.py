"""One `drift audit` run: read, trace, plan, embed, compare, each stage resumable (see the
package docstring)."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Sequence

from ..errors import InputError, UsageError
from ..progress import NullProgress, Progress  # (re-exported by drift.audit)
from .engine_local import default_jobs, run_pool, run_serial
from .models import ModelSpec, compare_signature, trace_signature
from .store import (
    EXIT_FAILED,
    EXIT_MAJOR,
    EXIT_OK,
    SCHEMA_VERSION,
    AuditStore,
    DocRow,
    PairKey,
    Placed,
    store_errors,
)
from .tasks import PairTask, WorkerError, describe



@dataclass
class Traced:
    placed: list[Placed]
    families: list[tuple[int, str, int]]  # (family id, original, size)
    documents: dict = field(default_factory=dict)  # doc id -> drift.types.Document, as segmented by the tracer
    stats: object = None  # the tracer's drift.trace.TraceStats


def _published(value: str | None):
    from ..ingest import iso_time

    iso = iso_time(value) if value else None
    if iso is None:
        return None
    t = datetime.fromisoformat(iso)
    return t if isinstance(t, datetime) and t.tzinfo else datetime.fromisoformat(iso + "T00:00:00+00:00")


def trace_documents(docs: Sequence[DocRow], embedder, progress: Progress | None = None) -> Traced:
    """Families, originals and placements of ``docs`` (drift.trace over all of them)."""
    from ..doccache import DocumentCache
    from ..trace import TraceInput, trace

    items = [TraceInput(d.id, d.label, d.text, _published(d.published), d.title, d.url) for d in docs]
    result = trace(items, embedder, documents=DocumentCache(), progress=progress)
    placed, families = [], []
    originals = {f.original for f in result.families}
    for p in result.documents:
        if p.error is not None:
            placed.append(Placed(p.id, None, None, False, 0.0, (), (p.error.code, p.error.message)))
        else:
            placed.append(Placed(p.id, p.family, p.derived_from, p.id in originals, float(p.confidence), tuple(p.reasons)))
    for f in result.families:
        families.append((int(f.id), f.original, len(f.members)))
    return Traced(placed, families, {d.id: d.document for d in result.traced}, result.stats)


def _trace_key(signature: str, docs: Sequence[DocRow]) -> str:
    h = hashlib.sha256(signature.encode())
    for d in docs:
        h.update(f"\n{d.id}\t{d.text_hash}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class AuditResult:
    run_id: int
    exit_code: int
    stats: dict
    failures: list[tuple[str, str, str, str]]  # (stage, item, code, reason) of this run
    notes: list[str]


def run_audit(inputs: Sequence[str], db_path: Path | str, **options) -> AuditResult:
    """Ingest ``inputs`` into the audit database, trace, compare what is new (see the package
    doc). A fault of the database (read-only, disk full, locked past the timeout, damaged)
    is one `InputError` line; what was stored before it is kept, and the next run resumes."""
    with store_errors(db_path):
        return _run_audit(inputs, db_path, **options)


def _run_audit(
    inputs: Sequence[str],
    db_path: Path | str,
    *,
    spec: ModelSpec = ModelSpec(),
    jobs: int | None = None,
    engine: str = "local",
    progress: Progress | None = None,
    embed_batch: int = 512,
    ray_address: str | None = None,
) -> AuditResult:
    from ..ingest import Item, ItemError, Skip, read_all

    progress = progress or NullProgress()
    if engine not in ("local", "ray"):
        raise UsageError(f"--engine must be 'local' or 'ray', got {engine!r}")
    if ray_address and engine != "ray":
        raise UsageError(f"--ray-address {ray_address} needs --engine ray")
    if engine == "ray":
        from .engine_ray import check_ray

        check_ray()
    store = AuditStore(db_path)
    t_start = time.perf_counter()
    csig = compare_signature(spec)
    tsig = trace_signature(spec)
    run_id = store.begin_run(f"audit:{SCHEMA_VERSION}|{tsig}||{csig}", engine, inputs)
    stats: dict = {"documents_new": 0, "documents_known": 0, "read_errors": 0, "skipped": 0, "traced": False,
                   "families": 0, "copies": 0, "comparisons_new": 0, "comparisons_known": 0, "compare_errors": 0,
                   "trace_errors": 0}
    failures: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    status = "failed"
    try:
        # 1. Read ------------------------------------------------------------------------
        this_run: set[str] = set()
        progress.stage("reading documents", None)  # (documents, not files: a feed or a JSONL file holds many)
        for x in read_all(inputs, known_url=store.has_url):
            if isinstance(x, (Item, ItemError)):
                progress.advance()
            if isinstance(x, Item):
                state, doc_id = store.add_document(x, run_id)
                this_run.add(doc_id)
                stats["documents_new" if state == "new" else "documents_known"] += 1
                for w in x.warnings:
                    notes.append(f"{doc_id}: {w}")
                    progress.note(f"note: {doc_id}: {w}")
            elif isinstance(x, Skip):
                stats["skipped"] += 1
                if x.url:  # the entry stands for a stored document: it is part of this run's inputs
                    this_run.update(store.ids_with_url(x.url))
            elif isinstance(x, ItemError):
                store.add_error(run_id, "read", x.item, x.source, x.code, x.reason)
                failures.append(("read", x.item, x.code, x.reason))
                progress.note(f"skipped {x.item}: {x.reason}")
                stats["read_errors"] += 1

        stats["seconds_read"] = round(time.perf_counter() - t_start, 2)
        profile = stats["profile"] = []  # [stage, seconds, items, unit]: `drift audit --profile`
        profile.append(["read", stats["seconds_read"], stats["documents_new"] + stats["documents_known"] + stats["read_errors"], "documents"])

        # 2. Trace -----------------------------------------------------------------------
        t = time.perf_counter()
        docs = store.documents()
        by_id = {d.id: d for d in docs}
        key = _trace_key(tsig, docs)
        built: dict = {}
        if docs and store.meta("trace_key") != key:
            if engine == "ray":  # the per-document work on the cluster, into the caches the tracer reads
                profile += _ray_prepare(docs, spec, jobs, ray_address, progress)
            progress.stage("loading the models", None)
            embedder, _ = spec.build()
            traced = trace_documents(docs, embedder, progress)  # its stages: segmenting, embedding, checking pairs
            store.replace_trace(key, traced.placed, traced.families)
            built = traced.documents
            stats["traced"] = True
            ts = traced.stats
            profile += [
                ["trace: segment", ts.seconds_prepare, ts.documents, "documents"],
                ["trace: embed", ts.seconds_embed, ts.sentences_embedded, "sentences"],
                ["trace: candidates, verify", round(ts.seconds_links - ts.seconds_embed, 2), ts.candidates, "pairs"],
                ["trace: families", round(ts.seconds_total - ts.seconds_prepare - ts.seconds_links, 2), ts.links, "links"],
            ]
        placements = store.placements()
        families = store.families()
        for p in placements.values():
            if p.error is not None and p.doc_id in this_run:
                store.add_error(run_id, "trace", p.doc_id, by_id[p.doc_id].source, p.error[0], p.error[1])
                failures.append(("trace", p.doc_id, p.error[0], p.error[1]))
                progress.note(f"skipped {p.doc_id}: {p.error[1]}")
                stats["trace_errors"] += 1
        stats["families"] = sum(1 for _, size in families.values() if size > 1)
        stats["seconds_trace"] = round(time.perf_counter() - t, 2)
        done = sum(row[1] for row in profile[1:])
        profile.append(["trace: load, store", round(stats["seconds_trace"] - done, 2), len(docs), "documents"])

        # 3. Plan ------------------------------------------------------------------------
        tasks: list[PairTask] = []
        for p in placements.values():
            if p.family is None or p.is_original or families[p.family][1] < 2:
                continue
            stats["copies"] += 1
            o, c = by_id[families[p.family][0]], by_id[p.doc_id]
            k = PairKey(o.id, c.id, o.text_hash, c.text_hash, csig)
            if store.has_comparison(k):
                stats["comparisons_known"] += 1
                continue
            tasks.append(PairTask(k, o.label, o.text, c.label, c.text))

        # 4. Embed, then compare -----------------------------------------------------------
        if tasks:
            t = time.perf_counter()
            n_sent = _pre_embed(tasks, spec, built, progress, embed_batch, (jobs, ray_address) if engine == "ray" else None)
            stats["seconds_embed"] = round(time.perf_counter() - t, 2)
            profile.append(["embed", stats["seconds_embed"], n_sent, "sentences"])
            t = time.perf_counter()
            progress.stage(f"comparing {len(tasks)} copies", len(tasks))

            def sink(task: PairTask, report: dict | None, out) -> None:
                if report is not None:
                    stats["comparisons_new" if store.add_comparison(task.key, report, run_id, out) else "comparisons_known"] += 1
                else:
                    code, msg = (out.code, str(out)) if isinstance(out, WorkerError) else describe(out)
                    store.add_error(run_id, "compare", task.key.copy_id, by_id[task.key.copy_id].source, code,
                                    f"against {task.key.original_id}: {msg}")
                    failures.append(("compare", task.key.copy_id, code, msg))
                    progress.note(f"not compared {task.key.copy_id}: {msg}")
                    stats["compare_errors"] += 1
                progress.advance()

            if engine == "ray":
                from .engine_ray import run_ray

                stats["jobs"] = run_ray(tasks, spec, sink, jobs, ray_address)
            elif (n_jobs := jobs or default_jobs(len(tasks))) <= 1:
                stats["jobs"] = 1
                run_serial(tasks, spec, sink, built)
            else:
                stats["jobs"] = n_jobs
                run_pool(tasks, spec, n_jobs, sink)
            stats["seconds_compare"] = round(time.perf_counter() - t, 2)
            profile.append(["compare", stats["seconds_compare"], len(tasks), "pairs"])

        # 5. Outcome -----------------------------------------------------------------------
        current = store.current_comparisons()
        touched = {cid: r for cid, r in current.items() if cid in this_run or r["original_id"] in this_run}
        major = [cid for cid, r in touched.items() if r["major"]]
        stats["major_copies"] = len(major)
        stats["documents"] = len(docs)
        stats["seconds"] = round(time.perf_counter() - t_start, 2)
        # compare's exit rules over the copies (drift.compare.batch_exit_status): 1 a major
        # finding, else 5 an unrelated pair, else 0; a failed item (3) comes first
        from ..compare import batch_exit_status
        from ..errors import ExitCode

        outcome = batch_exit_status(
            ExitCode.MAJOR if r["major"] else ExitCode.UNRELATED if r["verdict"] == "unrelated" else ExitCode.OK
            for r in touched.values()
        )
        exit_code = EXIT_FAILED if failures else EXIT_MAJOR if outcome == ExitCode.MAJOR else int(outcome) if outcome else EXIT_OK
        status = "completed"
        return AuditResult(run_id, exit_code, stats, failures, notes)
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        stats.setdefault("seconds", round(time.perf_counter() - t_start, 2))
        try:
            store.end_run(run_id, status, stats)
        except sqlite3.Error:
            if status == "completed":
                raise
            # (already failing: the first error is the one to report; the run stays 'running'
            # in the database and the next run marks it interrupted)
        finally:
            store.close()


def _ray_prepare(docs: Sequence[DocRow], spec: ModelSpec, jobs: int | None, address: str | None,
                 progress: Progress) -> list[list]:
    """--engine ray before tracing: every document segmented and every body sentence embedded
    on the cluster (what the caches lack), so the tracer and the comparisons find them
    cached. The profile rows of both stages."""
    from ..doccache import DocumentCache
    from .engine_ray import connect, embed_on_ray, segment_on_ray

    progress.stage("starting Ray", None)
    actors = connect(jobs, address)
    t = time.perf_counter()
    cache = DocumentCache()
    progress.stage(f"segmenting {len(docs):,} documents on Ray", None)
    n_seg = segment_on_ray([(d.label, d.text) for d in docs], cache, actors)
    rows = [["ray: segment", round(time.perf_counter() - t, 2), n_seg, "documents"]]
    t = time.perf_counter()
    embedder, _ = spec.build()
    texts = {s.text: None for doc in cache.build_many([(d.label, d.text) for d in docs])
             if not isinstance(doc, Exception) for s in doc.body()}
    progress.stage(f"embedding {len(texts):,} sentences on Ray", None)
    n_emb = embed_on_ray(list(texts), spec, embedder, actors) if hasattr(embedder, "cache") else 0
    rows.append(["ray: embed", round(time.perf_counter() - t, 2), n_emb, "sentences"])
    return rows


def _pre_embed(tasks: Sequence[PairTask], spec: ModelSpec, built: dict, progress: Progress, batch: int,
               ray: tuple | None = None) -> int:
    """Body sentences of every document in ``tasks`` through the embedder (and its cache), in
    large batches: the comparisons then find them cached, in this process or in workers.
    ``ray`` (jobs, address): what the cache lacks is encoded on the cluster. Returns the
    number of distinct sentences."""
    from ..compare import build_document

    embedder, _ = spec.build()
    texts: dict[str, None] = {}
    seen: set[str] = set()
    for t in tasks:
        for doc_id, label, text in ((t.key.original_id, t.original_label, t.original_text),
                                    (t.key.copy_id, t.copy_label, t.copy_text)):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            try:
                doc = built.get(doc_id) or build_document(label, text)
            except InputError:
                continue  # the comparison reports it
            built.setdefault(doc_id, doc)
            for s in doc.body():
                texts[s.text] = None
    todo = list(texts)
    if ray is not None and hasattr(embedder, "cache"):
        from .engine_ray import connect, embed_on_ray

        progress.stage(f"embedding {len(todo):,} sentences on Ray", None)
        embed_on_ray(todo, spec, embedder, connect(*ray))
        return len(todo)
    progress.stage(f"embedding {len(todo)} sentences", len(todo))
    for lo in range(0, len(todo), batch):
        chunk = todo[lo : lo + batch]
        embedder.encode(chunk)
        progress.advance(len(chunk))
    return len(todo)
