"""Provider-neutral records for EVM chains, built with the ABI decoding in :mod:`txdoctor.core.abi`.

Nothing here does I/O. Amounts and prices are integers in wei (gas prices in wei per
gas); hashes and addresses are lower-case ``0x`` hex strings. The ABI helpers decode
by hand (an ABI value is a run of 32-byte words): no web3 or eth-abi.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.core.abi import (  # the ABI decoding is shared with TRON; re-exported for the EVM modules
    AbiError,
    RevertInfo,
    _body,
    word_address,
    word_uint,
)
from txdoctor.core.amounts import format_units
from txdoctor.families.evm.units import GWEI

# Function selectors and event topics (the first 4 bytes / 32 bytes of keccak256 of the signature).
SEL_TRANSFER = "a9059cbb"  # transfer(address,uint256)
SEL_TRANSFER_FROM = "23b872dd"  # transferFrom(address,address,uint256)
TOPIC_TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
# An EIP-7702 account's code is this prefix followed by the address it delegates to.
DELEGATION_PREFIX = "0xef0100"

# ---------------------------------------------------------------- transactions


@dataclass(frozen=True)
class EvmTx:
    """A transaction as ``eth_getTransactionByHash`` returns it."""

    hash: str
    type: int  # 0 legacy, 1 access list, 2 dynamic fee (EIP-1559), 3 blob, 4 set-code (EIP-7702)
    sender: str
    to: str | None  # None: contract creation
    nonce: int
    value: int
    gas_limit: int
    input: str  # 0x hex
    gas_price: int | None = None  # legacy/access-list price; for type 2+ nodes report the effective one
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None
    chain_id: int | None = None
    block_number: int | None = None  # None while pending
    block_hash: str | None = None

    @property
    def pending(self) -> bool:
        return self.block_number is None

    @property
    def dynamic_fee(self) -> bool:
        return self.max_fee_per_gas is not None

    @property
    def fee_cap(self) -> int | None:
        """The most it may pay per gas: maxFeePerGas (EIP-1559) or gasPrice (legacy)."""
        return self.max_fee_per_gas if self.max_fee_per_gas is not None else self.gas_price

    def tip_at(self, base_fee: int) -> int | None:
        """The priority fee per gas it would pay at this base fee (0 when it cannot be included)."""
        cap = self.fee_cap
        if cap is None:
            return None
        room = max(0, cap - base_fee)
        if self.max_priority_fee_per_gas is not None:
            return min(self.max_priority_fee_per_gas, room)
        return room


@dataclass(frozen=True)
class EvmLog:
    address: str
    topics: tuple[str, ...]
    data: str
    log_index: int | None = None


@dataclass(frozen=True)
class EvmReceipt:
    tx_hash: str
    block_number: int
    block_hash: str | None
    gas_used: int
    status: int | None  # 1 success, 0 failure; None before Byzantium (block 4,370,000 on Ethereum)
    effective_gas_price: int | None
    logs: tuple[EvmLog, ...] = ()
    contract_address: str | None = None

    def fee_paid(self, tx: EvmTx | None) -> int | None:
        price = self.effective_gas_price
        if price is None and tx is not None:
            price = tx.gas_price
        return None if price is None else self.gas_used * price


# ----------------------------------------------------------------- chain state


@dataclass(frozen=True)
class FeeHistory:
    """``eth_feeHistory``: base fees (one more than blocks: the last is the next block's)."""

    oldest_block: int
    base_fees: tuple[int, ...]
    gas_used_ratios: tuple[float, ...]
    percentiles: tuple[float, ...] = ()
    rewards: tuple[tuple[int, ...], ...] = ()  # per block, one tip per percentile

    @property
    def next_base_fee(self) -> int | None:
        return self.base_fees[-1] if self.base_fees else None

    def reward_percentile(self, p: float) -> int | None:
        """The median over the blocks of the tip at percentile ``p`` (None when not asked/reported)."""
        if p not in self.percentiles:
            return None
        i = self.percentiles.index(p)
        column = sorted(r[i] for r in self.rewards if len(r) > i)
        if not column:
            return None
        mid = len(column) // 2
        return column[mid] if len(column) % 2 else (column[mid - 1] + column[mid]) // 2


@dataclass(frozen=True)
class BlockHead:
    number: int
    hash: str | None
    timestamp: int | None
    base_fee: int | None  # None before London or on chains without EIP-1559
    gas_used: int | None = None
    gas_limit: int | None = None


@dataclass(frozen=True)
class EvmChainState:
    """Shared facts about one chain, fetched once per run."""

    chain: str
    chain_id: int | None = None  # as the node reported it
    latest: BlockHead | None = None
    safe_block: int | None = None  # None: the node does not report the "safe" tag
    finalized_block: int | None = None
    fee_history: FeeHistory | None = None
    provider: str = ""
    errors: tuple[str, ...] = ()

    @property
    def next_base_fee(self) -> int | None:
        if self.fee_history is not None and self.fee_history.next_base_fee is not None:
            return self.fee_history.next_base_fee
        if self.latest is not None and self.latest.base_fee is not None:
            return next_base_fee(self.latest)
        return None


def next_base_fee(block: BlockHead) -> int | None:
    """EIP-1559: the base fee moves by up to 1/8 towards keeping blocks half full."""
    if block.base_fee is None or not block.gas_limit or block.gas_used is None:
        return block.base_fee
    target = block.gas_limit // 2
    base = block.base_fee
    if target == 0 or block.gas_used == target:
        return base
    if block.gas_used > target:
        return base + max(1, base * (block.gas_used - target) // target // 8)
    return max(0, base - base * (target - block.gas_used) // target // 8)


# ------------------------------------------------------ what a lookup gathered


@dataclass(frozen=True)
class SenderState:
    address: str
    mined_nonce: int | None  # eth_getTransactionCount(address, "latest"): transactions mined so far
    pending_nonce: int | None = None  # (..., "pending"): mined + contiguous waiting in the node's pool
    balance: int | None = None


@dataclass(frozen=True)
class TokenInfo:
    address: str
    symbol: str | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class TokenTransfer:
    token: str
    sender: str
    recipient: str
    amount: int
    source: str  # "log" (it happened) or "input" (what the call asked for)


@dataclass(frozen=True)
class AccountCode:
    """What lives at an address: nothing, a contract, or an EIP-7702 delegation."""

    address: str
    code_size: int
    delegate: str | None = None  # EIP-7702: the contract this account delegates to

    @property
    def is_contract(self) -> bool:
        return self.code_size > 0 and self.delegate is None


@dataclass(frozen=True)
class SeenPending:
    """A transaction this machine saw pending on an earlier run (the replaced/dropped evidence)."""

    chain: str
    hash: str
    sender: str
    nonce: int
    seen_at: int  # unix time
    seen_block: int | None = None
    seen_block_hash: str | None = None
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None
    gas_price: int | None = None
    still_same_chain: bool | None = None  # the block seen then is still in the chain now


@dataclass(frozen=True)
class EvmTxLookup:
    chain: str
    hash: str
    provider: str
    tx: EvmTx | None = None
    receipt: EvmReceipt | None = None
    sender: SenderState | None = None
    revert: RevertInfo | None = None
    transfers: tuple[TokenTransfer, ...] = ()
    tokens: tuple[TokenInfo, ...] = ()
    codes: tuple[AccountCode, ...] = ()  # for the recipient(s)
    token_like: tuple[str, ...] = ()  # recipient contracts that answer symbol(): other token contracts
    seen: SeenPending | None = None
    not_found_confirmed_by: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # secondary lookups that failed (the checks say what they skipped)

    def token(self, address: str) -> TokenInfo | None:
        return next((t for t in self.tokens if t.address == address), None)

    def code(self, address: str) -> AccountCode | None:
        return next((c for c in self.codes if c.address == address), None)


@dataclass(frozen=True)
class EvmAddressActivity:
    chain: str
    address: str
    nonce: int
    balance: int
    code: AccountCode
    provider: str

    @property
    def active(self) -> bool:
        return self.nonce > 0 or self.balance > 0 or self.code.code_size > 0


# ------------------------------------------------------------------------ ABI


def decode_transfer_input(tx: EvmTx) -> TokenTransfer | None:
    """An ERC-20 ``transfer``/``transferFrom`` call in the transaction input."""
    if tx.to is None:
        return None
    try:
        body = _body(tx.input)
    except AbiError:
        return None
    sel, args = body[:8], body[8:]
    try:
        if sel == SEL_TRANSFER and len(args) == 128:
            return TokenTransfer(tx.to, tx.sender, word_address(args, 0), word_uint(args, 1), "input")
        if sel == SEL_TRANSFER_FROM and len(args) == 192:
            return TokenTransfer(
                tx.to, word_address(args, 0), word_address(args, 1), word_uint(args, 2), "input"
            )
    except AbiError:
        return None
    return None


def decode_transfer_log(log: EvmLog) -> TokenTransfer | None:
    """An ERC-20 ``Transfer(address indexed, address indexed, uint256)`` event.

    ERC-721 uses the same topic with the token id indexed (4 topics); those are skipped.
    """
    if len(log.topics) != 3 or log.topics[0].lower() != TOPIC_TRANSFER:
        return None
    try:
        sender = word_address(_body(log.topics[1]), 0)
        recipient = word_address(_body(log.topics[2]), 0)
        body = _body(log.data)
        if len(body) != 64:
            return None
        return TokenTransfer(log.address.lower(), sender, recipient, word_uint(body, 0), "log")
    except AbiError:
        return None


def token_transfers(tx: EvmTx | None, receipt: EvmReceipt | None) -> list[TokenTransfer]:
    """Token movements: the Transfer logs of a mined transaction, else what its input asks for
    (pending, failed, or mined without a Transfer log: some tokens log none)."""
    if receipt is not None and receipt.status != 0:
        found = [t for t in (decode_transfer_log(log) for log in receipt.logs) if t is not None]
        if found:
            return found
    if tx is None:
        return []
    asked = decode_transfer_input(tx)
    return [asked] if asked is not None else []


def parse_code(address: str, code: str) -> AccountCode:
    body = code[2:] if code.startswith("0x") else code
    size = len(body) // 2
    if code.lower().startswith(DELEGATION_PREFIX) and size == 23:
        return AccountCode(address, size, "0x" + body[6:].lower())
    return AccountCode(address, size)


# ------------------------------------------------------------------ formatting


def format_gwei(wei: int) -> str:
    return format_units(wei, 9)


def format_native(wei: int, symbol: str) -> str:
    return f"{format_units(wei, 18)} {symbol}".strip()


def round_up_nice(wei: int) -> int:
    """Round a price up to three significant digits (at most 0.01 gwei steps): never below ``wei``."""
    if wei <= 0:
        return 0
    step = 10 ** max(0, len(str(wei)) - 3)
    if wei >= GWEI:
        step = min(step, 10**7)
    return int(-(-wei // step) * step)
