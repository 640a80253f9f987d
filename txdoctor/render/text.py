"""The human report: the verdict in one line, then the main cause, the other findings, the next step.

Wrapped to the terminal (80 columns when not a terminal) with hanging indents; every
string from an input or a provider is made printable; readable without colour.
"""

from __future__ import annotations

from typing import TextIO

from txdoctor.core.families import NEXT_STEP_PREFIXES
from txdoctor.model import Diagnosis, Finding, Severity, Verdict
from txdoctor.render.style import Painter, columns, evidence_text, text_width, wants_colour, wrap
from txdoctor.render.words import headline_words, word

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
INDENT = " " * 10
REDACTED = "[redacted]"  # the input shown for a secret (txdoctor.core.classify); a value, kept in --json


def next_step(d: Diagnosis) -> Finding | None:
    ranked = d.ranked_findings()
    for f in ranked:
        if f.advice and f.code.startswith(NEXT_STEP_PREFIXES):  # a family's "do this" finding
            return f
    for f in ranked:
        if f.advice and f.severity in (Severity.ERROR, Severity.WARNING):
            return f
    return next((f for f in ranked if f.advice), None)


def headline(d: Diagnosis, width: int, paint: Painter) -> list[str]:
    verdict, kind, where = headline_words(d)
    text = f"{verdict}  {_subject(d, kind)}{where}"
    lines = wrap(text, width, rest=" " * (columns(verdict) + 2))
    lines[0] = paint(verdict, VERDICT_STYLE[d.verdict]) + lines[0][len(verdict) :]
    return lines


def _subject(d: Diagnosis, kind: str) -> str:
    """What the headline is about: a pasted raw transaction is named by its txid, not its hex."""
    ident = d.facts.get("txid") or d.facts.get("hash")
    if len(d.input) > 100 and isinstance(ident, str) and ident != d.input:
        return f"{word('report.raw_transaction', d.lang)} {ident}"
    if d.input == REDACTED and d.lang != "en":
        return f"{kind} {word('report.redacted', d.lang)}"
    return f"{kind} {d.input}"


def finding_lines(
    f: Finding, width: int, paint: Painter, *, message: bool = True, lang: str = "en"
) -> list[str]:
    name, style = SEVERITY_LABEL[f.severity]
    category, ev = f.category.value, ""
    if lang != "en":
        name, category, ev = _localized_parts(f, lang)
    else:
        ev = evidence_text(f.evidence)
    pad = " " * max(0, 7 - columns(name))
    lines = [f"  {paint(name + pad, style)} {paint(f.code, 'dim')} ({category})"]
    if message:
        lines += wrap(f.message, width, INDENT)
    if ev:
        lines += [paint(line, "dim") for line in wrap(ev, width, INDENT)]
    return lines


def _localized_parts(f: Finding, lang: str) -> tuple[str, str, str]:
    """The severity label, category and evidence line of ``f`` in ``lang`` (from the catalog)."""
    from txdoctor.messages import catalog
    from txdoctor.render.evidence_words import evidence_text_in

    cat = catalog(lang)
    name, category = cat.text(f"severity.{f.severity.value}"), cat.text(f"category.{f.category.value}")
    return name, category, evidence_text_in(cat, f.evidence)


def report_lines(d: Diagnosis, width: int, paint: Painter) -> list[str]:
    lines = headline(d, width, paint)
    ranked = d.ranked_findings()
    if ranked:
        # The main cause is said once: its message under the headline, its code and evidence below it.
        lines += wrap(ranked[0].message, width)
        lines += finding_lines(ranked[0], width, paint, message=False, lang=d.lang)
    if len(ranked) > 1:
        lines += ["", paint(word("report.other_findings", d.lang), "bold")]
        for f in ranked[1:]:
            lines += finding_lines(f, width, paint, lang=d.lang)
    step = next_step(d)
    lines += ["", paint(word("report.next_step", d.lang), "bold")]
    lines += wrap(step.advice if step else word("report.nothing_to_do", d.lang), width, "  ")
    return lines


def render_text(d: Diagnosis, out: TextIO) -> None:
    lines = report_lines(d, text_width(out), Painter(wants_colour(out)))
    out.write("\n".join(lines) + "\n")
    out.flush()
