"""A Bitcoin Core / Litecoin Core node as a Bitcoin-family provider (``core+http(s)://`` URLs).

The same facts as from an explorer, from the node's own RPC: the transaction
(``getrawtransaction`` verbose; the wallet's ``gettransaction`` for its own), its mempool entry
(fees, vsize, CPFP relatives, BIP125), replacement and conflicts (wallet history, ``gettxout``),
the mempool minimum and fee targets (``getmempoolinfo``, ``estimatesmartfee``). Each lookup is
one batched request. The node's chain (``getblockchaininfo`` + genesis hash) is checked
against the chain asked in every batch. Raw transactions: core_accept.py.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse, NotFound
from txdoctor.core.net.http import Http
from txdoctor.core.net.once import Once
from txdoctor.core.net.reader import is_int, sane
from txdoctor.families.bitcoin.core_rpc import Call, CoreRpc, RpcError
from txdoctor.families.bitcoin.facts import (
    BtcInput,
    BtcOutput,
    BtcPackage,
    BtcReplacement,
    BtcTx,
    BtcTxLookup,
    FeeLevels,
    MempoolState,
    ProjectedBlock,
)

# getblockchaininfo's "chain" and the genesis block hash of each chain txdoctor knows.
NETWORKS: dict[str, tuple[str, str]] = {
    "btc": ("main", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
    "btc-testnet": ("test", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"),
    "btc-testnet4": ("testnet4", "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043"),
    "btc-signet": ("signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"),
    "btc-regtest": ("regtest", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"),
    "ltc": ("main", "12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2"),
    "ltc-testnet": ("test", "4966625a4b2851d9fdee139e56211a0d88575f59ed816ff5e6a63deb4e3e29a0"),
    "ltc-regtest": ("regtest", "530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9"),
}
CHAIN_CALLS: list[Call] = [("getblockchaininfo", []), ("getblockhash", [0])]
FEE_TARGETS = (2, 3, 6, 144)  # estimatesmartfee: next block (1 is read as 2), ~30 min, ~1 h, a day
MAX_PREVOUTS = 25  # inputs whose spent outputs are fetched for a confirmed tx's fee
NO_SUCH_TX = -5  # RPC_INVALID_ADDRESS_OR_KEY: unknown txid / not in mempool


def sat(value: Any) -> int:
    """BTC/LTC amount (a JSON number) to satoshi."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("not an amount")
    return round(value * 100_000_000)


def per_vb(value: Any) -> float:
    """A fee rate in BTC/kvB to sat/vB."""
    return sat(value) / 1000


class CoreNode:
    """One node for one chain: Esplora's role in BitcoinSource, over Core's JSON-RPC."""

    def __init__(self, http: Http, chain: Chain, url: str) -> None:
        self.chain = chain
        self.rpc = CoreRpc(http, url)
        self.name = self.rpc.name
        self._state: Once[None, dict[str, Any]] = Once()
        self.info: Mapping[str, Any] = {}  # getblockchaininfo, as of the last batch
        self.tip: int | None = None  # the tip height as of the last batch
        self.median_time: int | None = None  # and its median time past (for locktimes)

    @property
    def base(self) -> str:
        """The node's address without credentials (keys shared state, e.g. the on-disk state cache)."""
        return "core+" + self.rpc.endpoint.url if self.rpc.endpoint.url else self.name

    # ---------------------------------------------------------------- batches

    async def checked(self, calls: Sequence[Call]) -> list[Any]:
        """A batch that also proves the node is on the chain asked (raises BadResponse if not)."""
        answers = await self.rpc.batch([*CHAIN_CALLS, *calls])
        self.verify_chain(answers[0], answers[1])
        self.info = answers[0]
        blocks, mtp = answers[0].get("blocks"), answers[0].get("mediantime")
        self.tip = blocks if isinstance(blocks, int) and not isinstance(blocks, bool) else None
        self.median_time = mtp if isinstance(mtp, int) and not isinstance(mtp, bool) else None
        return answers[2:]

    def verify_chain(self, info: Any, genesis: Any) -> None:
        if isinstance(info, RpcError) or isinstance(genesis, RpcError):
            raise BadResponse(self.name, "getblockchaininfo failed: is this a Bitcoin or Litecoin Core node?")
        chain_name = _obj(self.name, info).get("chain")
        if (chain_name, genesis) == NETWORKS.get(self.chain.name):
            return
        match = next((c for c, n in NETWORKS.items() if n == (chain_name, genesis)), None)
        what = CHAINS[match].display if match in CHAINS else f"an unknown chain ({str(chain_name)[:20]!r})"
        raise BadResponse(
            self.name,
            f"the node is on {what}, not {self.chain.display}: point --url {self.chain.name}=… at a "
            f"{self.chain.display} node",
        )

    # ------------------------------------------------------------ network state

    def _shared_state(self) -> Awaitable[dict[str, Any]]:
        return self._state.get(None, self._fetch_state)

    async def _fetch_state(self) -> dict[str, Any]:
        calls: list[Call] = [("getmempoolinfo", [])]
        calls += [("estimatesmartfee", [t]) for t in FEE_TARGETS]
        pool, *estimates = await self.checked(calls)
        return {"info": self.info, "mempool": _obj(self.name, pool), "estimates": estimates}

    async def aclose(self) -> None:
        await self._state.aclose()

    async def tip_height(self) -> int:
        return _int(self.name, (await self._shared_state())["info"], "blocks")

    async def fees(self) -> FeeLevels:
        state = await self._shared_state()
        rates = [_estimate(e) for e in state["estimates"]]
        if any(r is None for r in rates):
            raise BadResponse(self.name, "estimatesmartfee has no estimate yet (too few blocks seen)")
        fastest, half_hour, hour, economy = (r or 0.0 for r in rates)
        minimum = per_vb(state["mempool"].get("mempoolminfee"))
        return FeeLevels(fastest, half_hour, hour, economy, minimum, source="estimatesmartfee")

    async def projected_blocks(self) -> tuple[ProjectedBlock, ...]:
        return ()

    async def mempool(self) -> MempoolState:
        pool = (await self._shared_state())["mempool"]
        total = pool.get("total_fee")  # Core 23+
        return MempoolState(
            count=_int(self.name, pool, "size"),
            vsize=_int(self.name, pool, "bytes"),
            total_fee=sat(total) if isinstance(total, (int, float)) else 0,
        )

    async def block_interval(self) -> float | None:
        return 150.0 if self.chain.symbol == "LTC" else 600.0

    # ---------------------------------------------------------------- lookup

    async def lookup(self, txid: str) -> BtcTxLookup:
        """Everything the node knows about a txid, in one batch (two for a confirmed tx's fee)."""
        raw, entry, ancestors, descendants, index, wallet = await self.checked(
            [
                ("getrawtransaction", [txid, True]),
                ("getmempoolentry", [txid]),
                ("getmempoolancestors", [txid]),
                ("getmempooldescendants", [txid]),
                ("getindexinfo", []),
                ("gettransaction", [txid, True, True]),
            ]
        )
        empty = BtcTxLookup(self.chain.name, txid, None, provider=self.name)
        wallet_tx = wallet if isinstance(wallet, Mapping) else None
        if isinstance(raw, Mapping):
            tx = self._tx(raw, raw, entry)
        elif wallet_tx is not None and isinstance(wallet_tx.get("decoded"), Mapping):
            tx = self._tx(wallet_tx["decoded"], wallet_tx, entry)
        else:
            _unexpected(self.name, raw, wallet)
            return replace(empty, node_blind=(self.name,)) if _no_txindex(index, raw) else empty
        if tx.confirmed and tx.fee is None:
            tx = await self._with_prevouts(tx)
        with sane(
            self.name
        ):  # the one sanity layer: bounds, the asked txid (a violation: the next provider is asked)
            sane_tx(tx, asked=txid)
        package = _package(entry, ancestors, descendants, tx) if not tx.confirmed else None
        if tx.confirmed or isinstance(entry, Mapping):
            return replace(empty, tx=tx, package=package)
        return await self._gone(replace(empty, tx=tx), wallet_tx or {})

    def _tx(self, d: Mapping[str, Any], status: Mapping[str, Any], entry: Any) -> BtcTx:
        try:
            return _parse_tx(d, status, entry if isinstance(entry, Mapping) else None, self.tip)
        except (KeyError, TypeError, ValueError) as err:
            shape = type(err).__name__
            raise BadResponse(self.name, f"a transaction in an unexpected shape ({shape})") from None

    async def _with_prevouts(self, tx: BtcTx) -> BtcTx:
        """The values of the spent outputs (txindex or mempool), for a confirmed tx's fee."""
        inputs = [i for i in tx.inputs if not i.is_coinbase]
        if not inputs or len(inputs) > MAX_PREVOUTS:
            return tx
        prevs = await self.rpc.batch([("getrawtransaction", [i.prev_txid, True]) for i in inputs])
        values = [_output_value(p, i.prev_vout) for p, i in zip(prevs, inputs, strict=True)]
        if any(v is None for v in values):
            return tx
        fee = sum(v or 0 for v in values) - sum(o.value for o in tx.outputs)
        return replace(tx, fee=fee) if fee >= 0 else tx

    async def _gone(self, lookup: BtcTxLookup, wallet: Mapping[str, Any]) -> BtcTxLookup:
        """A wallet tx that is neither in a block nor in the mempool: replaced, conflicted or evicted."""
        assert lookup.tx is not None
        tx = replace(lookup.tx, confirmed=False, block_height=None, block_hash=None, block_time=None)
        lookup = replace(lookup, tx=tx)
        replaced_by = wallet.get("replaced_by_txid")
        if isinstance(replaced_by, str):
            (other,) = await self.rpc.batch([("gettransaction", [replaced_by, True, True])])
            mined = isinstance(other, Mapping) and _conf(other) > 0
            return replace(lookup, replacement=BtcReplacement(replaced_by, None, mined, False))
        return replace(lookup, conflicts=await self._conflicts(tx, wallet))

    async def _conflicts(self, tx: BtcTx, wallet: Mapping[str, Any]) -> tuple[tuple[int, str], ...]:
        """Inputs spent elsewhere: the wallet's conflicting txs, matched to the inputs they share."""
        inputs = [i for i in tx.inputs if not i.is_coinbase][:20]
        others = [t for t in wallet.get("walletconflicts") or [] if isinstance(t, str)][:10]
        calls: list[Call] = [("gettxout", [i.prev_txid, i.prev_vout, True]) for i in inputs]
        calls += [("gettransaction", [t, True, True]) for t in others]
        answers = await self.rpc.batch(calls)
        outs, rivals = answers[: len(inputs)], answers[len(inputs) :]
        spent_by: dict[tuple[str, int], str] = {}
        for txid, rival in zip(others, rivals, strict=True):
            decoded = rival.get("decoded") if isinstance(rival, Mapping) else None
            for vin in (decoded or {}).get("vin") or []:
                if isinstance(vin, Mapping) and isinstance(vin.get("txid"), str):
                    spent_by[(vin["txid"], _vout(vin))] = txid
        found = []
        for n, (i, out) in enumerate(zip(inputs, outs, strict=True)):
            spender = spent_by.get((i.prev_txid, i.prev_vout))
            if spender is not None or out is None:
                found.append((n, spender or "unknown"))
        return tuple(f for f in found if f[1] != "unknown") or tuple(found)

    # ---------------------------------------------------------------- address

    async def address_stats(self, address: str) -> dict[str, dict[str, int]]:
        """A watched (wallet or watch-only) address: what the node's wallet knows of it."""
        info, conf, unconf, utxos = await self.checked(
            [
                ("getaddressinfo", [address]),
                ("listreceivedbyaddress", [1, True, True, address]),
                ("listreceivedbyaddress", [0, True, True, address]),
                ("listunspent", [0, 9_999_999, [address], True]),
            ]
        )
        if not isinstance(info, Mapping) or not (info.get("ismine") or info.get("iswatchonly")):
            why = "the node's wallet does not watch this address (Core keeps no address index)"
            raise NotFound(self.name, why)
        try:
            return _address_stats(conf, unconf, utxos)
        except (KeyError, TypeError, ValueError):
            raise BadResponse(self.name, "the wallet's address answers are in an unexpected shape") from None

    async def address_mempool_txs(self, address: str) -> tuple[BtcTx, ...]:
        return ()


# ------------------------------------------------------------------ parsing


def _obj(name: str, data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise BadResponse(name, f"expected a JSON object, got {type(data).__name__}")
    return data


def _int(name: str, data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not is_int(value):
        raise BadResponse(name, f"field {key!r} should be an integer")
    return value


def _unexpected(name: str, *answers: Any) -> None:
    """An RPC error other than 'no such transaction' (or a wallet that is not there) is a failure."""
    for a in answers:
        if isinstance(a, RpcError) and a.code not in (NO_SUCH_TX, -18, -19, -32601, -4):
            raise BadResponse(name, f"the node refused the lookup ({a.code}: {a.message[:120]})")
        if a is not None and not isinstance(a, (RpcError, Mapping)):
            raise BadResponse(name, f"unexpected answer of type {type(a).__name__}")


def _no_txindex(index: Any, raw: Any) -> bool:
    """getindexinfo (Core 0.21+) lists "txindex" when the index exists; older nodes lack the call,
    and their getrawtransaction error says "Use -txindex" only when the index is off."""
    if isinstance(index, Mapping):
        return "txindex" not in index
    return isinstance(raw, RpcError) and "-txindex" in raw.message


def _estimate(answer: Any) -> float | None:
    if isinstance(answer, Mapping) and isinstance(answer.get("feerate"), (int, float)):
        return per_vb(answer["feerate"])
    return None


def _conf(d: Mapping[str, Any]) -> int:
    value = d.get("confirmations", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _vout(vin: Mapping[str, Any]) -> int:
    value = vin.get("vout", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _output_value(prev: Any, n: int) -> int | None:
    if not isinstance(prev, Mapping):
        return None
    outs = prev.get("vout")
    if not isinstance(outs, list) or not 0 <= n < len(outs) or not isinstance(outs[n], Mapping):
        return None
    try:
        return sat(outs[n].get("value"))
    except ValueError:
        return None


def _parse_tx(
    d: Mapping[str, Any], status: Mapping[str, Any], entry: Mapping[str, Any] | None, tip: int | None
) -> BtcTx:
    """A verbose transaction (getrawtransaction, or gettransaction's "decoded") as facts."""
    inputs = tuple(
        BtcInput(
            prev_txid=str(v.get("txid", "")),
            prev_vout=_vout(v) if "txid" in v else 0,
            sequence=int(v["sequence"]),
            is_coinbase="coinbase" in v,
        )
        for v in d["vin"]
    )
    outputs = tuple(
        BtcOutput(
            value=sat(o["value"]),
            address=(o.get("scriptPubKey") or {}).get("address")
            or next(iter((o.get("scriptPubKey") or {}).get("addresses") or []), None),
            script_type=(o.get("scriptPubKey") or {}).get("type"),
        )
        for o in d["vout"]
    )
    confirmations = _conf(status)
    weight = int(d["weight"])
    height = status.get("blockheight")  # the wallet's; getrawtransaction gives confirmations only
    if not isinstance(height, int) and tip is not None and confirmations > 0:
        height = tip - confirmations + 1
    return BtcTx(
        txid=str(d["txid"]).lower(),
        vsize=math.ceil(weight / 4),
        weight=weight,
        fee=sat(entry["fees"]["base"]) if entry is not None else None,
        inputs=inputs,
        outputs=outputs,
        confirmed=confirmations > 0,
        block_height=height if isinstance(height, int) and confirmations > 0 else None,
        block_hash=status.get("blockhash") if confirmations > 0 else None,
        block_time=status.get("blocktime") if confirmations > 0 else None,
        first_seen=entry.get("time") if entry is not None else None,
    )


def _package(entry: Any, ancestors: Any, descendants: Any, tx: BtcTx) -> BtcPackage | None:
    """CPFP: the package rate miners see, from the entry's ancestor and descendant totals."""
    if not isinstance(entry, Mapping):
        return None
    up = [t for t in ancestors if isinstance(t, str)] if isinstance(ancestors, list) else []
    down = [t for t in descendants if isinstance(t, str)] if isinstance(descendants, list) else []
    fees: Mapping[str, Any] = entry["fees"] if isinstance(entry.get("fees"), Mapping) else {}
    rate = tx.fee_rate
    try:
        if down and entry.get("descendantsize"):
            rate = max(rate or 0.0, sat(fees["descendant"]) / entry["descendantsize"])
        if up and entry.get("ancestorsize"):
            rate = min(rate or math.inf, sat(fees["ancestor"]) / entry["ancestorsize"])
    except (KeyError, TypeError, ValueError):
        return None
    return BtcPackage(tuple(up), tuple(down), rate)


def _address_stats(conf: Any, unconf: Any, utxos: Any) -> dict[str, dict[str, int]]:
    def received(rows: Any) -> tuple[int, int]:
        row = rows[0] if isinstance(rows, list) and rows else {}
        return len(row.get("txids") or []), sat(row.get("amount", 0))

    conf_n, conf_in = received(conf)
    all_n, _ = received(unconf)
    coins = utxos if isinstance(utxos, list) else []
    confirmed = sum(sat(u["amount"]) for u in coins if u.get("confirmations", 0) > 0)
    pending = sum(sat(u["amount"]) for u in coins if u.get("confirmations", 0) == 0)
    return {
        "chain_stats": {"tx_count": conf_n, "funded_txo_sum": conf_in, "spent_txo_sum": conf_in - confirmed},
        "mempool_stats": {"tx_count": all_n - conf_n, "funded_txo_sum": pending, "spent_txo_sum": 0},
    }


def sane_tx(tx: BtcTx, asked: str | None = None) -> None:
    """A Bitcoin-family transaction's facts within what a real one can hold (for providers
    whose parsing does not bound each field itself, e.g. a Core node's verbose JSON)."""
    if asked is not None:
        sanity.echoed(asked, tx.txid, "txid")
    sanity.bounded(tx.weight, "weight", 1, 4_000_000)
    if tx.fee is not None:
        sanity.bounded(tx.fee, "fee", 0, sanity.MAX_SATS)
    for o in tx.outputs:
        sanity.bounded(o.value, "value", 0, sanity.MAX_SATS)
    for i in tx.inputs:
        sanity.bounded(i.sequence, "sequence", 0, sanity.U32)
        if i.value is not None:
            sanity.bounded(i.value, "prevout value", 0, sanity.MAX_SATS)
    for name in ("block_height", "block_time", "first_seen"):
        value = getattr(tx, name)
        if value is not None:
            sanity.bounded(value, name, 0, sanity.MAX_HEIGHT if name == "block_height" else sanity.U64)
