"""Helpers for the TRON tests: a respx TronGrid, recorded answers, and diagnoses through a Session."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import respx

from tests.findings_helpers import codes, evidence, finding
from txdoctor.core.checks.address import AddressContext
from txdoctor.core.classify import classify
from txdoctor.core.session import Options, Session
from txdoctor.model import Diagnosis

FIXTURES = Path(__file__).parents[2] / "fixtures" / "tron" / "mainnet"
URL = "https://tron.recorded.test"
URL2 = "https://tron2.recorded.test"

USDT_TX = "661f1df88ce02b746efe7449c3c7a04d6d21a7fc019723c92679228d8275ad57"
OOE_TX = "e63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b481"
TRX_TX = "2389719608ed69f7ec3e72c1abb92acaa43b7175f3062f4ebc6e2e02cc82d0d2"
TRC10_TX = "d0807adb3c5412aa150787b944c96ee898c997debdc27e2f6a643c771edb5933"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def constant_answer(word: str) -> Any:
    """The recorded Tatum triggerconstantcontract answer (Shasta) with another constant_result: hand-built."""
    answer = json.loads(
        (FIXTURES.parent / "shasta" / "triggerconstantcontract_balanceof_tatum_docs.json").read_text()
    )
    answer["constant_result"] = [word]
    return answer


def word(address: str) -> str:
    """The ABI address parameter of a constant call."""
    from txdoctor.families.tron.trongrid_calls import address_word

    return address_word(address)


def now_block(number: int, timestamp: int = 1713150600000) -> dict[str, Any]:
    """A getnowblock answer, trimmed to the fields read (the shape TronGrid documents)."""
    return {
        "blockID": f"{number:016x}" + "0" * 48,
        "block_header": {"raw_data": {"number": number, "timestamp": timestamp}},
    }


class TronGrid:
    """A TronGrid endpoint on a respx router: answers per txid / address, ``{}`` for unknown ones."""

    def __init__(self, router: respx.Router, base: str = URL) -> None:
        self.txs: dict[str, Any] = {}
        self.infos: dict[str, Any] = {}
        self.accounts: dict[str, Any] = {}
        self.params: Any = load("getchainparameters_energy420_edge.json")
        self.resources: dict[str, Any] = {}  # address → getaccountresource answer ({} when absent)
        # (contract, function_selector, parameter) → triggerconstantcontract answer; else a zero word
        self.constants: dict[tuple[str, str, str], Any] = {}
        self.now: Any = now_block(60836308)
        self.solid: Any = now_block(60836290)
        self.requests: list[httpx.Request] = []
        for path, handler in [
            ("/wallet/gettransactionbyid", self._tx),
            ("/wallet/gettransactioninfobyid", self._info),
            ("/wallet/getnowblock", lambda body: self.now),
            ("/walletsolidity/getnowblock", lambda body: self.solid),
            ("/wallet/getaccount", self._account),
            ("/wallet/getchainparameters", lambda body: self.params),
            ("/wallet/getaccountresource", lambda body: self.resources.get(body["address"], {})),
            ("/wallet/triggerconstantcontract", self._constant),
        ]:
            router.post(base + path).mock(side_effect=self._wrap(handler))

    def _wrap(self, handler: Any) -> Any:
        def respond(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            answer = handler(json.loads(request.content or b"{}"))
            if isinstance(answer, httpx.Response):
                return answer
            return httpx.Response(200, json=answer)

        return respond

    def _tx(self, body: dict[str, Any]) -> Any:
        assert body["visible"] is True
        return self.txs.get(body["value"], {})

    def _info(self, body: dict[str, Any]) -> Any:
        return self.infos.get(body["value"], {})

    def _constant(self, body: dict[str, Any]) -> Any:
        assert body["visible"] is True
        key = (body["contract_address"], body["function_selector"], body["parameter"])
        return self.constants.get(key, constant_answer("0" * 64))

    def _account(self, body: dict[str, Any]) -> Any:
        assert body["visible"] is True
        return self.accounts.get(body["address"], {})


def session(urls: list[str] | None = None) -> Session:
    return Session(Options(chain="tron", urls={"tron": urls or [URL]}, environ={}, timeout=5.0, retries=0))


def check_tx(txid: str, urls: list[str] | None = None, api_key: str | None = None) -> Diagnosis:
    from txdoctor.families.tron.diagnose import diagnose_tron_tx

    async def run() -> Diagnosis:
        async with session(urls) as s:
            return await diagnose_tron_tx(s, classify(txid), api_key=api_key)

    return asyncio.run(run())


def check_address(address: str, urls: list[str] | None = None, offline: bool = False) -> Diagnosis:
    from txdoctor.families.tron.diagnose import diagnose_tron_address

    async def run() -> Diagnosis:
        options = Options(chain="tron", urls={"tron": urls or [URL]}, environ={}, timeout=5.0, retries=0)
        options.offline = offline
        async with Session(options) as s:
            c = classify(address)
            assert c.address is not None
            return await diagnose_tron_address(s, c, AddressContext(c.address, s.asked_chain))

    return asyncio.run(run())


__all__ = ["codes", "evidence", "finding"]
