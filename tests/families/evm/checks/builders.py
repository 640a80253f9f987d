"""Hand-built EVM facts for the checks' unit tests (no network)."""

from __future__ import annotations

from txdoctor.core.chains import CHAINS
from txdoctor.families.evm.checks.tx import EvmTxContext, evm_tx_checks
from txdoctor.families.evm.facts import (
    BlockHead,
    EvmChainState,
    EvmReceipt,
    EvmTx,
    EvmTxLookup,
    FeeHistory,
    SenderState,
    token_transfers,
)
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Finding

ETH = CHAINS["eth"]
A = "0x" + "aa" * 20
B = "0x" + "bb" * 20
H = "0x" + "12" * 32
RICH = 10**21  # a balance that pays for anything here


def tx(**kw: object) -> EvmTx:
    """A pending EIP-1559 transfer of 1 ETH, nonce 5, max fee 30 gwei, tip 2 gwei."""
    fields: dict[str, object] = dict(
        hash=H, type=2, sender=A, to=B, nonce=5, value=10**18, gas_limit=21000, input="0x",
        gas_price=None, max_fee_per_gas=30 * GWEI, max_priority_fee_per_gas=2 * GWEI,
    )  # fmt: skip
    fields.update(kw)
    return EvmTx(**fields)  # type: ignore[arg-type]


def mined(**kw: object) -> EvmTx:
    return tx(block_number=100, block_hash=H, **kw)


def history(base_fees: tuple[int, ...], ratios: tuple[float, ...], p10: int = GWEI) -> FeeHistory:
    return FeeHistory(100, base_fees, ratios, (10.0, 50.0, 90.0), ((p10, 2 * GWEI, 5 * GWEI),) * len(ratios))


def state(
    next_base: int = 20 * GWEI,
    ratios: tuple[float, ...] = (0.5,) * 20,
    p10: int = GWEI,
    safe: int | None = 88,
    final: int | None = 56,
) -> EvmChainState:
    fees = history((next_base,) * (len(ratios) + 1), ratios, p10)
    return EvmChainState("eth", 1, BlockHead(120, "0x" + "00" * 32, 0, next_base), safe, final, fees)


def ctx(
    t: EvmTx | None,
    sender: SenderState | None = None,
    st: EvmChainState | None = None,
    receipt: EvmReceipt | None = None,
    **kw: object,
) -> EvmTxContext:
    lookup_kw = {
        k: kw.pop(k) for k in ("revert", "tokens", "codes", "token_like", "seen", "errors") if k in kw
    }
    transfers = kw.pop("transfers", None)
    lookup = EvmTxLookup(
        "eth",
        H,
        "p",
        t,
        receipt,
        sender,
        transfers=tuple(token_transfers(t, receipt)) if transfers is None else transfers,  # type: ignore[arg-type]
        **lookup_kw,  # type: ignore[arg-type]
    )
    fields: dict[str, object] = {"asked": ETH, "checked": ("eth",), **kw}
    return EvmTxContext(ETH, lookup, st or state(), **fields)  # type: ignore[arg-type]


def pending(t: EvmTx | None = None, st: EvmChainState | None = None, **sender: int | None) -> EvmTxContext:
    """``t`` (default :func:`tx`) waiting, its sender at nonce 5 with RICH unless told."""
    s = {"mined_nonce": 5, "pending_nonce": 5, "balance": RICH, **sender}
    return ctx(t or tx(), SenderState(A, s["mined_nonce"], s["pending_nonce"], s["balance"]), st)


def findings(c: EvmTxContext) -> list[Finding]:
    return evm_tx_checks.run(c)


def codes(c: EvmTxContext) -> list[str]:
    return [f.code for f in findings(c)]


def one(c: EvmTxContext, code: str) -> Finding:
    (f,) = [f for f in findings(c) if f.code == code]
    return f
