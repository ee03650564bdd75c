"""The audit database: schema, and the store every stage writes through (one SQLite file,
WAL, every write its own transaction). docs/audit-schema.md documents the tables."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .. import __version__
from ..errors import InputError, UsageError
from ..io import shown

SCHEMA_NAME = "drift/audit-db"


SCHEMA_VERSION = 1


APPLICATION_ID = 0x64726966  # "drif": marks the file as a drift audit database


REPORT_SCHEMA = "drift/audit-report@1"

EXIT_OK, EXIT_MAJOR, EXIT_FAILED = 0, 1, 3

SCHEMA_SQL = """
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


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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

        try:
            host = (urlparse(url).hostname or "").lower()
        except ValueError:  # "http://[click]/": not a host; the input names the outlet
            host = ""
        if host:
            return host.removeprefix("www.")
    name = Path(inp.rstrip("/")).name or inp
    return name


def lock_timeout() -> float:
    """Seconds a write waits for another process holding the database (``DRIFT_DB_TIMEOUT``, default 60)."""
    try:
        return max(0.0, float(os.environ.get("DRIFT_DB_TIMEOUT", "60")))
    except ValueError:
        return 60.0


def store_error(exc: BaseException, path: Path) -> InputError:
    """A SQLite or OS error of the audit database as one line saying what happened and what to do."""
    msg = str(getattr(exc, "strerror", None) or exc)
    low = msg.lower()
    where = f"--db {shown(str(path))}"
    if "readonly" in low or "read-only" in low or "permission denied" in low or (
        "unable to open" in low and not os.access(path.parent if str(path.parent) else ".", os.W_OK)
    ):
        return InputError(f"{where}: the audit database is read-only ({msg}); give a writable path, or make it and its "
                          "folder writable", code="db_readonly")
    if "full" in low or "disk i/o" in low or "no space" in low or "too large" in low:
        return InputError(f"{where}: the disk is full (or a file size limit was reached) while writing the audit "
                          f"database ({msg}); free some space and run again: what was stored is kept", code="db_full")
    if "locked" in low or "busy" in low:
        return InputError(f"{where}: the audit database is locked by another process (waited {lock_timeout():.0f} s); "
                          "run again when it is done, or raise DRIFT_DB_TIMEOUT", code="db_locked")
    if "malformed" in low or "not a database" in low or "corrupt" in low or "could not decode" in low:
        return InputError(f"{where}: the audit database is damaged ({msg}); restore it from a backup or give a new file",
                          code="db_corrupt")
    return InputError(f"{where}: audit database error ({msg})", code="db_error")


@contextmanager
def store_errors(path: Path | str) -> Iterator[None]:
    """Turn SQLite and OS errors of the audit database into one-line `InputError`s."""
    try:
        yield
    except sqlite3.Error as exc:
        raise store_error(exc, Path(path)) from None
    except OSError as exc:
        raise store_error(exc, Path(path)) from None


class AuditStore:
    """The audit database: one SQLite file in WAL mode. Every write is its own transaction.

    A file that is a SQLite database with nothing in it (a first run killed while creating
    it) is taken over and created; any other SQLite file without drift's application id and
    tables is refused, as is a file that is not SQLite at all."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        # Reading (`drift report`, create=False), a --db that is missing, empty or not an audit
        # database is unreadable input (exit 3); writing (`drift audit`), a path that cannot
        # become one is a usage error (exit 2).
        bad = UsageError if create else _unreadable
        if self.path.is_dir():
            raise bad(f"--db {shown(str(self.path))} is a directory; give {'a file path' if create else _WRITTEN_BY}")
        if self.path.exists() and not self.path.is_file():
            raise bad(f"--db {shown(str(self.path))} is not a regular file; give {'a file path' if create else _WRITTEN_BY}")
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            if self.path.exists():
                raise _unreadable(f"--db {shown(str(self.path))} is an empty file, not an audit database; give {_WRITTEN_BY}")
            raise InputError(f"--db {shown(str(self.path))}: no such audit database (run `drift audit ... --db "
                             f"{shown(str(self.path))}` first)", code="not_found")
        if exists:
            _check_sqlite_header(self.path, create)
        with store_errors(self.path):
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            timeout = lock_timeout()
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if exists and self._is_empty():
                exists = False  # an interrupted creation: finish it
                if not create:
                    raise _unreadable(f"{shown(str(self.path))}: an empty audit database (its creation was interrupted); "
                                      "run `drift audit` first")
            if exists:
                self._check_schema(create)
            if create or self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if not exists:
                self._create()

    def _is_empty(self) -> bool:
        """A SQLite file with no table and no application id: nothing was ever committed to it."""
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        return app_id == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0

    # -- schema --------------------------------------------------------------------------
    def _create(self) -> None:
        with self.tx():
            if self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise UsageError(f"--db {self.path} is a SQLite database of something else; give a new file")
            for stmt in SCHEMA_SQL.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            self.db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("schema", SCHEMA_NAME), ("schema_version", str(SCHEMA_VERSION)), ("created", now()),
                 ("created_by", f"drift {__version__}")],
            )
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_schema(self, create: bool = True) -> None:
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        bad = UsageError if create else _unreadable
        fix = "give a new file" if create else f"give {_WRITTEN_BY}"
        if app_id != APPLICATION_ID:
            raise bad(f"--db {shown(str(self.path))} is not a drift audit database (a SQLite file made by something "
                      f"else); {fix}")
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"meta", "runs", "documents", "families", "placements", "comparisons", "errors"} - tables
        if missing:
            raise bad(f"--db {shown(str(self.path))} is not a drift audit database (no {', '.join(sorted(missing))} "
                      f"table); {fix}")
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
                if (row["host"] == host and row["pid"] and row["pid"] != os.getpid() and _alive(row["pid"])
                        and not _started_after(row["pid"], row["started"])):
                    raise UsageError(
                        f"another drift audit (pid {row['pid']}, started {row['started']}) is writing to {self.path}; "
                        "wait for it to finish"
                    )
                self.db.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (row["id"],))
            cur = self.db.execute(
                "INSERT INTO runs (started, status, signature, engine, inputs, pid, host) VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (now(), signature, engine, json.dumps([i if "://" in i else os.path.abspath(i) for i in inputs], ensure_ascii=False),
                 os.getpid(), host),
            )
            return int(cur.lastrowid)

    def end_run(self, run_id: int, status: str, stats: dict) -> None:
        with self.tx():
            self.db.execute(
                "UPDATE runs SET ended = ?, status = ?, stats = ? WHERE id = ?",
                (now(), status, json.dumps(stats, ensure_ascii=False), run_id),
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
        from ..ingest import text_hash

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
                 run_id, now()),
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
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('traced', ?)", (now(),))

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
                 json.dumps(report, ensure_ascii=False), None if seconds is None else round(seconds, 3), run_id, now()),
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


_WRITTEN_BY = "the file `drift audit --db FILE` wrote"


def _unreadable(message: str) -> InputError:
    return InputError(message, code="db_unreadable")


def _check_sqlite_header(path: Path, create: bool = True) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise store_error(exc, path) from None
    if head != b"SQLite format 3\x00":
        if not create:
            raise _unreadable(f"--db {shown(str(path))} is not a SQLite database, so not an audit database; give {_WRITTEN_BY}")
        raise UsageError(f"--db {shown(str(path))} exists and is not a SQLite database; refusing to touch it (give a new file)")


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


def process_start(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), from /proc; None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            ticks = int(fh.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/stat", "rb") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith(b"btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _started_after(pid: int, started: str) -> bool:
    """Whether process ``pid`` started after the run that recorded it began: its pid was
    reused by another program, and the run it stood for is long dead (a stale lock)."""
    t = process_start(pid)
    if t is None:
        return False
    try:
        began = datetime.fromisoformat(started).timestamp()
    except (TypeError, ValueError):
        return False
    return t > began + 2.0  # (the run's time is kept to the second; the process starts before the run)


def flat_findings(report: dict) -> list[dict]:
    """Every finding of a compare@1 report, with the label and row of its alignment."""
    out = []
    for row, a in enumerate(report["alignments"], 1):
        for f in a["findings"]:
            out.append({"row": row, "label": a["label"], **f})
    return out
