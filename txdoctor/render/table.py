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
from txdoctor.render.words import summary, verdict_label, word

INPUT_WIDTH = 20
CHAIN_WIDTH = 12
VERDICT_WIDTH = 11
LEFT = INPUT_WIDTH + CHAIN_WIDTH + VERDICT_WIDTH + 6
MIN_CAUSE = 24


def short(text: str, width: int = INPUT_WIDTH) -> str:
    text = printable(text)
    return text if len(text) <= width else f"{text[: width - 9]}…{text[-8:]}"


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


class TableRenderer:
    def __init__(
        self, out: TextIO, details: bool = False, width: int | None = None, lang: str = "en"
    ) -> None:
        self.out = out
        self.lang = lang
        self.details = details
        self.width = width or text_width(out)
        self._header = False

    def _cells(self, input: str, chain: str, verdict: str) -> str:
        return f"{pad(input, INPUT_WIDTH)}  {pad(chain, CHAIN_WIDTH)}  {pad(verdict, VERDICT_WIDTH)}  "

    def row(self, d: Diagnosis) -> None:
        if not self._header:
            w = [word(f"table.{k}", self.lang) for k in ("input", "chain", "verdict", "main_cause")]
            header = self._cells(w[0], w[1], w[2])
            cause = w[3] if self.width - LEFT >= MIN_CAUSE else "\n    " + w[3]
            self.out.write(header.rstrip() if cause.startswith("\n") else header)
            self.out.write(cause + "\n")
            self._header = True
        ranked = d.ranked_findings()
        cause = ranked[0].message if ranked else ""
        verdict = d.verdict.value if self.lang == "en" else verdict_label(d.verdict, self.lang)
        cells = self._cells(short(d.input), d.chain or "-", verdict)
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
        self.out.write(summary(counts, self.lang) + "\n")
        self.out.flush()


def _fit(lines: list[str], width: int) -> list[str]:
    """No line wider than ``width``: a token longer than the line is cut with …."""
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
