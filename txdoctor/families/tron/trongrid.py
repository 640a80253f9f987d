"""TronGrid (the TRON full-node HTTP API) as a source of facts, with fallback.

* Endpoints: ``POST /wallet/gettransactionbyid``, ``/wallet/gettransactioninfobyid``,
  ``/wallet/getnowblock`` (+ ``/walletsolidity/getnowblock`` for the solidified tip) and
  ``/wallet/getaccount``. An unknown transaction or a never-activated account is answered
  with ``{}``: that is "not found", not an error.
* Parsing is strict: a missing or mistyped field is a BadResponse naming the field, and
  the next provider is asked.
* An API key (config file ``[keys] trongrid``) is sent as the ``TRON-PRO-API-KEY`` header,
  never in a URL, so it cannot appear in a message.
* The tip is fetched once per run, shared by all inputs (``TronSource.tip``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from txdoctor.core.chains import Chain
from txdoctor.core.net import sanity
from txdoctor.core.net.base import (
    AllProvidersFailed,
    BadResponse,
    ProviderError,
    ProviderFailure,
    ask_in_order,
    first_answer,
    redact_url,
)
from txdoctor.core.net.http import Http
from txdoctor.core.net.once import Once
from txdoctor.core.net.reader import Reader, is_int, sane
from txdoctor.core.net.sanity import U64
from txdoctor.families.tron.facts import (
    TronAccount,
    TronAddressError,
    TronReceipt,
    TronTip,
    TronTx,
    TronTxInfo,
    TronTxLookup,
    decode_hex_text,
    normalize_address,
)
from txdoctor.families.tron.trongrid_parse import parse_contract_result, parse_permissions

T = TypeVar("T")
API_KEY_HEADER = "TRON-PRO-API-KEY"
TIP_MARGIN = 100  # blocks an endpoint may be ahead of the one that gave the tip


class _Parser(Reader):
    """Typed field access that fails with a BadResponse naming the field."""

    def obj(self, value: Any, field: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, f"is not an object ({type(value).__name__})")
        return value

    def get_obj(self, obj: Mapping[str, Any], field: str) -> Mapping[str, Any]:
        return self.obj(self.need(obj, field), field)

    def string(self, obj: Mapping[str, Any], field: str) -> str:
        return self._str(self.need(obj, field), field)

    def opt_string(self, obj: Mapping[str, Any], field: str) -> str | None:
        value = obj.get(field)
        return None if value is None else self._str(value, field)

    def _str(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise self.fail(field, f"is not a string ({type(value).__name__})")
        return value

    def integer(self, obj: Mapping[str, Any], field: str) -> int:
        return self._int(self.need(obj, field), field)

    def opt_int(
        self, obj: Mapping[str, Any], field: str, default: int | None = None, signed: bool = False
    ) -> int | None:
        value = obj.get(field)
        return default if value is None else self._int(value, field, signed)

    def count(self, obj: Mapping[str, Any], field: str) -> int:
        """An optional non-negative amount; absent means 0 (TronGrid omits zero fields)."""
        value = obj.get(field)
        if value is None:
            return 0
        n = self._int(value, field)
        if n < 0:
            raise self.fail(field, f"is negative ({n})")
        return n

    def _int(self, value: Any, field: str, signed: bool = False) -> int:
        """An integer within int64/uint64; never negative unless ``signed`` (amounts, fees,
        heights and times never are; a few chain parameters are -1)."""
        if not is_int(value):
            raise self.fail(field, f"is not an integer ({type(value).__name__})")
        if not (-(2**63) if signed else 0) <= value <= U64:
            raise self.fail(field, f"is {value if abs(value) < 10**30 else 'a huge number'}, out of range")
        return value

    def address(self, obj: Mapping[str, Any], field: str, required: bool = True) -> str | None:
        value = self.string(obj, field) if required else self.opt_string(obj, field)
        if value is None:
            return None
        try:
            return normalize_address(value)
        except TronAddressError:
            raise self.fail(field, f"is not a TRON address ({value[:50]!r})") from None

    def txid(self, obj: Mapping[str, Any], field: str) -> str:
        return self.txid_value(self.string(obj, field), field)


def parse_tx(url: str, answer: Any) -> TronTx | None:
    """``/wallet/gettransactionbyid`` → TronTx; ``{}`` (unknown txid) → None."""
    p = _Parser(url, "gettransactionbyid")
    body = p.obj(answer, "answer")
    if not body:
        return None
    txid = p.txid(body, "txID")
    raw = p.get_obj(body, "raw_data")
    contracts = raw.get("contract")
    if not isinstance(contracts, list) or not contracts:
        raise p.fail("raw_data.contract", "is missing or empty")
    first = p.obj(contracts[0], "raw_data.contract[0]")
    ctype = p.string(first, "type")
    value = p.get_obj(p.get_obj(first, "parameter"), "value")
    contract_ret: str | None = None
    ret = body.get("ret")
    if ret is not None:
        if not isinstance(ret, list):
            raise p.fail("ret", "is not a list")
        if ret:
            contract_ret = p.opt_string(p.obj(ret[0], "ret[0]"), "contractRet")
    to = amount = asset = contract = data = call_value = None
    if ctype in ("TransferContract", "TransferAssetContract"):
        to = p.address(value, "to_address")
        amount = p.integer(value, "amount")
        if ctype == "TransferAssetContract":
            asset = _asset_name(p.string(value, "asset_name"))
    elif ctype == "TriggerSmartContract":
        contract = p.address(value, "contract_address")
        data = p.opt_string(value, "data")
        call_value = p.opt_int(value, "call_value")
    return TronTx(
        txid=txid,
        contract_type=ctype,
        owner=p.address(value, "owner_address", required=False),
        to=to,
        amount=amount,
        asset_name=asset,
        contract_address=contract,
        data=data,
        call_value=call_value,
        contract_ret=contract_ret,
        fee_limit=p.opt_int(raw, "fee_limit"),
        timestamp=p.opt_int(raw, "timestamp"),
    )


def _asset_name(value: str) -> str:
    """TRC10 names come hex-encoded without ``visible``; token ids (digits) are kept."""
    if value.isdigit():
        return value
    text = decode_hex_text(value)
    return text if text.isprintable() and text != value and "\ufffd" not in text else value


def parse_tx_info(url: str, answer: Any) -> TronTxInfo | None:
    """``/wallet/gettransactioninfobyid`` → TronTxInfo; ``{}`` (unknown or not yet in a block) → None."""
    p = _Parser(url, "gettransactioninfobyid")
    body = p.obj(answer, "answer")
    if not body:
        return None
    receipt_obj = p.get_obj(body, "receipt") if "receipt" in body else {}
    receipt = TronReceipt(
        result=p.opt_string(receipt_obj, "result"),
        energy_usage_total=p.count(receipt_obj, "energy_usage_total"),
        energy_fee=p.count(receipt_obj, "energy_fee"),
        net_usage=p.count(receipt_obj, "net_usage"),
        net_fee=p.count(receipt_obj, "net_fee"),
        energy_penalty_total=p.count(receipt_obj, "energy_penalty_total"),
        energy_usage=p.count(receipt_obj, "energy_usage"),
        origin_energy_usage=p.count(receipt_obj, "origin_energy_usage"),
    )
    message = p.opt_string(body, "resMessage")
    logs = body.get("log")
    if logs is not None and not isinstance(logs, list):
        raise p.fail("log", "is not a list")
    contract = p.opt_string(body, "contract_address")
    if contract is not None:
        try:
            contract = normalize_address(contract)
        except TronAddressError:
            raise p.fail("contract_address", "is not a TRON address") from None
    return TronTxInfo(
        txid=p.txid(body, "id"),
        block_number=p.opt_int(body, "blockNumber"),
        block_time=p.opt_int(body, "blockTimeStamp"),
        fee=p.count(body, "fee"),
        result=p.opt_string(body, "result"),
        res_message=decode_hex_text(message) if message else None,
        receipt=receipt,
        contract_address=contract,
        log_count=len(logs or []),
        contract_result=parse_contract_result(p, body),
    )


def parse_block_number(url: str, answer: Any, what: str = "getnowblock") -> tuple[int, int | None]:
    """``getnowblock`` → (number, timestamp in ms)."""
    p = _Parser(url, what)
    raw = p.get_obj(p.get_obj(p.obj(answer, "answer"), "block_header"), "raw_data")
    return p.integer(raw, "number"), p.opt_int(raw, "timestamp")


def parse_account(url: str, answer: Any, address: str, provider: str) -> TronAccount:
    """``/wallet/getaccount``; ``{}`` is an address that was never activated."""
    p = _Parser(url, "getaccount")
    body = p.obj(answer, "answer")
    if not body:
        return TronAccount(address, False, 0, None, False, provider)
    answered = p.address(body, "address", required=False)
    if answered is not None and answered != _normalized(address):  # another account's permissions
        raise p.fail("address", f"is another account ({answered}, asked {address})")  # are no answer
    return TronAccount(
        address=address,
        activated=True,
        balance=p.count(body, "balance"),
        create_time=p.opt_int(body, "create_time"),
        is_contract=p.opt_string(body, "type") == "Contract",
        provider=provider,
        permissions=parse_permissions(p, body),
    )


def _normalized(address: str) -> str:
    try:
        return normalize_address(address)
    except TronAddressError:
        return address


class TronGridApi:
    """One TronGrid-compatible endpoint (a base URL such as https://api.trongrid.io)."""

    def __init__(self, http: Http, url: str, api_key: str | None = None) -> None:
        self.http = http
        self.url = url.rstrip("/")
        self.name = redact_url(self.url)
        self._headers = {API_KEY_HEADER: api_key} if api_key else None

    async def post(self, path: str, payload: Mapping[str, Any]) -> Any:
        return await self.http.post_json(self.url + path, dict(payload), headers=self._headers)

    async def tx(self, txid: str) -> TronTx | None:
        path = "/wallet/gettransactionbyid"
        return parse_tx(self.url + path, await self.post(path, {"value": txid, "visible": True}))

    async def tx_info(self, txid: str) -> TronTxInfo | None:
        path = "/wallet/gettransactioninfobyid"
        return parse_tx_info(self.url + path, await self.post(path, {"value": txid, "visible": True}))

    async def tip(self) -> TronTip:
        """The latest block and, when the node answers it, the latest solidified block."""
        now_path, solid_path = "/wallet/getnowblock", "/walletsolidity/getnowblock"
        answers: tuple[Any, Any] = await asyncio.gather(
            self.post(now_path, {}), self.post(solid_path, {}), return_exceptions=True
        )
        now_r, solid_r = answers
        if isinstance(now_r, BaseException):
            raise now_r
        number, ts = parse_block_number(self.url + now_path, now_r)
        solid: int | None = None
        if not isinstance(solid_r, BaseException):
            with contextlib.suppress(BadResponse):
                solid = parse_block_number(self.url + solid_path, solid_r, "walletsolidity/getnowblock")[0]
        return TronTip(number, ts, solid)

    async def account(self, address: str) -> TronAccount:
        path = "/wallet/getaccount"
        answer = await self.post(path, {"address": address, "visible": True})
        return parse_account(self.url + path, answer, address, self.name)


class TronSource:
    """TRON's endpoints in order, with fallback; the tip is fetched once per run."""

    def __init__(self, http: Http, chain: Chain, urls: Sequence[str], api_key: str | None = None) -> None:
        self.chain = chain
        self.providers = [TronGridApi(http, u, api_key) for u in urls]
        self._tip: Once[None, tuple[TronTip, list[ProviderFailure]]] = Once()

    async def aclose(self) -> None:
        """Stop the shared tip fetch if nobody waited for it."""
        await self._tip.aclose()

    async def _first(
        self, op: Callable[[TronGridApi], Awaitable[T]]
    ) -> tuple[T, TronGridApi, list[ProviderFailure]]:
        return await first_answer(self.chain, self.providers, op)

    def tip(self) -> Awaitable[tuple[TronTip, list[ProviderFailure]]]:
        """The tip, once per run; raises AllProvidersFailed."""
        return self._tip.get(None, self._fetch_tip)

    async def _fetch_tip(self) -> tuple[TronTip, list[ProviderFailure]]:
        async def op(p: TronGridApi) -> TronTip:
            return await p.tip()

        tip, _, failures = await self._first(op)
        return tip, failures

    async def find_tx(self, txid: str) -> tuple[TronTxLookup, list[ProviderFailure]]:
        """The transaction and its execution info; a "not found" is confirmed by the next endpoint.

        Raises AllProvidersFailed when no endpoint answered.
        """

        async def op(p: TronGridApi) -> TronTxLookup:
            # both finish (no orphaned request) before an error moves on to the next endpoint
            tx, info = await asyncio.gather(p.tx(txid), p.tx_info(txid), return_exceptions=True)
            for r in (tx, info):
                if isinstance(r, BaseException):
                    raise r
            assert not isinstance(tx, BaseException) and not isinstance(info, BaseException)
            await self._sane_answer(p, txid, tx, info)
            return TronTxLookup(txid, p.name, tx, info)

        asked = await ask_in_order(self.chain, self.providers, op, found=lambda lk: lk.found)
        first = asked.answers[0]
        # the failures until the first answer: the endpoints asked to confirm a "not found"
        # may fail without a word
        return asked.answers[-1 if asked.found else 0].value, asked.failures[: first.failed_before]

    async def _sane_answer(
        self, p: TronGridApi, txid: str, tx: TronTx | None, info: TronTxInfo | None
    ) -> None:
        """The answers are about the txid asked, and the block is not beyond the tip (+ 1 when
        the first endpoint gave both, + TIP_MARGIN otherwise: endpoints lag each other)."""
        with sane(p.url):
            if tx is not None:
                sanity.echoed(txid, tx.txid, "txID")
            if info is not None:
                sanity.echoed(txid, info.txid, "id")
            if info is None or info.block_number is None:
                return
            try:
                tip, failures = await self.tip()
            except (ProviderError, AllProvidersFailed):
                return  # no tip to compare with: the diagnosis says so
            margin = 1 if p is self.providers[0] and not failures else TIP_MARGIN
            sanity.height_within_tip(info.block_number, tip.number, margin=margin)

    async def probe_tx(self, txid: str) -> tuple[bool, list[ProviderFailure]]:
        """Is it here? One ``gettransactionbyid`` (the next endpoint only when one fails).

        For the networks searched besides the one asked; raises AllProvidersFailed.
        """

        async def op(p: TronGridApi) -> bool:
            tx = await p.tx(txid)
            if tx is not None:
                with sane(p.url):
                    sanity.echoed(txid, tx.txid, "txID")  # an answer about another tx is no answer
            return tx is not None

        found, _, failures = await self._first(op)
        return found, failures

    async def account(self, address: str) -> tuple[TronAccount, list[ProviderFailure]]:
        async def op(p: TronGridApi) -> TronAccount:
            return await p.account(address)

        account, _, failures = await self._first(op)
        return account, failures
