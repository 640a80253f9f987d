"""The report's and the table's own words (verdict labels, headings) in the asked language.

English is written here as well as in ``messages/en.toml`` so that the English report
never loads a catalog (start-up: docs/benchmarks.md); a test holds the two equal.
"""

from __future__ import annotations

from txdoctor.model import Diagnosis, Verdict

ENGLISH_REPORT = {
    "report.other_findings": "Other findings",
    "report.next_step": "Next step",
    "report.nothing_to_do": "Nothing to do.",
    "report.raw_transaction": "raw transaction",
    "report.redacted": "[redacted]",
    "table.input": "INPUT",
    "table.chain": "CHAIN",
    "table.verdict": "VERDICT",
    "table.main_cause": "MAIN CAUSE",
    "table.none": "none",
}


def word(key: str, lang: str = "en") -> str:
    """A fixed word of the report or the table (``report.next_step``, ``table.input``…)."""
    if lang == "en":
        return ENGLISH_REPORT[key]
    from txdoctor.messages import catalog

    return catalog(lang).text(key)


def verdict_label(verdict: Verdict, lang: str = "en") -> str:
    if lang == "en":
        return verdict.value.upper().replace("_", " ")
    from txdoctor.messages import catalog

    return catalog(lang).text(f"verdict.{verdict.value}")


def headline_words(d: Diagnosis) -> tuple[str, str, str]:
    """The verdict label, the input's kind and " on <chain>" (or "") for the report's first line."""
    from txdoctor.core.chains import CHAINS

    if d.lang == "en":
        where = f" on {CHAINS[d.chain].display}" if d.chain in CHAINS else ""
        return verdict_label(d.verdict), d.kind.value, where
    from txdoctor.messages import catalog

    cat = catalog(d.lang)
    where = " " + cat.text("report.on_chain", chain=cat.text(f"chain.{d.chain}")) if d.chain in CHAINS else ""
    return verdict_label(d.verdict, d.lang), cat.text(f"kind.{d.kind.value}"), where


def summary(counts: dict[Verdict, int], lang: str = "en") -> str:
    """The batch table's last line: ``3 inputs: 2 confirmed, 1 stuck``."""
    ordered = sorted(counts.items(), key=lambda kv: kv[0].rank)
    total = sum(counts.values())
    if lang == "en":
        parts = ", ".join(f"{n} {v.value}" for v, n in ordered)
        return f"{total} input{'s' if total != 1 else ''}: {parts or 'none'}"
    from txdoctor.messages import catalog

    cat = catalog(lang)
    sep = cat.text("reply.list_separator")
    parts = sep.join(
        cat.text("table.part", count=n, verdict=cat.text(f"verdict.{v.value}")) for v, n in ordered
    )
    return cat.text("table.summary", count=total, parts=parts or cat.text("table.none"))


def progress_label(lang: str = "en") -> str:
    """The batch progress line's words, a rich template around ``{task.completed}``."""
    if lang == "en":
        return "{task.completed} checked"
    from txdoctor.messages import catalog

    return catalog(lang).text("table.progress", count="{task.completed}")
