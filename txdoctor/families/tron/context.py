"""The TRON check contexts and registries, shared by :mod:`txdoctor.families.tron.checks` (status, transfer,
fee) and :mod:`txdoctor.families.tron.causes` (root causes), which register on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from txdoctor.core.amounts import format_units
from txdoctor.core.chains import Chain
from txdoctor.core.checks import Registry
from txdoctor.core.findings import Term
from txdoctor.families.tron.facts import (
    SOLIDIFY_BLOCKS,
    TronAccount,
    TronExtra,
    TronTip,
    TronTokenTransfer,
    TronTxLookup,
)

# The two TRON words the messages explain (catalog: tron.energy_words, tron.bandwidth_words).
ENERGY_WORDS = Term("tron.energy_words")
BANDWIDTH_WORDS = Term("tron.bandwidth_words")


def amount_words(t: TronTokenTransfer) -> Term:
    """A token amount in the token's units (``2384.9501 USDT``), or in base units."""
    if t.decimals is None:
        return Term("tron.amount.base_units", amount=t.amount)
    amount = format_units(t.amount, t.decimals)
    if t.symbol:
        return Term("tron.amount.units", amount=amount, symbol=t.symbol)
    return Term("tron.amount.tokens", amount=amount)


def role_words(role: str) -> Term:
    """``sender``, ``recipient`` or ``address``, in words."""
    return Term(f"tron.role.{role}")


@dataclass(frozen=True)
class TronTxContext:
    chain: Chain
    txid: str
    lookup: TronTxLookup | None  # None: no endpoint knew it
    tip: TronTip | None = None
    extra: TronExtra = field(default_factory=TronExtra)

    @property
    def token_transfer(self) -> TronTokenTransfer | None:
        """The TRC-20 transfer, named from the offline table or the contract's symbol()/decimals()."""
        tx = self.lookup.tx if self.lookup else None
        t = tx.token_transfer if tx is not None else None
        if t is not None and t.decimals is None and self.extra.token_decimals is not None:
            return replace(t, symbol=self.extra.token_symbol, decimals=self.extra.token_decimals)
        return t

    @property
    def block(self) -> int | None:
        info = self.lookup.info if self.lookup else None
        return info.block_number if info is not None else None

    @property
    def confirmations(self) -> int | None:
        if self.block is None or self.tip is None:
            return None
        return max(0, self.tip.number - self.block + 1)

    @property
    def solidified(self) -> bool | None:
        if self.block is None or self.tip is None:
            return None
        if self.tip.solid_number is not None:
            return self.block <= self.tip.solid_number
        conf = self.confirmations
        return conf is not None and conf >= SOLIDIFY_BLOCKS

    @property
    def result(self) -> str | None:
        """The execution result: receipt.result, else ret[0].contractRet; None when neither says."""
        lk = self.lookup
        if lk is None:
            return None
        if lk.info is not None and lk.info.receipt.result:
            return lk.info.receipt.result
        if lk.tx is not None and lk.tx.contract_ret:
            return lk.tx.contract_ret
        if lk.info is not None and lk.info.result == "FAILED":
            return "UNKNOWN"
        return None

    @property
    def failed(self) -> bool:
        return self.block is not None and self.result not in (None, "SUCCESS", "DEFAULT")


tron_tx_checks: Registry[TronTxContext] = Registry()


@dataclass(frozen=True)
class TronAddressContext:
    address: str
    account: TronAccount | None  # None: the lookup failed
    extra: TronExtra = field(default_factory=TronExtra)
    chain: str = "tron"  # the token table is mainnet's: on a test network the address is not USDT


tron_address_checks: Registry[TronAddressContext] = Registry()
