"""Picking findings out of a diagnosis in tests: one copy for every test module."""

from __future__ import annotations

from typing import Any

from txdoctor.model import Diagnosis, Finding


def codes(d: Diagnosis) -> list[str]:
    return [f.code for f in d.findings]


def finding(d: Diagnosis, code: str) -> Finding:
    found = [f for f in d.findings if f.code == code]
    assert found, f"{code} not in {codes(d)}"
    return found[0]


def evidence(d: Diagnosis, code: str) -> dict[str, Any]:
    return finding(d, code).evidence
