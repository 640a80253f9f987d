"""What every family's ``txdoctor fees`` report shares: provider errors said once, the
lines of an unreachable chain, the title, aligned labels. Every word is the catalog's
(``fees.*``) in the language asked for; ``fees`` is online, so reading the catalog costs
nothing that counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from txdoctor.core.chains import get_chain
from txdoctor.messages import catalog

if TYPE_CHECKING:
    from txdoctor.messages.loader import Catalog


def by_provider(errors: Iterable[str]) -> list[str]:
    """Each failing provider once ("name: what went wrong"), however many requests failed."""
    seen: dict[str, list[str]] = {}
    for error in errors:
        name, _, detail = error.partition(": ")
        details = seen.setdefault(name, [])
        if detail and detail not in details:
            details.append(detail)
    return [f"{name}: {' / '.join(details)}" if details else name for name, details in seen.items()]


def unreachable_lines(
    chain: str, errors: list[str], cat: Catalog, other: str = "fees.other_explorer"
) -> list[str]:
    from txdoctor.core.failwords import said

    env = get_chain(chain).env_var
    return [
        cat.text("fees.unreachable"),
        *(f"  {said(error, cat.lang)}" for error in errors),
        cat.text("fees.next_step", other=cat.text(other), chain=chain, env=env),
    ]


def title(cat: Catalog, chain: str, height: object = None, key: str = "fees.title_height") -> str:
    """``Fees on Bitcoin mainnet at height 890448`` (or without the height)."""
    name = cat.text(f"chain.{chain}")
    return cat.text(key, chain=name, height=height) if height else cat.text("fees.title", chain=name)


def aligned(rows: list[tuple[str, str]], gap: int) -> list[str]:
    """``  label   value`` lines, the values in one column (a Chinese character takes two)."""
    from txdoctor.render.style import columns

    width = max(columns(label) for label, _ in rows) + gap
    return [f"  {label}{' ' * (width - columns(label))}{value}" for label, value in rows]


def words(lang: str) -> Catalog:
    return catalog(lang)
