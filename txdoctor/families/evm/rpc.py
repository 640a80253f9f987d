"""A plain EVM JSON-RPC client over the shared Http client, and strict parsing of its answers.

Calls go out as one JSON-RPC batch (a JSON list) where the node accepts batches; a
node that rejects them gets single calls (concurrently) from then on. A JSON-RPC
``error`` object is an :class:`RpcError` value inside a batch answer, or raised by
:meth:`EvmRpc.call`. Every field is parsed strictly: a missing or mistyped field is a
:class:`BadResponse` naming the method and the field, never a KeyError.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from txdoctor.core.net.base import BadResponse, ProviderError, redact_url
from txdoctor.core.net.http import Http
from txdoctor.core.net.reader import Reader
from txdoctor.core.net.sanity import U64

if TYPE_CHECKING:  # the records are built from answers: loaded once the first is on its way
    from txdoctor.families.evm.facts import BlockHead, EvmReceipt, EvmTx, FeeHistory

MAX_BATCH = 10  # public endpoints cap batch sizes; larger batches are split
METHOD_NOT_FOUND = -32601
_QUANTITY = re.compile(r"^0x[0-9a-fA-F]{1,64}$")
# hex bytes: an even number of digits (checked apart: a repeated group costs the regex
# engine memory per repetition — 300 MB for a 4 MB eth_getCode)
_HEX = re.compile(r"0x[0-9a-fA-F]*")
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
_RATE_LIMIT_WORDS = ("rate limit", "too many requests", "limit exceeded", "exceeded the quota")
_BATCH_REFUSAL_WORDS = ("batch",)

T = TypeVar("T")
Call = tuple[str, Sequence[Any]]


class RpcError(ProviderError):
    """A JSON-RPC ``error`` object: the node answered, but refused or failed this call."""

    def __init__(self, provider: str, method: str, code: int | None, message: str, data: Any = None) -> None:
        self.method = method
        self.code = code
        self.message = message
        self.data = data
        super().__init__(provider, f"{method}: JSON-RPC error {code}: {message}")
        low = message.lower()
        if code == -32005 or any(w in low for w in _RATE_LIMIT_WORDS):
            self.reason = "rate_limited"
        elif code == METHOD_NOT_FOUND:
            self.reason = "unsupported"
        else:
            self.reason = "rpc_error"

    @property
    def unsupported(self) -> bool:
        """The node does not offer this method (or this parameter, e.g. the "safe" tag)."""
        low = self.message.lower()
        return self.code in (METHOD_NOT_FOUND, -32602) or "not supported" in low or "unsupported" in low

    @property
    def revert_data(self) -> str | None:
        """Revert data of a failed ``eth_call``, wherever this node put it."""
        data = self.data
        if isinstance(data, Mapping):  # some clients nest it: {"data": "0x…"} or {"result": "0x…"}
            data = data.get("data") or data.get("result")
        if isinstance(data, str):
            if data.startswith("Reverted "):  # OpenEthereum/Nethermind style
                data = data[len("Reverted ") :]
            if _is_data(data):
                return data
        return None


class WrongChain(ProviderError):
    """The node serves another chain than the one asked for (eth_chainId differs)."""

    reason = "wrong_chain"

    def __init__(self, provider: str, expected: int, reported: int) -> None:
        self.expected = expected
        self.reported = reported
        super().__init__(provider, f"reports chain id {reported}, expected {expected}")


class EvmRpc:
    """One JSON-RPC endpoint."""

    def __init__(self, http: Http, url: str) -> None:
        self.http = http
        self.url = url
        self.name = redact_url(url)
        self.batch_ok: bool | None = None  # None: not tried yet
        self.chain_id: int | None = None  # as reported, once asked
        self._ids = 0

    def _payload(self, method: str, params: Sequence[Any]) -> dict[str, Any]:
        self._ids += 1
        return {"jsonrpc": "2.0", "id": self._ids, "method": method, "params": list(params)}

    async def call(self, method: str, *params: Any) -> Any:
        """One call; the ``result`` (may be None), or raises RpcError / ProviderError."""
        payload = self._payload(method, params)
        answer = await self.http.post_json(self.url, payload)
        return self._result(method, answer, payload["id"], single=True)

    async def batch(self, calls: Sequence[Call]) -> list[Any]:
        """Several calls; one entry per call: its result, or an RpcError value.

        Transport failures (timeout, 5xx, HTML) raise a ProviderError for the whole batch.
        """
        if not calls:
            return []
        if len(calls) == 1 or self.batch_ok is False:
            return await self._singles(calls)
        out: list[Any] = []
        for start in range(0, len(calls), MAX_BATCH):
            chunk = calls[start : start + MAX_BATCH]
            out.extend(await self._one_batch(chunk))
        return out

    async def _singles(self, calls: Sequence[Call]) -> list[Any]:
        async def one(method: str, params: Sequence[Any]) -> Any:
            try:
                return await self.call(method, *params)
            except RpcError as err:
                return err

        return list(await asyncio.gather(*(one(m, p) for m, p in calls)))

    async def _one_batch(self, calls: Sequence[Call]) -> list[Any]:
        payload = [self._payload(m, p) for m, p in calls]
        try:
            answer = await self.http.post_json(self.url, payload)
        except BadResponse:
            if self.batch_ok:
                raise
            # Some gateways answer a batch with HTTP 400/405/413: try single calls once.
            self.batch_ok = False
            return await self._singles(calls)
        if not isinstance(answer, list):
            if self.batch_ok is not True and _batch_refused(answer):
                self.batch_ok = False
                return await self._singles(calls)
            if isinstance(answer, Mapping) and isinstance(answer.get("error"), Mapping):
                err = _rpc_error(self.name, "batch", answer["error"])
                if err.reason == "rate_limited":
                    raise err
                self.batch_ok = False
                return await self._singles(calls)
            raise BadResponse(self.url, "answered a batch with something other than a list")
        self.batch_ok = True
        by_id: dict[Any, Any] = {}
        for item in answer:
            if isinstance(item, Mapping) and "id" in item:
                by_id[item["id"]] = item
        results: list[Any] = []
        missing: list[int] = []
        for n, (p, (method, _)) in enumerate(zip(payload, calls, strict=True)):
            item = by_id.get(p["id"])
            if item is None:
                missing.append(n)
                results.append(None)
                continue
            try:
                results.append(self._result(method, item, p["id"], single=False))
            except RpcError as err:
                results.append(err)
        if missing:
            # Some nodes drop entries they refuse (or cap the batch): ask for those singly.
            again = await self._singles([calls[n] for n in missing])
            for n, value in zip(missing, again, strict=True):
                results[n] = value
        return results

    def _result(self, method: str, answer: Any, wanted_id: Any, single: bool) -> Any:
        if not isinstance(answer, Mapping):
            raise BadResponse(self.url, f"{method}: the answer is not a JSON-RPC object")
        if single and answer.get("id") not in (wanted_id, None):
            raise BadResponse(self.url, f"{method}: the answer carries another request's id")
        error = answer.get("error")
        if error is not None:
            if not isinstance(error, Mapping):
                raise RpcError(self.name, method, None, str(error)[:200])
            raise _rpc_error(self.name, method, error)
        if "result" not in answer:
            raise BadResponse(self.url, f"{method}: the answer has neither 'result' nor 'error'")
        return answer["result"]


def _is_data(value: str) -> bool:
    """0x-prefixed hex bytes (an even number of hex digits)."""
    return len(value) % 2 == 0 and _HEX.fullmatch(value) is not None


def _rpc_error(provider: str, method: str, error: Mapping[str, Any]) -> RpcError:
    code = error.get("code")
    message = error.get("message")
    return RpcError(
        provider,
        method,
        code if isinstance(code, int) else None,
        str(message)[:300] if message is not None else "(no message)",
        error.get("data"),
    )


def _batch_refused(answer: Any) -> bool:
    if not isinstance(answer, Mapping):
        return False
    error = answer.get("error")
    if not isinstance(error, Mapping):
        return False
    message = str(error.get("message", "")).lower()
    return error.get("code") in (-32600, -32700) or any(w in message for w in _BATCH_REFUSAL_WORDS)


# -------------------------------------------------------------------- parsing


class Parser(Reader):
    """Strict readers for one answer: errors name the provider, method and field."""

    def obj(self, value: Any, what: str = "result") -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(what, f"is {_kind(value)}, expected an object")
        return value

    def quantity(self, obj: Mapping[str, Any], field: str, high: int | None = None) -> int:
        return self.qty_value(self.need(obj, field), field, high)

    def qty_value(self, value: Any, field: str, high: int | None = None) -> int:
        """A hex quantity: at most 256 bits (the regex), at most ``high`` when given."""
        if not isinstance(value, str) or not _QUANTITY.match(value):
            raise self.fail(field, f"is {_kind(value)}, expected a hex quantity")
        number = int(value, 16)
        if high is not None and number > high:
            raise self.fail(field, f"is {value[:24]}…, above {high} (no real {field} is that large)")
        return number

    def opt_quantity(self, obj: Mapping[str, Any], field: str, high: int | None = None) -> int | None:
        value = obj.get(field)
        return None if value is None else self.qty_value(value, field, high)

    def address(self, obj: Mapping[str, Any], field: str, nullable: bool = False) -> str | None:
        value = obj.get(field)
        if value is None:
            if nullable:
                return None
            raise self.fail(field, "is missing")
        if not isinstance(value, str) or not _ADDRESS.match(value):
            raise self.fail(field, f"is {_kind(value)}, expected a 20-byte address")
        return value.lower()

    def req_address(self, obj: Mapping[str, Any], field: str) -> str:
        value = self.address(obj, field)
        assert value is not None
        return value

    def hash(self, obj: Mapping[str, Any], field: str, nullable: bool = False) -> str | None:
        value = obj.get(field)
        if value is None:
            if nullable:
                return None
            raise self.fail(field, "is missing")
        return self.hash_value(value, field)

    def hash_value(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _HASH.match(value):
            raise self.fail(field, f"is {_kind(value)}, expected a 32-byte hash")
        return value.lower()

    def data(self, obj: Mapping[str, Any], *fields: str) -> str:
        for field in fields:
            if field in obj and obj[field] is not None:
                return self.data_value(obj[field], field)
        raise self.fail(fields[0], "is missing")

    def data_value(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _is_data(value):
            raise self.fail(field, f"is {_kind(value)}, expected 0x-prefixed hex bytes")
        return value.lower()

    def list(self, obj: Mapping[str, Any], field: str) -> list[Any]:
        value = obj.get(field)
        if not isinstance(value, list):
            raise self.fail(field, "is missing" if value is None else f"is {_kind(value)}, expected a list")
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text {value[:24]!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def parse_tx(url: str, result: Any) -> EvmTx | None:
    """``eth_getTransactionByHash``: None when the node does not know the hash."""
    from txdoctor.families.evm.facts import EvmTx

    if result is None:
        return None
    p = Parser(url, "eth_getTransactionByHash")
    o = p.obj(result)
    tx_type = p.opt_quantity(o, "type", 0xFF)
    tx_type = 0 if tx_type is None else tx_type  # nodes before Berlin send no type
    max_fee = p.opt_quantity(o, "maxFeePerGas")
    max_prio = p.opt_quantity(o, "maxPriorityFeePerGas")
    gas_price = p.opt_quantity(o, "gasPrice")
    if tx_type >= 2 and (max_fee is None or max_prio is None):
        raise p.fail("maxFeePerGas" if max_fee is None else "maxPriorityFeePerGas", "is missing")
    if tx_type < 2 and gas_price is None:
        raise p.fail("gasPrice", "is missing")
    block_number = p.opt_quantity(o, "blockNumber", U64)
    return EvmTx(
        hash=p.hash_value(o.get("hash"), "hash"),
        type=tx_type,
        sender=p.req_address(o, "from"),
        to=p.address(o, "to", nullable=True),
        nonce=p.quantity(o, "nonce", U64),  # EIP-2681
        value=p.quantity(o, "value"),
        gas_limit=p.quantity(o, "gas", U64),
        input=p.data(o, "input", "data"),
        gas_price=gas_price,
        max_fee_per_gas=max_fee,
        max_priority_fee_per_gas=max_prio,
        chain_id=p.opt_quantity(o, "chainId", U64),
        block_number=block_number,
        block_hash=p.hash(o, "blockHash", nullable=True) if block_number is not None else None,
    )


def parse_receipt(url: str, result: Any) -> EvmReceipt | None:
    """``eth_getTransactionReceipt``: None while pending or unknown. ``status`` is absent
    (or null) before Byzantium."""
    from txdoctor.families.evm.facts import EvmLog, EvmReceipt

    if result is None:
        return None
    p = Parser(url, "eth_getTransactionReceipt")
    o = p.obj(result)
    status = p.opt_quantity(o, "status")
    if status not in (None, 0, 1):
        raise p.fail("status", f"is {status}, expected 0x0 or 0x1")
    logs = []
    for n, item in enumerate(p.list(o, "logs")):
        lp = Parser(url, f"eth_getTransactionReceipt logs[{n}]")
        lo = lp.obj(item, f"logs[{n}]")
        topics = tuple(lp.hash_value(t, "topics") for t in lp.list(lo, "topics"))
        logs.append(
            EvmLog(
                address=lp.req_address(lo, "address"),
                topics=topics,
                data=lp.data(lo, "data"),
                log_index=lp.opt_quantity(lo, "logIndex"),
            )
        )
    return EvmReceipt(
        tx_hash=p.hash_value(o.get("transactionHash"), "transactionHash"),
        block_number=p.quantity(o, "blockNumber", U64),
        block_hash=p.hash(o, "blockHash", nullable=True),
        gas_used=p.quantity(o, "gasUsed", U64),
        status=status,
        effective_gas_price=p.opt_quantity(o, "effectiveGasPrice"),
        logs=tuple(logs),
        contract_address=p.address(o, "contractAddress", nullable=True),
    )


def parse_fee_history(url: str, result: Any, percentiles: Sequence[float]) -> FeeHistory:
    from txdoctor.families.evm.facts import FeeHistory

    p = Parser(url, "eth_feeHistory")
    o = p.obj(result)
    base_fees = tuple(p.qty_value(v, "baseFeePerGas") for v in p.list(o, "baseFeePerGas"))
    ratios_raw = p.list(o, "gasUsedRatio")
    ratios: list[float] = []
    for v in ratios_raw:
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 2:
            raise p.fail("gasUsedRatio", f"holds {_kind(v)}, expected numbers from 0 to 1")
        ratios.append(float(v))
    rewards: list[tuple[int, ...]] = []
    if o.get("reward") is not None:
        for row in p.list(o, "reward"):
            # one tip per percentile asked for (some nodes send an empty row for an empty block)
            if not isinstance(row, list) or (row and len(row) != len(percentiles)):
                raise p.fail("reward", f"holds {_kind(row)}, expected one tip per percentile asked for")
            rewards.append(tuple(p.qty_value(v, "reward") for v in row))
    if base_fees and ratios and len(base_fees) != len(ratios) + 1:
        raise p.fail("baseFeePerGas", f"has {len(base_fees)} entries for {len(ratios)} blocks")
    return FeeHistory(
        oldest_block=p.quantity(o, "oldestBlock", U64),
        base_fees=base_fees,
        gas_used_ratios=tuple(ratios),
        percentiles=tuple(float(x) for x in percentiles) if rewards else (),
        rewards=tuple(rewards),
    )


def parse_block(url: str, result: Any) -> BlockHead | None:
    """``eth_getBlockByNumber(tag, false)``: None when the node has no such block."""
    from txdoctor.families.evm.facts import BlockHead

    if result is None:
        return None
    p = Parser(url, "eth_getBlockByNumber")
    o = p.obj(result)
    return BlockHead(
        number=p.quantity(o, "number", U64),
        hash=p.hash(o, "hash", nullable=True),
        timestamp=p.opt_quantity(o, "timestamp", U64),
        base_fee=p.opt_quantity(o, "baseFeePerGas"),
        gas_used=p.opt_quantity(o, "gasUsed", U64),
        gas_limit=p.opt_quantity(o, "gasLimit", U64),
    )


def parse_quantity(url: str, method: str, result: Any) -> int:
    return Parser(url, method).qty_value(result, "result")


def parse_data(url: str, method: str, result: Any) -> str:
    return Parser(url, method).data_value(result, "result")
