"""Bitcoin fee arithmetic shared by the checks and the `fees` command. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels, MempoolState, ProjectedBlock

# mempool.space shows "not any time soon" from the 7th projected block on.
SOON_BLOCKS = 6
# A replacement must pay its own size at the incremental relay fee (BIP125 rule 4).
# Bitcoin Core 29.1 lowered the default to 0.1 sat/vB; older nodes still want 1.
INCREMENTAL_RELAY_SAT_VB = 1.0
# vsize of a one-input, one-output child spending an output of this type.
CHILD_VSIZE = {
    "v0_p2wpkh": 110,
    "p2wpkh": 110,
    "v1_p2tr": 111,
    "p2tr": 111,
    "p2pkh": 192,
    "p2sh": 133,  # assuming P2SH-P2WPKH, the common wrapped-segwit case
    "v0_p2wsh": 150,
    "p2wsh": 150,
}
DEFAULT_CHILD_VSIZE = 150
BLOCK_VSIZE = 1_000_000

CONGESTION_LEVELS = (
    # (level, mempool backlog below this many blocks' worth)
    ("quiet", 1.0),
    ("normal", 4.0),
    ("busy", 20.0),
    ("congested", math.inf),
)


@dataclass(frozen=True)
class Position:
    """Where a fee rate lands in the projected mempool blocks."""

    block_index: int | None  # 0 = next block; None = beyond the projection
    eta_blocks: int | None
    eta_minutes: int | None
    soon: bool
    method: str  # "projected-blocks" or "fee-levels"


def projected_position(rate: float, state: BtcNetworkState) -> Position | None:
    blocks = state.projected_blocks
    minutes_per_block = state.block_interval_s / 60.0
    if blocks:
        for index, block in enumerate(blocks):
            if rate >= block.min_fee:
                soon = index < SOON_BLOCKS
                return Position(
                    index,
                    index + 1 if soon else None,
                    round((index + 1) * minutes_per_block) if soon else None,
                    soon,
                    "projected-blocks",
                )
        return Position(None, None, None, False, "projected-blocks")
    if state.fees is None:
        return None
    f = state.fees
    if rate < f.fastest and room_in_next_block(rate, state):
        return Position(0, 1, round(minutes_per_block), True, "mempool-room")
    for target, level in ((1, f.fastest), (3, f.half_hour), (6, f.hour)):
        if rate >= level:
            return Position(target - 1, target, round(target * minutes_per_block), True, "fee-levels")
    return Position(None, None, None, False, "fee-levels")


def room_in_next_block(rate: float, state: BtcNetworkState) -> bool:
    """Without projected blocks: the whole mempool fits in one block, so the next block takes
    every transaction paying the mempool minimum — whatever the fee estimates (built from past
    blocks) ask. A Core node's estimatesmartfee of 20 sat/vB over a near-empty mempool made a
    2 sat/vB transaction 'stuck' that the next block mined."""
    m, f = state.mempool, state.fees
    if m is None or f is None or state.projected_blocks:
        return False
    return m.vsize < BLOCK_VSIZE and rate >= f.minimum


def congestion_level(
    mempool: MempoolState | None, blocks: tuple[ProjectedBlock, ...]
) -> tuple[str, float] | None:
    """(level, backlog in blocks' worth) from the mempool size."""
    if mempool is not None:
        backlog = mempool.vsize / BLOCK_VSIZE
    elif blocks:
        backlog = sum(b.vsize for b in blocks) / BLOCK_VSIZE
    else:
        return None
    for level, below in CONGESTION_LEVELS:
        if backlog < below:
            return level, backlog
    return "congested", backlog  # pragma: no cover - inf bound


def next_block_fee(
    fees: FeeLevels | None, blocks: tuple[ProjectedBlock, ...], mempool: MempoolState | None = None
) -> float | None:
    if fees is not None and not blocks and mempool is not None and mempool.vsize < BLOCK_VSIZE:
        return fees.minimum  # the whole mempool fits in the next block (room_in_next_block)
    if fees is not None:
        return fees.fastest
    if blocks:
        return blocks[0].median_fee
    return None


@dataclass(frozen=True)
class RbfPlan:
    new_fee_rate: float
    new_fee: int
    extra_cost: int


def rbf_plan(fee: int, vsize: int, target_rate: float) -> RbfPlan:
    new_fee = max(math.ceil(target_rate * vsize), fee + math.ceil(INCREMENTAL_RELAY_SAT_VB * vsize))
    return RbfPlan(round(new_fee / vsize, 2), new_fee, new_fee - fee)


@dataclass(frozen=True)
class CpfpPlan:
    child_vsize: int
    child_fee: int
    child_fee_rate: float
    package_fee_rate: float


def cpfp_plan(fee: int, vsize: int, target_rate: float, output_type: str | None, min_rate: float) -> CpfpPlan:
    child_vsize = CHILD_VSIZE.get(output_type or "", DEFAULT_CHILD_VSIZE)
    needed = math.ceil(target_rate * (vsize + child_vsize)) - fee
    child_fee = max(needed, math.ceil(max(min_rate, 1.0) * child_vsize))
    return CpfpPlan(
        child_vsize,
        child_fee,
        round(child_fee / child_vsize, 2),
        round((fee + child_fee) / (vsize + child_vsize), 2),
    )
