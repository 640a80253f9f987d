"""Checks for an EVM address online: its activity on each chain asked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from txdoctor.core.chains import CHAINS
from txdoctor.core.checks import Registry
from txdoctor.core.checks.common import chain_names, chain_term
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.facts import AccountCode, EvmAddressActivity, format_native
from txdoctor.families.evm.words import could_not_check
from txdoctor.model import Category, Finding, Severity


@dataclass(frozen=True)
class EvmAddressContext:
    address: str
    activity: tuple[EvmAddressActivity, ...]
    failed: tuple[str, ...] = ()  # chains that could not be asked


evm_address_checks: Registry[EvmAddressContext] = Registry()


def _account_kind(code: AccountCode) -> Term:
    key = "finding.EVM_ADDRESS_ACTIVITY."
    if code.delegate is not None:
        return Term(key + "delegates", delegate=code.delegate)
    if code.is_contract:
        return Term(key + "contract", size=f"{code.code_size:,}")
    return Term(key + "ordinary")


@evm_address_checks.register
def address_activity(ctx: EvmAddressContext) -> Iterator[Finding]:
    for act in ctx.activity:
        if act.active:
            yield _address_activity(act)


def _address_activity(act: EvmAddressActivity) -> Finding:
    chain = CHAINS[act.chain]
    return finding(
        "EVM_ADDRESS_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        {
            "chain": act.chain,
            "nonce": act.nonce,
            "balance": str(act.balance),
            "is_contract": act.code.is_contract,
            "code_size": act.code.code_size,
            "delegate": act.code.delegate,
            "provider": act.provider,
        },
        None,
        chain_name=chain_term(chain.name),
        kind=_account_kind(act.code),
        sent=Term("finding.EVM_ADDRESS_ACTIVITY.sent", count=act.nonce),
        holds=format_native(act.balance, chain.native_symbol),
    )


def _summary_words(active: list[str], quiet: list[str]) -> tuple[Term, Term | str]:
    key = "finding.EVM_ADDRESS_SUMMARY."
    if not active:
        return Term(key + "no_activity", quiet_names=chain_names(quiet)), Term(key + "no_activity_advice")
    summary = Term(
        key + "activity",
        active_names=chain_names(active),
        only=Term(key + "only") if len(active) == 1 and quiet else "",
        none_on=Term(key + "none_on", quiet_names=chain_names(quiet)) if quiet else "",
    )
    return summary, Term(key + "other_chains_advice") if quiet else ""


@evm_address_checks.register
def address_summary(ctx: EvmAddressContext) -> Iterator[Finding]:
    if not ctx.activity:
        return
    active = [a.chain for a in ctx.activity if a.active]
    quiet = [a.chain for a in ctx.activity if not a.active]
    summary, what_to_do = _summary_words(active, quiet)
    yield finding(
        "EVM_ADDRESS_SUMMARY",
        Category.NETWORK,
        Severity.INFO,
        {"active_on": active, "inactive_on": quiet, "unchecked": list(ctx.failed)},
        None,
        summary=summary,
        could_not_check=could_not_check(ctx.failed),
        what_to_do=what_to_do,
    )


def address_evm_facts(ctx: EvmAddressContext) -> dict[str, object]:
    return {
        "evm_activity": {
            a.chain: {
                "nonce": a.nonce,
                "balance": str(a.balance),
                "is_contract": a.code.is_contract,
                "code_size": a.code.code_size,
                "delegate": a.code.delegate,
            }
            for a in ctx.activity
        }
    }
