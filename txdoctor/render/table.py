"""The compact table for many inputs: one row per input as it arrives, then a summary line."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from txdoctor.model import Diagnosis, Verdict
from txdoctor.render.text import render_text

COLUMNS = "{input:<22}  {chain:<13}  {verdict:<11}  {cause}"
CAUSE_WIDTH = 90


def short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else f"{text[: width - 9]}…{text[-8:]}"


class TableRenderer:
    def __init__(self, out: TextIO, details: bool = False) -> None:
        self.out = out
        self.details = details
        self._header = False

    def row(self, d: Diagnosis) -> None:
        if not self._header:
            self.out.write(
                COLUMNS.format(input="INPUT", chain="CHAIN", verdict="VERDICT", cause="MAIN CAUSE") + "\n"
            )
            self._header = True
        ranked = d.ranked_findings()
        cause = ranked[0].message if ranked else ""
        if len(cause) > CAUSE_WIDTH:
            cause = cause[: CAUSE_WIDTH - 1] + "…"
        self.out.write(
            COLUMNS.format(input=short(d.input), chain=d.chain or "-", verdict=d.verdict.value, cause=cause)
            + "\n"
        )
        if self.details and d.exit_code != 0:
            render_text(d, self.out)
            self.out.write("\n")
        self.out.flush()

    def summary(self, counts: Counter[Verdict]) -> None:
        total = sum(counts.values())
        parts = ", ".join(f"{n} {v.value}" for v, n in sorted(counts.items(), key=lambda kv: kv[0].rank))
        self.out.write(f"{total} input{'s' if total != 1 else ''}: {parts or 'none'}\n")
        self.out.flush()
