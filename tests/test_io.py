"""Reading inputs: every bad input is a one-line InputError (exit 3 at the CLI)."""

from __future__ import annotations

import io
import os

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
