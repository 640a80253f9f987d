"""Checks for an address: format, checksum, network, and (online) its activity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from txdoctor.addresses import AddressInfo
from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks import Registry
from txdoctor.model import Category, Finding, Severity, Verdict
from txdoctor.tokens import token_contracts_at

if TYPE_CHECKING:
    from txdoctor.families.bitcoin.facts import BtcAddressActivity, BtcNetworkState

SUPPORTED_FAMILIES = {"btc", "evm", "tron"}

_TYPE_WORDS = {
    "p2pkh": "a legacy (P2PKH) address",
    "p2sh": "a script (P2SH) address",
    "p2wpkh": "a native SegWit (P2WPKH) address",
    "p2wsh": "a native SegWit script (P2WSH) address",
    "p2tr": "a Taproot (P2TR) address",
    "mweb": "an MWEB stealth address (private: no explorer or node can list its payments)",
    "evm": "an account or contract address",
}


@dataclass(frozen=True)
class AddressContext:
    info: AddressInfo
    asked_chain: Chain | None
    activity: tuple[tuple[BtcAddressActivity, BtcNetworkState], ...] = field(default_factory=tuple)


address_checks: Registry[AddressContext] = Registry("address")


def describe(info: AddressInfo) -> str:
    what = _TYPE_WORDS.get(info.type or "", "an address")
    return f"{what} on {info.network}"


@address_checks.register
def validity(ctx: AddressContext) -> Iterator[Finding]:
    info = ctx.info
    if info.valid:
        return
    evidence: dict[str, object] = {
        "error_code": info.error_code,
        "network": info.network,
        "encoding": info.encoding,
    }
    if info.error_locations:
        evidence["error_locations"] = list(info.error_locations)
    if info.suggestion:
        evidence["suggestion"] = info.suggestion
    where = ""
    if info.error_locations:
        marks = ", ".join(str(p + 1) for p in info.error_locations)
        plural = "s are" if len(info.error_locations) > 1 else " is"
        where = f" The likely wrong character{plural} at position {marks}."
    yield Finding(
        "ADDR_INVALID",
        Category.ADDRESS,
        Severity.ERROR,
        f"This is not a valid address: {info.error or 'it fails its checks'}.{where}",
        "Do not send to it. Ask the recipient for the address again and copy-paste it (never retype "
        "it); a wallet will refuse it, and sending to a mistyped address can lose the funds.",
        evidence,
        Verdict.INVALID,
    )


@address_checks.register
def network(ctx: AddressContext) -> Iterator[Finding]:
    info, asked = ctx.info, ctx.asked_chain
    if not info.valid:
        return
    evidence: dict[str, object] = {
        "type": info.type,
        "network": info.network,
        "encoding": info.encoding,
        "chains": list(info.chains),
    }
    if asked is not None and asked.name not in info.chains:
        same_family = info.family == asked.family
        code = "ADDR_WRONG_NETWORK" if same_family else "ADDR_OTHER_CHAIN"
        evidence["asked_chain"] = asked.name
        yield Finding(
            code,
            Category.ADDRESS if not same_family else Category.NETWORK,
            Severity.ERROR,
            f"This is {describe(info)}, not an address for {asked.display}.",
            "Check which network the payment is meant for: coins sent on one network never appear "
            "on another. A wallet on "
            f"{asked.display} will reject this address; the sender must use an address for that network.",
            evidence,
            Verdict.INVALID,
        )
        return
    if info.family not in SUPPORTED_FAMILIES:
        yield Finding(
            "ADDR_OTHER_CHAIN",
            Category.ADDRESS,
            Severity.WARNING,
            f"This {'looks like' if info.confidence == 'low' else 'is'} {describe(info)}; "
            "txdoctor does not look up that chain.",
            "Use that chain's own explorer. If you expected a Bitcoin or EVM address, the sender gave "
            "an address for the wrong chain: do not send to it.",
            evidence,
            Verdict.VALID,
        )
        return
    yield Finding(
        "ADDR_VALID",
        Category.ADDRESS,
        Severity.OK,
        f"Valid: {describe(info)}.",
        "",
        evidence,
        Verdict.VALID,
    )
    if info.family == "evm" and info.checksum == "none":
        yield Finding(
            "ADDR_NO_CHECKSUM",
            Category.ADDRESS,
            Severity.INFO,
            "The address is all lower or upper case, so it carries no EIP-55 checksum: a typo in it "
            "would not be detected.",
            f"Compare it character by character with the source, or use the checksummed form"
            f"{' ' + info.suggestion if info.suggestion else ''}.",
            {"checksummed": info.suggestion},
        )


@address_checks.register
def token_contract(ctx: AddressContext) -> Iterator[Finding]:
    """An EVM address that is a main token's own contract (offline table: txdoctor.tokens).
    TRON's are reported by the TRON address checks (TRON_ADDRESS_IS_TOKEN_CONTRACT)."""
    info, asked = ctx.info, ctx.asked_chain
    if not info.valid or info.family != "evm":
        return
    if asked is not None and asked.family != "evm":
        return
    found = token_contracts_at(info.text, asked.name if asked else None)
    if not found:
        return
    symbols = sorted({t.symbol for t in found})
    where = " and ".join(f"{t.symbol} on {CHAINS[t.chain].display}" for t in found if t.chain in CHAINS)
    yield Finding(
        "EVM_ADDRESS_IS_TOKEN_CONTRACT",
        Category.ADDRESS,
        Severity.ERROR,
        f"This is the token contract of {where}, not a wallet address.",
        f"Do not send {' or '.join(symbols)} (or anything else) to it: tokens sent to a token's own "
        "contract are most likely lost. Ask the recipient for their own wallet address.",
        {
            "address": info.text,
            "symbol": "/".join(symbols),
            "chains": [t.chain for t in found],
        },
    )


@address_checks.register
def activity(ctx: AddressContext) -> Iterator[Finding]:
    for act, state in ctx.activity:
        chain = CHAINS[act.chain]
        total = act.confirmed_tx_count + act.unconfirmed_tx_count
        yield Finding(
            "ADDR_ACTIVITY" if total else "ADDR_NO_ACTIVITY",
            Category.STATUS,
            Severity.INFO,
            (
                f"On {chain.display}: {act.confirmed_tx_count} confirmed and "
                f"{act.unconfirmed_tx_count} unconfirmed transactions; balance "
                f"{act.confirmed_balance / 1e8:.8f} {chain.symbol} confirmed"
                + (
                    f", {act.unconfirmed_delta / 1e8:+.8f} {chain.symbol} pending."
                    if act.unconfirmed_delta
                    else "."
                )
            )
            if total
            else f"No transactions on {chain.display} yet.",
            ""
            if total
            else "If a payment to this address was sent, it has not reached the network: check the "
            "transaction ID with 'txdoctor check'.",
            {
                "chain": act.chain,
                "confirmed_tx_count": act.confirmed_tx_count,
                "unconfirmed_tx_count": act.unconfirmed_tx_count,
                "confirmed_balance": act.confirmed_balance,
                "unconfirmed_delta": act.unconfirmed_delta,
                "provider": act.provider,
            },
        )
        for tx in act.mempool_txs:
            rate = tx.fee_rate
            if rate is None:
                continue
            from txdoctor.families.bitcoin.fee_checks import projected_position  # not on the offline path

            pos = projected_position(rate, state)
            below_min = state.fees is not None and rate < state.fees.minimum
            soon = pos is not None and pos.soon and not below_min
            yield Finding(
                "ADDR_PENDING_TX",
                Category.FEE,
                Severity.INFO if soon else Severity.WARNING,
                f"Unconfirmed transaction {tx.txid} pays {rate:.2f} sat/vB: "
                + (f"expected in ~{pos.eta_minutes} min." if soon and pos else "not likely to confirm soon."),
                "" if soon else f"Diagnose it: txdoctor check {tx.txid} --chain {act.chain}",
                {
                    "txid": tx.txid,
                    "fee_rate": round(rate, 2),
                    "projected_block": pos.block_index if pos else None,
                    "eta_minutes": pos.eta_minutes if pos else None,
                },
            )


@address_checks.register
def burn(ctx: AddressContext) -> Iterator[Finding]:
    """A burn address: valid, but nobody holds its key (txdoctor.burn)."""
    from txdoctor.burn import KNOWN, burn_reason

    reason = burn_reason(ctx.info)
    if reason is None:
        return
    why = "its hash is all zeros" if reason == "zero" else KNOWN[ctx.info.text.lower()]
    yield Finding(
        "ADDR_BURN",
        Category.ADDRESS,
        Severity.ERROR,
        f"This is a burn address ({why}): nobody holds its key, so anything sent to it is lost for good.",
        "Do not send to it. If a person, platform or website gave you this address, it is a mistake "
        "or a scam: ask the recipient for their own wallet address.",
        {"address": ctx.info.text, "reason": reason},
        Verdict.INVALID,
    )


def address_facts(ctx: AddressContext) -> dict[str, object]:
    info = ctx.info
    facts: dict[str, object] = {
        "address": info.text,
        "valid": info.valid,
        "family": info.family,
        "network": info.network,
        "type": info.type,
        "encoding": info.encoding,
        "checksum": info.checksum,
        "chains": list(info.chains),
    }
    if info.script_pubkey:
        facts["script_pubkey"] = info.script_pubkey
    if info.witness_version is not None:
        facts["witness_version"] = info.witness_version
    if ctx.activity:
        facts["activity"] = {
            a.chain: {
                "confirmed_tx_count": a.confirmed_tx_count,
                "unconfirmed_tx_count": a.unconfirmed_tx_count,
                "confirmed_balance": a.confirmed_balance,
                "unconfirmed_delta": a.unconfirmed_delta,
            }
            for a, _ in ctx.activity
        }
    return facts
