"""Checks for TRON: a transaction's status, what it moved, its fee; an address's activity.

Pure functions of the facts in :mod:`txdoctor.tron_facts`; no I/O.

Two TRON words explained in the messages: *energy* is what running a smart contract (a
USDT transfer) costs, *bandwidth* is what the transaction's size costs. Both come free
from staked or rented TRX; without them the network burns the sender's TRX instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from txdoctor.checks.tron_context import (  # the contexts and registries, re-exported
    BANDWIDTH_WORDS,
    ENERGY_WORDS,
)
from txdoctor.checks.tron_context import (
    TronAddressContext as TronAddressContext,
)
from txdoctor.checks.tron_context import (
    TronTxContext as TronTxContext,
)
from txdoctor.checks.tron_context import (
    tron_address_checks as tron_address_checks,
)
from txdoctor.checks.tron_context import (
    tron_tx_checks as tron_tx_checks,
)
from txdoctor.model import Category, Finding, Severity, Verdict
from txdoctor.tron_facts import (
    KNOWN_TOKENS,
    SOLIDIFY_BLOCKS,
    trx,
)

_FAILURE_WORDS = {
    "REVERT": "the token contract refused it (most often the sender did not hold enough of the token, "
    "or the address is frozen by the token's issuer)",
    "OUT_OF_ENERGY": "it ran out of energy: the sender did not have enough energy or TRX to burn for it",
    "OUT_OF_TIME": "it took longer than TRON allows for a contract call",
    "TRANSFER_FAILED": "the transfer inside the contract failed",
    "BAD_JUMP_DESTINATION": "the contract hit an invalid instruction",
    "ILLEGAL_OPERATION": "the contract hit an illegal operation",
    "STACK_TOO_SMALL": "the contract failed (stack too small)",
    "STACK_TOO_LARGE": "the contract failed (stack too large)",
    "STACK_OVERFLOW": "the contract failed (stack overflow)",
    "JVM_STACK_OVER_FLOW": "the contract failed (call depth too large)",
    "INVALID_CODE": "the contract code is invalid",
    "UNKNOWN": "the network did not say why",
}


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


def _what_moved(ctx: TronTxContext) -> str:
    tx = ctx.lookup.tx if ctx.lookup else None
    if tx is None:
        info = ctx.lookup.info if ctx.lookup else None
        if info is not None and info.contract_address in KNOWN_TOKENS:
            return f"the {KNOWN_TOKENS[info.contract_address][0]}"
        return "the tokens" if info is not None and info.contract_address else "the funds"
    t = ctx.token_transfer
    if t is not None:
        return f"the {t.display_amount}"
    if tx.contract_type == "TransferContract" and tx.amount is not None:
        return f"the {trx(tx.amount)} TRX"
    return "the funds"


def _cause_advice(ctx: TronTxContext, result: str) -> str:
    """The next step, from the root cause when it is known (see checks.tron_causes)."""
    from txdoctor.checks.tron_causes import failure_advice

    specific = failure_advice(ctx, result)
    if specific:
        return specific
    if result == "OUT_OF_ENERGY":
        return "The sender can send again with more TRX in the wallet for fees (or staked/rented energy)."
    return "The sender can send again; if it fails the same way, check the token balance first."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@tron_tx_checks.register
def status(ctx: TronTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None or not lk.found:
        yield Finding(
            "TRON_TX_NOT_FOUND",
            Category.STATUS,
            Severity.ERROR,
            "TRON does not know this transaction: it was never broadcast, it expired before being "
            "included (an unconfirmed TRON transaction expires about a minute after it is signed), or "
            "it is on another network or chain.",
            "Ask the sender for the transaction ID from their wallet's history, and which network they "
            "sent on (TRC20 = TRON; ERC20 = Ethereum; BEP20 = BNB Smart Chain). If it expired, nothing "
            "was taken: the sender can simply send again.",
            {"txid": ctx.txid, "chain": ctx.chain.name, "provider": lk.provider if lk else None},
            Verdict.NOT_FOUND,
        )
        return
    block = ctx.block
    if block is None:
        yield Finding(
            "TRON_TX_PENDING",
            Category.STATUS,
            Severity.INFO,
            "Broadcast, but not in a block yet. TRON makes a block every 3 seconds, so this normally "
            "resolves within a minute; if it is not included before it expires, nothing is taken.",
            "Check again in a minute.",
            {"txid": ctx.txid, "contract_ret": lk.tx.contract_ret if lk.tx else None},
            Verdict.PENDING,
        )
        return
    conf = ctx.confirmations
    base: dict[str, Any] = {
        "block": block,
        "tip_height": ctx.tip.number if ctx.tip else None,
        "confirmations": conf,
        "solidified": ctx.solidified,
        "result": ctx.result,
    }
    fee = _fee_evidence(ctx)
    if ctx.failed:
        result = ctx.result or "UNKNOWN"
        info = lk.info
        burned = info.fee if info is not None else 0
        why = _FAILURE_WORDS.get(result, f"the network reported {result}")
        message = info.res_message if info is not None else None
        yield Finding(
            "TRON_TX_FAILED",
            Category.STATUS,
            Severity.ERROR,
            f"Failed in block {block}: {why}. {_cap(_what_moved(ctx))} did not move"
            + (f", but {trx(burned)} TRX was burned for the fee." if burned else ".")
            + (f" Node message: {message}" if message else ""),
            "Nothing reached the recipient. " + _cause_advice(ctx, result),
            {**base, "message": message, **fee},
            Verdict.FAILED,
        )
        return
    depth = (
        f"; {conf} confirmation{'s' if conf != 1 else ''}"
        + (", solidified (final)" if ctx.solidified else f", final after about {SOLIDIFY_BLOCKS}")
        if conf is not None
        else ""
    )
    yield Finding(
        "TRON_TX_SUCCESS",
        Category.STATUS,
        Severity.OK,
        f"Succeeded in block {block}{depth}.",
        "Nothing to do on the network side. If the recipient does not see the funds, check the "
        "address it was sent to, that their wallet is on TRON, and (for USDT) that it shows TRC20 tokens.",
        {**base, **fee},
        Verdict.CONFIRMED,
    )


@tron_tx_checks.register
def transfer(ctx: TronTxContext) -> Iterator[Finding]:
    """What the transaction moves, from the signed transaction itself."""
    tx = ctx.lookup.tx if ctx.lookup else None
    if tx is None:
        return
    t = ctx.token_transfer
    tense = "tried to send" if ctx.failed else "sends"
    if t is not None:
        name = t.symbol or "TRC20 token"
        yield Finding(
            "TRON_TOKEN_TRANSFER",
            Category.STATUS,
            Severity.INFO,
            f"A {name} (TRC20) transfer: {tx.owner} {tense} {t.display_amount} to {t.recipient}.",
            "",
            {
                "token": t.token,
                "symbol": t.symbol,
                "decimals": t.decimals,
                "amount": str(t.amount),
                "from": tx.owner,
                "recipient": t.recipient,
            },
        )
        if t.recipient == t.token:
            yield Finding(
                "TRON_TOKEN_TO_CONTRACT_ITSELF",
                Category.ADDRESS,
                Severity.ERROR,
                f"The tokens were sent to the token's own contract address ({t.token}), not to a wallet. "
                "Token contracts usually cannot send tokens back: they are most likely lost.",
                "Contact the token's issuer (for USDT, Tether support); only they might help. Before "
                "sending again, copy the recipient's own wallet address, not the token's address.",
                {"token": t.token, "symbol": t.symbol, "amount": str(t.amount), "recipient": t.recipient},
            )
    elif tx.contract_type == "TransferContract" and tx.amount is not None:
        yield Finding(
            "TRON_TRX_TRANSFER",
            Category.STATUS,
            Severity.INFO,
            f"A TRX transfer: {tx.owner} {tense} {trx(tx.amount)} TRX to {tx.to}.",
            "",
            {"amount_sun": tx.amount, "amount_trx": trx(tx.amount), "from": tx.owner, "recipient": tx.to},
        )
    elif tx.contract_type == "TransferAssetContract" and tx.amount is not None:
        yield Finding(
            "TRON_TRC10_TRANSFER",
            Category.STATUS,
            Severity.INFO,
            f"A TRC10 token transfer: {tx.owner} {tense} {tx.amount} units of token {tx.asset_name} "
            f"to {tx.to}. (TRC10 tokens are not USDT; USDT on TRON is a TRC20 token.)",
            "",
            {"asset": tx.asset_name, "amount": str(tx.amount), "from": tx.owner, "recipient": tx.to},
        )
    else:
        yield Finding(
            "TRON_OTHER_TX",
            Category.STATUS,
            Severity.INFO,
            f"Not a plain transfer: a {tx.contract_type}"
            + (f" call to contract {tx.contract_address}" if tx.contract_address else "")
            + ". txdoctor does not decode what it does.",
            "",
            {"contract_type": tx.contract_type, "contract": tx.contract_address, "from": tx.owner},
        )


@tron_tx_checks.register
def fee(ctx: TronTxContext) -> Iterator[Finding]:
    """What a successful transaction burned (a failed one says so in TRON_TX_FAILED)."""
    info = ctx.lookup.info if ctx.lookup else None
    if info is None or ctx.failed or ctx.block is None or info.fee == 0:
        return
    r = info.receipt
    yield Finding(
        "TRON_FEE_BURNED",
        Category.FEE,
        Severity.INFO,
        f"The sender paid {trx(info.fee)} TRX in fees (burned for {r.energy_usage_total} energy and "
        f"{r.net_usage or 'its'} bandwidth). {ENERGY_WORDS} {BANDWIDTH_WORDS}",
        "To pay less next time, the sender can stake TRX or rent energy before sending tokens.",
        _fee_evidence(ctx),
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


# ------------------------------------------------------------------ address


@tron_address_checks.register
def token_contract(ctx: TronAddressContext) -> Iterator[Finding]:
    if ctx.chain == "tron" and ctx.address in KNOWN_TOKENS:
        symbol = KNOWN_TOKENS[ctx.address][0]
        yield Finding(
            "TRON_ADDRESS_IS_TOKEN_CONTRACT",
            Category.ADDRESS,
            Severity.ERROR,
            f"This is the {symbol} token contract on TRON, not a wallet address.",
            f"Do not send {symbol} to it: tokens sent to the token contract are most likely lost. "
            "Ask the recipient for their own wallet address.",
            {"address": ctx.address, "symbol": symbol},
        )


@tron_address_checks.register
def activity(ctx: TronAddressContext) -> Iterator[Finding]:
    a = ctx.account
    if a is None:
        return
    if not a.activated:
        yield Finding(
            "TRON_ADDRESS_NOT_ACTIVATED",
            Category.ADDRESS,
            Severity.WARNING,
            "This TRON address has never received TRX, so it is not activated yet. A USDT transfer to "
            "it still works; if it holds no USDT yet, that first transfer needs about twice the usual "
            "energy (a new storage slot in the token contract, not activation). Sending TRX to it "
            "costs the sender an extra 1 TRX account-creation fee.",
            "Fine to send to if the address is right. The sender needs more TRX for fees (or energy) "
            "than usual; the owner will need some TRX later to move the USDT on.",
            {"address": a.address, "activated": False, "provider": a.provider},
        )
        return
    yield Finding(
        "TRON_ADDRESS_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        f"Activated TRON {'contract' if a.is_contract else 'account'} with {trx(a.balance)} TRX."
        + ("" if a.balance else " With 0 TRX it cannot pay fees to send tokens on without staked energy."),
        "",
        {
            "address": a.address,
            "activated": True,
            "balance_sun": a.balance,
            "balance_trx": trx(a.balance),
            "is_contract": a.is_contract,
            "create_time": a.create_time,
            "provider": a.provider,
        },
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
from txdoctor.checks import tron_causes as _tron_causes  # noqa: E402,F401
