"""Long fuzz run over drift's text path and its command line (issue 5).

    .venv/bin/python bench/fuzz.py --minutes 10            # what the closing note reports
    .venv/bin/python bench/fuzz.py --minutes 1 --seed 3    # a quick look

Two kinds of work share the time budget:

* **Library** (most of the time): hypothesis draws hostile text (random Unicode, control and
  bidi characters, combining marks, CJK, HTML and ANSI payloads, mutations of the bad-input
  corpus and of a wire article, long runs without punctuation) and pushes two documents
  through segment -> boilerplate -> align (HashEmbedder) -> judge (fast mode) -> JSON and the
  terminal report, checking the invariants of tests/test_properties.py. It also fuzzes
  `io.decode` with raw bytes and `score.parse_line` / `score_lines` with JSON-ish lines.
  Only `DriftError` is an acceptable exception.
* **CLI** (every ``--cli-every`` seconds): random files are written to a temporary folder
  and `python -m drift compare A B --no-lm` (terminal, -q, or JSON) or `drift score` runs
  as a subprocess; it must end with exit 0, 1 or 3, no traceback, no exit 70, within
  ``--cli-timeout`` seconds and 2 GiB of peak RSS.

Every failure is written to ``--out`` (default bench/fuzz-out/) as a reproducer; the run
ends with a summary line and exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from drift.compare import build_document, compare_documents  # noqa: E402
from drift.embed import HashEmbedder  # noqa: E402
from drift.errors import DriftError  # noqa: E402
from drift.judge import Judge, JudgeConfig  # noqa: E402
from drift.render.jsonout import report_dict  # noqa: E402
from drift.segment import MAX_SENTENCE_CHARS, split_sentences  # noqa: E402

CORPUS = ROOT / "tests" / "badinput" / "files"
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
JUDGE = Judge(JudgeConfig(use_tokens=False, use_lm=False, use_nlp=False))
EMBED = HashEmbedder()

SEEDS_TEXT = [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.stat().st_size < 100_000]
ARTICLE = (CORPUS / "base.txt").read_text(encoding="utf-8")

HOSTILE = (
    "\x00\x01\x07\x08\x1b\x7f\x85\x9b\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029"
    "\ufeff\ufffd\u0301\u0336\u00a0\u3000\t\r\x0b\x0c"
)
SNIPPETS = [
    "\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "[bold red]x[/]", "U.S.", "Mr.", "e.g.", "...", " . . . ", "。", "！", "“", "”", "«", "»", "(", ")",
    "1,000", "3.5", "2024", "Sept. 31", "12:30 p.m.", "not", "never", "more than", "Kyiv", "Kiev",
    "\n\n", "\r\n", "—", "👍🏽", "🇺🇦", "北京", "Москва", "القاهرة", "a\u0301", "7" * 400,
]


def _decode_any(b: bytes) -> str:
    return b.decode("utf-8", "replace") if not b.startswith((b"\xff\xfe", b"\xfe\xff")) else b.decode("utf-16", "replace")


def mutate(text: str, r: random.Random) -> str:
    """A few random edits: insert hostile snippets, delete, duplicate, swap digits, shuffle lines."""
    for _ in range(r.randint(1, 6)):
        op = r.randrange(7)
        k = r.randint(0, len(text))
        if op == 0:
            text = text[:k] + r.choice(SNIPPETS) + text[k:]
        elif op == 1:
            text = text[:k] + "".join(r.choice(HOSTILE) for _ in range(r.randint(1, 5))) + text[k:]
        elif op == 2 and text:
            j = min(len(text), k + r.randint(1, 200))
            text = text[:k] + text[j:]
        elif op == 3 and text:
            j = min(len(text), k + r.randint(1, 500))
            text = text[:j] + text[k:j] * r.randint(1, 4) + text[j:]
        elif op == 4:
            text = re.sub(r"\d", lambda m: str(r.randrange(10)) if r.random() < 0.3 else m.group(), text)
        elif op == 5:
            lines = text.splitlines(keepends=True)
            r.shuffle(lines)
            text = "".join(lines)
        else:
            text = text[::-1] if r.random() < 0.2 else text.upper() if r.random() < 0.5 else text.lower()
    return text


@st.composite
def documents(draw):
    kind = draw(st.sampled_from(["unicode", "words", "corpus", "article", "long"]))
    if kind == "unicode":
        return draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=400))
    if kind == "words":
        parts = draw(st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(min_size=1, max_size=10),
                                        st.sampled_from([" ", ". ", "\n", "? ", ", "])), min_size=1, max_size=120))
        return "".join(parts)
    r = random.Random(draw(st.integers(0, 2**32)))
    if kind == "corpus":
        return mutate(_decode_any(r.choice(SEEDS_TEXT)), r)
    if kind == "article":
        return mutate(ARTICLE, r)
    unit = draw(st.sampled_from(["word ", "x", "北京", "a\u0301", ".", "U.S.", "\u200b", "Mr. "]))
    return unit * draw(st.integers(500, 6000))


def check_text_path(a: str, b: str) -> None:
    for t in (a, b):
        spans = split_sentences(t)
        last = 0
        for s, e in spans:
            assert last <= s < e <= len(t) and t[s:e] == t[s:e].strip() and e - s <= MAX_SENTENCE_CHARS, (s, e)
            last = e
    try:
        da, db = build_document("a", a), build_document("b", b)
        report = compare_documents(da, db, EMBED, JUDGE)
    except DriftError:
        return
    for side, doc in (("original", report.original), ("copy", report.copy)):
        ids = sorted(i for v in report.verdicts for i in getattr(v.alignment, side))
        assert ids == [s.id for s in doc.sentences if not s.boilerplate], side
    data = report_dict(report)
    text = json.dumps(data, ensure_ascii=False)
    text.encode("utf-8")
    assert json.loads(text) == data
    if a == b:
        assert report.drift_index == 0.0
    from rich.console import Console

    from drift.render.terminal import print_report

    buf = io.StringIO()
    print_report(report, Console(file=buf, width=100, no_color=True), show_all=True)
    bad = UNSAFE.findall(buf.getvalue().replace("\n", ""))
    assert not bad, sorted(set(bad))


def check_bytes(data: bytes) -> None:
    from drift.io import decode

    try:
        text = decode(data, "fuzz")
    except DriftError:
        return
    assert isinstance(text, str) and text.strip()
    text.encode("utf-8")


def check_score(lines: list[str]) -> None:
    from drift.score import score_lines

    rows = list(score_lines(lines, EMBED, JUDGE, batch_size=7))
    assert len(rows) == sum(1 for k, line in enumerate(lines) if (line.removeprefix("\ufeff") if k == 0 else line).strip())
    for row in rows:
        json.dumps(row, ensure_ascii=False, allow_nan=False).encode("utf-8")


json_lines = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda i, o, c, extra: json.dumps({"id": i, "original": o, "copy": c, **extra}, ensure_ascii=False),
        st.one_of(st.text(max_size=10), st.integers(), st.none(), st.lists(st.integers(), max_size=3)),
        st.one_of(st.text(max_size=200), st.integers(), st.none()),
        st.one_of(st.text(max_size=200), st.sampled_from(SNIPPETS)),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    ),
    st.sampled_from(['{"id": NaN, "original": "a", "copy": "a"}', "[" * 2000 + "]" * 2000,
                     '{"original": "\\ud800", "copy": "a"}', '{"id": 1e999, "original": "a", "copy": "b"}']),
)


class Run:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.failures = 0
        self.examples = {"text": 0, "bytes": 0, "score": 0, "cli": 0}

    def fail(self, kind: str, payload: dict) -> None:
        self.failures += 1
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"failure-{self.failures:03d}-{kind}.json"
        path.write_text(json.dumps(payload, ensure_ascii=True, indent=1), encoding="utf-8")
        print(f"FAILURE {kind}: {payload.get('error', '')[:300]} -> {path}", flush=True)


def library_round(run: Run, n: int) -> None:
    """n hypothesis examples of each library target; failures are recorded, not raised."""
    cfg = settings(max_examples=n, deadline=None, database=None, derandomize=False,
                   suppress_health_check=list(HealthCheck))

    def guard(kind, fn, *args):
        run.examples[kind] += 1
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001
            run.fail(kind, {"args": [a if isinstance(a, (str, list)) else a.hex() for a in args],
                            "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})

    @cfg
    @given(documents(), documents(), st.booleans())
    def text_target(a, b, same):
        guard("text", check_text_path, a, a if same else b)

    @cfg
    @given(st.one_of(st.binary(max_size=300), st.sampled_from(SEEDS_TEXT).map(lambda b: b[:2000])), st.integers(0, 2**32))
    def bytes_target(data, seed):
        r = random.Random(seed)
        data = bytearray(data)
        for _ in range(r.randint(0, 5)):
            if data:
                data[r.randrange(len(data))] = r.randrange(256)
        guard("bytes", check_bytes, bytes(data))

    @cfg
    @given(st.lists(json_lines, min_size=1, max_size=12))
    def score_target(lines):
        guard("score", check_score, lines)

    text_target()
    bytes_target()
    score_target()


def cli_round(run: Run, r: random.Random, tmp: Path, timeout: float) -> None:
    """One subprocess run of the CLI on random files."""
    a = tmp / "a.txt"
    b = tmp / "b.txt"
    texts = [mutate(_decode_any(r.choice(SEEDS_TEXT)), r) if r.random() < 0.5 else mutate(ARTICLE, r) for _ in range(2)]
    raw = [t.encode("utf-8", "surrogatepass") for t in texts]
    if r.random() < 0.2:  # raw byte damage: invalid UTF-8, NULs, BOMs
        k = r.randrange(2)
        buf = bytearray(raw[k])
        for _ in range(r.randint(1, 4)):
            buf.insert(r.randint(0, len(buf)), r.randrange(256))
        raw[k] = bytes(buf)
    a.write_bytes(raw[0])
    b.write_bytes(raw[1] if r.random() < 0.9 else raw[0])
    choice = r.randrange(4)
    if choice == 3:
        lines = [json.dumps({"id": i, "original": s, "copy": mutate(s, r)}, ensure_ascii=False)
                 for i, s in enumerate(texts[0].splitlines()[:20]) if s.strip()]
        if r.random() < 0.3:
            lines.insert(r.randint(0, len(lines)), r.choice(["not json", '{"id": NaN}', "[" * 3000]))
        (tmp / "p.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        argv = ["score", str(tmp / "p.jsonl")]
    else:
        argv = ["compare", str(a), str(b), "--no-lm"] + [[], ["-q"], ["--format", "json"]][choice]
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("FORCE_COLOR", None)
    start = time.monotonic()
    with open(tmp / "out", "wb") as out, open(tmp / "err", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "drift", *argv], stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, cwd=ROOT, env=env, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
    run.examples["cli"] += 1
    stdout = (tmp / "out").read_bytes().decode("utf-8", "replace")
    stderr = (tmp / "err").read_bytes().decode("utf-8", "replace")
    code, rss = proc.returncode, usage.ru_maxrss * 1024
    problems = []
    if code not in (0, 1, 3):
        problems.append(f"exit {code}")
    if "Traceback" in stderr:
        problems.append("traceback")
    if rss > 2 * 1024**3:
        problems.append(f"peak RSS {rss >> 20} MiB")
    if argv[0] == "compare" and "--format" not in argv and code in (0, 1) and UNSAFE.search(stdout.replace("\n", "")):
        problems.append("control characters on stdout")
    if argv[0] == "compare" and "--format" in argv and code in (0, 1):
        try:
            json.loads(stdout)
        except ValueError:
            problems.append("invalid JSON")
    if problems:
        run.fail("cli", {"argv": argv, "files": [raw[0].hex(), (b.read_bytes()).hex()], "error": "; ".join(problems),
                         "exit": code, "stderr": stderr[-2000:], "seconds": round(time.monotonic() - start, 1)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--batch", type=int, default=40, help="hypothesis examples per target per round")
    ap.add_argument("--cli-every", type=float, default=20.0, help="seconds between CLI runs (0: no CLI runs)")
    ap.add_argument("--cli-timeout", type=float, default=300.0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "fuzz-out")
    args = ap.parse_args()
    run = Run(args.out)
    r = random.Random(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    start = time.monotonic()
    next_cli = start
    rounds = 0
    os.environ.setdefault("DRIFT_CACHE_DIR", tempfile.mkdtemp(prefix="drift-fuzz-cache-"))
    print(f"fuzz: seed {args.seed}, {args.minutes} min, cache {os.environ['DRIFT_CACHE_DIR']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="drift-fuzz-") as tmp:
        while time.monotonic() < deadline:
            if args.cli_every and time.monotonic() >= next_cli:
                cli_round(run, r, Path(tmp), args.cli_timeout)
                next_cli = time.monotonic() + args.cli_every
            library_round(run, args.batch)
            rounds += 1
            if rounds % 5 == 0:
                print(f"fuzz: {time.monotonic() - start:.0f} s, examples {run.examples}, failures {run.failures}", flush=True)
    total = sum(run.examples.values())
    print(f"fuzz: done in {time.monotonic() - start:.0f} s: {total} examples {run.examples}, "
          f"{run.failures} failures{' (see ' + str(args.out) + ')' if run.failures else ''}", flush=True)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
