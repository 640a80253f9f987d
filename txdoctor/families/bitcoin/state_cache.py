"""A Bitcoin network's shared state (tip, fee levels, projected blocks) in the run-spanning
:class:`txdoctor.core.statecache.StateCache` (``state_ttl``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from txdoctor.core.statecache import StateCache
    from txdoctor.families.bitcoin.facts import BtcNetworkState


def load_btc_state(cache: StateCache | None, chain: str, urls: list[str]) -> BtcNetworkState | None:
    data = cache.get("btc", chain, urls) if cache is not None else None
    if data is None:
        return None
    from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels, MempoolState, ProjectedBlock

    try:
        fees, pool = data["fees"], data["mempool"]
        return BtcNetworkState(
            tip_height=_opt_int(data["tip_height"]),
            fees=None if fees is None else FeeLevels(**fees),
            projected_blocks=tuple(
                ProjectedBlock(**{**b, "fee_range": tuple(b["fee_range"])}) for b in data["projected_blocks"]
            ),
            mempool=None if pool is None else MempoolState(**pool),
            block_interval_s=float(data["block_interval_s"]),
            tips=tuple((str(name), int(height)) for name, height in data["tips"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def save_btc_state(cache: StateCache | None, chain: str, urls: list[str], state: BtcNetworkState) -> None:
    if cache is None or state.errors or state.tip_height is None or state.fees is None:
        return
    cache.put("btc", chain, urls, asdict(state))


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value
