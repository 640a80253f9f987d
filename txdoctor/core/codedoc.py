"""A finding code's row in its family's code table: what the docs say about it and what it may be.

Each family keeps a ``codes.py`` with ``SECTIONS``: the code → :class:`CodeDoc` rows of one
table of its docs page. ``python -m txdoctor.docsgen`` writes those tables (with each code's
message and advice templates from the catalog, English and Chinese) between the markers
``<!-- generated: codes <section id> -->`` and ``<!-- end generated -->``; a test fails when
the checked-in docs differ, and the test session fails when a finding is built with a
category, severity or verdict its row does not allow (tests/finding_audit.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.model import Category, Severity, Verdict

NO_VERDICT = "-"


@dataclass(frozen=True)
class CodeDoc:
    """``category``, ``severity``, ``verdict``: the values a finding of this code may have,
    ``/``-separated (``info/warning``); ``verdict`` ``""`` means none, and ``-`` among others
    means "or none" (``unreachable/-``). The notes replace the plain values in the docs when
    the values alone would not say when each applies."""

    category: str
    severity: str
    verdict: str
    meaning: str
    evidence: str = ""
    severity_note: str = ""
    verdict_note: str = ""

    def __post_init__(self) -> None:
        self.categories, self.severities, self.verdicts  # noqa: B018 - a typo fails at import

    @property
    def categories(self) -> tuple[Category, ...]:
        return tuple(Category(c) for c in self.category.split("/"))

    @property
    def severities(self) -> tuple[Severity, ...]:
        return tuple(Severity(s) for s in self.severity.split("/"))

    @property
    def verdicts(self) -> tuple[Verdict | None, ...]:
        if not self.verdict:
            return (None,)
        return tuple(None if v == NO_VERDICT else Verdict(v) for v in self.verdict.split("/"))

    def category_text(self) -> str:
        return " / ".join(c.value for c in self.categories)

    def severity_text(self) -> str:
        return self.severity_note or " / ".join(s.value for s in self.severities)

    def verdict_text(self) -> str:
        return self.verdict_note or " / ".join(v.value for v in self.verdicts if v is not None)


@dataclass(frozen=True)
class Section:
    """One generated table: its id in the docs' markers, its title, its codes in order."""

    id: str
    title: str
    codes: dict[str, CodeDoc]
