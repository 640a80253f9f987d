"""Esplora REST (blockstream.info, self-hosted esplora) and mempool.space's superset.

I/O and parsing only: every method returns facts or raises a ProviderError.
mempool.space-only endpoints (/v1/...) return None on a plain Esplora server.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse, NotFound, ProviderError, redact_url
from txdoctor.core.net.http import Http
from txdoctor.core.net.reader import Reader, is_int, is_number, sane
from txdoctor.families.bitcoin.facts import (
    BtcInput,
    BtcOutput,
    BtcPackage,
    BtcReplacement,
    BtcTx,
    FeeLevels,
    MempoolState,
    ProjectedBlock,
)

MAX_WEIGHT = 4_000_000  # a transaction never weighs more than a block
MAX_TEXT = 200  # an address or a script type; longer is not one

# Origins known to run plain Esplora, without mempool.space's /v1 endpoints: never asked for them.
PLAIN_ESPLORA = ["https://blockstream.info"]


class Esplora:
    def __init__(self, http: Http, base_url: str) -> None:
        self.http = http
        self.base = base_url.rstrip("/")
        # mempool.space's /v1 superset: assumed for unknown hosts (a self-hosted mempool), whose
        # 404s are harmless; never sent to a known plain Esplora.
        self.has_v1 = not any(self.base.startswith(origin + "/") for origin in PLAIN_ESPLORA)
        self._name = redact_url(self.base)  # asked for on every lookup and failure: once

    @property
    def name(self) -> str:
        return self._name

    def _url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    # ------------------------------------------------------------ transactions

    async def tx(self, txid: str) -> BtcTx:
        url = self._url(f"tx/{txid}")
        return _asked(url, txid, parse_tx(url, await self.http.get_json(url)))

    async def cached_tx(self, txid: str) -> BtcTx | None:
        """mempool.space keeps replaced/evicted txs for about a day."""
        if not self.has_v1:
            return None
        url = self._url(f"v1/tx/{txid}/cached")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return None
        if not data:
            return None
        return _asked(url, txid, parse_tx(url, data))

    async def replacement(self, txid: str) -> BtcReplacement | None:
        """The tx that replaced ``txid`` (RBF), or None when it was not replaced or unknown."""
        if not self.has_v1:
            return None
        url = self._url(f"v1/tx/{txid}/rbf")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return None
        return parse_rbf(url, txid, data)

    async def package(self, txid: str) -> BtcPackage | None:
        if not self.has_v1:
            return None
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
        if not self.has_v1:
            return [None] * len(txids)
        query = "&".join(f"txId[]={t}" for t in txids)
        url = self._url(f"v1/transaction-times?{query}")
        try:
            data = await self.http.get_json(url)
        except NotFound:
            return [None] * len(txids)
        if not isinstance(data, list) or len(data) != len(txids):
            raise BadResponse(url, "expected one time per txid")
        return [t if is_int(t) and 0 < t < 2**40 else None for t in data]

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
        if not text.isdigit() or len(text) > 12:
            raise BadResponse(url, f"expected a block height, got {text[:40]!r}")
        return Reader(url).bounded(int(text), "height", high=sanity.MAX_HEIGHT)

    async def fees(self) -> FeeLevels:
        """Fee levels: mempool.space's precise ones (sub-1 sat/vB rates survive), else its rounded
        recommended ones, else plain Esplora's /fee-estimates. Precise and recommended are asked
        together, so the fallback costs no round trip."""
        import asyncio

        if not self.has_v1:
            return await self._fee_estimates()
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
            if str(k).isdigit() and len(str(k)) < 6 and is_number(v):
                by_target[int(k)] = Reader(url).bounded_float(float(v), f"fee-estimates[{k}]")
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
        if not self.has_v1:
            return ()
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
            total_fee=_int(url, data, "total_fee", sanity.MAX_SATS),
        )

    async def block_interval(self) -> float | None:
        """Average block interval in seconds (mempool.space difficulty-adjustment)."""
        if not self.has_v1:
            return None
        url = self._url("v1/difficulty-adjustment")
        try:
            data = _obj(url, await self.http.get_json(url))
        except NotFound:
            return None
        ms = data.get("adjustedTimeAvg", data.get("timeAvg"))
        if isinstance(ms, (int, float)) and 0 < ms < 10**9:
            return float(ms) / 1000.0
        return None

    # --------------------------------------------------------------- addresses

    async def address_stats(self, address: str) -> dict[str, dict[str, int]]:
        url = self._url(f"address/{address}")
        data = _obj(url, await self.http.get_json(url))
        out: dict[str, dict[str, int]] = {}
        for part in ("chain_stats", "mempool_stats"):
            stats = _obj(url, data.get(part), part)
            keys = ("tx_count", "funded_txo_sum", "spent_txo_sum")
            out[part] = {k: _int(url, stats, k, 10**18) for k in keys}
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
    value = Reader(url).need(data, key)
    if typ is int and not is_int(value):
        raise BadResponse(url, f"field {key!r} should be an integer, got {type(value).__name__}")
    if not isinstance(value, typ):
        raise BadResponse(url, f"field {key!r} should be {typ.__name__}, got {type(value).__name__}")
    return value


def _int(url: str, data: Mapping[str, Any], key: str, high: int = sanity.U64, low: int = 0) -> int:
    """A required integer field within [low, high] (non-negative unless told)."""
    return Reader(url).bounded(int(_field(url, data, key, int)), key, low, high)


def _num(url: str, data: Mapping[str, Any], key: str, high: float = sanity.MAX_RATE) -> float:
    value = data.get(key)
    if not is_number(value):
        raise BadResponse(url, f"field {key!r} should be a number")
    return Reader(url).bounded_float(float(value), key, high)


def _opt_num(url: str, data: Mapping[str, Any], key: str) -> float | None:
    """An optional fee rate: None when absent or mistyped; out of range is a BadResponse."""
    value = data.get(key)
    return Reader(url).bounded_float(float(value), key) if is_number(value) else None


def _opt_int(
    data: Mapping[str, Any], key: str, url: str = "", high: int = sanity.U64, low: int = 0
) -> int | None:
    """An optional integer field: None when absent or mistyped; out of [low, high] is a BadResponse."""
    value = data.get(key)
    return Reader(url).bounded(value, key, low, high) if is_int(value) else None


def _opt_text(url: str, data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadResponse(url, f"field {key!r} is not a short text")
    return value


def _asked(url: str, txid: str, tx: BtcTx) -> BtcTx:
    """The answer is about the txid that was asked."""
    with sane(url):
        sanity.echoed(txid, tx.txid, "txid")
    return tx


def _txid(url: str, data: Mapping[str, Any], key: str = "txid") -> str:
    return Reader(url).txid_value(_field(url, data, key, str), key)


def _input(url: str, item: Any) -> BtcInput:
    i = _obj(url, item, "input")
    raw_prevout = i.get("prevout")
    prevout: Mapping[str, Any] = raw_prevout if isinstance(raw_prevout, Mapping) else {}
    return BtcInput(
        prev_txid=str(i.get("txid", ""))[:64],
        prev_vout=_opt_int(i, "vout", url, sanity.U32) or 0,
        sequence=_int(url, i, "sequence", sanity.U32),
        value=_opt_int(prevout, "value", url, sanity.MAX_SATS),
        address=_opt_text(url, prevout, "scriptpubkey_address"),
        is_coinbase=bool(i.get("is_coinbase", False)),
    )


def _output(url: str, item: Any) -> BtcOutput:
    o = _obj(url, item, "output")
    return BtcOutput(
        value=_int(url, o, "value", sanity.MAX_SATS),
        address=_opt_text(url, o, "scriptpubkey_address"),
        script_type=_opt_text(url, o, "scriptpubkey_type"),
    )


def parse_tx(url: str, data: Any) -> BtcTx:
    """An Esplora transaction; every number within what a real one can hold (else BadResponse)."""
    d = _obj(url, data, "transaction")
    txid = _txid(url, d)
    weight = _int(url, d, "weight", MAX_WEIGHT, low=1)
    vin = _field(url, d, "vin", list)
    vout = _field(url, d, "vout", list)
    status = _obj(url, d.get("status"), "status")
    confirmed = _field(url, status, "confirmed", bool)
    block_hash = _opt_text(url, status, "block_hash") if confirmed else None
    return BtcTx(
        txid=txid,
        vsize=math.ceil(weight / 4),
        weight=weight,
        fee=_opt_int(d, "fee", url, sanity.MAX_SATS),
        inputs=tuple(_input(url, item) for item in vin),
        outputs=tuple(_output(url, item) for item in vout),
        confirmed=confirmed,
        block_height=_opt_int(status, "block_height", url, sanity.MAX_HEIGHT) if confirmed else None,
        block_hash=block_hash,
        block_time=_opt_int(status, "block_time", url, sanity.U64) if confirmed else None,
        first_seen=_opt_int(d, "firstSeen", url, sanity.U64),
        package=parse_cpfp(url, d) if ("ancestors" in d or "descendants" in d) else None,
    )


def parse_rbf(url: str, txid: str, data: Any) -> BtcReplacement | None:
    d = _obj(url, data)
    tree = d.get("replacements")
    if not tree:
        return None
    tree = _obj(url, tree, "replacements")
    top = _obj(url, tree.get("tx"), "replacements.tx")
    winner = _txid(url, top)
    if winner == txid.lower():
        return None  # this tx is the latest version: it replaced others, nothing replaced it
    rate = _opt_num(url, top, "rate")
    return BtcReplacement(
        replaced_by=winner,
        replacement_fee_rate=rate,
        replacement_mined=bool(top.get("mined", False)),
        full_rbf=bool(tree.get("fullRbf", False)),
    )


def parse_cpfp(url: str, data: Any) -> BtcPackage:
    d = _obj(url, data)

    def txids(key: str) -> tuple[str, ...]:
        items = d.get(key) or []
        if not isinstance(items, list):
            raise BadResponse(url, f"field {key!r} should be a list")
        return tuple(str(_obj(url, x, key).get("txid", ""))[:64] for x in items)

    return BtcPackage(
        ancestors=txids("ancestors"),
        descendants=txids("descendants"),
        effective_fee_rate=_opt_num(url, d, "effectiveFeePerVsize"),
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
                vsize=_num(url, b, "blockVSize", 1e12),
                n_tx=_int(url, b, "nTx"),
                median_fee=_num(url, b, "medianFee"),
                fee_range=tuple(
                    Reader(url).bounded_float(float(x), "feeRange") for x in fee_range if is_number(x)
                ),
            )
        )
    return tuple(blocks)


__all__ = ["Esplora", "ProviderError", "parse_tx"]
