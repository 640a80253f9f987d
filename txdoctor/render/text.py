"""The human report: the verdict in one line, then the causes ranked, the evidence, the next step.

Readable without colour: every style is decoration over words that stand alone.
"""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape

from txdoctor.chains import CHAINS
from txdoctor.model import Diagnosis, Finding, Severity, Verdict

VERDICT_STYLE = {
    Verdict.CONFIRMED: "bold green",
    Verdict.PENDING: "bold yellow",
    Verdict.VALID: "bold green",
    Verdict.STUCK: "bold red",
    Verdict.REPLACED: "bold red",
    Verdict.FAILED: "bold red",
    Verdict.NOT_FOUND: "bold red",
    Verdict.INVALID: "bold red",
    Verdict.REFUSED: "bold red",
    Verdict.UNREACHABLE: "bold magenta",
}
SEVERITY_LABEL = {
    Severity.OK: ("ok", "green"),
    Severity.INFO: ("info", "cyan"),
    Severity.WARNING: ("warning", "yellow"),
    Severity.ERROR: ("error", "red"),
}


def console_for(out: TextIO) -> Console:
    return Console(file=out, highlight=False, soft_wrap=True, emoji=False)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items()) + "}"
    return str(value)


def next_step(d: Diagnosis) -> Finding | None:
    ranked = d.ranked_findings()
    for f in ranked:
        if f.advice and f.code.startswith(("BTC_ACTION_", "EVM_ACTION_")):
            return f
    for f in ranked:
        if f.advice and f.severity in (Severity.ERROR, Severity.WARNING):
            return f
    return next((f for f in ranked if f.advice), None)


def render_text(d: Diagnosis, out: TextIO) -> None:
    con = console_for(out)
    chain = CHAINS[d.chain].display if d.chain in CHAINS else None
    head = f"[{VERDICT_STYLE[d.verdict]}]{d.verdict.value.upper().replace('_', ' ')}[/]"
    where = f" on {chain}" if chain else ""
    con.print(f"{head}  {escape(d.kind.value)} {escape(d.input)}{escape(where)}")
    ranked = d.ranked_findings()
    if ranked:
        con.print(escape(ranked[0].message))
    con.print()
    con.print("[bold]Findings[/]")
    for f in ranked:
        label, style = SEVERITY_LABEL[f.severity]
        con.print(f"  [{style}]{label:<7}[/] [dim]{f.code}[/] ({f.category.value})")
        con.print(f"          {escape(f.message)}")
        shown = {k: v for k, v in f.evidence.items() if v is not None}
        if shown:
            ev = "; ".join(f"{k}={_fmt(v)}" for k, v in shown.items())
            con.print(f"          [dim]evidence: {escape(ev)}[/]")
    step = next_step(d)
    con.print()
    con.print("[bold]Next step[/]")
    con.print(f"  {escape(step.advice) if step else 'Nothing to do.'}")
