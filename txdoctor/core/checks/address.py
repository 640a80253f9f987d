"""Checks for an address: format, checksum, network, and (online) its activity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from txdoctor.addresses import AddressInfo
from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks import Registry
from txdoctor.core.findings import Term, TermList, finding
from txdoctor.core.tokens import token_contracts_at
from txdoctor.model import Category, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.families.bitcoin.facts import BtcAddressActivity, BtcNetworkState

SUPPORTED_FAMILIES = {"btc", "evm", "tron"}

_TYPES = frozenset({"p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr", "mweb", "evm"})
_ADDR = "finding.ADDR_"


@dataclass(frozen=True)
class AddressContext:
    info: AddressInfo
    asked_chain: Chain | None
    activity: tuple[tuple[BtcAddressActivity, BtcNetworkState], ...] = field(default_factory=tuple)


address_checks: Registry[AddressContext] = Registry()


def describe(info: AddressInfo) -> Term:
    """``a native SegWit (P2WPKH) address on Bitcoin mainnet``, in the catalog's words."""
    kind = info.type if info.type in _TYPES else "other"
    return Term(
        "words.address_on", what=Term(f"words.address_type.{kind}"), network=network_term(info.network)
    )


def network_term(network: str | None) -> Term | str | None:
    """An address's network label as a chain's name in the reader's language, when it is one."""
    name = next((c.name for c in CHAINS.values() if c.display == network), None)
    return Term(f"chain.{name}") if name is not None else network


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
    where: Term | str = ""
    if info.error_locations:
        marks = ", ".join(str(p + 1) for p in info.error_locations)
        where = Term(
            f"{_ADDR}INVALID.where_{'many' if len(info.error_locations) > 1 else 'one'}", positions=marks
        )
    yield finding(
        "ADDR_INVALID",
        Category.ADDRESS,
        Severity.ERROR,
        evidence,
        Verdict.INVALID,
        error=info.why or Term(f"{_ADDR}INVALID.fails_checks"),
        where=where,
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
        yield _not_for_asked(info, asked, evidence)
        return
    if info.family not in SUPPORTED_FAMILIES:
        looks = "looks_like" if info.confidence == "low" else "is"
        yield finding(
            "ADDR_OTHER_CHAIN",
            Category.ADDRESS,
            Severity.WARNING,
            evidence,
            Verdict.VALID,
            problem=Term(f"{_ADDR}OTHER_CHAIN.{looks}", described=describe(info)),
            todo=Term(f"{_ADDR}OTHER_CHAIN.unsupported_todo"),
        )
        return
    yield finding(
        "ADDR_VALID", Category.ADDRESS, Severity.OK, evidence, Verdict.VALID, described=describe(info)
    )
    if info.family == "evm" and info.checksum == "none":
        yield finding(
            "ADDR_NO_CHECKSUM",
            Category.ADDRESS,
            Severity.INFO,
            {"checksummed": info.suggestion},
            form=" " + info.suggestion if info.suggestion else "",
        )


def _not_for_asked(info: AddressInfo, asked: Chain, evidence: dict[str, object]) -> Finding:
    """A valid address that is not for the chain asked: another network of its family, or another family."""
    same_family = info.family == asked.family
    code = "ADDR_WRONG_NETWORK" if same_family else "ADDR_OTHER_CHAIN"
    evidence["asked_chain"] = asked.name
    asked_name = Term(f"chain.{asked.name}")
    return finding(
        code,
        Category.ADDRESS if not same_family else Category.NETWORK,
        Severity.ERROR,
        evidence,
        Verdict.INVALID,
        problem=Term(f"{_ADDR}WRONG_NETWORK.not_for", described=describe(info), asked_name=asked_name),
        todo=Term(f"{_ADDR}WRONG_NETWORK.todo", asked_name=asked_name),
    )


@address_checks.register
def token_contract(ctx: AddressContext) -> Iterator[Finding]:
    """An EVM address that is a main token's own contract (offline table: txdoctor.core.tokens).
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


@address_checks.register
def activity(ctx: AddressContext) -> Iterator[Finding]:
    for act, state in ctx.activity:
        yield _activity(act)
        for tx in act.mempool_txs:
            if tx.fee_rate is not None:
                yield _pending_tx(act.chain, tx.txid, tx.fee_rate, state)


def _activity(act: BtcAddressActivity) -> Finding:
    chain = CHAINS[act.chain]
    total = act.confirmed_tx_count + act.unconfirmed_tx_count
    evidence = {
        "chain": act.chain,
        "confirmed_tx_count": act.confirmed_tx_count,
        "unconfirmed_tx_count": act.unconfirmed_tx_count,
        "confirmed_balance": act.confirmed_balance,
        "unconfirmed_delta": act.unconfirmed_delta,
        "provider": act.provider,
    }
    name = Term(f"chain.{act.chain}")
    if not total:
        return finding("ADDR_NO_ACTIVITY", Category.STATUS, Severity.INFO, evidence, chain_name=name)
    pending = (
        Term(f"{_ADDR}ACTIVITY.pending", delta=f"{act.unconfirmed_delta / 1e8:+.8f}", symbol=chain.symbol)
        if act.unconfirmed_delta
        else Term(f"{_ADDR}ACTIVITY.end")
    )
    return finding(
        "ADDR_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        evidence,
        chain_name=name,
        balance=f"{act.confirmed_balance / 1e8:.8f}",
        symbol=chain.symbol,
        pending=pending,
    )


def _pending_tx(chain: str, txid: str, rate: float, state: BtcNetworkState) -> Finding:
    """One of the address's unconfirmed transactions, briefly diagnosed."""
    from txdoctor.families.bitcoin.fee_checks import projected_position  # not on the offline path

    pos = projected_position(rate, state)
    below_min = state.fees is not None and rate < state.fees.minimum
    soon = pos is not None and pos.soon and not below_min
    return finding(
        "ADDR_PENDING_TX",
        Category.FEE,
        Severity.INFO if soon else Severity.WARNING,
        {
            "txid": txid,
            "fee_rate": round(rate, 2),
            "projected_block": pos.block_index if pos else None,
            "eta_minutes": pos.eta_minutes if pos else None,
        },
        rate=f"{rate:.2f}",
        when=Term(f"{_ADDR}PENDING_TX.expected", eta_minutes=pos.eta_minutes)
        if soon and pos
        else Term(f"{_ADDR}PENDING_TX.not_soon"),
        todo="" if soon else Term(f"{_ADDR}PENDING_TX.diagnose", txid=txid, chain=chain),
    )


# Burn addresses known by name (txdoctor.core.burn.KNOWN): their reason's words.
_KNOWN_BURN = {
    "0x000000000000000000000000000000000000dead": "dead",
    "1bitcoineateraddressdontsendf59kue": "eater",
}


@address_checks.register
def burn(ctx: AddressContext) -> Iterator[Finding]:
    """A burn address: valid, but nobody holds its key (txdoctor.core.burn)."""
    from txdoctor.core.burn import KNOWN, burn_reason

    reason = burn_reason(ctx.info)
    if reason is None:
        return
    text = ctx.info.text.lower()
    why: Term | str = Term(f"{_ADDR}BURN.why.zero")
    if reason != "zero":
        why = Term(f"{_ADDR}BURN.why.{_KNOWN_BURN[text]}") if text in _KNOWN_BURN else KNOWN[text]
    yield finding(
        "ADDR_BURN",
        Category.ADDRESS,
        Severity.ERROR,
        {"address": ctx.info.text, "reason": reason},
        Verdict.INVALID,
        why=why,
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
