"""Finding codes and their catalog entries match: a code emitted without an entry, an entry
without a code, a finding built with prose instead of its entry all fail here (statically);
tests/finding_audit.py checks every finding built while the suite runs (dynamically)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.finding_audit import LEGACY_PROSE, problems_of
from tests.test_docs import CODE, emitted_codes
from txdoctor.core.findings import Term, finding
from txdoctor.messages.loader import Catalog, read_entries
from txdoctor.model import Category, Finding, Severity

ROOT = Path(__file__).parents[2]


def entry_codes(lang: str = "en") -> set[str]:
    return {key.split(".")[1] for key in read_entries(lang) if key.startswith("finding.")}


def calls(name: str) -> dict[str, list[str]]:
    """Code literals passed first to ``name(`` anywhere in txdoctor/, with where."""
    found: dict[str, list[str]] = {}
    for path in (ROOT / "txdoctor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name):
                continue
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(node.args[0].value, []).append(where)
    return found


def test_every_emitted_code_has_an_entry_unless_still_prose() -> None:
    missing = emitted_codes() - entry_codes()
    assert sorted(missing - LEGACY_PROSE) == [], "add finding.<CODE> entries to en.toml and zh.toml"
    stale = LEGACY_PROSE - missing
    assert sorted(stale) == [], "these have entries: remove them from LEGACY_PROSE (tests/finding_audit.py)"


def test_every_entry_names_a_code_that_exists() -> None:
    assert sorted(entry_codes() - emitted_codes()) == []
    assert all(CODE.match(code) for code in entry_codes())


def test_every_entry_has_a_message() -> None:
    en = read_entries("en")
    assert sorted(c for c in entry_codes() if f"finding.{c}.message" not in en) == []


def test_finding_calls_name_codes_with_entries() -> None:
    """``finding("CODE", …)`` needs an entry; ``Finding("CODE", …)`` (prose) only for legacy codes."""
    entries = entry_codes()
    assert {c: w for c, w in calls("finding").items() if c not in entries} == {}
    assert {c: w for c, w in calls("Finding").items() if c not in LEGACY_PROSE} == {}


def test_the_audit_catches_a_finding_without_entry_or_with_holes() -> None:
    """The session-wide audit is not vacuous: each kind of mistake is a problem."""
    prose = Finding("NET_NOT_A_CODE", Category.NETWORK, Severity.INFO, "Some English.")
    assert problems_of(prose) == ["no catalog entry finding.NET_NOT_A_CODE"]
    net, warn = Category.NETWORK, Severity.WARNING
    ok = finding("NET_PROVIDER_FAILED", net, warn, {"answered_by": "b"}, providers="a")
    assert ok.message == "a did not answer properly; the answer comes from b."
    assert [p for p in problems_of(ok) if "table" not in p] == []
    hole = finding("NET_PROVIDER_FAILED", net, warn, {"answered_by": "b"})
    assert "en: finding.NET_PROVIDER_FAILED.message: {providers} left unfilled" in problems_of(hole)
    half = Term("finding.NET_OFFLINE.format_only")
    deep = finding("NET_OFFLINE", net, Severity.INFO, {}, what_was_checked=half)
    assert "zh: finding.NET_OFFLINE.format_only: {what} left unfilled" in problems_of(deep)
    fake = Finding("NET_PROVIDER_FAILED", net, warn, "prose", "", {"answered_by": "b"})
    assert "its message is not its catalog entry (built with prose?)" in problems_of(fake)


def test_unfilled_reads_plural_forms_and_lists() -> None:
    from tests.finding_audit import unfilled
    from txdoctor.messages import TermList

    cat = Catalog("en", {"a": {"one": "{count} x", "other": "{count} {what}"}, "t": "{name}"})
    assert unfilled(cat, "a", {"count": 1}) == set()
    assert unfilled(cat, "a", {"count": 2}) == {"a: {what}"}
    assert unfilled(cat, "a", {"count": 2, "what": TermList([Term("t")])}) == {"t: {name}"}


def test_the_audit_checks_category_severity_and_verdict_against_the_code_table() -> None:
    from txdoctor.model import Verdict

    ok = finding(
        "NET_PROVIDER_FAILED", Category.NETWORK, Severity.WARNING, {"answered_by": "b"}, providers="a"
    )
    assert problems_of(ok) == []
    wrong = finding(
        "NET_PROVIDER_FAILED",
        Category.FEE,
        Severity.ERROR,
        {"answered_by": "b"},
        Verdict.STUCK,
        providers="a",
    )
    assert problems_of(wrong) == [
        "category fee not in its table row",
        "severity error not in its table row",
        "verdict stuck not in its table row",
    ]
