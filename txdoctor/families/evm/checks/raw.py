"""Findings about a signed transaction pasted as hex: what it holds, the chain it was signed
for, and that no chain has it. Light (the offline path uses them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from txdoctor.core.checks.common import chain_term
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.units import GWEI
from txdoctor.families.evm.words import chain_by_id
from txdoctor.model import Category, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.families.evm.rawtx import EvmRawTx


def decoded_finding(raw: EvmRawTx) -> Finding:
    signed_for = signed_chain(raw.chain_id)
    key = "finding.EVM_RAW_TX_DECODED."
    if raw.chain_id is None:
        signed: Term = Term(key + "unsigned")
    elif signed_for:
        signed = Term(key + "signed_known", chain_id=raw.chain_id, signed_for=signed_for)
    else:
        signed = Term(key + "signed_unknown", chain_id=raw.chain_id)
    return finding(
        "EVM_RAW_TX_DECODED",
        Category.STATUS,
        Severity.INFO,
        {
            "hash": raw.hash,
            "type": raw.type,
            "chain_id": raw.chain_id,
            "signed_for": signed_for,
            "nonce": raw.nonce,
            "to": raw.to,
            "value": str(raw.value),
            "gas_limit": raw.gas_limit,
            "gas_price_gwei": raw.gas_price / GWEI if raw.gas_price is not None else None,
            "max_fee_per_gas_gwei": raw.max_fee_per_gas / GWEI if raw.max_fee_per_gas is not None else None,
        },
        None,
        signed=signed,
    )


def signed_chain(chain_id: int | None) -> str | None:
    chain = chain_by_id(chain_id)
    return chain.name if chain else None


def wrong_chain(raw: EvmRawTx, asked: Chain) -> Finding:
    signed_for = signed_chain(raw.chain_id)
    key = "finding.EVM_RAW_TX_WRONG_CHAIN."
    return finding(
        "EVM_RAW_TX_WRONG_CHAIN",
        Category.NETWORK,
        Severity.ERROR,
        {"chain_id": raw.chain_id, "signed_for": signed_for, "asked_chain": asked.name},
        Verdict.NOT_FOUND,
        signed_for_name=Term(key + "signed_for_name", signed_for=signed_for) if signed_for else "",
        asked_name=chain_term(asked.name),
        option=Term(key + "option", signed_for=signed_for) if signed_for else "",
    )


def not_broadcast(raw: EvmRawTx) -> Finding:
    signed_for = signed_chain(raw.chain_id)
    return finding(
        "EVM_RAW_TX_NOT_BROADCAST",
        Category.NETWORK,
        Severity.ERROR,
        {"hash": raw.hash, "chain_id": raw.chain_id, "signed_for": signed_for},
        Verdict.NOT_FOUND,
        where=signed_for or Term("finding.EVM_RAW_TX_NOT_BROADCAST.where"),
    )
