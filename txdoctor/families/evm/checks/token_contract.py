"""An EVM address that is a main token's own contract (offline: the table in
txdoctor.core.tokens): tokens sent there are lost. Placed among the shared address checks as
part of the family's :class:`~txdoctor.core.checks.address.AddressLookup` (after the format
and network checks, before the burn check). TRON's are reported by the TRON address checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from txdoctor.core.chains import CHAINS
from txdoctor.core.checks.address import AddressContext
from txdoctor.core.findings import Term, TermList, finding
from txdoctor.core.tokens import token_contracts_at
from txdoctor.model import Category, Finding, Severity


def token_contract(ctx: AddressContext) -> Iterator[Finding]:
    info, asked = ctx.info, ctx.asked_chain
    if not info.valid or info.family != "evm":
        return
    if asked is not None and asked.family != "evm":
        return
    found = token_contracts_at(info.text, asked.name if asked else None)
    if not found:
        return
    symbols = sorted({t.symbol for t in found})
    on = "finding.EVM_ADDRESS_IS_TOKEN_CONTRACT.on"
    where = [
        Term(on, symbol=t.symbol, chain_name=Term(f"chain.{t.chain}")) for t in found if t.chain in CHAINS
    ]
    yield finding(
        "EVM_ADDRESS_IS_TOKEN_CONTRACT",
        Category.ADDRESS,
        Severity.ERROR,
        {
            "address": info.text,
            "symbol": "/".join(symbols),
            "chains": [t.chain for t in found],
        },
        where=TermList(where, "and"),
        symbols=TermList(symbols, "or"),
    )


def with_token_contract(ctx: AddressContext) -> AddressContext:
    """``ctx`` with the token-contract finding, if any, first among its lookup's findings."""
    found = tuple(token_contract(ctx))
    if not found:
        return ctx
    return replace(ctx, lookup=replace(ctx.lookup, findings=(*found, *ctx.lookup.findings)))
