"""The Bitcoin family's hooks (:class:`txdoctor.core.families.FamilyHooks`): a txid or raw
transaction of Bitcoin's networks or Litecoin, their addresses, their fees, their watch line.

Loaded by the dispatcher only when an input needs it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import bad_raw_tx, lookup_failed, offline_only, provider_fallback
from txdoctor.core.diagnosis import address_diagnosis, make_diagnosis
from txdoctor.core.findings import Term
from txdoctor.families.bitcoin.sources import bitcoin_source
from txdoctor.model import Diagnosis, Finding, Verdict

if TYPE_CHECKING:
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.core.reply import ReplyParts
    from txdoctor.core.session import Session
    from txdoctor.families.bitcoin.fees_report import FeesReport
    from txdoctor.families.bitcoin.rawtx import RawTx
    from txdoctor.messages import Term


async def diagnose_tx(session: Session, c: Classified) -> Diagnosis:
    """A txid or a raw transaction: the asked network (Bitcoin mainnet by default) and the others."""
    asked = session.asked_chain
    chain = asked or CHAINS["btc"]
    raw = None
    if c.form == "raw_tx_hex":
        from txdoctor.families.bitcoin.rawtx import RawTxError, decode_raw_tx

        try:
            raw = decode_raw_tx(c.text)
        except RawTxError as err:
            return make_diagnosis(c, None, [bad_raw_tx("bitcoin", err.term)], {})
    if session.options.offline:
        return _offline_txid(c, asked, raw)
    from txdoctor.families.bitcoin.search import diagnose_btc_txid

    return await diagnose_btc_txid(session, c, chain, asked is not None, raw)


def _offline_txid(c: Classified, asked: Chain | None, raw: RawTx | None) -> Diagnosis:
    """--offline: say what the form proves and what it does not (the network is unknown)."""
    txid = raw.txid if raw is not None else c.text
    off = "finding.NET_OFFLINE"
    what = Term(f"{off}.raw_tx", txid=txid) if raw is not None else Term(f"{off}.bare_txid")
    unchecked = "whether it was broadcast" if raw is not None else "whether it exists"
    network = f"its status on {asked.display}" if asked else "which network it is on, its status"
    words = Term(
        f"{off}.not_checked",
        unchecked=Term(f"{off}.broadcast" if raw is not None else f"{off}.exists"),
        network=Term(f"{off}.status_on", chain_name=Term(f"chain.{asked.name}"))
        if asked
        else Term(f"{off}.which_network"),
    )
    finding = offline_only(what, f"{unchecked}, {network}", words)
    return make_diagnosis(c, asked.name if asked else None, [finding], {"txid": txid}, default=Verdict.VALID)


async def diagnose_found(session: Session, c: Classified, chain: Chain) -> Diagnosis:
    """A txid another family's search found on ``chain``."""
    from txdoctor.families.bitcoin.search import diagnose_btc_txid

    return await diagnose_btc_txid(session, c, chain, True, None)


async def probe_tx(session: Session, chain: Chain, txid: str) -> tuple[bool, list[Any]]:
    tx, failures = await bitcoin_source(session, chain).probe_tx(txid)
    return tx is not None, failures


async def diagnose_address(session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
    """The shared address checks, with the address's activity on its networks when online
    (its findings and facts: ``address_checks.address_lookup``)."""
    info = ctx.info
    extra: list[Finding] = []
    # MWEB stealth addresses are private: no explorer or node can list their payments.
    if not session.options.offline and info.type != "mweb":
        asked = session.asked_chain
        chains = [asked] if asked else [CHAINS[n] for n in info.chains]
        chains = [
            ch for ch in chains if ch is not None and ch.name in info.chains and session.config.urls(ch)
        ]
        if chains:
            ctx, extra = await _activity(session, ctx, chains)
    return address_diagnosis(session, c, ctx, extra)


async def _activity(
    session: Session, ctx: AddressContext, chains: list[Chain]
) -> tuple[AddressContext, list[Finding]]:
    from txdoctor.core.net.base import AllProvidersFailed
    from txdoctor.families.bitcoin.address_checks import address_lookup
    from txdoctor.families.bitcoin.facts import BtcNetworkState

    async def one(ch: Chain) -> Any:
        src = bitcoin_source(session, ch)
        try:
            act, failures = await src.address_activity(ctx.info.text)
        except AllProvidersFailed as err:
            return err
        state = await src.state() if act.mempool_txs else BtcNetworkState(tip_height=None, fees=None)
        return act, state, failures

    import asyncio

    results = await asyncio.gather(*(one(ch) for ch in chains))
    activity = []
    extra: list[Finding] = []
    failed = []
    for ch, r in zip(chains, results, strict=True):
        if isinstance(r, AllProvidersFailed):
            failed.append((ch, r))
            continue
        act, state, failures = r
        activity.append((act, state))
        if failures:
            extra.append(provider_fallback(failures, act.provider))
    if failed and not activity:
        ch, err = failed[0]
        extra.append(lookup_failed("the address's activity", ch, err.failures))
    return replace(ctx, lookup=address_lookup(activity)), extra


async def fees_report(session: Session, chain: Chain) -> FeesReport:
    from txdoctor.families.bitcoin.fees_report import FeesReport

    if not session.config.urls(chain):
        from txdoctor.messages import Worded

        raise Worded("usage.fees_no_provider", chain=chain.name, env=chain.env_var)
    state = await bitcoin_source(session, chain).state()
    return FeesReport(chain.name, chain.display, state)


def watch_parts(finding: Finding) -> list[Term]:
    """The fee against the next block, for ``watch``'s status line."""
    from txdoctor.messages import Term

    if finding.code not in ("BTC_FEE_OK", "BTC_FEE_TOO_LOW"):
        return []
    ev = finding.evidence
    pos = ev.get("projected_block")
    return [
        Term("watch.projected_block", n=pos + 1) if isinstance(pos, int) else Term("watch.beyond_projected"),
        Term("watch.btc_fee", rate=ev.get("effective_fee_rate"), next=ev.get("next_block_fee")),
    ]


def reply_parts() -> ReplyParts:
    """What a customer reply (``--reply``) says of the Bitcoin family's findings."""
    from txdoctor.families.bitcoin.reply import PARTS

    return PARTS
