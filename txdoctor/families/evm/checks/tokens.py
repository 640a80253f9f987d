"""Token transfers in a transaction, and recipients that are contracts."""

from __future__ import annotations

from collections.abc import Iterator

from txdoctor.core.amounts import format_units
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import (
    AccountCode,
    EvmTx,
    EvmTxLookup,
    TokenTransfer,
    format_native,
)
from txdoctor.model import Category, Finding, Severity

MAX_TOKEN_FINDINGS = 5


def _amount(t: TokenTransfer, ctx: EvmTxContext) -> tuple[Term, str | None, int | None]:
    info = ctx.lookup.token(t.token) if ctx.lookup else None
    symbol = info.symbol if info else None
    decimals = info.decimals if info else None
    key = "finding.EVM_TOKEN_TRANSFER."
    if decimals is not None:
        text = Term(
            key + "amount", amount=format_units(t.amount, decimals), symbol=symbol or Term(key + "tokens")
        )
    else:
        text = Term(key + "base_units", amount=t.amount, symbol=symbol or Term(key + "the_token"))
    return text, symbol, decimals


def _verb(t: TokenTransfer, ctx: EvmTxContext, lk: EvmTxLookup) -> Term:
    """What the transaction did with the tokens: moved them, failed to, will, or only asked."""
    if t.source == "log":
        verb = "moved"
    elif lk.receipt is not None and lk.receipt.status == 0:
        verb = "failed"
    elif ctx.pending_tx is not None:
        verb = "once_mined"
    elif lk.receipt is not None:
        verb = "no_event"
    else:
        verb = "asks"
    return Term(f"finding.EVM_TOKEN_TRANSFER.{verb}")


def tokens(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None:
        return
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        yield _token_transfer(t, ctx, lk)
        if t.recipient == t.token:
            yield _token_to_contract_itself(t, ctx)


def _token_transfer(t: TokenTransfer, ctx: EvmTxContext, lk: EvmTxLookup) -> Finding:
    text, symbol, decimals = _amount(t, ctx)
    return finding(
        "EVM_TOKEN_TRANSFER",
        Category.STATUS,
        Severity.INFO,
        {
            "token": t.token,
            "symbol": symbol,
            "decimals": decimals,
            "from": t.sender,
            "to": t.recipient,
            "amount": str(t.amount),
            "amount_display": format_units(t.amount, decimals) if decimals is not None else None,
            "source": t.source,
        },
        None,
        verb=_verb(t, ctx, lk),
        amount_text=text,
    )


def _token_to_contract_itself(t: TokenTransfer, ctx: EvmTxContext) -> Finding:
    info = ctx.lookup.token(t.token) if ctx.lookup else None
    return finding(
        "EVM_TOKEN_TO_CONTRACT_ITSELF",
        Category.ADDRESS,
        Severity.ERROR,
        {
            "token": t.token,
            "symbol": info.symbol if info else None,
            "amount": str(t.amount),
            "recipient": t.recipient,
        },
    )


def _recipients(tx: EvmTx, lk: EvmTxLookup) -> list[tuple[str, str]]:
    """The addresses that received something: (address, "native" or "token")."""
    targets: list[tuple[str, str]] = []
    if tx.to is not None and tx.value > 0:
        targets.append((tx.to, "native"))
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        if t.recipient != t.token and all(t.recipient != a for a, _ in targets):
            targets.append((t.recipient, "token"))
    return targets


def recipient(ctx: EvmTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    if lk is None or tx is None:
        return
    for address, kind in _recipients(tx, lk):
        code = lk.code(address)
        if code is not None and code.is_contract:
            yield _recipient_is_contract(ctx, tx, address, kind, code, address in lk.token_like)


def _recipient_is_contract(
    ctx: EvmTxContext, tx: EvmTx, address: str, kind: str, code: AccountCode, token_like: bool
) -> Finding:
    key = "finding.EVM_RECIPIENT_IS_CONTRACT."
    if token_like:
        what = format_native(tx.value, ctx.symbol) if kind == "native" else Term(key + "the_tokens")
        what_it_is, what_to_do = Term(key + "token_contract", what=what), Term(key + "token_contract_advice")
    else:
        what_it_is, what_to_do = Term(key + "contract"), Term(key + "contract_advice")
    return finding(
        "EVM_RECIPIENT_IS_CONTRACT",
        Category.ADDRESS,
        Severity.WARNING if token_like else Severity.INFO,
        {"address": address, "code_size": code.code_size, "token_contract": token_like, "kind": kind},
        None,
        what_it_is=what_it_is,
        what_to_do=what_to_do,
    )
