"""The one ISO 8601 time parser of drift (trace, audit and every input kind use it)."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_iso_time(value: object) -> datetime | None:
    """An ISO 8601 date or date-time string (a trailing Z allowed) as an aware datetime;
    naive times are taken as UTC. None when absent, not understood or out of range
    (year 0, year 99999, a time zone that pushes year 1 or 9999 over the edge)."""
    if isinstance(value, datetime):
        t = value
    else:
        if not isinstance(value, str) or not value.strip() or len(value) > 64:
            return None
        v = value.strip()
        if v.endswith(("Z", "z")):
            v = v[:-1] + "+00:00"
        try:
            t = datetime.fromisoformat(v)
        except (ValueError, OverflowError):
            return None
    t = t if t.tzinfo else t.replace(tzinfo=timezone.utc)
    try:
        t.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    return t


def iso_time(value: object) -> str | None:
    """An ISO 8601 date or date-time, normalised to UTC (a date alone stays a date); None
    when not understood or out of range."""
    t = parse_iso_time(value)
    if t is None:
        return None
    if isinstance(value, str) and len(value.strip()) <= 10:  # a date only
        return t.date().isoformat()
    return t.astimezone(timezone.utc).isoformat()


def time_warning(value: object) -> str:
    return f"publication time {str(value)[:40]!r} not understood or out of range (ISO 8601 expected); ignored"
