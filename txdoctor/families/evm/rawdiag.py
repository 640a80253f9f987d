"""A signed EVM transaction pasted as hex: decode it, then diagnose its hash."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.core.checks.common import bad_raw_tx, offline_only
from txdoctor.core.diagnosis import make_diagnosis
from txdoctor.families.evm.checks.raw import decoded_finding, not_broadcast, signed_chain, wrong_chain
from txdoctor.model import Diagnosis, Verdict, decide_verdict

if TYPE_CHECKING:
    from txdoctor.core.classified import Classified
    from txdoctor.core.session import Session
    from txdoctor.families.evm.rawtx import EvmRawTx


async def diagnose_evm_raw_tx(session: Session, c: Classified) -> Diagnosis:
    from txdoctor.families.evm.rawtx import EvmRawTxError, decode_evm_raw_tx

    try:
        raw = decode_evm_raw_tx(c.text)
    except EvmRawTxError as err:
        return make_diagnosis(c, None, [bad_raw_tx("evm", err.term)], {})
    asked = session.asked_chain
    facts = {"hash": raw.hash, "chain_id": raw.chain_id}
    if asked is not None and asked.family == "evm" and raw.chain_id not in (None, asked.chain_id):
        return make_diagnosis(c, asked.name, [wrong_chain(raw, asked), decoded_finding(raw)], facts)
    if session.options.offline:
        findings = [offline_only("the signed transaction"), decoded_finding(raw)]
        return make_diagnosis(c, signed_chain(raw.chain_id), findings, facts, default=Verdict.VALID)
    return await _online(session, c, raw)


async def _online(session: Session, c: Classified, raw: EvmRawTx) -> Diagnosis:
    """Its hash diagnosed as any other; on no chain (and not on another one): never broadcast."""
    from txdoctor.families.evm.diagnose import diagnose_evm_tx

    inner = await diagnose_evm_tx(session, replace(c, text=raw.hash, form="txid_0x"))
    findings = [*inner.findings, decoded_finding(raw)]
    elsewhere = any(f.code == "EVM_TX_ON_OTHER_CHAIN" for f in inner.findings)
    if inner.verdict is Verdict.NOT_FOUND and not elsewhere:
        findings.insert(0, not_broadcast(raw))
    facts = {**inner.facts, "hash": raw.hash, "chain_id": raw.chain_id, "raw_nonce": raw.nonce}
    verdict = decide_verdict(findings, inner.verdict, c.kind)
    chain = inner.chain or signed_chain(raw.chain_id)
    return Diagnosis(c.text, c.kind, chain, verdict, tuple(findings), facts)
