"""`drift/compare@1` JSON text of a report. The dictionaries are built by drift.schema (the
one codec); these names stay for callers that imported them from here."""

from __future__ import annotations

from ..schema import COMPARE as SCHEMA
from ..schema import dumps
from ..schema import finding_to_dict as finding_dict
from ..schema import report_to_dict as report_dict
from ..types import Report

__all__ = ["SCHEMA", "finding_dict", "report_dict", "render_json"]


def render_json(report: Report) -> str:
    return dumps(report_dict(report), indent=1) + "\n"
