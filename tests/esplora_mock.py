"""respx routes that replay the real recorded Esplora/mempool.space answers in tests/fixtures.

Every route answers with a recorded body; anything not mounted answers 404, as a
plain Esplora server does for an endpoint or object it does not have.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import respx

FIXTURES = Path(__file__).parent / "fixtures"
MEMPOOL = "https://mempool.space/api"
BLOCKSTREAM = "https://blockstream.info/api"
ALL_BASES = [
    MEMPOOL,
    BLOCKSTREAM,
    "https://mempool.space/testnet/api",
    "https://mempool.space/testnet4/api",
    "https://mempool.space/signet/api",
    "https://blockstream.info/testnet/api",
    "https://litecoinspace.org/api",
]


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def docs_sample(endpoint: str, network: str = "Mainnet") -> Any:
    return load("esplora/mempool_api_docs_examples.json")["endpoints"][endpoint]["samples"][network]


def ws_init() -> dict[str, Any]:
    data: dict[str, Any] = load("esplora/mempool_ws_init_mainnet.json")
    return data


# Real network states, as (recommended fees, projected blocks, /mempool, difficulty-adjustment).
def congested_state() -> dict[str, Any]:
    """mempool.space's own init payload (2024): 8 projected blocks, next block from 7 sat/vB."""
    init = ws_init()
    info = init["mempoolInfo"]
    return {
        "fees": init["fees"],
        "blocks": init["mempool-blocks"],
        # /mempool DERIVED from the same payload's getmempoolinfo (size, bytes, total_fee in BTC)
        "mempool": {
            "count": info["size"],
            "vsize": info["bytes"],
            "total_fee": round(info["total_fee"] * 1e8),
            "fee_histogram": [],
        },
        "da": init["da"],
    }


def quiet_state() -> dict[str, Any]:
    """The mempool right after block 890448 (2025-04-01), as the RBF replacement saw it."""
    blocks = load("esplora/mempool_ws_mempool_blocks_b.json")["mempool-blocks"]
    return {
        "fees": docs_sample("get-recommended-fees")["response"],
        "blocks": blocks,
        "mempool": docs_sample("get-mempool")["response"],
        "da": docs_sample("get-difficulty-adjustment")["response"],
    }


class Explorer:
    """Mounts one Esplora base URL on a respx router."""

    def __init__(self, router: respx.Router, base: str = MEMPOOL) -> None:
        self.router = router
        self.base = base

    def route(self, path: str, body: Any = None, status: int = 200, text: str | None = None) -> respx.Route:
        url = f"{self.base}/{path}"
        resp = httpx.Response(status, text=text) if text is not None else httpx.Response(status, json=body)
        return self.router.get(url).mock(return_value=resp)

    def state(self, state: dict[str, Any], tip: int) -> None:
        self.route("blocks/tip/height", text=str(tip))
        self.route("v1/fees/recommended", state["fees"])
        self.route("v1/fees/mempool-blocks", state["blocks"])
        self.route("mempool", state["mempool"])
        self.route("v1/difficulty-adjustment", state["da"])

    def tx(self, data: dict[str, Any]) -> None:
        self.route(f"tx/{data['txid']}", data)

    def missing_tx(self, txid: str) -> None:
        self.route(f"tx/{txid}", status=404, text="Transaction not found")


def mount_fallthrough(router: respx.Router, skip: tuple[str, ...] = ()) -> None:
    """Anything unmounted on a known explorer answers 404, like a real one.

    ``skip``: bases a test already routed wholesale (respx replaces a route with the same pattern).
    """
    for base in ALL_BASES:
        if base in skip:
            continue
        router.get(url__startswith=base).mock(return_value=httpx.Response(404, text="Not Found"))
    # TronGrid answers an empty object for a transaction it does not know
    for tron in ("https://api.trongrid.io", "https://nile.trongrid.io", "https://api.shasta.trongrid.io"):
        router.post(url__startswith=tron).mock(return_value=httpx.Response(200, json={}))
