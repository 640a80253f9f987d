"""Building findings from the message catalog: code and evidence in, words from ``finding.<code>``.

A check says *what* it found (code, category, severity, the verdict it argues for, the
evidence, and any extra values the sentence needs); the catalog says how that reads.
English is filled at build time (``Finding.message``/``advice``, the Python API and the
English report need nothing else); :func:`localized` fills the same entry of another
language from the same values.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from txdoctor.messages import ENGLISH, Term, TermList, catalog
from txdoctor.model import Category, Finding, Severity, Verdict

__all__ = ["Term", "TermList", "finding", "localized", "words_for"]


def words_for(code: str, values: dict[str, Any], lang: str = ENGLISH) -> tuple[str, str]:
    """Message and advice of ``code`` in ``lang``; English when ``lang`` lacks the entry, and the
    bare code when no catalog has it (never raises: the catalog test makes that a CI failure)."""
    found = catalog(lang).finding(code, values)
    return found if found is not None else (code, "")


def finding(
    code: str,
    category: Category,
    severity: Severity,
    evidence: dict[str, Any] | None = None,
    verdict: Verdict | None = None,
    /,
    **words: Any,
) -> Finding:
    """A finding whose message and advice are the catalog's ``finding.<code>`` entry, filled from
    ``evidence`` and ``words`` (``words`` win on a shared name; they are not serialised)."""
    evidence = {} if evidence is None else evidence
    message, advice = words_for(code, {**evidence, **words})
    return Finding(code, category, severity, message, advice, evidence, verdict, words)


def localized(f: Finding, lang: str) -> Finding:
    """``f`` with its message and advice in ``lang`` (itself for English or a finding built
    without the catalog)."""
    if lang == ENGLISH or not catalog(lang).knows(f"finding.{f.code}.message"):
        return f
    message, advice = words_for(f.code, {**f.evidence, **f.words}, lang)
    return replace(f, message=message, advice=advice)
