"""The wheel carries everything drift loads at run time (issue 11: package data inside the
package), and building it warns about nothing in our own metadata."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _source_files() -> list[str]:
    """Tracked and untracked-but-not-ignored files: what a fresh clone plus work in progress holds."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    return [p for p in out.stdout.splitlines() if (ROOT / p).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """Build the wheel from a copy of the source (nothing is written into the repository)."""
    src = tmp_path_factory.mktemp("src")
    for rel in _source_files():
        dest = src / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(out), "-q"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    wheels = list(out.glob("drift-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], proc.stderr


def test_wheel_carries_the_package_data(wheel):
    path, _ = wheel
    names = set(zipfile.ZipFile(path).namelist())
    data = [p for p in _source_files() if p.startswith("drift/") and "/data/" in p and "__pycache__" not in p]
    assert "drift/data/exonyms.tsv" in data
    missing = sorted(p for p in data if p not in names)
    assert not missing, f"package data left out of the wheel: {missing}"
    modules = [p for p in _source_files() if p.startswith("drift/") and p.endswith(".py")]
    assert not sorted(p for p in modules if p not in names)


def test_metadata_has_no_deprecated_license_table(wheel):
    _, stderr = wheel
    assert "project.license" not in stderr and "License classifiers are deprecated" not in stderr
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(meta["license"], str)  # an SPDX expression, not the deprecated {text = ...} table
