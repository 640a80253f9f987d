"""Parsing of the TronGrid fields added for root causes: ``contractResult`` and permissions.

Called by :mod:`txdoctor.families.tron.trongrid` with its strict field reader: a mistyped field
is a BadResponse naming it (the next endpoint is asked); sizes are bounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from txdoctor.core.net.base import BadResponse
from txdoctor.families.tron.resources import TronPermission


class _Parser(Protocol):
    """The strict field reader of :mod:`txdoctor.families.tron.trongrid` (not imported: no cycle)."""

    def fail(self, field: str, problem: str) -> BadResponse: ...
    def obj(self, value: Any, field: str) -> Mapping[str, Any]: ...
    def integer(self, obj: Mapping[str, Any], field: str) -> int: ...
    def opt_string(self, obj: Mapping[str, Any], field: str) -> str | None: ...
    def address(self, obj: Mapping[str, Any], field: str, required: bool = True) -> str | None: ...


MAX_KEYS = 64  # java-tron allows at most 5 keys per permission; anything near this is hostile
MAX_PERMISSIONS = 16  # 1 owner + at most 8 active permissions
MAX_RESULT_HEX = 20_000  # revert data worth showing is short; longer is cut


def parse_contract_result(p: _Parser, body: Mapping[str, Any]) -> str | None:
    """``contractResult[0]``: what the contract returned or reverted with (hex), if anything."""
    value = body.get("contractResult")
    if value is None:
        return None
    if not isinstance(value, list):
        raise p.fail("contractResult", "is not a list")
    if not value or value[0] in ("", None):
        return None
    first = value[0]
    if not isinstance(first, str) or any(c not in "0123456789abcdefABCDEF" for c in first[:MAX_RESULT_HEX]):
        raise p.fail("contractResult", "is not hex")
    return first[:MAX_RESULT_HEX].lower()


def _permission(p: _Parser, value: Any, kind: str, field: str) -> TronPermission:
    obj = p.obj(value, field)
    threshold = p.integer(obj, "threshold")
    keys_value = obj.get("keys")
    if not isinstance(keys_value, list) or len(keys_value) > MAX_KEYS:
        raise p.fail(f"{field}.keys", "is not a list of at most 64 keys")
    keys: list[tuple[str, int]] = []
    for i, k in enumerate(keys_value):
        key = p.obj(k, f"{field}.keys[{i}]")
        address = p.address(key, "address")
        weight = p.integer(key, "weight")
        if weight < 0 or threshold < 0:
            raise p.fail(f"{field}.keys[{i}]", "has a negative weight or threshold")
        assert address is not None
        keys.append((address, weight))
    name = p.opt_string(obj, "permission_name") or kind
    return TronPermission(kind, name[:64], threshold, tuple(keys))


def parse_permissions(p: _Parser, body: Mapping[str, Any]) -> tuple[TronPermission, ...]:
    """``owner_permission`` and ``active_permission[]`` of a ``getaccount`` answer (absent: none)."""
    out: list[TronPermission] = []
    if body.get("owner_permission") is not None:
        out.append(_permission(p, body["owner_permission"], "owner", "owner_permission"))
    active = body.get("active_permission")
    if active is not None:
        if not isinstance(active, list) or len(active) > MAX_PERMISSIONS:
            raise p.fail("active_permission", "is not a list of permissions")
        for i, a in enumerate(active):
            out.append(_permission(p, a, "active", f"active_permission[{i}]"))
    return tuple(out)
