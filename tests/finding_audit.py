"""Every finding txdoctor builds during the test session, audited against the catalog.

Installed by tests/conftest.py: ``Finding.__init__`` is wrapped so that each finding built
by txdoctor's own code (not by a test) is checked as it is made —

- its code has a catalog entry ``finding.<CODE>`` (codes still built with English prose
  inside a check are in :data:`LEGACY_PROSE`, a list that only shrinks);
- its message is that entry filled from its evidence and words, and neither the English
  nor the Chinese message/advice would leave a ``{placeholder}`` unfilled (also inside the
  :class:`Term` values it passes);
- its category, severity and verdict are ones its code's table allows (docs are generated
  from those tables, so the docs say what the code does).

The problems are collected for the whole session and fail it at the end (conftest).
"""

from __future__ import annotations

import sys
from typing import Any

from txdoctor.messages import Term, TermList
from txdoctor.messages.loader import Catalog, load_catalog, placeholders
from txdoctor.model import Finding

# Codes still built as ``Finding(code, …, "English message", "English advice", …)`` while
# their words move to the catalog (issue 9: each family moved its own). A list that only
# shrinks: tests/messages/test_finding_catalog.py fails on a listed code that has an entry.
LEGACY_PROSE: frozenset[str] = frozenset()  # empty: every family's words are in the catalog

LANGS = ("en", "zh")


class Audit:
    def __init__(self) -> None:
        self.problems: dict[str, str] = {}
        self.codes: set[str] = set()
        self._seen: set[tuple[Any, ...]] = set()

    def check(self, f: Finding) -> None:
        self.codes.add(f.code)
        sig = (f.code, f.category, f.severity, f.verdict, f.message, f.advice)
        if sig in self._seen:
            return
        self._seen.add(sig)
        for problem in problems_of(f):
            self.problems.setdefault(f"{f.code}: {problem}", f.message[:120])


def problems_of(f: Finding) -> list[str]:
    en = load_catalog("en")
    if not en.knows(f"finding.{f.code}.message"):
        return [] if f.code in LEGACY_PROSE else ["no catalog entry finding." + f.code]
    values = {**f.evidence, **f.words}
    out = []
    for lang in LANGS:
        cat = load_catalog(lang)
        for part in ("message", "advice"):
            key = f"finding.{f.code}.{part}"
            if cat.knows(key):
                out += [f"{lang}: {m} left unfilled" for m in sorted(unfilled(cat, key, values))]
    filled = {load_catalog(lang).finding(f.code, values) for lang in LANGS}
    if (f.message, f.advice) not in filled:
        out.append("its message is not its catalog entry (built with prose?)")
    out += table_problems(f)
    return out


def unfilled(cat: Catalog, key: str, values: dict[str, Any]) -> set[str]:
    """The placeholders of ``key`` (and of the Terms filling it) that have no value."""
    try:
        entry = cat._entry(key)
    except KeyError:
        return {f"{{missing key {key}}}"}
    if isinstance(entry, dict):
        entry = entry["one" if values.get("count") == 1 and "one" in entry else "other"]
    missing = set()
    for name in placeholders(entry):
        if name not in values:
            missing.add(f"{key}: {{{name}}}")
        else:
            missing |= _value_unfilled(cat, values[name])
    return missing


def _value_unfilled(cat: Catalog, value: Any) -> set[str]:
    if isinstance(value, Term):
        return unfilled(cat, value.key, dict(value.values))
    if isinstance(value, TermList):
        return set().union(*(_value_unfilled(cat, v) for v in value.items))
    return set()


def table_problems(f: Finding) -> list[str]:
    """The finding's category, severity and verdict against its code's table."""
    from txdoctor.docsgen import code_table

    row = code_table().get(f.code)
    if row is None:
        return ["no row in any family's code table (see txdoctor/docsgen.py)"]
    out = []
    if f.category not in row.categories:
        out.append(f"category {f.category.value} not in its table row")
    if f.severity not in row.severities:
        out.append(f"severity {f.severity.value} not in its table row")
    if f.verdict not in row.verdicts:
        verdict = f.verdict.value if f.verdict else None
        out.append(f"verdict {verdict} not in its table row")
    return out


AUDIT = Audit()


def _built_by_txdoctor() -> bool:
    """Built by txdoctor's own code, directly or through ``finding()`` — not by a test, and not a
    copy (``dataclasses.replace``, e.g. ``localized()``) of a finding audited when it was built."""
    frame = sys._getframe(2)
    if frame.f_globals.get("__name__") == "dataclasses":
        return False
    while frame is not None and frame.f_globals.get("__name__") == "txdoctor.core.findings":
        frame = frame.f_back  # type: ignore[assignment]
    return frame is not None and str(frame.f_globals.get("__name__", "")).startswith("txdoctor")


def install() -> None:
    """Wrap ``Finding.__init__`` so that every finding txdoctor builds is audited."""
    original = Finding.__init__
    if getattr(original, "audited", False):
        return

    def init(self: Finding, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if _built_by_txdoctor():
            AUDIT.check(self)

    init.audited = True  # type: ignore[attr-defined]
    Finding.__init__ = init  # type: ignore[method-assign]
