"""`drift audit`: ingest a syndication feed, trace families, compare every copy with its
original, and keep everything in one SQLite file that a killed run resumes from.

Stages (each resumable on its own):

1. **Read** (`drift.ingest`): every input becomes documents or per-item errors. Each document
   is stored in its own transaction, keyed by its id and the SHA-256 of its text, so a
   re-read document is recognised and nothing is stored twice.
2. **Trace** (`drift.trace`): families of copies and their originals, over every document in
   the store (a copy published tomorrow joins today's family). Skipped when neither the set
   of documents nor the tracer's signature changed since the last trace; otherwise the
   placements are replaced in one transaction.
3. **Embed**: the body sentences of every document a comparison needs, in large batches
   through the embedding cache, so the comparisons find them there.
4. **Compare**: every copy against its family's original, only for pairs with no stored
   comparison under the same (ids, text hashes, compare signature) key. One transaction per
   comparison, in a pool of worker processes (``jobs``), serially, or on Ray (``engine="ray"``).

Killed at any point (``kill -9``) and restarted, a run loses at most the item in flight and
duplicates nothing. The schema is documented in docs/audit-schema.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from . import __version__
from .errors import InputError, ModelError, UsageError

SCHEMA_NAME = "drift/audit-db"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x64726966  # "drif": marks the file as a drift audit database
REPORT_SCHEMA = "drift/audit-report@1"

EXIT_OK, EXIT_MAJOR, EXIT_FAILED = 0, 1, 3

_SCHEMA_SQL = """
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE runs (
  id        INTEGER PRIMARY KEY,
  started   TEXT NOT NULL,
  ended     TEXT,
  status    TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  signature TEXT NOT NULL,
  engine    TEXT NOT NULL,
  inputs    TEXT NOT NULL,
  pid       INTEGER,
  host      TEXT,
  stats     TEXT
);
CREATE TABLE documents (
  id        TEXT PRIMARY KEY,
  text_hash TEXT NOT NULL,
  kind      TEXT NOT NULL,
  source    TEXT NOT NULL,
  input     TEXT NOT NULL,
  outlet    TEXT NOT NULL,
  url       TEXT,
  title     TEXT,
  published TEXT,
  byline    TEXT,
  chars     INTEGER NOT NULL,
  text      TEXT NOT NULL,
  warnings  TEXT NOT NULL DEFAULT '[]',
  run_id    INTEGER NOT NULL REFERENCES runs(id),
  added     TEXT NOT NULL
);
CREATE INDEX documents_url ON documents(url);
CREATE INDEX documents_hash ON documents(text_hash);
CREATE TABLE families (
  id       INTEGER PRIMARY KEY,
  original TEXT NOT NULL REFERENCES documents(id),
  size     INTEGER NOT NULL
);
CREATE TABLE placements (
  doc_id       TEXT PRIMARY KEY REFERENCES documents(id),
  family       INTEGER REFERENCES families(id),
  derived_from TEXT REFERENCES documents(id),
  is_original  INTEGER NOT NULL,
  confidence   REAL NOT NULL,
  reasons      TEXT NOT NULL,
  error        TEXT
);
CREATE TABLE comparisons (
  id            INTEGER PRIMARY KEY,
  original_id   TEXT NOT NULL REFERENCES documents(id),
  copy_id       TEXT NOT NULL REFERENCES documents(id),
  original_hash TEXT NOT NULL,
  copy_hash     TEXT NOT NULL,
  signature     TEXT NOT NULL,
  verdict       TEXT NOT NULL,
  drift_index   REAL NOT NULL,
  major         INTEGER NOT NULL,
  counts        TEXT NOT NULL,
  findings      TEXT NOT NULL,
  report        TEXT NOT NULL,
  seconds       REAL,
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  created       TEXT NOT NULL,
  UNIQUE (original_id, copy_id, original_hash, copy_hash, signature)
);
CREATE INDEX comparisons_copy ON comparisons(copy_id);
CREATE TABLE errors (
  id     INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  stage  TEXT NOT NULL CHECK (stage IN ('read', 'trace', 'compare')),
  item   TEXT NOT NULL,
  source TEXT NOT NULL,
  code   TEXT NOT NULL,
  reason TEXT NOT NULL,
  UNIQUE (run_id, stage, item, source)
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------
# Models: what every process (the main one, pool workers, Ray actors) builds for itself
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelSpec:
    """How to build the embedder and the judge; small and picklable, so workers build the same.

    ``embedder="minilm"``: all-MiniLM-L6-v2 through the on-disk cache (the CLI);
    ``"hash"``: the bag-of-words `HashEmbedder` (tests and logic benchmarks, no model).
    """

    embedder: str = "minilm"
    lm: bool = False
    tokens: bool = True
    nlp: bool = True

    def build(self):
        """(embedder, judge), built once per process."""
        got = _MODELS.get(self)
        if got is None:
            from .embed import CachedEmbedder, HashEmbedder
            from .judge import Judge, JudgeConfig, cached_judge

            config = JudgeConfig(use_tokens=self.tokens, use_lm=self.lm, use_nlp=self.nlp)
            if self.embedder == "minilm":
                got = (CachedEmbedder(), cached_judge(config))
            elif self.embedder == "hash":
                got = (HashEmbedder(), Judge(config))
            else:
                raise UsageError(f"unknown embedder {self.embedder!r}")
            _MODELS[self] = got
        return got

    def warm(self) -> None:
        """Load every model now (a worker pays its start-up cost before its first pair)."""
        embedder, judge = self.build()
        if self.embedder == "minilm" or self.tokens:
            from .embed import load_encoder

            load_encoder()
        if self.nlp:
            from .nlp import load_spacy

            load_spacy()
        if self.lm:
            judge._lm()


_MODELS: dict[ModelSpec, tuple] = {}


def compare_signature(spec: ModelSpec) -> str:
    from .compare import CompareConfig, signature

    embedder, judge = spec.build()
    return signature(embedder.name, CompareConfig(), judge)


def trace_signature(spec: ModelSpec) -> str:
    from .trace import SCHEMA, OriginWeights, TraceConfig

    embedder, _ = spec.build()
    return f"{SCHEMA}|embed:{embedder.name}|{TraceConfig().signature()}|{OriginWeights().signature()}"


# --------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocRow:
    id: str
    text_hash: str
    kind: str
    source: str
    outlet: str
    url: str | None
    title: str | None
    published: str | None
    text: str

    @property
    def label(self) -> str:
        """How the document is named in its comparison reports."""
        return self.url or self.source


@dataclass(frozen=True, slots=True)
class Placed:
    doc_id: str
    family: int | None
    derived_from: str | None
    is_original: bool
    confidence: float
    reasons: tuple[str, ...]
    error: tuple[str, str] | None = None  # (code, message)


@dataclass(frozen=True, slots=True)
class PairKey:
    original_id: str
    copy_id: str
    original_hash: str
    copy_hash: str
    signature: str


def outlet_of(url: str | None, inp: str) -> str:
    """Where a document was published: the URL's host, else the input it was read from."""
    if url:
        from urllib.parse import urlparse

        host = (urlparse(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    name = Path(inp.rstrip("/")).name or inp
    return name


class AuditStore:
    """The audit database: one SQLite file in WAL mode. Every write is its own transaction."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise UsageError(f"{self.path}: no such audit database (run `drift audit ... --db {self.path}` first)")
        if self.path.exists() and self.path.is_dir():
            raise UsageError(f"--db {self.path} is a directory; give a file path")
        if exists:
            _check_sqlite_header(self.path)
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = 60000")
            if exists:
                self._check_schema()
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if not exists:
                self._create()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: cannot open the audit database ({exc})") from None
        except OSError as exc:
            raise InputError(f"{self.path}: cannot open the audit database ({exc.strerror or exc})") from None

    # -- schema --------------------------------------------------------------------------
    def _create(self) -> None:
        with self.tx():
            if self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise UsageError(f"--db {self.path} is a SQLite database of something else; give a new file")
            for stmt in _SCHEMA_SQL.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            self.db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("schema", SCHEMA_NAME), ("schema_version", str(SCHEMA_VERSION)), ("created", _now()),
                 ("created_by", f"drift {__version__}")],
            )
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_schema(self) -> None:
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise UsageError(f"--db {self.path} is not a drift audit database (it was made by something else); give a new file")
        if version > SCHEMA_VERSION:
            raise UsageError(
                f"{self.path}: audit schema version {version} is newer than this drift understands ({SCHEMA_VERSION}); upgrade drift"
            )
        if version < SCHEMA_VERSION:  # pragma: no cover - no older version exists yet
            raise UsageError(f"{self.path}: audit schema version {version} is too old; start a new database")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- runs ----------------------------------------------------------------------------
    def begin_run(self, signature: str, engine: str, inputs: Sequence[str]) -> int:
        host = socket.gethostname()
        with self.tx():
            for row in self.db.execute("SELECT id, pid, host, started FROM runs WHERE status = 'running'").fetchall():
                if row["host"] == host and row["pid"] and row["pid"] != os.getpid() and _alive(row["pid"]):
                    raise UsageError(
                        f"another drift audit (pid {row['pid']}, started {row['started']}) is writing to {self.path}; "
                        "wait for it to finish"
                    )
                self.db.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (row["id"],))
            cur = self.db.execute(
                "INSERT INTO runs (started, status, signature, engine, inputs, pid, host) VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (_now(), signature, engine, json.dumps([i if "://" in i else os.path.abspath(i) for i in inputs], ensure_ascii=False),
                 os.getpid(), host),
            )
            return int(cur.lastrowid)

    def end_run(self, run_id: int, status: str, stats: dict) -> None:
        with self.tx():
            self.db.execute(
                "UPDATE runs SET ended = ?, status = ?, stats = ? WHERE id = ?",
                (_now(), status, json.dumps(stats, ensure_ascii=False), run_id),
            )

    # -- documents -------------------------------------------------------------------------
    def ids_with_url(self, url: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE url = ?", (url,))]

    def has_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE url = ? LIMIT 1", (url,)).fetchone() is not None

    def add_document(self, item, run_id: int) -> tuple[str, str]:
        """Store an `Item` unless it is already there: ('new' | 'known', the id it is stored under).

        Already there: the same id with the same text, or the same text and URL under another id.

        An id already used by a different text gets a suffix from the text's hash
        (``id~1a2b3c4d``): both versions are kept and a re-read finds the same one again.
        """
        from .ingest import text_hash

        h = text_hash(item.text)
        with self.tx():
            doc_id = item.id
            row = self.db.execute("SELECT text_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None and item.url:  # the same article reached by another route (a feed entry and its page)
                same = self.db.execute("SELECT id FROM documents WHERE text_hash = ? AND url = ? LIMIT 1",
                                       (h, item.url)).fetchone()
                if same is not None:
                    return "known", same[0]
            warnings = list(item.warnings)
            if row is not None:
                if row[0] == h:
                    return "known", doc_id
                doc_id = f"{item.id}~{h[:8]}"
                row = self.db.execute("SELECT text_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is not None:
                    return "known", doc_id
                warnings.append(f"id {item.id!r} is already used by another text: stored as {doc_id!r}")
            self.db.execute(
                "INSERT INTO documents (id, text_hash, kind, source, input, outlet, url, title, published, byline,"
                " chars, text, warnings, run_id, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, h, item.kind, item.source, item.input, outlet_of(item.url, item.input), item.url, item.title,
                 item.published, item.byline, len(item.text), item.text, json.dumps(warnings, ensure_ascii=False),
                 run_id, _now()),
            )
            return "new", doc_id

    def documents(self, ids: Iterable[str] | None = None) -> list[DocRow]:
        q = "SELECT id, text_hash, kind, source, outlet, url, title, published, text FROM documents"
        if ids is None:
            rows = self.db.execute(q + " ORDER BY rowid").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for lo in range(0, len(wanted), 500):
                chunk = wanted[lo : lo + 500]
                rows += self.db.execute(q + f" WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return [DocRow(*tuple(r)) for r in rows]

    # -- errors ----------------------------------------------------------------------------
    def add_error(self, run_id: int, stage: str, item: str, source: str, code: str, reason: str) -> None:
        with self.tx():
            self.db.execute(
                "INSERT OR REPLACE INTO errors (run_id, stage, item, source, code, reason) VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, stage, item, source, code, reason),
            )

    # -- trace -----------------------------------------------------------------------------
    def placements(self) -> dict[str, Placed]:
        out = {}
        for r in self.db.execute("SELECT * FROM placements"):
            err = json.loads(r["error"]) if r["error"] else None
            out[r["doc_id"]] = Placed(
                r["doc_id"], r["family"], r["derived_from"], bool(r["is_original"]), r["confidence"],
                tuple(json.loads(r["reasons"])), (err["code"], err["message"]) if err else None,
            )
        return out

    def families(self) -> dict[int, tuple[str, int]]:
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT id, original, size FROM families")}

    def replace_trace(self, key: str, placed: Sequence[Placed], families: Sequence[tuple[int, str, int]]) -> None:
        with self.tx():
            self.db.execute("DELETE FROM placements")
            self.db.execute("DELETE FROM families")
            self.db.executemany("INSERT INTO families (id, original, size) VALUES (?, ?, ?)", families)
            self.db.executemany(
                "INSERT INTO placements (doc_id, family, derived_from, is_original, confidence, reasons, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (p.doc_id, p.family, p.derived_from, int(p.is_original), p.confidence,
                     json.dumps(list(p.reasons), ensure_ascii=False),
                     json.dumps({"code": p.error[0], "message": p.error[1]}, ensure_ascii=False) if p.error else None)
                    for p in placed
                ],
            )
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('trace_key', ?)", (key,))
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('traced', ?)", (_now(),))

    # -- comparisons -----------------------------------------------------------------------
    def has_comparison(self, k: PairKey) -> bool:
        return self.db.execute(
            "SELECT 1 FROM comparisons WHERE original_id = ? AND copy_id = ? AND original_hash = ? AND copy_hash = ?"
            " AND signature = ?",
            (k.original_id, k.copy_id, k.original_hash, k.copy_hash, k.signature),
        ).fetchone() is not None

    def add_comparison(self, k: PairKey, report: dict, run_id: int, seconds: float | None) -> bool:
        """Store one comparison; False if the same key is already stored (nothing changes)."""
        s = report["summary"]
        findings = flat_findings(report)
        with self.tx():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO comparisons (original_id, copy_id, original_hash, copy_hash, signature, verdict,"
                " drift_index, major, counts, findings, report, seconds, run_id, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (k.original_id, k.copy_id, k.original_hash, k.copy_hash, k.signature, s["verdict"], s["drift_index"],
                 int(any(f["severity"] == "major" for f in findings) or any(
                     a["severity"] == "major" for a in report["alignments"])),
                 json.dumps(s["counts"], ensure_ascii=False), json.dumps(findings, ensure_ascii=False),
                 json.dumps(report, ensure_ascii=False), None if seconds is None else round(seconds, 3), run_id, _now()),
            )
            return cur.rowcount == 1

    def current_comparisons(self) -> dict[str, sqlite3.Row]:
        """For every copy of the latest trace: its newest comparison with its family's current
        original and both texts as they are now (any signature)."""
        rows = self.db.execute(
            """
            SELECT c.*, p.family AS family FROM placements p
            JOIN families f ON f.id = p.family
            JOIN documents dc ON dc.id = p.doc_id
            JOIN documents do ON do.id = f.original
            JOIN comparisons c ON c.copy_id = p.doc_id AND c.original_id = f.original
                 AND c.copy_hash = dc.text_hash AND c.original_hash = do.text_hash
            WHERE p.is_original = 0
            ORDER BY c.id
            """
        ).fetchall()
        return {r["copy_id"]: r for r in rows}  # the newest wins


def _check_sqlite_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if head != b"SQLite format 3\x00":
        raise UsageError(f"--db {path} exists and is not a SQLite database; refusing to touch it (give a new file)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def flat_findings(report: dict) -> list[dict]:
    """Every finding of a compare@1 report, with the label and row of its alignment."""
    out = []
    for row, a in enumerate(report["alignments"], 1):
        for f in a["findings"]:
            out.append({"row": row, "label": a["label"], **f})
    return out


# --------------------------------------------------------------------------------------
# Progress (the CLI passes a rich implementation; the library default says nothing)
# --------------------------------------------------------------------------------------


class Progress(Protocol):
    def stage(self, name: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def note(self, message: str) -> None: ...


class NullProgress:
    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, message: str) -> None:
        pass


# --------------------------------------------------------------------------------------
# Tracing (one small wrapper around drift.trace, so its API can move without touching the rest)
# --------------------------------------------------------------------------------------


@dataclass
class Traced:
    placed: list[Placed]
    families: list[tuple[int, str, int]]  # (family id, original, size)
    documents: dict = field(default_factory=dict)  # doc id -> drift.types.Document, as segmented by the tracer


def _published(value: str | None):
    from .ingest import iso_time

    iso = iso_time(value) if value else None
    if iso is None:
        return None
    t = datetime.fromisoformat(iso)
    return t if isinstance(t, datetime) and t.tzinfo else datetime.fromisoformat(iso + "T00:00:00+00:00")


def trace_documents(docs: Sequence[DocRow], embedder) -> Traced:
    """Families, originals and placements of ``docs`` (drift.trace over all of them)."""
    from .trace import TraceInput, trace

    items = [TraceInput(d.id, d.label, d.text, _published(d.published), d.title, d.url) for d in docs]
    result = trace(items, embedder)
    placed, families = [], []
    originals = {f.original for f in result.families}
    for p in result.documents:
        if p.error is not None:
            placed.append(Placed(p.id, None, None, False, 0.0, (), (p.error.code, p.error.message)))
        else:
            placed.append(Placed(p.id, p.family, p.derived_from, p.id in originals, float(p.confidence), tuple(p.reasons)))
    for f in result.families:
        families.append((int(f.id), f.original, len(f.members)))
    return Traced(placed, families, {d.id: d.document for d in result.traced})


def _trace_key(signature: str, docs: Sequence[DocRow]) -> str:
    h = hashlib.sha256(signature.encode())
    for d in docs:
        h.update(f"\n{d.id}\t{d.text_hash}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# --------------------------------------------------------------------------------------
# Comparing one pair (the same function runs in this process, in pool workers and on Ray)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairTask:
    key: PairKey
    original_label: str
    original_text: str
    copy_label: str
    copy_text: str


def compare_task(task: PairTask, spec: ModelSpec, documents: dict | None = None) -> tuple[dict, float]:
    """compare@1 report of one pair and the seconds it took; raises what compare raises."""
    from . import compare as _compare
    from .schema import report_to_dict as report_dict

    embedder, judge = spec.build()
    t = time.perf_counter()
    docs = documents or {}
    o = docs.get(task.key.original_id) or _compare.build_document(task.original_label, task.original_text)
    c = docs.get(task.key.copy_id) or _compare.build_document(task.copy_label, task.copy_text)
    report = _compare.compare_documents(o, c, embedder, judge)
    return report_dict(report), time.perf_counter() - t


def _describe(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, InputError):
        return "too_large", str(exc)
    if isinstance(exc, ModelError):
        return "model", str(exc)
    if isinstance(exc, MemoryError):
        return "out_of_memory", "out of memory while comparing"
    return "internal", f"{type(exc).__name__}: {exc}"


Sink = Callable[[PairTask, "dict | None", "float | BaseException"], None]


def _set_torch_threads(n: int) -> int:
    """Set torch's intra-op threads if torch is loaded; the previous number (0: not loaded)."""
    torch = sys.modules.get("torch")
    if torch is None or n <= 0:
        return 0
    before = torch.get_num_threads()
    if before != n:
        torch.set_num_threads(n)
    return before


def _run_serial(tasks: Sequence[PairTask], spec: ModelSpec, sink: Sink, documents: dict, threads: int = 1) -> None:
    """Compare in this process. A comparison makes many small encoder calls, where torch's
    threads cost more than they bring: measured on the 2-core machine under load, 108 pairs
    took 14.7 s with one thread and 46-60 s with two. The encoder sets every core when it
    loads, so the setting is checked before each pair and restored at the end."""
    before = 0
    try:
        for task in tasks:
            before = _set_torch_threads(threads) or before
            _compare_one(task, spec, sink, documents)
    finally:
        if before:
            _set_torch_threads(before)


def _compare_one(task: PairTask, spec: ModelSpec, sink: Sink, documents: dict) -> None:
    try:
        report, secs = compare_task(task, spec, documents)
    except (KeyboardInterrupt, SystemExit, ModelError):
        raise
    except BaseException as exc:  # noqa: BLE001 - one pair must not stop the run
        sink(task, None, exc)
        return
    sink(task, report, secs)


def _worker_init(spec: ModelSpec, threads: int) -> None:
    """Pool worker start-up: die with the parent, load the models, then use ``threads`` threads."""
    try:  # Linux: SIGKILL this worker when the parent dies, even by SIGKILL
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    import signal as _signal

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    global _WORKER_THREADS
    _WORKER_THREADS = max(1, threads)


_WORKER_THREADS = 0


def _worker_compare(task: PairTask, spec: ModelSpec) -> tuple[dict | None, float | str]:
    # Models load lazily (a warm cache needs none); the encoder sets torch to every core when
    # it loads, which oversubscribes the machine when several workers run: set it back.
    _set_torch_threads(_WORKER_THREADS)
    try:
        report, secs = compare_task(task, spec)
    except BaseException as exc:  # noqa: BLE001 - reported back, never raised across the pipe
        code, msg = _describe(exc)
        return None, f"{code}\t{msg}"
    return report, secs


class WorkerError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _run_pool(tasks: Sequence[PairTask], spec: ModelSpec, jobs: int, sink: Sink, threads: int = 1) -> None:
    """Compare in ``jobs`` worker processes (spawned: no model state is forked)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    todo = list(tasks)
    restarts = 0
    while todo:
        ctx = multiprocessing.get_context("spawn")
        ex = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init, initargs=(spec, threads))
        pending: dict = {}
        queue = iter(list(todo))
        done_keys: set = set()
        broken = False
        try:
            def fill() -> None:
                while len(pending) < 2 * jobs:
                    t = next(queue, None)
                    if t is None:
                        return
                    pending[ex.submit(_worker_compare, t, spec)] = t

            fill()
            while pending:
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in finished:
                    task = pending.pop(fut)
                    try:
                        report, out = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        sink(task, None, WorkerError("worker_died", "a worker process died while comparing this pair (out of memory?)"))
                        done_keys.add(task.key)
                        continue
                    done_keys.add(task.key)
                    if report is None:
                        code, _, msg = str(out).partition("\t")
                        sink(task, None, WorkerError(code, msg))
                    else:
                        sink(task, report, float(out))
                if broken:
                    for fut, task in list(pending.items()):  # in flight when the pool broke
                        sink(task, None, WorkerError("worker_died", "a worker process died while comparing this pair (out of memory?)"))
                        done_keys.add(task.key)
                    pending.clear()
                    break
                fill()
        finally:
            ex.shutdown(wait=not broken, cancel_futures=True)
        todo = [t for t in todo if t.key not in done_keys]
        if broken:
            restarts += 1
            if restarts > 3:
                for t in todo:
                    sink(t, None, WorkerError("worker_died", "not compared: worker processes kept dying"))
                return


# --------------------------------------------------------------------------------------
# The whole run
# --------------------------------------------------------------------------------------


@dataclass
class AuditResult:
    run_id: int
    exit_code: int
    stats: dict
    failures: list[tuple[str, str, str, str]]  # (stage, item, code, reason) of this run
    notes: list[str]


def default_jobs(pairs: int) -> int:
    """Worker processes for ``pairs`` comparisons when --jobs is not given.

    Measured on the 2-core machine (bench/audit.py, 2 000 documents, 1 808 pairs, cold cache):
    two workers compared no faster than one process with one torch thread once the load of
    the other users is accounted for (263 s at load 4.8 against 161 s at load 2.8; the shared
    embedding stage slowed by the same factor), and took twice the memory (2.4 GiB against
    1.2 GiB): each worker loads torch, the encoder and spaCy, and a second worker only helps
    when a core is actually free. So: one process unless the machine has idle cores
    (cores minus the 1-minute load average), and never for a handful of pairs, where starting
    workers costs more than it saves.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if pairs < 50 or cpus < 2:
        return 1
    try:
        idle = cpus - os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this platform
        idle = 0.0
    return max(1, min(4, cpus, int(idle + 0.5)))


def run_audit(
    inputs: Sequence[str],
    db_path: Path | str,
    *,
    spec: ModelSpec = ModelSpec(),
    jobs: int | None = None,
    engine: str = "local",
    progress: Progress | None = None,
    embed_batch: int = 512,
) -> AuditResult:
    """Ingest ``inputs`` into the audit database, trace, compare what is new. See the module doc."""
    from .ingest import Item, ItemError, Skip, count_files, read_all

    progress = progress or NullProgress()
    if engine not in ("local", "ray"):
        raise UsageError(f"--engine must be 'local' or 'ray', got {engine!r}")
    if engine == "ray":
        from .audit_ray import check_ray

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
        progress.stage("reading", count_files(inputs))
        for x in read_all(inputs, known_url=store.has_url, on_file=lambda _p: progress.advance()):
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

        # 2. Trace -----------------------------------------------------------------------
        t = time.perf_counter()
        docs = store.documents()
        by_id = {d.id: d for d in docs}
        key = _trace_key(tsig, docs)
        built: dict = {}
        if docs and store.meta("trace_key") != key:
            progress.stage("tracing families", len(docs))
            embedder, _ = spec.build()
            traced = trace_documents(docs, embedder)
            store.replace_trace(key, traced.placed, traced.families)
            progress.advance(len(docs))
            built = traced.documents
            stats["traced"] = True
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
            _pre_embed(tasks, spec, built, progress, embed_batch)
            stats["seconds_embed"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            progress.stage(f"comparing {len(tasks)} copies", len(tasks))

            def sink(task: PairTask, report: dict | None, out) -> None:
                if report is not None:
                    stats["comparisons_new" if store.add_comparison(task.key, report, run_id, out) else "comparisons_known"] += 1
                else:
                    code, msg = (out.code, str(out)) if isinstance(out, WorkerError) else _describe(out)
                    store.add_error(run_id, "compare", task.key.copy_id, by_id[task.key.copy_id].source, code,
                                    f"against {task.key.original_id}: {msg}")
                    failures.append(("compare", task.key.copy_id, code, msg))
                    progress.note(f"not compared {task.key.copy_id}: {msg}")
                    stats["compare_errors"] += 1
                progress.advance()

            if engine == "ray":
                from .audit_ray import run_ray

                stats["jobs"] = run_ray(tasks, spec, sink, jobs)
            elif (n_jobs := jobs or default_jobs(len(tasks))) <= 1:
                stats["jobs"] = 1
                _run_serial(tasks, spec, sink, built)
            else:
                stats["jobs"] = n_jobs
                _run_pool(tasks, spec, n_jobs, sink)
            stats["seconds_compare"] = round(time.perf_counter() - t, 2)

        # 5. Outcome -----------------------------------------------------------------------
        current = store.current_comparisons()
        major = [cid for cid, r in current.items()
                 if r["major"] and (cid in this_run or r["original_id"] in this_run)]
        stats["major_copies"] = len(major)
        stats["documents"] = len(docs)
        stats["seconds"] = round(time.perf_counter() - t_start, 2)
        exit_code = EXIT_FAILED if failures else EXIT_MAJOR if major else EXIT_OK
        status = "completed"
        return AuditResult(run_id, exit_code, stats, failures, notes)
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        stats.setdefault("seconds", round(time.perf_counter() - t_start, 2))
        try:
            store.end_run(run_id, status, stats)
        finally:
            store.close()


def _pre_embed(tasks: Sequence[PairTask], spec: ModelSpec, built: dict, progress: Progress, batch: int) -> None:
    """Body sentences of every document in ``tasks`` through the embedder (and its cache), in
    large batches: the comparisons then find them cached, in this process or in workers."""
    from .compare import build_document

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
    progress.stage(f"embedding {len(todo)} sentences", len(todo))
    for lo in range(0, len(todo), batch):
        chunk = todo[lo : lo + batch]
        embedder.encode(chunk)
        progress.advance(len(chunk))


# --------------------------------------------------------------------------------------
# Reading the store back: the data of `drift report`
# --------------------------------------------------------------------------------------


def report_from_dict(d: dict, original_text: str, copy_text: str):
    """Rebuild a `Report` from its compare@1 JSON and the two texts it was computed on."""
    from .schema import report_from_dict as decode

    return decode(d, original_text, copy_text)


def _doc_info(r: sqlite3.Row) -> dict:
    return {
        "id": r["id"], "title": r["title"], "url": r["url"], "outlet": r["outlet"], "source": r["source"],
        "kind": r["kind"], "published": r["published"], "byline": r["byline"], "chars": r["chars"],
    }


def report_data(store: AuditStore, max_findings: int = 20) -> dict:
    """Everything `drift report` shows, as plain data (``--format json`` prints exactly this)."""
    db = store.db
    docs = {r["id"]: r for r in db.execute(
        "SELECT id, title, url, outlet, source, kind, published, byline, chars, text_hash FROM documents ORDER BY rowid")}
    placements = store.placements()
    families = store.families()
    current = store.current_comparisons()
    copies = []
    for p in placements.values():
        if p.family is None or p.is_original or families[p.family][1] < 2:
            continue
        orig = families[p.family][0]
        c = current.get(p.doc_id)
        entry = {
            **_doc_info(docs[p.doc_id]),
            "family": p.family,
            "original": orig,
            "derived_from": p.derived_from,
            "confidence": p.confidence,
            "reasons": list(p.reasons),
            "compared": c is not None,
        }
        if c is not None:
            findings = json.loads(c["findings"])
            findings.sort(key=lambda f: {"major": 0, "minor": 1}.get(f["severity"], 2))
            entry.update({
                "comparison": c["id"], "verdict": c["verdict"], "drift_index": c["drift_index"], "major": bool(c["major"]),
                "counts": json.loads(c["counts"]), "findings_total": len(findings),
                "findings_major": sum(f["severity"] == "major" for f in findings),
                "findings": findings[:max_findings], "signature": c["signature"], "compared_at": c["created"],
            })
        copies.append(entry)
    copies.sort(key=lambda e: (not e["compared"], -(e.get("drift_index") or 0.0), e["id"]))
    for rank, e in enumerate(copies, 1):
        e["rank"] = rank

    fam_out = []
    members: dict[int, list[str]] = {}
    for p in placements.values():
        if p.family is not None:
            members.setdefault(p.family, []).append(p.doc_id)
    by_copy = {e["id"]: e for e in copies}
    for fid, (orig, size) in sorted(families.items()):
        if size < 2:
            continue
        ms = []
        for m in members.get(fid, []):
            e = by_copy.get(m)
            ms.append({
                "id": m, "title": docs[m]["title"], "outlet": docs[m]["outlet"], "published": docs[m]["published"],
                "original": m == orig, "derived_from": placements[m].derived_from, "confidence": placements[m].confidence,
                "verdict": e.get("verdict") if e else None, "drift_index": e.get("drift_index") if e else None,
            })
        ms.sort(key=lambda x: (not x["original"], -(x["drift_index"] or 0.0), x["id"]))
        worst = max((x["drift_index"] or 0.0 for x in ms), default=0.0)
        fam_out.append({"id": fid, "original": orig, "title": docs[orig]["title"], "size": size,
                        "max_drift_index": worst, "members": ms})
    fam_out.sort(key=lambda f: (-f["max_drift_index"], f["id"]))

    singles = [m for fid, (orig, size) in families.items() if size == 1 for m in [orig]]
    last_run = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    errors = []
    if last_run is not None:
        errors = [dict(r) for r in db.execute(
            "SELECT stage, item, source, code, reason FROM errors WHERE run_id = ? ORDER BY id", (last_run["id"],))]
    # Counts per outlet.
    sources: dict[str, dict] = {}
    for doc_id, r in docs.items():
        s = sources.setdefault(r["outlet"], {"outlet": r["outlet"], "documents": 0, "originals": 0, "copies": 0,
                                             "alone": 0, "untraced": 0, "verdicts": {}, "drift_sum": 0.0, "compared": 0})
        s["documents"] += 1
        p = placements.get(doc_id)
        if p is None or p.family is None:
            s["untraced"] += 1
        elif families[p.family][1] < 2:
            s["alone"] += 1
        elif p.is_original:
            s["originals"] += 1
        else:
            s["copies"] += 1
            e = by_copy.get(doc_id)
            if e and e["compared"]:
                s["verdicts"][e["verdict"]] = s["verdicts"].get(e["verdict"], 0) + 1
                s["drift_sum"] += e["drift_index"]
                s["compared"] += 1
    src_out = []
    for s in sorted(sources.values(), key=lambda s: (-s["copies"], s["outlet"])):
        s["mean_drift_index"] = round(s.pop("drift_sum") / s["compared"], 4) if s["compared"] else None
        src_out.append(s)
    verdicts: dict[str, int] = {}
    for e in copies:
        if e["compared"]:
            verdicts[e["verdict"]] = verdicts.get(e["verdict"], 0) + 1
    runs = [
        {"id": r["id"], "started": r["started"], "ended": r["ended"], "status": r["status"], "engine": r["engine"],
         "inputs": json.loads(r["inputs"]), "stats": json.loads(r["stats"]) if r["stats"] else None}
        for r in db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 20")
    ]
    return {
        "schema": REPORT_SCHEMA,
        "database": str(store.path),
        "schema_version": SCHEMA_VERSION,
        "generated": _now(),
        "totals": {
            "documents": len(docs), "families": len(fam_out), "alone": len(singles),
            "untraced": sum(1 for p in placements.values() if p.family is None),
            "copies": len(copies), "compared": sum(e["compared"] for e in copies),
            "major": sum(bool(e.get("major")) for e in copies), "verdicts": verdicts, "errors": len(errors),
        },
        "copies": copies,
        "families": fam_out,
        "sources": src_out,
        "errors": errors,
        "runs": runs,
    }


def stored_report(store: AuditStore, comparison_id: int):
    """The `Report` of one stored comparison, rebuilt from its compare@1 JSON and the stored texts."""
    row = store.db.execute(
        "SELECT c.report, o.text AS otext, o.text_hash AS oh, d.text AS ctext, d.text_hash AS ch,"
        " c.original_hash, c.copy_hash FROM comparisons c"
        " JOIN documents o ON o.id = c.original_id JOIN documents d ON d.id = c.copy_id WHERE c.id = ?",
        (comparison_id,),
    ).fetchone()
    if row is None:
        raise UsageError(f"no comparison {comparison_id} in {store.path}")
    if row["oh"] != row["original_hash"] or row["ch"] != row["copy_hash"]:  # pragma: no cover - ids are immutable
        raise InputError(f"comparison {comparison_id}: the stored texts changed since it was computed")
    return report_from_dict(json.loads(row["report"]), row["otext"], row["ctext"])
