"""The TRON family's hooks (:class:`txdoctor.core.families.FamilyHooks`): a transaction ID or an
address on TRON's networks, their fees; and the answer to the Bitcoin family's search for a
bare 64-hex txid (TRON IDs have that form too).

Loaded by the dispatcher only when an input needs it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from txdoctor.model import Finding

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.core.reply import ReplyParts
    from txdoctor.core.session import Session
    from txdoctor.families.tron.fees_report import TronFeesReport
    from txdoctor.messages import Term
    from txdoctor.model import Diagnosis


def _api_key(session: Session) -> str | None:
    return session.options.api_keys.get("trongrid")


async def diagnose_tx(session: Session, c: Classified) -> Diagnosis:
    from txdoctor.families.tron.diagnose import diagnose_tron_tx

    return await diagnose_tron_tx(session, c, _api_key(session))


async def diagnose_address(session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
    from txdoctor.families.tron.diagnose import diagnose_tron_address

    return await diagnose_tron_address(session, c, ctx, _api_key(session))


async def diagnose_found(session: Session, c: Classified, chain: Chain) -> Diagnosis:
    """A bare txid the Bitcoin family's search found on a TRON network: diagnosed there, and
    the network it is on said (the finding the Bitcoin family gives for its own networks)."""
    from txdoctor.families.tron.diagnose import diagnose_tron_tx

    d = await diagnose_tron_tx(session, replace(c, form="txid_hex"), _api_key(session), chain=chain)
    return replace(d, findings=(*d.findings, _network_inferred(chain)))


def _network_inferred(chain: Chain) -> Finding:
    from txdoctor.core.checks.common import network_inferred

    return network_inferred(chain, "tron")


async def probe_tx(session: Session, chain: Chain, txid: str) -> tuple[bool, list[Any]]:
    from txdoctor.families.tron.diagnose import tron_source

    found, failures = await tron_source(session, _api_key(session), chain).probe_tx(txid)
    return found, list(failures)


async def fees_report(session: Session, chain: Chain) -> TronFeesReport:
    from txdoctor.families.tron.fees_report import tron_fees_report

    return await tron_fees_report(session, chain)


def watch_parts(finding: Finding) -> list[Term]:
    return []


def reply_parts() -> ReplyParts:
    """What a customer reply (``--reply``) says of the TRON family's findings."""
    from txdoctor.families.tron.reply import PARTS

    return PARTS
