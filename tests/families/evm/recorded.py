"""Replay recorded JSON-RPC exchanges (tests/fixtures/eth/) behind respx.

``.io`` files (ethereum/execution-apis) hold one JSON object per line: ``>> request``,
``<< response``; ``//`` lines are comments. The ethereum-etl files are bare responses,
the aiotx Sepolia file a list of ``{request, response}`` interactions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import respx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

Exchange = tuple[dict[str, Any], dict[str, Any]]


def load_io(relpath: str) -> list[Exchange]:
    """The (request, response) pairs of an execution-apis ``.io`` file."""
    pairs: list[Exchange] = []
    request: dict[str, Any] | None = None
    for raw in (FIXTURES / relpath).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith(">>"):
            request = json.loads(line[2:])
        elif line.startswith("<<"):
            assert request is not None, f"{relpath}: a response without a request"
            pairs.append((request, json.loads(line[2:])))
            request = None
        else:
            raise AssertionError(f"{relpath}: unexpected line {line[:40]!r}")
    return pairs


def io_result(relpath: str) -> Any:
    """The ``result`` of the (single) exchange in an ``.io`` file."""
    ((_, response),) = load_io(relpath)
    return response["result"]


def load_json(relpath: str) -> Any:
    return json.loads((FIXTURES / relpath).read_text())


def sepolia_interactions() -> list[Exchange]:
    data = load_json("eth/sepolia/aiotx_sepolia_eth_getTransactionByHash.json")
    return [(i["request"]["body"], i["response"]["body"]) for i in data["interactions"]]


class RecordedNode:
    """A JSON-RPC endpoint that answers from recordings, singly or in batches.

    An answer is chosen by method and params, else by method and first param (a block
    recorded with full transactions answers for the same block without them), else, for
    ``eth_feeHistory``, the one recording whatever the params. Not recorded: ``eth_getTransactionByHash`` and
    ``eth_getTransactionReceipt`` answer null (what nodes answer for an unknown hash),
    anything else the JSON-RPC error -32601 (method not found), as a node without it would.
    """

    def __init__(
        self, router: respx.Router, url: str, exchanges: Iterable[Exchange], batches: bool = True
    ) -> None:
        self.url = url
        self.batches = batches
        self.exact: dict[str, Any] = {}
        self.by_first: dict[str, Any] = {}
        self.by_method: dict[str, list[Any]] = {}
        self.requests: list[Any] = []
        for request, response in exchanges:
            self.add(request["method"], request.get("params", []), response)
        router.post(url).mock(side_effect=self._answer)

    @staticmethod
    def key(method: str, params: Any) -> str:
        return json.dumps([method, params], sort_keys=True)

    def add(self, method: str, params: Any, response: dict[str, Any]) -> None:
        self.exact[self.key(method, params)] = response
        self.by_first[self.key(method, params[:1])] = response
        self.by_method.setdefault(method, []).append(response)

    def _one(self, call: dict[str, Any]) -> dict[str, Any]:
        method, params = call["method"], call.get("params", [])
        response = self.exact.get(self.key(method, params)) or self.by_first.get(self.key(method, params[:1]))
        if response is None and method == "eth_feeHistory" and len(self.by_method.get(method, [])) == 1:
            response = self.by_method[method][0]
        if response is None:
            if method in ("eth_getTransactionByHash", "eth_getTransactionReceipt"):
                return {"jsonrpc": "2.0", "id": call["id"], "result": None}
            return {
                "jsonrpc": "2.0",
                "id": call["id"],
                "error": {"code": -32601, "message": f"the method {method} does not exist/is not available"},
            }
        return {**response, "id": call["id"]}

    def _answer(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        if isinstance(body, list):
            if not self.batches:
                return httpx.Response(
                    200,
                    json={
                        "jsonrpc": "2.0",
                        "id": None,
                        "error": {"code": -32600, "message": "batch requests are not supported"},
                    },
                )
            return httpx.Response(200, json=[self._one(c) for c in body])
        return httpx.Response(200, json=self._one(body))
