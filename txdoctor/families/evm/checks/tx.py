"""The EVM transaction checks, in the order their findings are reported."""

from __future__ import annotations

from txdoctor.core.checks import Registry
from txdoctor.families.evm.checks.congestion import congestion, partial_data
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.checks.facts import tx_facts
from txdoctor.families.evm.checks.fees import fee, funds
from txdoctor.families.evm.checks.missing import chain_detected
from txdoctor.families.evm.checks.nonce import nonce
from txdoctor.families.evm.checks.replace import next_step
from txdoctor.families.evm.checks.status import status
from txdoctor.families.evm.checks.tokens import recipient, tokens

__all__ = ["EvmTxContext", "evm_tx_checks", "tx_facts"]

evm_tx_checks: Registry[EvmTxContext] = Registry()
for _check in (
    status,
    chain_detected,
    fee,
    nonce,
    funds,
    next_step,
    tokens,
    recipient,
    congestion,
    partial_data,
):
    evm_tx_checks.register(_check)
