"""What every family's ``txdoctor fees`` report shares: provider errors said once, and the
lines of an unreachable chain."""

from __future__ import annotations

from collections.abc import Iterable

from txdoctor.chains import get_chain


def by_provider(errors: Iterable[str]) -> list[str]:
    """Each failing provider once ("name: what went wrong"), however many requests failed."""
    seen: dict[str, list[str]] = {}
    for error in errors:
        name, _, detail = error.partition(": ")
        details = seen.setdefault(name, [])
        if detail and detail not in details:
            details.append(detail)
    return [f"{name}: {' / '.join(details)}" if details else name for name, details in seen.items()]


def unreachable_lines(chain: str, errors: list[str]) -> list[str]:
    env = get_chain(chain).env_var
    return [
        "UNREACHABLE: no provider answered.",
        *(f"  {error}" for error in errors),
        f"Next step: check the network connection, or ask another explorer or your own node "
        f"with --url {chain}=URL (or {env}=URL).",
    ]
