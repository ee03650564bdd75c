"""The rich terminal summary of `drift trace`: one tree per family of copies, the original at
its root, each copy under the document it derives from with its confidence and reasons; then
the documents that copy nothing, and the documents that could not be read.

Ids, sources and reasons come from untrusted input: they are wrapped in `rich.text.Text`
(never parsed as markup) after `safe()` replaced control characters.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rich.console import Console, Group
from rich.text import Text
from rich.tree import Tree

from ..trace import TraceResult
from .layout import plural
from .terminal import render_summary, safe

MAX_REASONS = 4  # per document on the terminal; JSON has them all


def _conf_style(c: float) -> str:
    return "bold green" if c >= 0.8 else "yellow" if c >= 0.5 else "red"


def _node(p, role: str, report=None) -> Group:
    head = Text()
    head.append(safe(p.id), "bold")
    head.append(f"  {role}", "cyan" if role == "original" else "")
    head.append("  confidence ")
    head.append(f"{p.confidence:.2f}", _conf_style(p.confidence))
    if p.source != p.id:
        head.append(f"  {safe(p.source)}", "dim")
    lines = [head]
    for r in p.reasons[:MAX_REASONS]:
        lines.append(Text("  · " + safe(r), "dim"))
    if len(p.reasons) > MAX_REASONS:
        lines.append(Text(f"  · … {len(p.reasons) - MAX_REASONS} more in --format json", "dim"))
    if report is not None:
        lines.append(Text.assemble("  drift: ", render_summary(report)))
    return Group(*lines)


def render_trace(result: TraceResult, reports: dict | None = None) -> Group:
    reports = reports or {}
    by_id = result.by_id()
    families = [f for f in result.families if len(f.members) > 1]
    singles = [f for f in result.families if len(f.members) == 1]
    errors = [p for p in result.documents if p.error is not None]
    n_copies = sum(len(f.members) - 1 for f in families)
    parts: list = [
        Text.assemble(
            ("drift trace", "bold"),
            f"   {plural(len(result.documents), 'document')} · {plural(len(families), 'family', 'families')} of copies · "
            f"{plural(n_copies, 'copy', 'copies')} · {len(singles)} stand-alone · {len(errors)} unreadable",
        )
    ]
    for f in families:
        children: dict[str | None, list[str]] = defaultdict(list)
        for m in f.members:
            children[by_id[m].derived_from].append(m)
        tree = Tree(Text(f"family {f.id} · {len(f.members)} documents", "bold magenta"))

        def grow(node: Tree, doc_id: str, role: str) -> None:
            branch = node.add(_node(by_id[doc_id], role, reports.get(doc_id)))
            for c in sorted(children.get(doc_id, [])):
                grow(branch, c, "copy")

        grow(tree, f.original, "original")
        parts.append(tree)
    if singles:
        t = Text(f"stand-alone ({len(singles)}): ", "bold")
        t.append(", ".join(safe(f.members[0]) for f in singles))
        parts.append(t)
    for code, reason, ids in error_groups(errors):
        if len(ids) == 1:
            parts.append(Text.assemble(("error ", "bold red"), (safe(ids[0]), "bold"), f"  [{code}] ", safe(reason)))
        else:
            parts.append(Text.assemble(("error ", "bold red"), (plural(len(ids), "document"), "bold"), f"  [{code}] ",
                                       safe(reason), f" ({safe(_some(ids))})"))
    return Group(*parts)


def error_groups(errors) -> list[tuple[str, str, list[str]]]:
    """Documents that failed for the same reason, as (code, reason, ids) in first-seen order:
    the reason is the message without its document's own location ("docs.jsonl:7: "), so
    hundreds of records with the same fault read as one line and a count."""
    groups: dict[tuple[str, str], list[str]] = {}
    for p in errors:
        msg = p.error.message
        for prefix in (f"{p.source}: ", f"{p.id}: "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
                break
        else:
            msg = re.sub(r"^\S+:\d+: ", "", msg)
        groups.setdefault((p.error.code, msg), []).append(p.id)
    if len(groups) == len(errors):  # nothing shared: every error as it is
        return [(p.error.code, p.error.message, [p.id]) for p in errors]
    return [(code, msg if len(ids) > 1 else next(p.error.message for p in errors if p.id == ids[0]), ids)
            for (code, msg), ids in groups.items()]


def _some(ids: list[str], k: int = 3) -> str:
    return ", ".join(ids[:k]) + (f" and {len(ids) - k} more" if len(ids) > k else "")


def print_trace(result: TraceResult, console: Console, reports: dict | None = None) -> None:
    console.print(render_trace(result, reports))
