"""Both sides of a pair and their token alignment (``_Ctx``), what every detector works on."""

from __future__ import annotations

from ..types import Finding
from .diff import opcodes
from .tokens import _Side


def overlaps(span: tuple[int, int] | None, spans) -> bool:
    """Does ``span`` share a character with any of ``spans`` (None on either side: no)?"""
    return span is not None and any(s is not None and span[0] < s[1] and s[0] < span[1] for s in spans)


class _Ctx:
    """Both sides plus their token alignment (difflib opcodes, bounded: drift.findings.diff)."""

    def __init__(self, original: str, copy: str) -> None:
        self.o = _Side(original)
        self.c = _Side(copy)
        self.ops = opcodes(self.o.norms, self.c.norms)
        self.o_op = [0] * len(self.o.toks)
        self.c_op = [0] * len(self.c.toks)
        for k, (_, i1, i2, j1, j2) in enumerate(self.ops):
            for i in range(i1, i2):
                self.o_op[i] = k
            for j in range(j1, j2):
                self.c_op[j] = k
        # tokens the two sides share in the same order (the equal runs: as long on both sides)
        self.kept = sum(i2 - i1 for tag, i1, i2, _, _ in self.ops if tag == "equal")

    def finding(self, kind, severity, ospan, cspan, message, *, rule: str) -> Finding:
        """A finding over these texts; ``rule`` names the rule that made it (see Finding)."""
        # Empty spans become None so that "exists on one side only" is explicit.
        if ospan is not None and ospan[0] >= ospan[1]:
            ospan = None
        if cspan is not None and cspan[0] >= cspan[1]:
            cspan = None
        return Finding(
            kind,
            severity,
            self.o.text[ospan[0] : ospan[1]] if ospan else "",
            self.c.text[cspan[0] : cspan[1]] if cspan else "",
            ospan,
            cspan,
            message,
            rule,
        )

    def ops_of(self, side: str, i1: int, i2: int) -> set[int]:
        """Opcode indices covering tokens [i1, i2) of one side (or the anchor for empty)."""
        table = self.o_op if side == "o" else self.c_op
        if not table:
            return {0}
        if i1 >= i2:
            return {table[min(i1, len(table) - 1)]}
        return set(table[i1:i2])

    def counterpart(self, side: str, i1: int, i2: int) -> tuple[int, int]:
        """Token range on the other side that the diff aligns with tokens [i1, i2)."""
        ks = sorted(self.ops_of(side, i1, i2))
        if side == "o":
            return (self.ops[ks[0]][3], self.ops[ks[-1]][4])
        return (self.ops[ks[0]][1], self.ops[ks[-1]][2])
