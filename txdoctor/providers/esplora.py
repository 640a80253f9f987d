"""Esplora REST (blockstream.info, self-hosted esplora) and mempool.space's superset.

I/O and parsing only: every method returns facts or raises a ProviderError.
mempool.space-only endpoints (/v1/...) return None on a plain Esplora server.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from txdoctor.facts import (
    BtcInput,
    BtcOutput,
    BtcPackage,
    BtcReplacement,
    BtcTx,
    FeeLevels,
    MempoolState,
    ProjectedBlock,
)
from txdoctor.providers.base import BadResponse, NotFound, ProviderError, redact_url
from txdoctor.providers.http import Http


class Esplora:
    def __init__(self, http: Http, base_url: str) -> None:
        self.http = http
        self.base = base_url.rstrip("/")

    @property
    def name(self) -> str:
        return redact_url(self.base)

    def _url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    # ------------------------------------------------------------ transactions

    async def tx(self, txid: str) -> BtcTx:
        url = self._url(f"tx/{txid}")
        return parse_tx(url, await self.http.get_json(url))

    async def cached_tx(self, txid: str) -> BtcTx | None:
        """mempool.space keeps replaced/evicted txs for about a day."""
        url = self._url(f"v1/tx/{txid}/cached")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return None
        if not data:
            return None
        return parse_tx(url, data)

    async def replacement(self, txid: str) -> BtcReplacement | None:
        """The tx that replaced ``txid`` (RBF), or None when it was not replaced or unknown."""
        url = self._url(f"v1/tx/{txid}/rbf")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return None
        return parse_rbf(url, txid, data)

    async def package(self, txid: str) -> BtcPackage | None:
        url = self._url(f"v1/cpfp/{txid}")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return None
        return parse_cpfp(url, data)

    async def first_seen(self, txid: str) -> int | None:
        """When mempool.space first saw an unconfirmed tx (unix time), if it knows."""
        return (await self.first_seen_many([txid]))[0]

    async def first_seen_many(self, txids: list[str]) -> list[int | None]:
        """First-seen times of up to 100 txids in one request (/v1/transaction-times)."""
        query = "&".join(f"txId[]={t}" for t in txids)
        url = self._url(f"v1/transaction-times?{query}")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return [None] * len(txids)
        if not isinstance(data, list) or len(data) != len(txids):
            raise BadResponse(url, "expected one time per txid")
        return [t if isinstance(t, int) and not isinstance(t, bool) and t > 0 else None for t in data]

    async def outspend(self, txid: str, vout: int) -> str | None:
        """The txid that spent an output, or None when unspent."""
        url = self._url(f"tx/{txid}/outspend/{vout}")
        data = _obj(url, await self.http.get_json(url))
        if not _field(url, data, "spent", bool):
            return None
        spender = data.get("txid")
        return spender if isinstance(spender, str) else None

    # --------------------------------------------------------------- network

    async def tip_height(self) -> int:
        url = self._url("blocks/tip/height")
        text = await self.http.get_text(url)
        if not text.isdigit():
            raise BadResponse(url, f"expected a block height, got {text[:40]!r}")
        return int(text)

    async def fees(self) -> FeeLevels:
        """Fee levels: mempool.space's precise ones (sub-1 sat/vB rates survive), else its rounded
        recommended ones, else plain Esplora's /fee-estimates. Precise and recommended are asked
        together, so the fallback costs no round trip."""
        import asyncio

        precise, recommended = await asyncio.gather(
            self._levels("v1/fees/precise", "precise"),
            self._levels("v1/fees/recommended", "recommended"),
            return_exceptions=True,
        )
        for levels in (precise, recommended):
            if isinstance(levels, FeeLevels):
                return levels
        if isinstance(recommended, NotFound):
            return await self._fee_estimates()
        if isinstance(recommended, BaseException):
            raise recommended
        raise BadResponse(self.base, "no fee levels")  # pragma: no cover - gather gave neither

    async def _levels(self, path: str, source: str) -> FeeLevels:
        url = self._url(path)
        data = _obj(url, await self.http.get_json(url))
        return FeeLevels(
            fastest=_num(url, data, "fastestFee"),
            half_hour=_num(url, data, "halfHourFee"),
            hour=_num(url, data, "hourFee"),
            economy=_num(url, data, "economyFee"),
            minimum=_num(url, data, "minimumFee"),
            source=source,
        )

    async def _fee_estimates(self) -> FeeLevels:
        url = self._url("fee-estimates")
        data = _obj(url, await self.http.get_json(url))
        by_target: dict[int, float] = {}
        for k, v in data.items():
            if str(k).isdigit() and isinstance(v, (int, float)) and not isinstance(v, bool):
                by_target[int(k)] = float(v)
        if not by_target:
            raise BadResponse(url, "no fee estimates in the answer")

        def at(target: int) -> float:
            eligible = [rate for t, rate in by_target.items() if t <= target]
            return min(eligible) if eligible else max(by_target.values())

        return FeeLevels(
            fastest=at(1),
            half_hour=at(3),
            hour=at(6),
            economy=at(144),
            minimum=min(by_target.values()),
            source="estimates",
        )

    async def projected_blocks(self) -> tuple[ProjectedBlock, ...]:
        url = self._url("v1/fees/mempool-blocks")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return ()
        return parse_mempool_blocks(url, data)

    async def mempool(self) -> MempoolState:
        url = self._url("mempool")
        data = _obj(url, await self.http.get_json(url))
        return MempoolState(
            count=_int(url, data, "count"),
            vsize=_int(url, data, "vsize"),
            total_fee=_int(url, data, "total_fee"),
        )

    async def block_interval(self) -> float | None:
        """Average block interval in seconds (mempool.space difficulty-adjustment)."""
        url = self._url("v1/difficulty-adjustment")
        try:
            data = _obj(url, await self.http.get_json(url))
        except NotFound:
            return None
        ms = data.get("adjustedTimeAvg", data.get("timeAvg"))
        if isinstance(ms, (int, float)) and ms > 0:
            return float(ms) / 1000.0
        return None

    # --------------------------------------------------------------- addresses

    async def address_stats(self, address: str) -> dict[str, dict[str, int]]:
        url = self._url(f"address/{address}")
        data = _obj(url, await self.http.get_json(url))
        out: dict[str, dict[str, int]] = {}
        for part in ("chain_stats", "mempool_stats"):
            stats = _obj(url, data.get(part), part)
            out[part] = {k: _int(url, stats, k) for k in ("tx_count", "funded_txo_sum", "spent_txo_sum")}
        return out

    async def address_mempool_txs(self, address: str) -> tuple[BtcTx, ...]:
        url = self._url(f"address/{address}/txs/mempool")
        data = await self.http.get_json(url)
        if not isinstance(data, list):
            raise BadResponse(url, "expected a list of transactions")
        return tuple(parse_tx(url, item) for item in data[:25])


# ------------------------------------------------------------------ parsing


def _obj(url: str, data: Any, what: str = "answer") -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise BadResponse(url, f"expected a JSON object for {what}, got {type(data).__name__}")
    return data


def _field(url: str, data: Mapping[str, Any], key: str, typ: type) -> Any:
    if key not in data:
        raise BadResponse(url, f"field {key!r} is missing")
    value = data[key]
    if typ is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadResponse(url, f"field {key!r} should be an integer, got {type(value).__name__}")
    if not isinstance(value, typ):
        raise BadResponse(url, f"field {key!r} should be {typ.__name__}, got {type(value).__name__}")
    return value


def _int(url: str, data: Mapping[str, Any], key: str) -> int:
    return int(_field(url, data, key, int))


def _num(url: str, data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadResponse(url, f"field {key!r} should be a number")
    return float(value)


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_tx(url: str, data: Any) -> BtcTx:
    d = _obj(url, data, "transaction")
    txid = _field(url, d, "txid", str)
    weight = _int(url, d, "weight")
    vin = _field(url, d, "vin", list)
    vout = _field(url, d, "vout", list)
    status = _obj(url, d.get("status"), "status")
    confirmed = _field(url, status, "confirmed", bool)
    inputs = []
    for item in vin:
        i = _obj(url, item, "input")
        raw_prevout = i.get("prevout")
        prevout: Mapping[str, Any] = raw_prevout if isinstance(raw_prevout, Mapping) else {}
        inputs.append(
            BtcInput(
                prev_txid=str(i.get("txid", "")),
                prev_vout=_opt_int(i, "vout") or 0,
                sequence=_int(url, i, "sequence"),
                value=_opt_int(prevout, "value"),
                address=prevout.get("scriptpubkey_address"),
                is_coinbase=bool(i.get("is_coinbase", False)),
            )
        )
    outputs = []
    for item in vout:
        o = _obj(url, item, "output")
        outputs.append(
            BtcOutput(
                value=_int(url, o, "value"),
                address=o.get("scriptpubkey_address"),
                script_type=o.get("scriptpubkey_type"),
            )
        )
    fee = _opt_int(d, "fee")
    return BtcTx(
        txid=txid.lower(),
        vsize=math.ceil(weight / 4),
        weight=weight,
        fee=fee,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        confirmed=confirmed,
        block_height=_opt_int(status, "block_height") if confirmed else None,
        block_hash=status.get("block_hash") if confirmed else None,
        block_time=_opt_int(status, "block_time") if confirmed else None,
        first_seen=_opt_int(d, "firstSeen"),
        package=parse_cpfp(url, d) if ("ancestors" in d or "descendants" in d) else None,
    )


def parse_rbf(url: str, txid: str, data: Any) -> BtcReplacement | None:
    d = _obj(url, data)
    tree = d.get("replacements")
    if not tree:
        return None
    tree = _obj(url, tree, "replacements")
    top = _obj(url, tree.get("tx"), "replacements.tx")
    winner = _field(url, top, "txid", str).lower()
    if winner == txid.lower():
        return None  # this tx is the latest version: it replaced others, nothing replaced it
    rate = top.get("rate")
    return BtcReplacement(
        replaced_by=winner,
        replacement_fee_rate=float(rate) if isinstance(rate, (int, float)) else None,
        replacement_mined=bool(top.get("mined", False)),
        full_rbf=bool(tree.get("fullRbf", False)),
    )


def parse_cpfp(url: str, data: Any) -> BtcPackage:
    d = _obj(url, data)

    def txids(key: str) -> tuple[str, ...]:
        items = d.get(key) or []
        if not isinstance(items, list):
            raise BadResponse(url, f"field {key!r} should be a list")
        return tuple(str(_obj(url, x, key).get("txid", "")) for x in items)

    eff = d.get("effectiveFeePerVsize")
    return BtcPackage(
        ancestors=txids("ancestors"),
        descendants=txids("descendants"),
        effective_fee_rate=float(eff) if isinstance(eff, (int, float)) else None,
    )


def parse_mempool_blocks(url: str, data: Any) -> tuple[ProjectedBlock, ...]:
    if isinstance(data, Mapping) and "mempool-blocks" in data:
        data = data["mempool-blocks"]
    if not isinstance(data, list):
        raise BadResponse(url, "expected a list of projected blocks")
    blocks = []
    for item in data:
        b = _obj(url, item, "projected block")
        fee_range = b.get("feeRange") or []
        if not isinstance(fee_range, list):
            raise BadResponse(url, "field 'feeRange' should be a list")
        blocks.append(
            ProjectedBlock(
                vsize=_num(url, b, "blockVSize"),
                n_tx=_int(url, b, "nTx"),
                median_fee=_num(url, b, "medianFee"),
                fee_range=tuple(float(x) for x in fee_range if isinstance(x, (int, float))),
            )
        )
    return tuple(blocks)


__all__ = ["Esplora", "ProviderError", "parse_tx"]
