"""`txdoctor fees --chain tron`: the energy and bandwidth prices now, and what a USDT transfer
costs in TRX — to an address that holds USDT and to a first-time holder — when the network
burns TRX for it, and with staked or rented energy.

Asks ``/wallet/getchainparameters`` (the prices) and ``/wallet/getaccountresource`` of the USDT
contract (the network's energy per staked TRX). The energy figures are in
:mod:`txdoctor.families.tron.resources` (docs/tron.md, "Thresholds").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from txdoctor.families.tron.facts import trx
from txdoctor.families.tron.resources import (
    TRC20_TRANSFER_BANDWIDTH,
    USDT_ENERGY_HOLDER,
    USDT_ENERGY_NEW_HOLDER,
    TronChainParams,
    TronResources,
)
from txdoctor.families.tron.tokens import USDT
from txdoctor.messages import Term
from txdoctor.model import EXIT_OK, EXIT_UNREACHABLE, SCHEMA_VERSION

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.session import Session


@dataclass(frozen=True)
class TronFeesReport:
    chain: str
    display: str
    params: TronChainParams | None
    network: TronResources | None  # the network totals (energy per staked TRX)
    errors: tuple[str, ...] = ()

    @property
    def reachable(self) -> bool:
        return self.params is not None

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.reachable else EXIT_UNREACHABLE

    def _transfer(self, energy: int, p: TronChainParams) -> dict[str, Any]:
        burn = energy * p.energy_price + TRC20_TRANSFER_BANDWIDTH * p.bandwidth_price
        bandwidth_only = TRC20_TRANSFER_BANDWIDTH * p.bandwidth_price
        per_trx = self.network.energy_per_staked_trx if self.network is not None else None
        return {
            "energy": energy,
            "bandwidth": TRC20_TRANSFER_BANDWIDTH,
            "burn_sun": burn,
            "burn_trx": trx(burn),
            # with enough staked or rented energy only bandwidth is left: free while the daily
            # free bandwidth lasts, else burned
            "with_energy_trx": "0",
            "with_energy_no_free_bandwidth_trx": trx(bandwidth_only),
            "stake_trx_for_daily_energy": round(energy / per_trx) if per_trx else None,
        }

    def to_dict(self) -> dict[str, Any]:
        p = self.params
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "chain": self.chain,
            "reachable": self.reachable,
            "energy_price_sun": p.energy_price if p else None,
            "bandwidth_price_sun": p.bandwidth_price if p else None,
            "account_creation_fee_sun": p.create_account_fee if p else None,
            "free_bandwidth_per_day": p.free_net_limit if p else None,
            "usdt_transfer": None,
            "errors": list(self.errors),
        }
        if p is not None:
            out["usdt_transfer"] = {
                "to_holder": self._transfer(USDT_ENERGY_HOLDER, p),
                "to_new_holder": self._transfer(USDT_ENERGY_NEW_HOLDER, p),
            }
        return out

    def text(self, lang: str = "en") -> list[str]:
        from txdoctor.core.feesreport import aligned, title, unreachable_lines, words

        d, cat = self.to_dict(), words(lang)
        lines = [title(cat, self.chain)]
        if not self.reachable:
            return [*lines, *unreachable_lines(self.chain, d["errors"], cat, "fees.other_trongrid")]
        energy = cat.text("fees.tron.energy", price=d["energy_price_sun"])
        bandwidth = cat.text(
            "fees.tron.bandwidth", price=d["bandwidth_price_sun"], free=d["free_bandwidth_per_day"]
        )
        label = cat.text
        lines += aligned(
            [(label("fees.tron.energy_label"), energy), (label("fees.tron.bandwidth_label"), bandwidth)], 3
        )
        for key in ("to_holder", "to_new_holder"):
            t = d["usdt_transfer"][key]
            stake = t["stake_trx_for_daily_energy"]
            said = {"energy": f"{t['energy']:,}", "bandwidth": t["bandwidth"], "burn": t["burn_trx"]}
            lines.append(
                cat.text(
                    "fees.tron.usdt",
                    who=Term(f"fees.tron.{key}"),
                    no_free=t["with_energy_no_free_bandwidth_trx"],
                    stake=Term("fees.tron.stake", stake=f"{stake:,}") if stake else "",
                    **said,
                )
            )
        if d["account_creation_fee_sun"]:
            lines.append(cat.text("fees.tron.activation", trx=trx(d["account_creation_fee_sun"])))
        return lines


async def tron_fees_report(session: Session, chain: Chain) -> TronFeesReport:
    from txdoctor.families.tron.diagnose import tron_source
    from txdoctor.families.tron.extra import queries

    src = tron_source(session, session.options.api_keys.get("trongrid"), chain)
    if not src.providers:
        return TronFeesReport(chain.name, chain.display, None, None, ("no provider configured",))
    q = queries(session, src)
    import asyncio

    params, network = await asyncio.gather(q.params(), q.resources(USDT))
    details: dict[str, list[str]] = {}
    for f in q.failures:  # each endpoint once, with what went wrong
        seen = details.setdefault(f.provider, [])
        if f.detail not in seen:
            seen.append(f.detail)
    errors = tuple(f"{name}: {' / '.join(d)}" for name, d in details.items())
    return TronFeesReport(chain.name, chain.display, params, network, errors)
