"""A signed EVM transaction pasted as hex: decode it, then diagnose its hash."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.chains import EVM_CHAINS
from txdoctor.checks.common import input_problem, offline_only
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict, decide_verdict

if TYPE_CHECKING:
    from txdoctor.classify import Classified
    from txdoctor.core.session import Session
    from txdoctor.evm_raw import EvmRawTx

GWEI = 10**9


def _chain_name(chain_id: int | None) -> str | None:
    return next((c.name for c in EVM_CHAINS if c.chain_id == chain_id), None)


def decoded_finding(raw: EvmRawTx) -> Finding:
    signed_for = _chain_name(raw.chain_id)
    where = (
        f"signed for chain id {raw.chain_id}" + (f" ({signed_for})" if signed_for else "")
        if raw.chain_id is not None
        else "signed without a chain id (valid on any chain)"
    )
    return Finding(
        "EVM_RAW_TX_DECODED",
        Category.STATUS,
        Severity.INFO,
        f"Decoded a signed transaction: hash {raw.hash}, nonce {raw.nonce}, {where}.",
        "",
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
    )


async def diagnose_evm_raw_tx(session: Session, c: Classified) -> Diagnosis:
    from txdoctor.core.diagnosis import make_diagnosis
    from txdoctor.evm_raw import EvmRawTxError, decode_evm_raw_tx

    try:
        raw = decode_evm_raw_tx(c.text)
    except EvmRawTxError as err:
        problem = f"This looks like a signed EVM transaction, but it does not decode: {err}."
        return make_diagnosis(c, None, [input_problem("INPUT_BAD_RAW_TX", problem)], {})
    decoded = decoded_finding(raw)
    asked = session.asked_chain
    signed_for = _chain_name(raw.chain_id)
    if (
        asked is not None
        and asked.family == "evm"
        and raw.chain_id is not None
        and asked.chain_id != raw.chain_id
    ):
        wrong = Finding(
            "EVM_RAW_TX_WRONG_CHAIN",
            Category.NETWORK,
            Severity.ERROR,
            f"This transaction is signed for chain id {raw.chain_id}"
            + (f" ({signed_for})" if signed_for else "")
            + f", not {asked.display}: it can never be mined there.",
            "Check it on the chain it was signed for"
            + (f": --chain {signed_for}" if signed_for else "")
            + ". To pay on the other chain, the wallet must sign a new transaction for it.",
            {"chain_id": raw.chain_id, "signed_for": signed_for, "asked_chain": asked.name},
            Verdict.NOT_FOUND,
        )
        return make_diagnosis(c, asked.name, [wrong, decoded], {"hash": raw.hash, "chain_id": raw.chain_id})
    if session.options.offline:
        facts = {"hash": raw.hash, "chain_id": raw.chain_id}
        return make_diagnosis(
            c, signed_for, [offline_only("the signed transaction"), decoded], facts, default=Verdict.VALID
        )
    from txdoctor.evm import diagnose_evm_tx

    inner = await diagnose_evm_tx(session, replace(c, text=raw.hash, form="txid_0x"))
    findings = [*inner.findings, decoded]
    if inner.verdict is Verdict.NOT_FOUND and not any(
        f.code == "EVM_TX_ON_OTHER_CHAIN" for f in inner.findings
    ):
        findings.insert(
            0,
            Finding(
                "EVM_RAW_TX_NOT_BROADCAST",
                Category.NETWORK,
                Severity.ERROR,
                f"This signed transaction (hash {raw.hash}) is on no chain checked: it was never "
                "broadcast, or it was dropped.",
                "It can be sent as it is, as long as its nonce has not been used: use the wallet's "
                "rebroadcast option or an explorer's 'broadcast transaction' page for "
                + (signed_for or "the chain it was signed for")
                + ". If the nonce was used by another transaction, it can never be mined.",
                {"hash": raw.hash, "chain_id": raw.chain_id, "signed_for": signed_for},
                Verdict.NOT_FOUND,
            ),
        )
    facts = {**inner.facts, "hash": raw.hash, "chain_id": raw.chain_id, "raw_nonce": raw.nonce}
    verdict = decide_verdict(findings, inner.verdict, c.kind)
    return Diagnosis(c.text, c.kind, inner.chain or signed_for, verdict, tuple(findings), facts)
