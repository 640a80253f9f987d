"""TRON resources: energy and bandwidth prices, an account's resources and permissions, and
the arithmetic that explains a fee or an OUT_OF_ENERGY failure. Pure records and functions.

How java-tron limits a contract call's energy (``VMActuator``): the limit is the smaller of
what ``fee_limit`` buys (fee_limit / energy price) and what the caller can pay (its staked or
rented energy left plus its TRX balance / energy price). The node's message names the limit:
``curInvokeEnergyLimit[N]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A USDT transfer's energy, including the dynamic-energy surcharge of the USDT contract at its
# maximum factor (3.4 since 2024; base 14,650 / 29,650 energy x 4.4): to an address that already
# holds USDT, and to one that holds none (a new storage slot: SSTORE 20,000 instead of 5,000).
USDT_ENERGY_HOLDER = 64_285
USDT_ENERGY_NEW_HOLDER = 130_285
# A base (penalty excluded) above this is a transfer that wrote a new storage slot.
NEW_SLOT_BASE_ENERGY = 25_000
TRC20_TRANSFER_BANDWIDTH = 345  # bytes of a signed TRC-20 transfer (the recorded receipts)
TRX_TRANSFER_BANDWIDTH = 268  # bytes of a signed TRX transfer, about
SSTORE_NEW_SLOT = 20_000  # energy of writing a storage slot that was zero


@dataclass(frozen=True)
class TronChainParams:
    """``/wallet/getchainparameters``: the prices in force (sun)."""

    energy_price: int  # getEnergyFee: sun per energy burned
    bandwidth_price: int  # getTransactionFee: sun per bandwidth point (byte) burned
    create_account_fee: int | None = None  # getCreateNewAccountFeeInSystemContract (1 TRX)
    create_account_bandwidth_fee: int | None = None  # getCreateAccountFee (0.1 TRX)
    free_net_limit: int | None = None  # getFreeNetLimit: free bandwidth per account per day
    max_fee_limit: int | None = None  # getMaxFeeLimit


@dataclass(frozen=True)
class TronResources:
    """``/wallet/getaccountresource``: an account's bandwidth and energy now."""

    free_net_limit: int = 0
    free_net_used: int = 0
    net_limit: int = 0  # bandwidth from staked TRX
    net_used: int = 0
    energy_limit: int = 0  # energy from staked or rented TRX
    energy_used: int = 0
    total_energy_limit: int = 0  # the whole network's daily energy
    total_energy_weight: int = 0  # TRX staked for energy by the whole network

    @property
    def bandwidth_left(self) -> int:
        return max(0, self.free_net_limit - self.free_net_used) + max(0, self.net_limit - self.net_used)

    @property
    def energy_left(self) -> int:
        return max(0, self.energy_limit - self.energy_used)

    @property
    def energy_per_staked_trx(self) -> float | None:
        if self.total_energy_limit <= 0 or self.total_energy_weight <= 0:
            return None
        return self.total_energy_limit / self.total_energy_weight


@dataclass(frozen=True)
class TronPermission:
    """An owner or active permission from ``getaccount``: who may sign for the account."""

    kind: str  # "owner" or "active"
    name: str
    threshold: int
    keys: tuple[tuple[str, int], ...]  # (address, weight)

    def weight_of(self, address: str) -> int:
        return sum(w for a, w in self.keys if a == address)

    def foreign(self, address: str) -> bool:
        """The account's own key alone cannot sign with this permission."""
        return self.weight_of(address) < self.threshold


@dataclass(frozen=True)
class EnergyShortfall:
    """The numbers in an OUT_OF_ENERGY node message."""

    limit: int  # curInvokeEnergyLimit
    operation: str | None  # the opcode that ran out ('SSTORE')
    op_energy: int | None  # curOpEnergy
    penalty: int | None  # penaltyEnergy (dynamic energy of the op)
    used: int | None  # usedEnergy before the op

    @property
    def needed_at_least(self) -> int | None:
        if self.used is None or self.op_energy is None:
            return None
        return self.used + self.op_energy + (self.penalty or 0)


_NUM = r"\[(\d{1,18})\]"
_LIMIT = re.compile(r"curInvokeEnergyLimit" + _NUM)
_OP = re.compile(r"for '([A-Z0-9]{1,20})' operation")


def _field(name: str, text: str) -> int | None:
    m = re.search(name + _NUM, text)
    return int(m.group(1)) if m else None


def parse_energy_message(text: str | None) -> EnergyShortfall | None:
    """``Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[78572], …``."""
    if not text:
        return None
    text = text[:2000]
    m = _LIMIT.search(text)
    if m is None:
        return None
    op = _OP.search(text)
    return EnergyShortfall(
        int(m.group(1)),
        op.group(1) if op else None,
        _field("curOpEnergy", text),
        _field("penaltyEnergy", text),
        _field("usedEnergy", text),
    )


def burned_energy_price(energy_fee: int, burned_energy: int) -> int | None:
    """The energy price a receipt was charged at: energy_fee / energy bought with TRX."""
    if energy_fee <= 0 or burned_energy <= 0:
        return None
    return round(energy_fee / burned_energy)


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)
