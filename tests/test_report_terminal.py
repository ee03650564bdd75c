"""What an editor sees first (issue 13): the terminal report opens with the major findings,
folds runs of added/omitted sentences, keeps its footer readable at every width; `-q` names
the files; `--all --format markdown` lists every row; a flag that does nothing for a format
is a usage error. The seed pair is checked structurally at 120 and 60 columns (the judge may
be retrained, so no byte-exact findings), and the committed tmux captures in
tests/golden/tmux/ are checked the same way."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from drift.cli import FLAG_FORMATS, Format, _check_format_flags, app
from drift.errors import UsageError
from drift.render.layout import change_words, collapse_runs, layout, number_findings, plural, why
from drift.render.markdown import render_markdown
from drift.render.terminal import print_report, quiet_line
from drift.types import Alignment, Document, Finding, Judgement, PairVerdict, Report, Sentence

from .conftest import SEEDS

runner = CliRunner()
SEED_O = str(SEEDS / "000_120bd2b153926def.txt")
SEED_C = str(SEEDS / "001_5661abd0d4910d65.txt")
TMUX = Path(__file__).parent / "golden" / "tmux"
SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _doc(source: str, sentences: list[str]) -> Document:
    text, out = "", []
    for k, s in enumerate(sentences):
        if k:
            text += " "
        out.append(Sentence(k, s, len(text), len(text) + len(s)))
        text += s
    return Document(source, text, tuple(out))


def _report(n_omitted: int = 5, n_added: int = 3, major_in_run: bool = False) -> Report:
    """Two kept sentences (one with a major number change), a run of omitted sentences, a
    kept sentence, a run of added sentences."""
    o_sents = ["The mayor said three people were hurt.", "The council meets on Friday."]
    o_sents += [f"Omitted sentence number {k} says something else entirely." for k in range(n_omitted)]
    o_sents += ["Power came back by morning."]
    c_sents = ["The mayor said thirty people were hurt.", "The council meets on Friday.", "Power came back by morning."]
    c_sents += [f"Added line {k} of the copy about another topic." for k in range(n_added)]
    o, c = _doc("wire/a b.txt", o_sents), _doc("site/copy.txt", c_sents)
    s0o, s0c = o.sentences[0], c.sentences[0]
    a, b = o.text.index("three"), c.text.index("thirty")
    num = Finding("number", "major", "three", "thirty", (a, a + 5), (b, b + 6), "number changed: three → thirty")
    v = [PairVerdict(Alignment((0,), (0,), 0.95), Judgement("drift", "major", 0.9, (num,)))]
    v.append(PairVerdict(Alignment((1,), (1,), 1.0), Judgement("verbatim", "none", 0.0)))
    for k in range(n_omitted):
        sev = "major" if major_in_run and k == 1 else "minor"
        v.append(PairVerdict(Alignment((2 + k,), ()), Judgement("omitted", sev, 1.0)))
    v.append(PairVerdict(Alignment((2 + n_omitted,), (2,), 1.0), Judgement("verbatim", "none", 0.0)))
    for k in range(n_added):
        v.append(PairVerdict(Alignment((), (3 + k,)), Judgement("added", "minor", 1.0)))
    counts: dict[str, int] = {}
    for x in v:
        counts[x.judgement.label] = counts.get(x.judgement.label, 0) + 1
    assert s0o.text in o.text and s0c.text in c.text
    return Report("drift 9.9.9|embed:none|judge:hand-built|a:1|b:2|c:3|d:4|e:5", o, c, tuple(v), "major drift", 0.5, counts)


def _render(report: Report, width: int, **kw) -> str:
    con = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    print_report(report, con, **kw)
    return "\n".join(line.rstrip() for line in con.file.getvalue().splitlines())


# --------------------------------------------------------------------------------------
# structure of the terminal report, from a hand-built report
# --------------------------------------------------------------------------------------


def _check_structure(out: str, width: int, n_major: int, folded: dict[str, int]) -> None:
    """Major findings block right after the summary box and before the first row; each
    folded run one header and one line per row; footer sentences capitalised; the signature
    never folds leaving "drift" alone and no line is wider than the terminal."""
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= width
    box_end = next(k for k, x in enumerate(lines) if x.startswith("╰"))
    if n_major:
        assert lines[box_end + 1] == f"Major findings ({n_major})"
        first_row = next(k for k, x in enumerate(lines) if re.match(r"^\d+(–\d+)? \w+ ·", x))
        block = "\n".join(lines[box_end + 1 : first_row])
        assert len(re.findall(r"row \d+ · \w+ · ", block)) == n_major
    else:
        assert lines[box_end + 1] == "No major finding."
    for label, n in folded.items():
        assert re.search(rf"^{n} sentences? {label}: only in the", out, re.M), out
    assert all(x.strip() != "drift" for x in lines)
    sig_at = next(k for k, x in enumerate(lines) if x.startswith("Signature: "))
    assert not lines[sig_at].rstrip().endswith("Signature:")
    last_rule = max(k for k in range(sig_at) if lines[k] and set(lines[k]) == {"─"})
    footer = " ".join(lines[last_rule + 1 : sig_at])
    assert footer.startswith("Set aside as page chrome: ")
    for sentence in re.split(r"(?<=\.)\s+", footer.strip()):
        if sentence:
            assert sentence[0].isupper(), sentence


@pytest.mark.parametrize("width", [52, 60, 80, 120])
def test_major_findings_first_and_runs_folded(width):
    r = _report(n_omitted=5, n_added=3)
    out = _render(r, width)
    _check_structure(out, width, n_major=1, folded={"omitted": 5, "added": 3})
    assert "row 1 · number · number changed: three → thirty" in out.replace("\n  ", " ") or width < 60
    # one line per folded row, numbered; the folded sentences' text is not printed in full
    for n in range(3, 8):
        assert re.search(rf"^{n} Omitted sentence number {n - 3}", out, re.M)
    assert "(not in the copy)" not in out and "(not in the original)" not in out


@pytest.mark.parametrize("width", [60, 120])
def test_all_unfolds_every_run(width):
    r = _report(n_omitted=5, n_added=3)
    out = _render(r, width, show_all=True)
    assert "sentences omitted" not in out and "sentences added" not in out
    titles = re.findall(r"^(\d+) (\w+)(?: ·|$)", out, re.M)
    assert [int(n) for n, _ in titles] == list(range(1, len(r.verdicts) + 1))
    assert out.count("(not in the copy)") == 5 and out.count("(not in the original)") == 3


@pytest.mark.parametrize(
    "n_omitted, n_added, major_in_run, expect",
    [
        (1, 1, False, []),  # a single row is shown as it is
        (2, 0, False, [("omitted", 2)]),
        (5, 3, False, [("omitted", 5), ("added", 3)]),
        (5, 0, True, [("omitted", 1), ("omitted", 3)]),  # a major row breaks the run and stands alone
    ],
)
def test_collapse_runs_table(n_omitted, n_added, major_in_run, expect):
    r = _report(n_omitted, n_added, major_in_run)
    rows = [x for x in layout(r, chrome=False) if x.label != "verbatim"]
    folded = [x for x in collapse_runs(rows) if isinstance(x, list)]
    assert [(x[0].label, len(x)) for x in folded] == [e for e in expect if e[1] >= 2]
    flat = [y for x in collapse_runs(rows) for y in (x if isinstance(x, list) else [x])]
    assert flat == rows  # nothing lost, nothing reordered


def test_no_major_finding_says_so():
    r = _report()
    v = list(r.verdicts)
    v[0] = PairVerdict(v[0].alignment, Judgement("paraphrase", "none", 0.1))
    r2 = Report(r.signature, r.original, r.copy, tuple(v), "minor drift", 0.1, r.counts)
    _check_structure(_render(r2, 80), 80, n_major=0, folded={"omitted": 5})


@pytest.mark.parametrize("width", [30, 40, 60, 61, 80, 120])
@pytest.mark.parametrize("long_part", ["", "|rank:" + ",".join(f"feature_{k}={k / 7:.5f}" for k in range(6))])
def test_signature_breaks_only_at_separators(width, long_part):
    """Broken at its `|` separators, and a part longer than a line at its commas: every
    character kept (a cropped signature cannot be reproduced)."""
    sig = ("drift 0.1.0|embed:all-MiniLM-L6-v2|seg:drift-rules@2|chrome:drift-chrome@1" + long_part + "|"
           + "|".join(f"k{k}:{k * 7}" for k in range(30)))
    r = _report()
    r = Report(sig, r.original, r.copy, r.verdicts, r.verdict, r.drift_index, r.counts)
    lines = _render(r, width).splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("Signature: "))
    got = "".join(lines[k:])
    assert got == "Signature: " + sig
    assert all(len(x) <= width for x in lines[k:])
    assert lines[k].startswith("Signature: drift 0.1.0")


# --------------------------------------------------------------------------------------
# words: the change, why, plurals
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding, words",
    [
        (Finding("role", "major", "Ukraine", "the United States", (0, 7), (0, 17), "destination changed: Ukraine → the United States"),
         "destination changed: Ukraine → the United States"),
        (Finding("omission", "major", "as North Korea joins in", "", (0, 23), None, "words dropped"), "“as North Korea joins in” → (nothing)"),
        (Finding("addition", "minor", "", "and more", None, (0, 8), "words added"), "(nothing) → “and more”"),
        (Finding("garble", "major", "", "their to", None, (0, 8), "possessive followed by to"), "copy: “their to”"),
    ],
)
def test_change_words(finding, words):
    assert change_words(finding) == words
    w = why(finding)
    assert w and w[0].isupper() and "\n" not in w


@pytest.mark.parametrize("n, one, many, text", [(0, "copy", "copies", "0 copies"), (1, "copy", "copies", "1 copy"),
                                               (2, "document", None, "2 documents"), (1, "family", "families", "1 family")])
def test_plural(n, one, many, text):
    assert plural(n, one, many) == text


# --------------------------------------------------------------------------------------
# -q, markdown --all, flags per format
# --------------------------------------------------------------------------------------


def test_quiet_line_names_both_files():
    r = _report()
    fields = quiet_line(r).plain.split("\t")
    assert "original=wire/a b.txt" in fields and "copy=site/copy.txt" in fields
    assert "\n" not in quiet_line(r).plain


def test_markdown_all_lists_every_row():
    r = _report()
    short, full = render_markdown(r), render_markdown(r, show_all=True)
    assert "All rows" not in short
    table = [x for x in full.splitlines() if re.match(r"^\| \d+ \|", x)]
    assert [int(x.split("|")[1]) for x in table] == list(range(1, len(r.verdicts) + 1))
    assert "thirty" in full and "Omitted sentence number 4" in full and "Added line 2" in full
    assert full.startswith(short.rsplit("Signature:", 1)[0].rstrip("\n").split("\n\nFindings by kind")[0][:40])


@pytest.mark.parametrize(
    "flags, fmt",
    [(["-q"], "json"), (["-q"], "html"), (["-q"], "markdown"), (["--all"], "json"), (["--all"], "html"),
     (["--no-color"], "json"), (["--no-color"], "markdown"), (["-q", "--all"], "terminal")],
)
def test_flags_that_do_not_apply_are_usage_errors(flags, fmt):
    res = runner.invoke(app, ["compare", SEED_O, SEED_C, "--format", fmt, *flags])
    assert res.exit_code == 2, res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("drift: error: ")
    assert flags[0] in lines[0] or flags[0] in ("-q",) and "--quiet" in lines[0]


@pytest.mark.parametrize("fmt", list(Format))
def test_flags_that_apply_are_accepted(fmt):
    for flag in FLAG_FORMATS:
        kw = {"quiet": flag == "-q/--quiet", "show_all": flag == "--all", "no_color": flag == "--no-color"}
        if fmt in FLAG_FORMATS[flag]:
            _check_format_flags(fmt, **kw)
        else:
            with pytest.raises(UsageError):
                _check_format_flags(fmt, **kw)


# --------------------------------------------------------------------------------------
# the seed pair, live (real model) and as committed tmux captures
# --------------------------------------------------------------------------------------


def _check_seed_view(out: str, width: int) -> None:
    lines = [x.rstrip() for x in out.splitlines()]
    n_major = int(re.search(r"findings\s+\d+, (\d+) major", out).group(1))
    assert n_major >= 1
    box_end = next(k for k, x in enumerate(lines) if x.startswith("╰"))
    assert lines[box_end + 1] == f"Major findings ({n_major})"
    first_row = next(k for k, x in enumerate(lines) if re.match(r"^\d+(–\d+)? \w+ ·", x))
    assert first_row > box_end + n_major  # the whole block before the first row
    # the 000/001 copy drops the article's last dozen sentences: one folded block
    m = re.search(r"^(\d+) sentences omitted: only in the original", out, re.M)
    assert m and int(m.group(1)) >= 5, out
    assert max(len(x) for x in lines) <= width
    assert all(x.strip() != "drift" for x in lines)
    assert any(x.startswith("Signature: drift ") for x in lines)


@pytest.mark.slow
@pytest.mark.parametrize("width", [120, 60])
def test_seed_pair_live(width, tmp_path):
    res = runner.invoke(app, ["compare", SEED_O, SEED_C, "--no-color"], env={"COLUMNS": str(width)}, terminal_width=width)
    assert res.exit_code in (0, 1), res.output
    _check_seed_view(res.stdout, width)


@pytest.mark.parametrize("width", [120, 60])
def test_committed_tmux_captures(width):
    """tests/golden/tmux/seed-000-001-{width}.txt: `drift compare` of seeds 000/001 in a
    tmux pane of that width (regenerated with tests/golden/tmux/capture.sh)."""
    path = TMUX / f"seed-000-001-{width}.txt"
    text = path.read_text(encoding="utf-8")
    body = text[text.index("╭") : text.index("\nEXIT=")]
    _check_seed_view(body, width)


def test_trace_refuses_no_color_for_json_but_keeps_quiet(tmp_path):
    """trace's -q silences standard error for every format; --no-color only means something
    for the terminal report."""
    res = runner.invoke(app, ["trace", SEED_O, SEED_C, "--format", "json", "--no-color"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("drift: error: ") and "--no-color" in lines[0]
    out = tmp_path / "t.json"
    res = runner.invoke(app, ["trace", SEED_O, SEED_C, "--format", "json", "-q", "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    assert out.is_file() and res.stderr == ""
