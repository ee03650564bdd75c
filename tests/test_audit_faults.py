"""`drift audit` / `drift report` under hostile feeds and store faults (issue 15): no local
file outside the inputs is read, a bad item is one recorded error (never exit 70), and every
fault of the database or of the output is one line with a non-70 exit code.

In-process through typer's runner with the bag-of-words embedder (no model); the few cases
that need a real process (closed standard output, a file-size limit) run `python -m drift`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import drift.audit
from drift.audit import AuditStore, run_audit
from drift.cli import app

from .test_audit import HASH, write_corpus

SECRET = "TOP-SECRET-4242 root:x:0:0:the contents of a file outside the inputs"
TEXT = ("The harbour council voted on Monday to approve the new ferry contract after a long debate. "
        "The harbour master said the service would start in the spring, weather permitting.")
runner = CliRunner()


@pytest.fixture(autouse=True)
def _hash_models(monkeypatch):
    """The CLI builds ModelSpec(lm=...); here it gets the bag-of-words one (no model to load)."""
    monkeypatch.setattr(drift.audit, "ModelSpec", lambda lm=False: HASH)
    monkeypatch.setenv("DRIFT_DB_TIMEOUT", "1")


def _audit(*args: str):
    r = runner.invoke(app, ["audit", *args, "--no-progress"])
    return r.exit_code, [ln for ln in r.stderr.splitlines() if ln.strip()], r.stdout


def _everything(db: Path) -> str:
    """Every value of every table of the database, as one string."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(row) for t in tables for row in con.execute(f"SELECT * FROM {t}"))
    finally:
        con.close()


def _entry(n: int, link: str) -> str:
    return f"<item><title>Story {n}</title><guid>e{n}</guid><link>{link}</link></item>"


def _feed(path: Path, entries: list[str]) -> None:
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>'
                    + "".join(entries) + "</channel></rss>", encoding="utf-8")


# --------------------------------------------------------------------------------------
# Security: a feed cannot make drift read files outside the inputs
# --------------------------------------------------------------------------------------


def test_feed_links_outside_the_inputs_are_never_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET + "\n" + TEXT + "\n", encoding="utf-8")
    (outside / "page.html").write_text(f"<html><body><article><p>{SECRET}</p><p>{TEXT}</p></article></body></html>",
                                       encoding="utf-8")
    feed_dir = tmp_path / "feed"
    feed_dir.mkdir()
    os.symlink(outside, feed_dir / "linked")  # a directory link leading out of the inputs
    os.symlink(outside / "passwd.txt", feed_dir / "alias")  # a file link (no known suffix: not read as an input)
    links = [
        str(outside / "passwd.txt"),  # absolute path
        "../outside/passwd.txt",  # relative, outside the feed's folder
        "linked/page.html",  # through the directory link
        "alias",  # through a file link
        f"file://{outside / 'passwd.txt'}",
        "/proc/self/environ",
        "/dev/zero",
        str(outside / "no-such-file.txt"),  # missing: the same message as an existing file
    ]
    _feed(feed_dir / "wire.rss", [_entry(n, link) for n, link in enumerate(links)])
    db = tmp_path / "a.sqlite"
    r = run_audit([str(feed_dir / "wire.rss")], db, spec=HASH, jobs=1)
    assert r.exit_code == 3 and r.stats["documents_new"] == 0
    assert [(f[2]) for f in r.failures] == ["missing"] * len(links)
    reasons = [f[3] for f in r.failures]
    assert all("is not among the inputs" in x for x in reasons)
    # The message for an existing file and for a missing one differ only by the name.
    assert reasons[0].replace("passwd.txt", "X").split(":", 1)[1] == reasons[-1].replace("no-such-file.txt", "X").split(":", 1)[1]
    assert "TOP-SECRET" not in _everything(db)
    rep = runner.invoke(app, ["report", "--db", str(db), "-f", "json"])
    assert rep.exit_code == 0 and "TOP-SECRET" not in rep.stdout


def test_feed_entities_cannot_read_files_or_blow_up(tmp_path):
    """An external entity (XXE) is never resolved; an entity bomb is one malformed-feed error."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    xxe = tmp_path / "xxe.rss"
    xxe.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]><rss version="2.0">'
                   f"<channel><title>t</title><item><title>&xxe;</title><guid>g</guid><description>&xxe; {TEXT * 4}"
                   "</description></item></channel></rss>", encoding="utf-8")
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    bomb = tmp_path / "bomb.rss"
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss version="2.0"><channel><title>&lol9;</title>'
                    "<item><title>x</title><guid>b</guid><description>&lol9;</description></item></channel></rss>",
                    encoding="utf-8")
    db = tmp_path / "a.sqlite"
    r = run_audit([str(xxe), str(bomb)], db, spec=HASH, jobs=1)
    assert [(f[1], f[2]) for f in r.failures] == [("bomb", "bad_feed")]
    assert r.stats["documents_new"] == 1 and "TOP-SECRET" not in _everything(db)


def test_feed_links_inside_a_named_folder_are_read(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "pages").mkdir(parents=True)
    (inputs / "pages" / "story").write_text(TEXT + "\n", encoding="utf-8")  # no suffix: only the feed names it
    _feed(inputs / "wire.rss", [_entry(1, "pages/story")])
    r = run_audit([str(inputs)], tmp_path / "a.sqlite", spec=HASH, jobs=1)
    assert r.stats["documents_new"] == 1 and not r.failures


# --------------------------------------------------------------------------------------
# Bad items: one recorded error each, exit 3, exactly one line on standard error
# --------------------------------------------------------------------------------------

GOOD = json.dumps({"id": "good", "text": TEXT})
BAD_ITEMS = [
    ("jsonl", "surrogate-text", json.dumps({"id": "v6", "text": "\ud800" + TEXT})),
    ("jsonl", "digits", '{"id": ' + "9" * 5000 + ', "text": "x"}'),
    ("jsonl", "digits-in-text", '{"id": "d", "text": "x", "n": ' + "9" * 5000 + "}"),
    ("jsonl", "deep", "[" * 5000 + "]" * 5000),
    ("jsonl", "surrogate-title", json.dumps({"id": "s", "text": TEXT, "title": "\udc00"})),
    ("jsonl", "escape-in-id", json.dumps({"id": "esc\x1b[2J\x9b31m", "text": ""})),
    ("rss", "surrogate-entity", "<item><title>&#xD800;</title><guid>x</guid><link>https://a.example/1</link></item>"),
]


@pytest.mark.parametrize("kind, name, bad", BAD_ITEMS, ids=[b[1] for b in BAD_ITEMS])
def test_a_bad_item_is_one_error_and_one_line(tmp_path, kind, name, bad):
    if kind == "jsonl":
        src = tmp_path / "feed.jsonl"
        src.write_text(GOOD + "\n" + bad + "\n", encoding="utf-8", errors="surrogatepass")
    else:
        src = tmp_path / "feed.rss"
        src.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
                       f"<item><title>ok</title><guid isPermaLink=\"false\">good</guid><description>{TEXT * 4}</description></item>"
                       f"{bad}</channel></rss>", encoding="utf-8")
    code, err, out = _audit(str(src), "--db", str(tmp_path / "a.sqlite"))
    assert code == 3 and len(err) == 1, (code, err)
    assert all("\x1b" not in ln and "\x9b" not in ln for ln in err)
    assert "good" in _everything(tmp_path / "a.sqlite")


@pytest.mark.parametrize("url", ["http://[click]/", "http://[::1/", "https://[not a host]:80/x"])
def test_a_url_with_a_bad_host_is_stored_under_its_input(tmp_path, url):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT, "url": url}) + "\n", encoding="utf-8")
    code, err, _ = _audit(str(src), "--db", str(tmp_path / "a.sqlite"))
    assert code == 0 and not err, err
    con = sqlite3.connect(tmp_path / "a.sqlite")
    assert con.execute("SELECT url, outlet FROM documents").fetchall() == [(url, "feed.jsonl")]
    con.close()


def test_progress_into_a_pipe_has_no_cursor_sequences(tmp_path):
    """Standard error is not a terminal here: no bars, no escape sequences, item lines only;
    an item name with an escape sequence in it is shown harmlessly."""
    src = tmp_path / "feed.jsonl"
    src.write_text(GOOD + "\n" + json.dumps({"id": "evil\x1b[2J\x1b]0;title\x07", "text": ""}) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["audit", str(src), "--db", str(tmp_path / "a.sqlite")])  # --progress is the default
    assert r.exit_code == 3 and "\x1b" not in r.stderr and "\x07" not in r.stderr, repr(r.stderr)
    assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) == 1


@pytest.mark.parametrize("year", ["0000-01-01", "99999-06-01T00:00:00Z", "0001-01-01T00:00:00+05:00"])
def test_a_publication_date_out_of_range_is_a_warning_not_a_crash(tmp_path, year):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT, "published": year}) + "\n", encoding="utf-8")
    code, err, _ = _audit(str(src), "--db", str(tmp_path / "a.sqlite"))
    assert code == 0 and len(err) == 1 and "not understood or out of range" in err[0], err


def test_rss_items_with_a_year_out_of_range_are_all_kept(tmp_path):
    src = tmp_path / "f.rss"
    src.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
                   + "".join(f"<item><title>t{k}</title><guid>g{k}</guid><pubDate>Mon, 01 Jan {y} 00:00:00 GMT</pubDate>"
                             f"<description>{TEXT} {k} {TEXT * 3}</description></item>" for k, y in enumerate(["0000", "99999", "2024"]))
                   + "</channel></rss>", encoding="utf-8")
    r = run_audit([str(src)], tmp_path / "a.sqlite", spec=HASH, jobs=1)
    assert r.stats["documents_new"] == 3 and not r.failures


# --------------------------------------------------------------------------------------
# The store under faults
# --------------------------------------------------------------------------------------


def _corpus(tmp_path) -> Path:
    write_corpus(tmp_path / "in", originals=1, copies=1)
    return tmp_path / "in"


def test_an_interrupted_creation_is_finished(tmp_path):
    db = tmp_path / "a.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")  # what a first run killed inside its creation leaves
    con.close()
    code, err, _ = _audit(str(_corpus(tmp_path)), "--db", str(db), "-q")
    assert code in (0, 1) and not err, err
    assert AuditStore(db, create=False).meta("schema") == "drift/audit-db"


def _foreign(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    con.commit()
    con.close()


def _drift_id_no_tables(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA application_id = {drift.audit.APPLICATION_ID}")
    con.execute("CREATE TABLE other (x)")
    con.commit()
    con.close()


def _damaged(db: Path) -> None:
    run_audit([str(db.parent / "in")], db, spec=HASH, jobs=1)
    data = bytearray(db.read_bytes())
    for k in range(4096, len(data), 97):  # every page after the header page scribbled over
        data[k] = 0xA5
    db.write_bytes(bytes(data))
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "make, code, says",
    [
        (_foreign, 2, "not a drift audit database"),
        (_drift_id_no_tables, 2, "no comparisons, documents"),
        (_damaged, 3, "damaged"),
        (lambda db: db.write_text("just some text\n"), 2, "not a SQLite database"),
    ],
    ids=["foreign-sqlite", "drift-id-no-tables", "damaged", "not-sqlite"],
)
@pytest.mark.parametrize("cmd", ["audit", "report"])
def test_a_database_that_is_not_usable_is_one_line(tmp_path, make, code, says, cmd):
    _corpus(tmp_path)
    db = tmp_path / "a.sqlite"
    make(db)
    before = db.read_bytes()
    if cmd == "audit":
        got, err, _ = _audit(str(tmp_path / "in"), "--db", str(db))
    else:
        r = runner.invoke(app, ["report", "--db", str(db), "-f", "json"])
        got, err = r.exit_code, [ln for ln in r.stderr.splitlines() if ln.strip()]
    expected = 3 if cmd == "report" else code  # reading: an unusable database is unreadable input (README: exit 3)
    assert got == expected and len(err) == 1 and says in err[0], (got, err)
    if cmd == "report" and code == 2:
        assert "give a new file" not in err[0]  # reading: the fix is the file audit wrote
    if code == 2:
        assert db.read_bytes() == before  # refused untouched


def test_a_locked_database_is_one_line_after_the_timeout(tmp_path):
    db = tmp_path / "a.sqlite"
    run_audit([str(_corpus(tmp_path))], db, spec=HASH, jobs=1)
    (tmp_path / "in" / "new.txt").write_text(TEXT + "\n", encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err, _ = _audit(str(tmp_path / "in"), "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 3 and len(err) == 1 and "locked by another process" in err[0], err


def test_a_read_only_database_is_one_line(tmp_path, monkeypatch):
    db = tmp_path / "a.sqlite"
    run_audit([str(_corpus(tmp_path))], db, spec=HASH, jobs=1)
    (tmp_path / "in" / "new.txt").write_text(TEXT + "\n", encoding="utf-8")
    connect = sqlite3.connect
    # (root ignores file modes: open it read-only the way a read-only file system would)
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    code, err, _ = _audit(str(tmp_path / "in"), "--db", str(db))
    assert code == 3 and len(err) == 1 and "read-only" in err[0], err


def test_a_stale_run_whose_pid_was_reused_does_not_block(tmp_path):
    db = tmp_path / "a.sqlite"
    run_audit([str(_corpus(tmp_path))], db, spec=HASH, jobs=1)
    sleeper = subprocess.Popen(["sleep", "60"])  # alive, and started after the 'running' run below
    try:
        store = AuditStore(db)
        with store.tx():
            store.db.execute("INSERT INTO runs (started, status, signature, engine, inputs, pid, host) VALUES "
                             "('2001-01-01T00:00:00+00:00', 'running', 's', 'local', '[]', ?, ?)",
                             (sleeper.pid, __import__("socket").gethostname()))
        store.close()
        r = run_audit([str(tmp_path / "in")], db, spec=HASH, jobs=1)
        assert r.exit_code in (0, 1)
        # A run that the same live process really started (before it) is respected.
        store = AuditStore(db)
        with store.tx():
            store.db.execute("INSERT INTO runs (started, status, signature, engine, inputs, pid, host) VALUES "
                             "('2999-01-01T00:00:00+00:00', 'running', 's', 'local', '[]', ?, ?)",
                             (sleeper.pid, __import__("socket").gethostname()))
        store.close()
        code, err, _ = _audit(str(tmp_path / "in"), "--db", str(db))
        assert code == 2 and len(err) == 1 and "another drift audit" in err[0], err
    finally:
        sleeper.kill()
        sleeper.wait()


DISK_FULL = textwrap.dedent(
    """
    import resource, signal, sys
    import drift.audit
    from drift.audit import ModelSpec
    drift.audit.ModelSpec = lambda lm=False: ModelSpec(embedder="hash", tokens=False, nlp=False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))
    from drift.cli import run
    sys.argv = ["drift", "audit", sys.argv[1], "--db", sys.argv[2], "-q"]
    run()
    """
)


def test_a_full_disk_is_one_line_and_what_was_stored_is_kept(tmp_path):
    write_corpus(tmp_path / "in", originals=6, copies=3)
    db = tmp_path / "a.sqlite"
    env = {**os.environ, "DRIFT_CACHE_DIR": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-c", DISK_FULL, str(tmp_path / "in"), str(db), str(160 * 1024)],
                       capture_output=True, text=True, env=env, timeout=120)
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 3 and len(err) == 1 and "disk is full" in err[0], (r.returncode, r.stderr)
    # Without the limit the next run finishes the work.
    again = run_audit([str(tmp_path / "in")], db, spec=HASH, jobs=1)
    assert again.exit_code in (0, 1) and not again.failures


# --------------------------------------------------------------------------------------
# Output safety
# --------------------------------------------------------------------------------------


@pytest.fixture
def audited(tmp_path):
    db = tmp_path / "a.sqlite"
    run_audit([str(_corpus(tmp_path))], db, spec=HASH, jobs=1)
    return db


def test_links_planted_in_a_report_directory_are_not_followed(tmp_path, audited):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.html"
    victim.write_text("keep me", encoding="utf-8")
    assert runner.invoke(app, ["report", "--db", str(audited), "-o", str(out)]).exit_code == 0
    (out / "index.html").unlink()
    os.symlink(victim, out / "index.html")  # planted: the next report must not write through it
    os.symlink(victim, out / "index.html.tmp")
    r = runner.invoke(app, ["report", "--db", str(audited), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert victim.read_text(encoding="utf-8") == "keep me" and not (out / "index.html").is_symlink()
    # copies/ replaced by a link to a folder outside -o: refused, nothing written there.
    import shutil

    shutil.rmtree(out / "copies")
    os.symlink(elsewhere, out / "copies")
    r = runner.invoke(app, ["report", "--db", str(audited), "-o", str(out)])
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(err) == 1 and "symbolic link" in err[0], r.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim.html"]


def test_output_that_is_a_hard_link_to_an_input_is_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT + "\n", encoding="utf-8")
    os.link(a, tmp_path / "report.json")
    r = runner.invoke(app, ["compare", str(a), str(a), "-f", "json", "-o", str(tmp_path / "report.json")])
    assert r.exit_code == 2 and "would overwrite the input" in r.stderr
    assert a.read_text(encoding="utf-8") == TEXT + "\n"


def test_report_fails_when_copy_pages_fail(tmp_path, audited, monkeypatch):
    import drift.render.html

    def boom(*a, **k):
        raise RuntimeError("cannot render")

    monkeypatch.setattr(drift.render.html, "render_html", boom)
    r = runner.invoke(app, ["report", "--db", str(audited), "-o", str(tmp_path / "out")])
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 3 and len(err) == 1 and "could not be rendered" in err[0], r.stderr


def test_report_to_a_full_device_is_one_line(tmp_path, audited):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    r = runner.invoke(app, ["report", "--db", str(audited), "-f", "json", "-o", "/dev/full"])
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 3 and len(err) == 1, r.stderr


@pytest.mark.parametrize("redirect", ["closed", "full"])
def test_report_with_standard_output_closed_or_full_is_not_exit_70(tmp_path, audited, redirect):
    if redirect == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    stdout = open("/dev/full", "w") if redirect == "full" else subprocess.DEVNULL
    cmd = [sys.executable, "-c", "import os, sys; " + ("os.close(1); " if redirect == "closed" else "")
           + "from drift.cli import run; sys.argv = ['drift', 'report', '--db', sys.argv[1], '-f', 'json']; run()",
           str(audited)]
    r = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 3 and len(err) == 1 and "standard output" in err[0], (r.returncode, r.stderr)
