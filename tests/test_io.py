"""Reading inputs: every bad input is a one-line InputError (exit 3 at the CLI)."""

from __future__ import annotations

import io
import os
import stat

import pytest

from drift.errors import InputError
from drift.io import decode, read_text


def test_reads_utf8_exactly_as_is(tmp_path):
    raw = "\ufeff  Kyiv – “quoted”\r\nnext line\n"
    p = tmp_path / "a.txt"
    p.write_bytes(raw.encode("utf-8"))
    assert read_text(str(p)) == raw  # nothing stripped or normalised: offsets index this


def test_stdin():
    assert read_text("-", stdin=io.BytesIO("Hello there.".encode())) == "Hello there."


def test_utf16_with_bom(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Zelenskyy said.".encode("utf-16"))
    assert read_text(str(p)) == "Zelenskyy said."


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b" \n\t \n"), "empty"),
        (lambda d: _write(d / "bin.dat", b"\x7fELF\x00\x01\x02binary"), "binary"),
        (lambda d: _write(d / "latin1.txt", "café".encode("latin-1")), "not valid UTF-8"),
    ],
)
def test_bad_inputs(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError, match=message) as err:
        read_text(str(path))
    assert "\n" not in str(err.value)


def test_size_limit(tmp_path):
    p = _write(tmp_path / "big.txt", b"a" * 2000)
    with pytest.raises(InputError, match="limit"):
        read_text(str(p), max_bytes=1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path):
    p = _write(tmp_path / "secret.txt", b"text")
    p.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_text(str(p))


def test_decode_refuses_invalid_utf16():
    with pytest.raises(InputError):
        decode(b"\xff\xfe\x00", "x")


def _write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_reports_get_the_mode_a_plain_write_gives(tmp_path):
    from drift.io import write_text_atomic

    old = os.umask(0o022)
    try:
        new = tmp_path / "report.html"
        write_text_atomic(new, "<p>new</p>")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not the temporary file's private 0600
        kept = tmp_path / "kept.json"
        kept.write_text("{}")
        kept.chmod(0o640)
        write_text_atomic(kept, '{"a": 1}')
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == '{"a": 1}'
    finally:
        os.umask(old)
