"""The public result records: verdicts, findings and the diagnosis.

These names and values are a public contract (docs/contract.md, docs/schema.json):
change them only deliberately, with a schema_version bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    PENDING = "pending"
    STUCK = "stuck"
    REPLACED = "replaced"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    VALID = "valid"
    INVALID = "invalid"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self]

    @property
    def rank(self) -> int:
        """Higher ranks win when several findings propose a verdict."""
        return _VERDICT_PRECEDENCE.index(self)


# Lowest first. When checks propose several verdicts, the highest wins.
_VERDICT_PRECEDENCE = [
    Verdict.VALID,
    Verdict.CONFIRMED,
    Verdict.PENDING,
    Verdict.STUCK,
    Verdict.NOT_FOUND,
    Verdict.FAILED,
    Verdict.REPLACED,
    Verdict.INVALID,
    Verdict.UNREACHABLE,
    Verdict.REFUSED,
]

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_TIMED_OUT = 4  # `watch` gave up at --max-wait before its goal
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[Verdict, int] = {
    Verdict.CONFIRMED: EXIT_OK,
    Verdict.PENDING: EXIT_OK,
    Verdict.VALID: EXIT_OK,
    Verdict.STUCK: EXIT_PROBLEM,
    Verdict.REPLACED: EXIT_PROBLEM,
    Verdict.FAILED: EXIT_PROBLEM,
    Verdict.NOT_FOUND: EXIT_PROBLEM,
    Verdict.INVALID: EXIT_PROBLEM,
    Verdict.REFUSED: EXIT_PROBLEM,
    Verdict.UNREACHABLE: EXIT_UNREACHABLE,
}


class Category(StrEnum):
    STATUS = "status"
    NETWORK = "network"
    FEE = "fee"
    ADDRESS = "address"
    CONGESTION = "congestion"
    SECURITY = "security"


class Severity(StrEnum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return [Severity.OK, Severity.INFO, Severity.WARNING, Severity.ERROR].index(self)


class Kind(StrEnum):
    TXID = "txid"
    ADDRESS = "address"
    SECRET = "secret"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Finding:
    """One observation with its cause and what to do about it.

    ``verdict`` is the verdict this finding argues for (not serialised on its own:
    the diagnosis carries the winning one). ``message`` and ``advice`` are English, from
    the catalog entry ``finding.<code>``; ``words`` holds the values that filled them
    beyond the evidence (formatted numbers, catalog terms), so that the same entry of
    another language can be filled alike (``txdoctor.core.findings``). Not serialised.
    """

    code: str
    category: Category
    severity: Severity
    message: str
    advice: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    verdict: Verdict | None = None
    words: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category.value,
            "severity": self.severity.value,
            "message": self.message,
            "advice": self.advice,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Diagnosis:
    input: str
    kind: Kind
    chain: str | None
    verdict: Verdict
    findings: tuple[Finding, ...]
    facts: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"  # the language asked for (the reply's; docs/contract.md)
    reply: str | None = None  # the reply to the customer, when asked for (--reply)

    @property
    def exit_code(self) -> int:
        """Exit code for this result; input that is not anything txdoctor knows is a usage error."""
        if self.kind is Kind.UNKNOWN and self.verdict is Verdict.INVALID:
            return EXIT_USAGE
        return self.verdict.exit_code

    def ranked_findings(self) -> list[Finding]:
        """Causes first: verdict-bearing and severe findings lead."""
        return sorted(
            self.findings,
            key=lambda f: (
                -(f.verdict == self.verdict),
                -f.severity.rank,
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        data = {
            "schema_version": SCHEMA_VERSION,
            "lang": self.lang,
            "input": self.input,
            "kind": self.kind.value,
            "chain": self.chain,
            "verdict": self.verdict.value,
            "findings": [f.to_dict() for f in self.ranked_findings()],
            "facts": self.facts,
        }
        if self.reply is not None:
            data["reply"] = self.reply
        return data


def decide_verdict(
    findings: list[Finding] | tuple[Finding, ...], default: Verdict, kind: Kind | None = None
) -> Verdict:
    """The strongest verdict the findings argue for (``default`` when none does).

    The headline and the exit code never contradict the worst finding: a verdict that
    exits 0 (confirmed, pending, valid) is only given when no finding is an ``error``.
    An error that carries no verdict of its own (a token's own contract as the
    recipient) makes an address ``invalid`` (not a destination to send to) and a
    transaction ``failed`` (mined, but the transfer cannot reach anyone). docs/contract.md.
    """
    proposed = [f.verdict for f in findings if f.verdict is not None]
    verdict = max(proposed, key=lambda v: v.rank) if proposed else default
    if verdict.exit_code == EXIT_OK and any(f.severity is Severity.ERROR for f in findings):
        return Verdict.INVALID if kind is Kind.ADDRESS else Verdict.FAILED
    return verdict
