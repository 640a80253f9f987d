"""A signed EVM transaction pasted as hex: decode it, then diagnose its hash."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.checks.common import input_problem, offline_only
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.facts import GWEI
from txdoctor.families.evm.words import chain_by_id, chain_term
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict, decide_verdict

if TYPE_CHECKING:
    from txdoctor.chains import Chain
    from txdoctor.classify import Classified
    from txdoctor.core.session import Session
    from txdoctor.families.evm.rawtx import EvmRawTx


def decoded_finding(raw: EvmRawTx) -> Finding:
    signed_for = _chain_name(raw.chain_id)
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


def _chain_name(chain_id: int | None) -> str | None:
    chain = chain_by_id(chain_id)
    return chain.name if chain else None


def wrong_chain(raw: EvmRawTx, asked: Chain) -> Finding:
    signed_for = _chain_name(raw.chain_id)
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
    signed_for = _chain_name(raw.chain_id)
    return finding(
        "EVM_RAW_TX_NOT_BROADCAST",
        Category.NETWORK,
        Severity.ERROR,
        {"hash": raw.hash, "chain_id": raw.chain_id, "signed_for": signed_for},
        Verdict.NOT_FOUND,
        where=signed_for or Term("finding.EVM_RAW_TX_NOT_BROADCAST.where"),
    )


async def diagnose_evm_raw_tx(session: Session, c: Classified) -> Diagnosis:
    from txdoctor.core.diagnosis import make_diagnosis
    from txdoctor.families.evm.rawtx import EvmRawTxError, decode_evm_raw_tx

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
        wrong = wrong_chain(raw, asked)
        return make_diagnosis(c, asked.name, [wrong, decoded], {"hash": raw.hash, "chain_id": raw.chain_id})
    if session.options.offline:
        facts = {"hash": raw.hash, "chain_id": raw.chain_id}
        return make_diagnosis(
            c, signed_for, [offline_only("the signed transaction"), decoded], facts, default=Verdict.VALID
        )
    from txdoctor.families.evm.diagnose import diagnose_evm_tx

    inner = await diagnose_evm_tx(session, replace(c, text=raw.hash, form="txid_0x"))
    findings = [*inner.findings, decoded]
    if inner.verdict is Verdict.NOT_FOUND and not any(
        f.code == "EVM_TX_ON_OTHER_CHAIN" for f in inner.findings
    ):
        findings.insert(0, not_broadcast(raw))
    facts = {**inner.facts, "hash": raw.hash, "chain_id": raw.chain_id, "raw_nonce": raw.nonce}
    verdict = decide_verdict(findings, inner.verdict, c.kind)
    return Diagnosis(c.text, c.kind, inner.chain or signed_for, verdict, tuple(findings), facts)
