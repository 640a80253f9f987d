"""Typed, provider-neutral records that providers produce and checks consume.

Nothing here does I/O. Amounts are integers in the chain's smallest unit
(satoshi, wei); fee rates are floats in sat/vB (Bitcoin) or wei per gas (EVM).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txdoctor.families.bitcoin.rawtx import RawTx

# ---------------------------------------------------------------- Bitcoin family


@dataclass(frozen=True)
class BtcInput:
    prev_txid: str
    prev_vout: int
    sequence: int
    value: int | None = None
    address: str | None = None
    is_coinbase: bool = False


@dataclass(frozen=True)
class BtcOutput:
    value: int
    address: str | None
    script_type: str | None


@dataclass(frozen=True)
class BtcPackage:
    """CPFP relatives of an unconfirmed transaction (mempool.space /v1/cpfp)."""

    ancestors: tuple[str, ...]
    descendants: tuple[str, ...]
    effective_fee_rate: float | None


@dataclass(frozen=True)
class BtcTx:
    txid: str
    vsize: int
    weight: int
    fee: int | None
    inputs: tuple[BtcInput, ...]
    outputs: tuple[BtcOutput, ...]
    confirmed: bool
    block_height: int | None = None
    block_hash: str | None = None
    block_time: int | None = None
    first_seen: int | None = None  # unix time the explorer first saw it, when known
    package: BtcPackage | None = None  # CPFP data when the explorer sent it with the tx

    @property
    def fee_rate(self) -> float | None:
        if self.fee is None or self.vsize <= 0:
            return None
        return self.fee / self.vsize

    @property
    def signals_rbf(self) -> bool:
        """BIP125: any input with nSequence < 0xfffffffe signals replaceability."""
        return any(i.sequence < 0xFFFFFFFE for i in self.inputs)


@dataclass(frozen=True)
class BtcReplacement:
    """The RBF history of a txid (mempool.space /v1/tx/:txid/rbf)."""

    replaced_by: str  # the txid that won
    replacement_fee_rate: float | None
    replacement_mined: bool
    full_rbf: bool


@dataclass(frozen=True)
class FeeLevels:
    """Recommended fee rates, sat/vB."""

    fastest: float
    half_hour: float
    hour: float
    economy: float
    minimum: float
    source: str = "recommended"  # "precise" / "recommended" (mempool.space), "estimates" (plain Esplora)


@dataclass(frozen=True)
class ProjectedBlock:
    vsize: float
    n_tx: int
    median_fee: float
    fee_range: tuple[float, ...]

    @property
    def min_fee(self) -> float:
        return self.fee_range[0] if self.fee_range else self.median_fee


@dataclass(frozen=True)
class MempoolState:
    count: int
    vsize: int
    total_fee: int


@dataclass(frozen=True)
class BtcNetworkState:
    """Facts shared by every input of a chain in one run: fetched once."""

    tip_height: int | None
    fees: FeeLevels | None
    projected_blocks: tuple[ProjectedBlock, ...] = ()
    mempool: MempoolState | None = None
    block_interval_s: float = 600.0
    errors: tuple[str, ...] = ()
    tips: tuple[tuple[str, int], ...] = ()  # every provider's tip height that answered in time


@dataclass(frozen=True)
class InputState:
    """What a node knows about one input of a raw transaction (the output it spends)."""

    index: int
    state: str  # "unspent", "spent" (by a mempool tx), "spent_or_missing" (in a block, or never existed)
    spent_by: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class MempoolAccept:
    """A Core node's ``testmempoolaccept`` answer on a raw transaction, with the facts that explain it."""

    provider: str
    allowed: bool
    reason: str | None = None  # the node's reject-reason, verbatim
    fee: int | None = None  # from the values of the outputs it spends, when all are known
    vsize: int = 0
    min_relay_fee: float | None = None  # sat/vB
    mempool_min_fee: float | None = None  # sat/vB
    incremental_fee: float | None = None  # sat/vB
    tip_height: int | None = None
    median_time: int | None = None
    inputs: tuple[InputState, ...] = ()
    replaced: tuple[tuple[str, int, int], ...] = ()  # mempool txs it conflicts with: (txid, fee, vsize)


@dataclass(frozen=True)
class BtcTxLookup:
    """Everything known about one txid on one chain."""

    chain: str
    txid: str
    tx: BtcTx | None
    package: BtcPackage | None = None
    replacement: BtcReplacement | None = None
    conflicts: tuple[tuple[int, str], ...] = ()  # (input index, txid that spent the same outpoint)
    provider: str = ""
    found_on_other_chains: tuple[str, ...] = ()
    not_found_confirmed_by: tuple[str, ...] = ()  # providers that all said "not found"
    disagreeing_providers: tuple[str, ...] = ()  # said "not found" although another had it
    raw: RawTx | None = None  # when the input was a raw transaction
    raw_fee: int | None = None  # its fee, from the outputs it spends, when they could be fetched
    # Core nodes without -txindex that could not tell (a confirmed tx outside their wallet is invisible)
    node_blind: tuple[str, ...] = ()
    accept: MempoolAccept | None = None  # a Core node's testmempoolaccept on the raw transaction

    @property
    def node_cannot_tell(self) -> bool:
        """Only txindex-less nodes were asked and none had it: 'not found' would be a guess."""
        if not self.node_blind or self.tx is not None or self.replacement is not None or self.conflicts:
            return False
        allowed = self.accept is not None and self.accept.allowed
        return not self.not_found_confirmed_by and not allowed


@dataclass(frozen=True)
class BtcAddressActivity:
    address: str
    chain: str
    confirmed_tx_count: int
    unconfirmed_tx_count: int
    confirmed_balance: int
    unconfirmed_delta: int
    mempool_txs: tuple[BtcTx, ...] = field(default_factory=tuple)
    provider: str = ""
