"""On-disk SQLite key-value store shared by the embedding and judgement caches.

One file (WAL mode, safe for several processes). An unwritable location never stops a
run: the store then lives in memory only. Keys are hashes of everything that determines
the value (model or judge signature plus the texts), so a changed setting never reads a
stale value.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Sequence


def cache_dir() -> Path:
    env = os.environ.get("DRIFT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "drift"


def model_cache_dir() -> Path:
    """Where derived model files live (the language model's dequantised weights).

    Separate from the result cache (``DRIFT_CACHE_DIR``): these files depend only on the
    installed model packages, are built once per machine, and an empty result cache for a
    cold benchmark must not mean rebuilding them. ``DRIFT_MODEL_CACHE`` overrides.
    """
    env = os.environ.get("DRIFT_MODEL_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "drift" / "models"


def key_of(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class Store:
    """Blob values by key in one table of a SQLite file."""

    def __init__(self, path: Path | None, table: str) -> None:
        if not table.isidentifier():
            raise ValueError(f"table name must be an identifier, got {table!r}")
        self.path = path
        self.table = table
        self._db: sqlite3.Connection | None = None
        self._mem: dict[str, bytes] = {}
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
            db.commit()
            self._db = db
        except (sqlite3.Error, OSError):
            self._db = None

    @property
    def persistent(self) -> bool:
        return self._db is not None

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found = {k: self._mem[k] for k in keys if k in self._mem}
        todo = [k for k in keys if k not in found]
        if self._db is not None:
            for lo in range(0, len(todo), 500):
                chunk = todo[lo : lo + 500]
                q = f"SELECT key, value FROM {self.table} WHERE key IN ({','.join('?' * len(chunk))})"
                try:
                    found.update(self._db.execute(q, chunk))
                except sqlite3.Error:
                    break
        return found

    def put_many(self, items: dict[str, bytes]) -> None:
        self._mem.update(items)
        if self._db is None or not items:
            return
        try:
            self._db.executemany(f"INSERT OR REPLACE INTO {self.table} (key, value) VALUES (?, ?)", list(items.items()))
            self._db.commit()
        except sqlite3.Error:
            pass


def default_store(table: str) -> Store:
    return Store(cache_dir() / "cache.sqlite", table)
