"""The EVM family's hooks (:class:`txdoctor.core.families.FamilyHooks`): a transaction hash, a
raw transaction or an address on Ethereum and the EVM chains, their fees, their watch line.

Loaded by the dispatcher only when an input needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.core.reply import ReplyParts
    from txdoctor.core.session import Session
    from txdoctor.families.evm.fees_report import EvmFeesReport
    from txdoctor.messages import Term
    from txdoctor.model import Diagnosis, Finding


async def diagnose_tx(session: Session, c: Classified) -> Diagnosis:
    """A raw transaction (its chain id names the chain), else a hash on the chain asked or found."""
    if c.form == "raw_tx_0x":
        from txdoctor.families.evm.rawdiag import diagnose_evm_raw_tx

        return await diagnose_evm_raw_tx(session, c)
    from txdoctor.families.evm.diagnose import diagnose_evm_tx

    return await diagnose_evm_tx(session, c)


async def diagnose_address(session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
    from txdoctor.families.evm.address import diagnose_evm_address

    return await diagnose_evm_address(session, c, ctx)


async def fees_report(session: Session, chain: Chain) -> EvmFeesReport:
    from txdoctor.families.evm.fees_report import EvmFeesReport
    from txdoctor.families.evm.probe import evm_source

    return EvmFeesReport(chain.name, chain.display, await evm_source(session, chain).state())


def watch_parts(finding: Finding) -> list[Term]:
    """The fee cap against the next base fee, for ``watch``'s status line."""
    from txdoctor.messages import Term

    ev = finding.evidence
    if finding.code.startswith("EVM_FEE_") and "next_base_fee_gwei" in ev:
        return [Term("watch.evm_fee", cap=ev.get("fee_cap_gwei"), base=ev["next_base_fee_gwei"])]
    return []


def reply_parts() -> ReplyParts:
    """What a customer reply (``--reply``) says of the EVM family's findings."""
    from txdoctor.families.evm.reply import PARTS

    return PARTS
