"""TronGrid calls for root causes: chain parameters, account resources and constant calls.

* ``POST /wallet/getchainparameters`` → the energy and bandwidth prices (once per run).
* ``POST /wallet/getaccountresource {"address", "visible": true}`` → bandwidth and energy left.
* ``POST /wallet/triggerconstantcontract {"owner_address", "contract_address",
  "function_selector", "parameter", "visible": true}`` → ``constant_result[0]``: a token
  balance (``balanceOf``), USDT's issuer blacklist (``isBlackListed``), ``decimals()``,
  ``symbol()`` (cached per run).

Every answer is read strictly (a BadResponse moves to the next endpoint). These lookups only
add detail: a caller that gets None (no endpoint answered) says what could not be checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from txdoctor.core.abi import decode_symbol, decode_uint
from txdoctor.core.net.base import AllProvidersFailed, ProviderFailure, first_answer
from txdoctor.core.net.once import Once
from txdoctor.families.tron.facts import address_from_bytes, address_hex, decode_hex_text
from txdoctor.families.tron.resources import TronChainParams, TronResources
from txdoctor.families.tron.tokens import SIG_BALANCE_OF, SIG_DECIMALS, SIG_IS_BLACKLISTED, SIG_SYMBOL, USDT
from txdoctor.families.tron.trongrid import TronGridApi, TronSource, _Parser

T = TypeVar("T")
ZERO_ADDRESS = address_from_bytes(bytes(20))  # T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb
MAX_PRICE = 10**7  # sun per energy or byte; prices have been 10..1,000


def parse_chain_params(url: str, answer: Any) -> TronChainParams:
    p = _Parser(url, "getchainparameters")
    items = p.obj(answer, "answer").get("chainParameter")
    if not isinstance(items, list) or len(items) > 1000:
        raise p.fail("chainParameter", "is not a list")
    values: dict[str, int] = {}
    for i, item in enumerate(items):
        obj = p.obj(item, f"chainParameter[{i}]")
        key = p.string(obj, "key")
        value = p.opt_int(obj, "value", 0, signed=True)  # absent is 0 (protobuf default); some are -1
        assert value is not None
        values[key] = value
    for key in ("getEnergyFee", "getTransactionFee"):
        if not 0 < values.get(key, 0) <= MAX_PRICE:
            raise p.fail(key, f"is missing or not a price ({values.get(key)})")
    return TronChainParams(
        energy_price=values["getEnergyFee"],
        bandwidth_price=values["getTransactionFee"],
        create_account_fee=_amount(values, "getCreateNewAccountFeeInSystemContract"),
        create_account_bandwidth_fee=_amount(values, "getCreateAccountFee"),
        free_net_limit=_amount(values, "getFreeNetLimit"),
        max_fee_limit=_amount(values, "getMaxFeeLimit"),
    )


def _amount(values: dict[str, int], key: str) -> int | None:
    value = values.get(key)
    return value if value is not None and 0 <= value <= 10**15 else None


def parse_resources(url: str, answer: Any) -> TronResources:
    p = _Parser(url, "getaccountresource")
    body = p.obj(answer, "answer")
    return TronResources(
        free_net_limit=p.count(body, "freeNetLimit"),
        free_net_used=p.count(body, "freeNetUsed"),
        net_limit=p.count(body, "NetLimit"),
        net_used=p.count(body, "NetUsed"),
        energy_limit=p.count(body, "EnergyLimit"),
        energy_used=p.count(body, "EnergyUsed"),
        total_energy_limit=p.count(body, "TotalEnergyLimit"),
        total_energy_weight=p.count(body, "TotalEnergyWeight"),
    )


@dataclass(frozen=True)
class ConstantResult:
    ok: bool  # the call ran and returned
    data: str | None  # constant_result[0] (hex)
    energy_used: int
    message: str | None  # the node's error, when not ok


def parse_constant(url: str, answer: Any) -> ConstantResult:
    p = _Parser(url, "triggerconstantcontract")
    body = p.obj(answer, "answer")
    result = p.get_obj(body, "result") if "result" in body else {}
    message = p.opt_string(result, "message")
    message = decode_hex_text(message)[:300] if message else None
    ret = (body.get("transaction") or {}).get("ret") if isinstance(body.get("transaction"), dict) else None
    first = ret[0] if isinstance(ret, list) and ret else None
    failed = isinstance(first, dict) and first.get("ret") == "FAILED"
    values = body.get("constant_result")
    if values is not None and (not isinstance(values, list) or len(values) > 16):
        raise p.fail("constant_result", "is not a list")
    data = values[0] if values else None
    if data is not None and (not isinstance(data, str) or len(data) > 20_000):
        raise p.fail("constant_result[0]", "is not hex")
    ok = result.get("result") is True and not failed and data is not None
    return ConstantResult(ok, data, p.count(body, "energy_used"), message)


def address_word(address: str) -> str:
    """An ABI ``address`` parameter: the 20-byte account id, left-padded to 32 bytes."""
    return address_hex(address)[2:].rjust(64, "0")


class TronQueries:
    """The extra TRON lookups of one run, over a TronSource's endpoints, with per-run caches."""

    def __init__(self, src: TronSource) -> None:
        self.src = src
        self.failures: list[ProviderFailure] = []
        self._params: Once[None, TronChainParams | None] = Once()
        self._meta: Once[str, tuple[str | None, int | None]] = Once()

    async def _first(self, op: Callable[[TronGridApi], Awaitable[T]]) -> T | None:
        try:
            value, _, _failures = await first_answer(self.src.chain, self.src.providers, op)
        except AllProvidersFailed as err:
            self.failures.extend(err.failures)
            return None
        return value

    def params(self) -> Awaitable[TronChainParams | None]:
        """The chain parameters, once per run."""
        return self._params.get(None, self._fetch_params)

    async def _fetch_params(self) -> TronChainParams | None:
        async def op(api: TronGridApi) -> TronChainParams:
            path = "/wallet/getchainparameters"
            return parse_chain_params(api.url + path, await api.post(path, {}))

        return await self._first(op)

    async def resources(self, address: str) -> TronResources | None:
        async def op(api: TronGridApi) -> TronResources:
            path = "/wallet/getaccountresource"
            answer = await api.post(path, {"address": address, "visible": True})
            return parse_resources(api.url + path, answer)

        return await self._first(op)

    async def call(self, contract: str, signature: str, parameter: str = "") -> ConstantResult | None:
        payload: Mapping[str, Any] = {
            "owner_address": ZERO_ADDRESS,
            "contract_address": contract,
            "function_selector": signature,
            "parameter": parameter,
            "visible": True,
        }

        async def op(api: TronGridApi) -> ConstantResult:
            path = "/wallet/triggerconstantcontract"
            return parse_constant(api.url + path, await api.post(path, payload))

        return await self._first(op)

    async def token_balance(self, token: str, holder: str) -> int | None:
        r = await self.call(token, SIG_BALANCE_OF, address_word(holder))
        return decode_uint(r.data) if r is not None and r.ok and r.data is not None else None

    async def usdt_blacklisted(self, address: str) -> bool | None:
        r = await self.call(USDT, SIG_IS_BLACKLISTED, address_word(address))
        value = decode_uint(r.data) if r is not None and r.ok and r.data is not None else None
        return None if value is None or value > 1 else value == 1

    def token_meta(self, token: str) -> Awaitable[tuple[str | None, int | None]]:
        """(symbol, decimals) from the contract, once per token per run."""
        return self._meta.get(token, lambda: self._fetch_meta(token))

    async def _fetch_meta(self, token: str) -> tuple[str | None, int | None]:
        sym, dec = await asyncio.gather(self.call(token, SIG_SYMBOL), self.call(token, SIG_DECIMALS))
        symbol = decode_symbol(sym.data) if sym is not None and sym.ok and sym.data else None
        decimals = decode_uint(dec.data) if dec is not None and dec.ok and dec.data else None
        return symbol, decimals if decimals is not None and decimals <= 77 else None

    async def aclose(self) -> None:
        await self._params.aclose()
        await self._meta.aclose()
