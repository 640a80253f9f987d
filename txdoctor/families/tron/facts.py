"""TRON facts: frozen records the TronGrid provider produces and the checks read.

Amounts are integers in the smallest unit: sun for TRX (1 TRX = 1,000,000 sun), the
token's base unit for TRC20 tokens (USDT has 6 decimals). Addresses are Base58Check
strings (``T…``); the hex form (``41`` + 20 bytes) is converted on parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.addresses.base58 import Base58Error, b58check_decode, b58check_encode
from txdoctor.core.amounts import format_units
from txdoctor.families.tron.resources import TronChainParams, TronPermission, TronResources
from txdoctor.families.tron.tokens import TRC20_TOKENS

SUN_PER_TRX = 1_000_000
SEL_TRANSFER = "a9059cbb"  # transfer(address,uint256)
SOLIDIFY_BLOCKS = 19  # a block is irreversible ("solidified") once 2/3 of the 27 producers built on it
ADDRESS_PREFIX = 0x41


class TronAddressError(ValueError):
    pass


def address_from_bytes(raw20: bytes) -> str:
    """The Base58Check address of a 20-byte account id (prefix 0x41 added)."""
    if len(raw20) != 20:
        raise TronAddressError(f"a TRON account id is 20 bytes, not {len(raw20)}")
    return b58check_encode(bytes([ADDRESS_PREFIX]) + raw20)


def normalize_address(text: str) -> str:
    """A TRON address in either form (``T…`` Base58Check or ``41…`` hex) as Base58Check."""
    if len(text) == 42 and text[:2] == "41":
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise TronAddressError(f"{text!r} is not hex") from None
        return address_from_bytes(raw[1:])
    try:
        payload = b58check_decode(text)
    except Base58Error as err:
        raise TronAddressError(f"{text!r} is not a TRON address ({err.message})") from None
    if len(payload) != 21 or payload[0] != ADDRESS_PREFIX:
        raise TronAddressError(f"{text!r} is not a TRON address (wrong length or prefix)")
    return text


def address_hex(address: str) -> str:
    """``41`` + 20 bytes, in hex, for a Base58Check TRON address."""
    return b58check_decode(normalize_address(address)).hex()


def decode_hex_text(value: str) -> str:
    """TronGrid's hex-encoded messages (``resMessage``) as text; non-hex text is returned as is."""
    try:
        return bytes.fromhex(value).decode("utf-8", errors="replace")
    except ValueError:
        return value


def decode_trc20_transfer(data: str) -> tuple[str, int] | None:
    """(recipient, amount) of ``transfer(address,uint256)`` call data, or None for other calls.

    The address word holds the 20-byte account id (some wallets put the 0x41 prefix in the
    word too); only its last 20 bytes count.
    """
    data = data.lower().removeprefix("0x")
    if not data.startswith(SEL_TRANSFER) or len(data) < 8 + 128:
        return None
    try:
        word_to = bytes.fromhex(data[8:72])
        amount = int(data[72:136], 16)
    except ValueError:
        return None
    return address_from_bytes(word_to[12:]), amount


def trx(sun: int) -> str:
    return format_units(sun, 6)


@dataclass(frozen=True)
class TronTokenTransfer:
    """A TRC20 ``transfer`` decoded from the call data (what the sender asked for)."""

    token: str  # the token contract
    recipient: str
    amount: int  # base units
    symbol: str | None  # known tokens only (USDT)
    decimals: int | None


@dataclass(frozen=True)
class TronTx:
    """``/wallet/gettransactionbyid``: the signed transaction and its first contract."""

    txid: str
    contract_type: str  # TransferContract, TransferAssetContract, TriggerSmartContract, …
    owner: str | None  # the sender
    to: str | None  # TRX / TRC10 recipient
    amount: int | None  # TRX (sun) or TRC10 units
    asset_name: str | None  # TRC10 token id or name
    contract_address: str | None  # TriggerSmartContract: the contract called
    data: str | None  # TriggerSmartContract call data (hex)
    call_value: int | None  # TRX (sun) sent with a contract call
    contract_ret: str | None  # ret[0].contractRet; None when absent
    fee_limit: int | None  # sun
    timestamp: int | None  # ms

    @property
    def token_transfer(self) -> TronTokenTransfer | None:
        if self.contract_type != "TriggerSmartContract" or not self.data or not self.contract_address:
            return None
        decoded = decode_trc20_transfer(self.data)
        if decoded is None:
            return None
        symbol, decimals = TRC20_TOKENS.get(self.contract_address, (None, None))
        return TronTokenTransfer(self.contract_address, decoded[0], decoded[1], symbol, decimals)


@dataclass(frozen=True)
class TronReceipt:
    result: str | None  # SUCCESS, REVERT, OUT_OF_ENERGY, …; absent for plain TRX transfers
    energy_usage_total: int = 0
    energy_fee: int = 0  # sun burned for energy
    net_usage: int = 0  # bandwidth points used
    net_fee: int = 0  # sun burned for bandwidth
    energy_penalty_total: int = 0  # the dynamic-energy surcharge of a busy contract, in energy_usage_total
    energy_usage: int = 0  # energy paid from the sender's staked or rented energy
    origin_energy_usage: int = 0  # energy paid by the contract's deployer

    @property
    def burned_energy(self) -> int:
        """Energy bought by burning TRX (the rest came from staked energy or the deployer)."""
        return max(0, self.energy_usage_total - self.energy_usage - self.origin_energy_usage)


@dataclass(frozen=True)
class TronTxInfo:
    """``/wallet/gettransactioninfobyid``: where and how the transaction was executed."""

    txid: str
    block_number: int | None
    block_time: int | None  # ms
    fee: int  # sun, total burned
    result: str | None  # "FAILED" on failure; absent on success
    res_message: str | None  # decoded from hex
    receipt: TronReceipt
    contract_address: str | None
    log_count: int
    contract_result: str | None = None  # contractResult[0]: return or revert data (hex)


@dataclass(frozen=True)
class TronTip:
    number: int
    timestamp: int | None  # ms
    solid_number: int | None  # the latest solidified block; None when not asked or not answered


@dataclass(frozen=True)
class TronTxLookup:
    txid: str
    provider: str
    tx: TronTx | None
    info: TronTxInfo | None

    @property
    def found(self) -> bool:
        return self.tx is not None or (self.info is not None and self.info.block_number is not None)


@dataclass(frozen=True)
class TronAccount:
    """``/wallet/getaccount``; an address that never received TRX has no account (not activated)."""

    address: str
    activated: bool
    balance: int  # sun
    create_time: int | None  # ms
    is_contract: bool
    provider: str
    permissions: tuple[TronPermission, ...] = ()  # owner and active permissions (multi-signature)


@dataclass(frozen=True)
class TronExtra:
    """Facts asked after the transaction or account, for root causes; None: not asked or no answer."""

    params: TronChainParams | None = None  # the prices in force now
    sender: TronAccount | None = None  # the sender's account now (balance, permissions)
    sender_resources: TronResources | None = None  # the sender's (or the address's) energy and bandwidth now
    recipient_balance: int | None = None  # the recipient's balance of the token now (balanceOf)
    blacklisted: tuple[tuple[str, str, bool], ...] = ()  # (role, address, on USDT's blacklist)
    token_symbol: str | None = None  # from symbol() when the token is not in the offline table
    token_decimals: int | None = None
