"""Torch's thread count for drift's forward passes (drift.threads): the probe's answer, never
above what the caller set, restored afterwards; DRIFT_THREADS overrides."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from drift import threads  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_probe(monkeypatch):
    monkeypatch.setattr(threads, "_STATE", {})
    monkeypatch.delenv("DRIFT_THREADS", raising=False)
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("caller, probed, inside", [(2, 2, 2), (2, 1, 1), (1, 2, 1), (1, 1, 1)])
def test_limited_takes_the_probe_never_more_than_the_caller(monkeypatch, caller, probed, inside):
    monkeypatch.setattr(threads, "compute_threads", lambda: probed)
    torch.set_num_threads(caller)
    with threads.limited():
        assert torch.get_num_threads() == inside
    assert torch.get_num_threads() == caller


def test_limited_restores_the_setting_after_an_error(monkeypatch):
    monkeypatch.setattr(threads, "compute_threads", lambda: 1)
    torch.set_num_threads(2)
    with pytest.raises(RuntimeError):
        with threads.limited():
            raise RuntimeError("boom")
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("value, want", [("1", 1), ("3", 3), ("0", None), ("x", None), ("", None)])
def test_drift_threads_overrides_the_probe(monkeypatch, value, want):
    monkeypatch.setenv("DRIFT_THREADS", value)
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    got = threads.compute_threads()
    assert got == want if want else got in (1, 2)


def test_the_probe_is_kept_for_a_while(monkeypatch):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    first = threads.compute_threads()
    at = threads._STATE["at"]
    assert threads.compute_threads() == first and threads._STATE["at"] == at  # not probed again
    assert threads.compute_threads(probe_every=0.0) in (1, 2) and threads._STATE["at"] > at


def test_one_core_needs_no_probe(monkeypatch):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 1)
    assert threads.compute_threads() == 1 and not threads._STATE


def test_a_busy_background_job_leaves_torch_one_thread(monkeypatch):
    probes = []
    monkeypatch.setattr(threads, "compute_threads", lambda: probes.append(1) or 2)
    torch.set_num_threads(2)
    with threads.busy():
        with threads.limited():
            assert torch.get_num_threads() == 1
    assert not probes, "no probe while drift's own job holds a core (it would measure that job)"
    with threads.limited():
        assert torch.get_num_threads() == 2
    assert threads._BUSY[0] == 0
