"""The compact table for many inputs: one row per input as it arrives, then a summary line.

Rows fit the width (80 columns when not a terminal): the main cause wraps under its own
column, or under the row when the width leaves it too little room; nothing is cut but a
single token longer than a line.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from txdoctor.model import Diagnosis, Verdict
from txdoctor.render.safe import printable
from txdoctor.render.style import text_width, wrap
from txdoctor.render.text import render_text

INPUT_WIDTH = 20
CHAIN_WIDTH = 12
VERDICT_WIDTH = 11
LEFT = INPUT_WIDTH + CHAIN_WIDTH + VERDICT_WIDTH + 6
MIN_CAUSE = 24


def short(text: str, width: int = INPUT_WIDTH) -> str:
    text = printable(text)
    return text if len(text) <= width else f"{text[: width - 9]}…{text[-8:]}"


class TableRenderer:
    def __init__(self, out: TextIO, details: bool = False, width: int | None = None) -> None:
        self.out = out
        self.details = details
        self.width = width or text_width(out)
        self._header = False

    def _cells(self, input: str, chain: str, verdict: str) -> str:
        return f"{input:<{INPUT_WIDTH}}  {chain:<{CHAIN_WIDTH}}  {verdict:<{VERDICT_WIDTH}}  "

    def row(self, d: Diagnosis) -> None:
        if not self._header:
            header = self._cells("INPUT", "CHAIN", "VERDICT")
            cause = "MAIN CAUSE" if self.width - LEFT >= MIN_CAUSE else "\n    MAIN CAUSE"
            self.out.write(header.rstrip() if cause.startswith("\n") else header)
            self.out.write(cause + "\n")
            self._header = True
        ranked = d.ranked_findings()
        cause = ranked[0].message if ranked else ""
        cells = self._cells(short(d.input), d.chain or "-", d.verdict.value)
        room = self.width - LEFT
        if room >= MIN_CAUSE:
            lines = _fit(wrap(cells + cause, self.width, rest=" " * LEFT), self.width)
            lines[0] = cells + lines[0][len(cells) :]
        else:
            lines = [cells.rstrip(), *_fit(wrap(cause, self.width, "    "), self.width)] if cause else [cells]
        self.out.write("\n".join(line.rstrip() for line in lines) + "\n")
        if self.details and d.exit_code != 0:
            render_text(d, self.out)
            self.out.write("\n")
        self.out.flush()

    def summary(self, counts: Counter[Verdict]) -> None:
        total = sum(counts.values())
        parts = ", ".join(f"{n} {v.value}" for v, n in sorted(counts.items(), key=lambda kv: kv[0].rank))
        self.out.write(f"{total} input{'s' if total != 1 else ''}: {parts or 'none'}\n")
        self.out.flush()


def _fit(lines: list[str], width: int) -> list[str]:
    """No line wider than ``width``: a token longer than the line is cut with …."""
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
