"""Checks for TRON: a transaction's status, what it moved, its fee; an address's activity.

Pure functions of the facts in :mod:`txdoctor.families.tron.facts`; no I/O.

Two TRON words explained in the messages: *energy* is what running a smart contract (a
USDT transfer) costs, *bandwidth* is what the transaction's size costs. Both come free
from staked or rented TRX; without them the network burns the sender's TRX instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from txdoctor.core.chains import Chain
from txdoctor.core.findings import Term, finding
from txdoctor.families.tron.context import (  # the contexts and registries, re-exported
    BANDWIDTH_WORDS,
    ENERGY_WORDS,
    amount_words,
)
from txdoctor.families.tron.context import (
    TronAddressContext as TronAddressContext,
)
from txdoctor.families.tron.context import (
    TronTxContext as TronTxContext,
)
from txdoctor.families.tron.context import (
    tron_address_checks as tron_address_checks,
)
from txdoctor.families.tron.context import (
    tron_tx_checks as tron_tx_checks,
)
from txdoctor.families.tron.facts import (
    SOLIDIFY_BLOCKS,
    TronTx,
    TronTxLookup,
    trx,
)
from txdoctor.families.tron.tokens import TRC20_TOKENS
from txdoctor.model import Category, Finding, Severity, Verdict

# Execution results with words of their own (catalog: finding.TRON_TX_FAILED.why.<result>).
_FAILURES = frozenset(
    {
        "REVERT",
        "OUT_OF_ENERGY",
        "OUT_OF_TIME",
        "TRANSFER_FAILED",
        "BAD_JUMP_DESTINATION",
        "ILLEGAL_OPERATION",
        "STACK_TOO_SMALL",
        "STACK_TOO_LARGE",
        "STACK_OVERFLOW",
        "JVM_STACK_OVER_FLOW",
        "INVALID_CODE",
        "UNKNOWN",
    }
)
_FAILED = "finding.TRON_TX_FAILED"


def _fee_evidence(ctx: TronTxContext) -> dict[str, Any]:
    info = ctx.lookup.info if ctx.lookup else None
    if info is None:
        return {}
    r = info.receipt
    return {
        "fee_sun": info.fee,
        "fee_trx": trx(info.fee),
        "energy_usage_total": r.energy_usage_total,
        "energy_fee_sun": r.energy_fee,
        "net_usage": r.net_usage,
        "net_fee_sun": r.net_fee,
    }


def _what_moved(ctx: TronTxContext) -> Term:
    tx = ctx.lookup.tx if ctx.lookup else None
    if tx is None:
        info = ctx.lookup.info if ctx.lookup else None
        if info is not None and info.contract_address in TRC20_TOKENS:
            return Term(f"{_FAILED}.moved_token", symbol=TRC20_TOKENS[info.contract_address][0])
        tokens = info is not None and info.contract_address
        return Term(f"{_FAILED}.moved_tokens" if tokens else f"{_FAILED}.moved_funds")
    t = ctx.token_transfer
    if t is not None:
        return Term(f"{_FAILED}.moved_amount", amount=amount_words(t))
    if tx.contract_type == "TransferContract" and tx.amount is not None:
        return Term(f"{_FAILED}.moved_trx", amount=trx(tx.amount))
    return Term(f"{_FAILED}.moved_funds")


def _cause_advice(ctx: TronTxContext, result: str) -> Term:
    """The next step, from the root cause when it is known (see checks.tron_causes)."""
    from txdoctor.families.tron.causes import failure_advice

    specific = failure_advice(ctx, result)
    if specific is not None:
        return specific
    return Term(f"{_FAILED}.retry_energy" if result == "OUT_OF_ENERGY" else f"{_FAILED}.retry")


@tron_tx_checks.register
def status(ctx: TronTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None or not lk.found:
        yield _not_found(ctx, lk)
    elif ctx.block is None:
        yield _pending(ctx, lk)
    elif ctx.failed:
        yield _failed(ctx, lk, ctx.block)
    else:
        yield _succeeded(ctx, ctx.block)


def _not_found(ctx: TronTxContext, lk: TronTxLookup | None) -> Finding:
    evidence = {"txid": ctx.txid, "chain": ctx.chain.name, "provider": lk.provider if lk else None}
    return finding("TRON_TX_NOT_FOUND", Category.STATUS, Severity.ERROR, evidence, Verdict.NOT_FOUND)


def _pending(ctx: TronTxContext, lk: TronTxLookup) -> Finding:
    evidence = {"txid": ctx.txid, "contract_ret": lk.tx.contract_ret if lk.tx else None}
    return finding("TRON_TX_PENDING", Category.STATUS, Severity.INFO, evidence, Verdict.PENDING)


def _base_evidence(ctx: TronTxContext, block: int) -> dict[str, Any]:
    return {
        "block": block,
        "tip_height": ctx.tip.number if ctx.tip else None,
        "confirmations": ctx.confirmations,
        "solidified": ctx.solidified,
        "result": ctx.result,
    }


def _failed(ctx: TronTxContext, lk: TronTxLookup, block: int) -> Finding:
    result = ctx.result or "UNKNOWN"
    info = lk.info
    burned = info.fee if info is not None else 0
    message = info.res_message if info is not None else None
    known = result in _FAILURES
    why = Term(f"{_FAILED}.why.{result}") if known else Term(f"{_FAILED}.why_other", result=result)
    return finding(
        "TRON_TX_FAILED",
        Category.STATUS,
        Severity.ERROR,
        {**_base_evidence(ctx, block), "message": message, **_fee_evidence(ctx)},
        Verdict.FAILED,
        why=why,
        moved=_what_moved(ctx),
        burned=Term(f"{_FAILED}.burned", fee=trx(burned)) if burned else Term(f"{_FAILED}.not_burned"),
        node_message=Term(f"{_FAILED}.node_message", message=message) if message else "",
        next_step=_cause_advice(ctx, result),
    )


def _succeeded(ctx: TronTxContext, block: int) -> Finding:
    conf = ctx.confirmations
    key = "finding.TRON_TX_SUCCESS"
    finality = (
        Term(f"{key}.solidified") if ctx.solidified else Term(f"{key}.final_after", blocks=SOLIDIFY_BLOCKS)
    )
    return finding(
        "TRON_TX_SUCCESS",
        Category.STATUS,
        Severity.OK,
        {**_base_evidence(ctx, block), **_fee_evidence(ctx)},
        Verdict.CONFIRMED,
        depth=Term(f"{key}.depth", count=conf, finality=finality) if conf is not None else "",
    )


@tron_tx_checks.register
def transfer(ctx: TronTxContext) -> Iterator[Finding]:
    """What the transaction moves, from the signed transaction itself."""
    tx = ctx.lookup.tx if ctx.lookup else None
    if tx is None:
        return
    tense = Term("tron.tense.tried" if ctx.failed else "tron.tense.sends")
    if ctx.token_transfer is not None:
        yield from _token_transfer(ctx, tx, tense)
    elif tx.contract_type == "TransferContract" and tx.amount is not None:
        yield _trx_transfer(tx, tx.amount, tense)
    elif tx.contract_type == "TransferAssetContract" and tx.amount is not None:
        yield _trc10_transfer(tx, tx.amount, tense)
    else:
        yield _other_tx(tx)


def _token_transfer(ctx: TronTxContext, tx: TronTx, tense: Term) -> Iterator[Finding]:
    t = ctx.token_transfer
    if t is None:
        return
    yield finding(
        "TRON_TOKEN_TRANSFER",
        Category.STATUS,
        Severity.INFO,
        {
            "token": t.token,
            "symbol": t.symbol,
            "decimals": t.decimals,
            "amount": str(t.amount),
            "from": tx.owner,
            "recipient": t.recipient,
        },
        None,
        name=t.symbol or Term("finding.TRON_TOKEN_TRANSFER.unnamed"),
        tense=tense,
        shown_amount=amount_words(t),
    )
    if t.recipient == t.token:
        yield finding(
            "TRON_TOKEN_TO_CONTRACT_ITSELF",
            Category.ADDRESS,
            Severity.ERROR,
            {"token": t.token, "symbol": t.symbol, "amount": str(t.amount), "recipient": t.recipient},
        )


def _trx_transfer(tx: TronTx, amount: int, tense: Term) -> Finding:
    evidence = {"amount_sun": amount, "amount_trx": trx(amount), "from": tx.owner, "recipient": tx.to}
    return finding("TRON_TRX_TRANSFER", Category.STATUS, Severity.INFO, evidence, None, tense=tense)


def _trc10_transfer(tx: TronTx, amount: int, tense: Term) -> Finding:
    evidence = {"asset": tx.asset_name, "amount": str(amount), "from": tx.owner, "recipient": tx.to}
    return finding("TRON_TRC10_TRANSFER", Category.STATUS, Severity.INFO, evidence, None, tense=tense)


def _other_tx(tx: TronTx) -> Finding:
    return finding(
        "TRON_OTHER_TX",
        Category.STATUS,
        Severity.INFO,
        {"contract_type": tx.contract_type, "contract": tx.contract_address, "from": tx.owner},
        None,
        call=Term("finding.TRON_OTHER_TX.call", contract=tx.contract_address) if tx.contract_address else "",
    )


@tron_tx_checks.register
def fee(ctx: TronTxContext) -> Iterator[Finding]:
    """What a successful transaction burned (a failed one says so in TRON_TX_FAILED)."""
    info = ctx.lookup.info if ctx.lookup else None
    if info is None or ctx.failed or ctx.block is None or info.fee == 0:
        return
    used = info.receipt.net_usage
    key = "finding.TRON_FEE_BURNED"
    yield finding(
        "TRON_FEE_BURNED",
        Category.FEE,
        Severity.INFO,
        _fee_evidence(ctx),
        None,
        bandwidth=Term(f"{key}.bandwidth", net_usage=used) if used else Term(f"{key}.bandwidth_its"),
        energy_words=ENERGY_WORDS,
        bandwidth_words=BANDWIDTH_WORDS,
    )


def tx_facts(ctx: TronTxContext) -> dict[str, Any]:
    lk = ctx.lookup
    facts: dict[str, Any] = {
        "txid": ctx.txid,
        "chain": ctx.chain.name,
        "provider": lk.provider if lk else None,
        "block_height": ctx.block,
        "tip_height": ctx.tip.number if ctx.tip else None,
        "confirmations": ctx.confirmations,
        "solidified": ctx.solidified,
        "result": ctx.result,
    }
    if lk is None:
        return facts
    facts.update(_fee_evidence(ctx))
    if lk.info is not None and lk.info.res_message:
        facts["message"] = lk.info.res_message
    tx = lk.tx
    if tx is not None:
        facts.update({"type": tx.contract_type, "from": tx.owner, "fee_limit_sun": tx.fee_limit})
        t = ctx.token_transfer
        if t is not None:
            facts.update(
                {
                    "token": t.token,
                    "symbol": t.symbol,
                    "to": t.recipient,
                    "amount": str(t.amount),
                    "decimals": t.decimals,
                }
            )
        elif tx.to is not None:
            facts.update({"to": tx.to, "amount": str(tx.amount), "asset": tx.asset_name})
        elif tx.contract_address is not None:
            facts["contract"] = tx.contract_address
    return facts


def other_network(chain: Chain, txid: str, found_on: list[str]) -> Finding:
    """Not on the TRON network asked, but on ``found_on`` (its other networks, searched too)."""
    names: Term = Term(f"chain.{found_on[0]}")
    for name in found_on[1:]:
        names = Term("finding.TRON_TX_ON_OTHER_NETWORK.two", first=names, second=Term(f"chain.{name}"))
    return finding(
        "TRON_TX_ON_OTHER_NETWORK",
        Category.NETWORK,
        Severity.ERROR,
        {"found_on": found_on, "checked": chain.name},
        Verdict.NOT_FOUND,
        chain_name=Term(f"chain.{chain.name}"),
        names=names,
        command=f"txdoctor check {txid} --chain {found_on[0]}",
    )


# ------------------------------------------------------------------ address


@tron_address_checks.register
def token_contract(ctx: TronAddressContext) -> Iterator[Finding]:
    if ctx.chain == "tron" and ctx.address in TRC20_TOKENS:
        evidence = {"address": ctx.address, "symbol": TRC20_TOKENS[ctx.address][0]}
        yield finding("TRON_ADDRESS_IS_TOKEN_CONTRACT", Category.ADDRESS, Severity.ERROR, evidence)


@tron_address_checks.register
def activity(ctx: TronAddressContext) -> Iterator[Finding]:
    a = ctx.account
    if a is None:
        return
    if not a.activated:
        evidence = {"address": a.address, "activated": False, "provider": a.provider}
        yield finding("TRON_ADDRESS_NOT_ACTIVATED", Category.ADDRESS, Severity.WARNING, evidence)
        return
    key = "finding.TRON_ADDRESS_ACTIVITY"
    yield finding(
        "TRON_ADDRESS_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        {
            "address": a.address,
            "activated": True,
            "balance_sun": a.balance,
            "balance_trx": trx(a.balance),
            "is_contract": a.is_contract,
            "create_time": a.create_time,
            "provider": a.provider,
        },
        None,
        kind=Term(f"{key}.contract" if a.is_contract else f"{key}.account"),
        no_fees="" if a.balance else Term(f"{key}.no_fees"),
    )


def address_tron_facts(ctx: TronAddressContext) -> dict[str, Any]:
    a = ctx.account
    if a is None:
        return {}
    return {
        "activity": {
            "tron": {
                "activated": a.activated,
                "balance": a.balance,
                "balance_trx": trx(a.balance),
                "is_contract": a.is_contract,
                "create_time": a.create_time,
            }
        }
    }


# The root-cause checks (energy, revert reasons, blacklist, permissions) register after these.
from txdoctor.families.tron import causes as _tron_causes  # noqa: E402,F401
