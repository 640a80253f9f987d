"""Hostile servers for the three provider families, on the fake loopback server (tests/fakeserver.py).

Each family serves a real recorded transaction (Esplora: mempool.space's; EVM: the
execution-apis hive chain's dynamic-fee tx; TRON: TronGrid's USDT transfer) and can be
told to answer one hostile thing instead:

* a value put in a field of the answer: ``HOSTILE`` marks where, and ``raw`` is the JSON
  text written there (``9`` × 5,000, ``NaN``, ``1e400`` …), so bodies no JSON library would
  produce are served byte for byte;
* a whole route: a body nested 100,000 deep, a gzip bomb, a slow drip.

Every hostile body here is hand-built (tests/fixtures/SOURCES.md, "hand-built").
"""

from __future__ import annotations

import copy
import functools
import json
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.esplora_mock import load
from tests.fakeserver import FakeEsplora, Fault, Handler, Response, Route, SlowDrip
from tests.families.evm.recorded import io_result
from tests.families.tron.helpers import USDT_TX, now_block
from tests.families.tron.helpers import load as tron_load

HOSTILE = "__HOSTILE__"
MIB = 1024 * 1024

# ------------------------------------------------------------- hostile bodies


def body(data: Any, raw: str | None = None) -> bytes:
    """``data`` as JSON, with the string HOSTILE replaced by the JSON text ``raw``."""
    text = json.dumps(data)
    return (text.replace(f'"{HOSTILE}"', raw) if raw is not None else text).encode()


def json_answer(data: Any, raw: str | None = None) -> Response:
    return 200, {"Content-Type": "application/json"}, body(data, raw)


DEEP = 100_000
DEEP_BODY = b"[" * DEEP + b"]" * DEEP


@functools.cache
def gzip_bomb(inflated_mib: int = 1024) -> bytes:
    """A valid gzip stream of about 1 MB that inflates to ``inflated_mib`` MiB of JSON-ish text.

    After a full flush deflate forgets its history, so one compressed MiB repeats byte for byte.
    """
    prefix, chunk = b'{"txid": "', b" " * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(inflated_mib):
        crc = zlib.crc32(chunk, crc)
    size = (len(prefix) + inflated_mib * MIB) & 0xFFFFFFFF
    return (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        + head
        + block * inflated_mib
        + tail
        + struct.pack("<II", crc, size)
    )


def gzip_answer(inflated_mib: int = 1024) -> Response:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    return 200, headers, gzip_bomb(inflated_mib)


# ------------------------------------------------------------------ cases


@dataclass(frozen=True)
class Case:
    """One hostile answer. ``edit`` changes the family's recorded answers (a dict of them) in
    place; ``raw`` is the JSON text for HOSTILE; ``route`` replaces the transaction's route."""

    name: str
    edit: Callable[[dict[str, Any]], None] | None = None
    raw: str | None = None
    route: Callable[[bytes], Route] | None = None  # the healthy answer's body → the hostile route
    tx_level: bool = True  # False: only a shared fact (tip, fees) is hostile; the tx answer is fine
    alone: str = "unreachable"  # the verdict when the hostile server is the only provider


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit that sets answers[a][b]… = value for the dotted path a.b…"""

    def edit(answers: dict[str, Any]) -> None:
        keys = path.split(".")
        target = answers
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return edit


def _all(*edits: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def edit(answers: dict[str, Any]) -> None:
        for e in edits:
            e(answers)

    return edit


HUGE = "9" * 5000
OTHER_ID = "ab" * 32


# ------------------------------------------------------------------ families


@dataclass
class Family:
    """A provider family: how to serve its recorded answers, and its hostile cases."""

    name: str
    chain: str  # the --url / --chain name
    ident: str  # what is checked
    verdict: str  # the healthy diagnosis
    answers: Callable[[], dict[str, Any]]
    mount: Callable[[FakeEsplora, dict[str, Any], Case | None], None]
    base_path: str
    cases: list[Case] = field(default_factory=list)

    def serve(self, make: Callable[..., FakeEsplora], case: Case | None = None) -> str:
        """A started server (from the fake_esplora_factory ``make``) playing ``case``; its base URL."""
        server = make(base_path=self.base_path)
        answers = copy.deepcopy(self.answers())
        if case is not None and case.edit is not None:
            case.edit(answers)
        self.mount(server, answers, case)
        return server.base_url

    def args(self, *urls: str) -> list[str]:
        out = ["check", self.ident, "--json", "--no-cache", "--chain", self.chain]
        for url in urls:
            out += ["--url", f"{self.chain}={url}"]
        return out


def _tx_route(case: Case | None, healthy: bytes, raw: str | None = None) -> Route:
    if case is not None and case.route is not None:
        return case.route(healthy)
    return 200, {"Content-Type": "application/json"}, healthy


# ---- Esplora (mempool.space recordings)

TIP = 890448
BTC_TX: dict[str, Any] = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
BTC_TXID: str = BTC_TX["txid"]
BTC_CONFIRMATIONS = TIP - 848136 + 1


def _esplora_answers() -> dict[str, Any]:
    from tests.esplora_mock import quiet_state

    return {"tx": BTC_TX, "fees": quiet_state()["fees"], "tip": TIP}


def _esplora_mount(server: FakeEsplora, answers: dict[str, Any], case: Case | None) -> None:
    raw = case.raw if case else None
    server.quiet_state(TIP)
    tip = answers["tip"]
    server.set_route("blocks/tip/height", (200, {"Content-Type": "text/plain"}, str(tip).encode()))
    if tip == HOSTILE:
        server.set_route("blocks/tip/height", (200, {"Content-Type": "text/plain"}, (raw or "").encode()))
    server.set_route("v1/fees/recommended", json_answer(answers["fees"], raw))
    server.set_route(f"tx/{BTC_TXID}", _tx_route(case, body(answers["tx"], raw)))


ESPLORA = Family(
    "esplora",
    "btc",
    BTC_TXID,
    "confirmed",
    _esplora_answers,
    _esplora_mount,
    "/api",
    [
        Case("huge_number", _set("tx.fee", HOSTILE), HUGE),
        Case("huge_weight", _set("tx.weight", 10**400)),
        Case("nan", _set("tx.fee", HOSTILE), "NaN"),
        Case("infinity", _set("tx.fee", HOSTILE), "Infinity"),
        Case("float_overflow", _set("tx.fee", HOSTILE), "1e400"),
        Case("negative_fee", _set("tx.fee", -100000)),
        Case("negative_height", _set("tx.status.block_height", -5)),
        Case("negative_value", lambda a: a["tx"]["vout"][0].update(value=-5)),
        Case("zero_weight", _set("tx.weight", 0)),
        Case("wrong_txid", _set("tx.txid", OTHER_ID)),
        # alone, its own tip is the only one: either answer may be the broken one (docs/contract.md)
        Case("beyond_tip", _set("tx.status.block_height", TIP + 50), alone="confirmed"),
        Case("deep", route=lambda healthy: (200, {"Content-Type": "application/json"}, DEEP_BODY)),
        Case("gzip_bomb", route=lambda healthy: gzip_answer(256)),
        Case("slow_drip", route=lambda healthy: SlowDrip(healthy, interval_ms=300)),
        Case("tip_huge", _set("tip", HOSTILE), HUGE, tx_level=False),
        Case("fees_nan", _set("fees.fastestFee", HOSTILE), "NaN", tx_level=False),
        Case("fees_infinity", _set("fees.hourFee", HOSTILE), "Infinity", tx_level=False),
        Case("fees_negative", _set("fees.minimumFee", -3), tx_level=False),
    ],
)

# ---- EVM JSON-RPC (ethereum/execution-apis hive recordings)

EVM_TX = "eth/execution-apis/eth_getTransactionByHash/get-dynamic-fee.io"
EVM_RC = "eth/execution-apis/eth_getTransactionReceipt/get-dynamic-fee.io"
EVM_HASH: str = io_result(EVM_TX)["hash"]
EVM_LATEST = 0x36


def _evm_answers() -> dict[str, Any]:
    return {
        "tx": io_result(EVM_TX),
        "receipt": io_result(EVM_RC),
        "latest": io_result("eth/execution-apis/eth_getBlockByNumber/get-latest.io"),
        "history": io_result("eth/execution-apis/eth_feeHistory/fee-history.io"),
    }


def _rpc_one(answers: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    method, params = call.get("method"), call.get("params") or []
    result: Any
    if method == "eth_getTransactionByHash":
        result = answers["tx"] if params[:1] == [EVM_HASH] else None
    elif method == "eth_getTransactionReceipt":
        result = answers["receipt"] if params[:1] == [EVM_HASH] else None
    elif method == "eth_getBlockByNumber" and params[:1] == ["latest"]:
        result = answers["latest"]
    elif method == "eth_feeHistory":
        result = answers["history"]
    elif method in answers.get("methods", {}):  # hand-built extra answers, by method
        result = answers["methods"][method]
    else:  # what the hive node answers for eth_chainId, tags it lacks, and the rest
        error = {"code": -32601, "message": f"the method {method} does not exist/is not available"}
        return {"jsonrpc": "2.0", "id": call.get("id"), "error": error}
    return {"jsonrpc": "2.0", "id": call.get("id"), "result": result}


def _evm_mount(server: FakeEsplora, answers: dict[str, Any], case: Case | None) -> None:
    raw = case.raw if case else None

    def answer(request: bytes) -> Response | Fault:
        req = json.loads(request)
        calls = req if isinstance(req, list) else [req]
        out = [_rpc_one(answers, c) for c in calls]
        data = body(out if isinstance(req, list) else out[0], raw)
        asks_tx = any(c.get("method") == "eth_getTransactionByHash" for c in calls)
        if asks_tx and case is not None and case.route is not None:
            route = case.route(data)
            return route
        return 200, {"Content-Type": "application/json"}, data

    server.set_route("/", Handler(answer))


def _every_quantity(value: str) -> Callable[[dict[str, Any]], None]:
    def edit(answers: dict[str, Any]) -> None:
        for part in ("tx", "receipt"):
            for k, v in answers[part].items():
                if isinstance(v, str) and v.startswith("0x") and len(v) <= 18 and k not in ("type", "status"):
                    answers[part][k] = value

    return edit


EVM = Family(
    "evm",
    "eth",
    EVM_HASH,
    "confirmed",
    _evm_answers,
    _evm_mount,
    "",
    [
        Case("huge_number", _set("receipt.cumulativeGasUsed", HOSTILE), HUGE),
        Case("nan", _set("receipt.gasUsed", HOSTILE), "NaN"),
        Case("infinity", _set("receipt.gasUsed", HOSTILE), "-Infinity"),
        Case("float_overflow", _set("tx.v", HOSTILE), "1e400"),
        Case("negative_block", _set("receipt.blockNumber", "-0x5")),
        Case("every_quantity_ff", _every_quantity("0x" + "f" * 64)),
        Case(
            "block_2_256",
            _all(_set("receipt.blockNumber", "0x" + "f" * 64), _set("tx.blockNumber", "0x" + "f" * 64)),
        ),
        Case("wrong_hash", _set("tx.hash", "0x" + OTHER_ID)),
        Case("wrong_receipt_hash", _set("receipt.transactionHash", "0x" + OTHER_ID)),
        Case(
            "beyond_tip",
            _all(
                _set("receipt.blockNumber", hex(EVM_LATEST + 50)),
                _set("tx.blockNumber", hex(EVM_LATEST + 50)),
            ),
        ),
        Case("deep", route=lambda healthy: (200, {"Content-Type": "application/json"}, DEEP_BODY)),
        Case("gzip_bomb", route=lambda healthy: gzip_answer(256)),
        Case("slow_drip", route=lambda healthy: SlowDrip(healthy, interval_ms=300)),
    ],
)

# ---- TronGrid (recorded USDT transfer)

TRON_TIP = 60836308


def _tron_answers() -> dict[str, Any]:
    return {
        "tx": tron_load("gettransactionbyid_usdt_transfer_661f1df8.json"),
        "info": tron_load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json"),
        "now": now_block(TRON_TIP),
        "solid": now_block(TRON_TIP - 19),
    }


def _tron_mount(server: FakeEsplora, answers: dict[str, Any], case: Case | None) -> None:
    raw = case.raw if case else None

    def by_txid(key: str) -> Callable[[bytes], Response | Fault]:
        def answer(request: bytes) -> Response | Fault:
            asked = json.loads(request).get("value")
            data = body(answers[key] if asked == USDT_TX else {}, raw)
            if key == "tx" and case is not None and case.route is not None:
                return case.route(data)
            return 200, {"Content-Type": "application/json"}, data

        return answer

    server.set_route("/wallet/gettransactionbyid", Handler(by_txid("tx")))
    server.set_route("/wallet/gettransactioninfobyid", Handler(by_txid("info")))
    server.set_route("/wallet/getnowblock", json_answer(answers["now"]))
    server.set_route("/walletsolidity/getnowblock", json_answer(answers["solid"]))


TRON = Family(
    "tron",
    "tron",
    USDT_TX,
    "confirmed",
    _tron_answers,
    _tron_mount,
    "",
    [
        Case("huge_number", _set("info.fee", HOSTILE), HUGE),
        Case("nan", _set("info.fee", HOSTILE), "NaN"),
        Case("infinity", _set("info.receipt.energy_fee", HOSTILE), "Infinity"),
        Case("float_overflow", _set("info.fee", HOSTILE), "1e400"),
        Case("negative_fee", _set("info.fee", -5)),
        Case("negative_block", _set("info.blockNumber", -5)),
        Case("negative_fee_limit", _set("tx.raw_data.fee_limit", -5)),
        Case("wrong_tx_id", _set("tx.txID", OTHER_ID)),
        Case("wrong_info_id", _set("info.id", OTHER_ID)),
        Case("beyond_tip", _set("info.blockNumber", TRON_TIP + 500)),
        Case("deep", route=lambda healthy: (200, {"Content-Type": "application/json"}, DEEP_BODY)),
        Case("gzip_bomb", route=lambda healthy: gzip_answer(256)),
        Case("slow_drip", route=lambda healthy: SlowDrip(healthy, interval_ms=300)),
    ],
)

FAMILIES = [ESPLORA, EVM, TRON]
