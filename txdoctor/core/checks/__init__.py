"""Checks: pure functions from facts to findings. No I/O here.

Each family keeps a Registry; a check is registered with its decorator and is
run in registration order. A check that lacks the facts it needs returns
nothing or an ``info`` finding that says what could not be checked and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from txdoctor.model import Finding

C = TypeVar("C")


class Registry(Generic[C]):
    def __init__(self) -> None:
        self.checks: list[Callable[[C], Iterable[Finding]]] = []

    def register(self, fn: Callable[[C], Iterable[Finding]]) -> Callable[[C], Iterable[Finding]]:
        self.checks.append(fn)
        return fn

    def run(self, ctx: C) -> list[Finding]:
        findings: list[Finding] = []
        for check in self.checks:
            findings.extend(check(ctx))
        return findings
