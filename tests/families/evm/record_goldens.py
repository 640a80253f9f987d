"""Record the JSON-RPC answers of the EVM golden scenarios from real anvil nodes.

Run by hand when a scenario is added or the requests txdoctor makes change:
``.venv/bin/python -m tests.families.evm.record_goldens [NAME ...]``. It starts a fresh anvil
per chain a scenario needs (chain ids 1, 56, 137, …), puts the node into the scenario's state
with plain JSON-RPC (as tests/families/evm/test_anvil_tx.py does), then runs
``txdoctor.api.diagnose`` exactly as tests/render/scenarios_evm.py replays it: the default
provider URLs, mounted with respx, forward each call to the chain's anvil and every exchange is
written to tests/fixtures/eth/anvil/<name>.json (one list of exchanges per check and URL, each
call of a batch on its own). The clock is pinned to the golden tests' NOW while recording.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import respx

from tests.families.evm.anvil import DEV, Anvil, calldata, compile_contracts
from tests.render.reply_scenarios import NOW
from tests.render.scenarios_evm import run
from txdoctor.core.chains import CHAINS
from txdoctor.families.evm.units import GWEI

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "eth" / "anvil"
RECIPIENT = "0x1111111111111111111111111111111111111111"
LOOKUP = [c for c in CHAINS.values() if c.family == "evm" and c.lookup_by_default]
ANVIL_VERSION = "anvil 1.7.1 (4072e48705af9d93e3c0f6e29e93b5e9a40caed8)"


@dataclass
class Recorder:
    """The default provider URLs of every EVM chain, forwarded to the scenario's anvil nodes."""

    nodes: dict[str, Anvil]
    down: set[str] = field(default_factory=set)  # chains whose every provider refuses connections
    checks: list[dict[str, list[dict[str, Any]]]] = field(default_factory=list)

    def mount(self, router: respx.Router) -> None:
        router.route(host="127.0.0.1").pass_through()  # the anvil nodes themselves
        for chain in LOOKUP:
            for url in chain.default_urls:  # every provider of a chain is the chain's one node
                if chain.name in self.down:
                    router.post(url).mock(side_effect=httpx.ConnectError("refused"))
                elif chain.name in self.nodes:
                    router.post(url).mock(side_effect=self._forward(chain.name, url))
                else:
                    router.post(url).mock(side_effect=self._unexpected(url))

    def _unexpected(self, url: str) -> Callable[[httpx.Request], httpx.Response]:
        def fail(request: httpx.Request) -> httpx.Response:
            raise SystemExit(f"asked {url} (no node for it): {request.content[:200]!r}")

        return fail

    def _forward(self, chain: str, url: str) -> Callable[[httpx.Request], httpx.Response]:
        node = self.nodes[chain]

        def forward(request: httpx.Request) -> httpx.Response:
            body = json.loads(request.content)
            answer = node.client.post(node.url, json=body).json()
            calls = body if isinstance(body, list) else [body]
            answers = answer if isinstance(answer, list) else [answer]
            by_id = {a.get("id"): a for a in answers}
            log = self.checks[-1].setdefault(url, [])
            for call in calls:
                log.append({"request": call, "response": by_id[call.get("id")]})
            return httpx.Response(200, json=answer)

        return forward

    def check(self, tx_hash: str, chain: str | None, remember: bool) -> Any:
        self.checks.append({})
        with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
            self.mount(router)
            return run(tx_hash, chain, remember)


@dataclass
class Scenario:
    name: str
    chains: tuple[str, ...]  # the anvil nodes it needs
    setup: Callable[[dict[str, Anvil], dict[str, str]], list[str]]  # → the hash checked at each check
    asked: str | None = "eth"
    down: tuple[str, ...] = ()
    between: Callable[[dict[str, Anvil]], None] | None = None  # what happens between two checks
    note: str = ""


def confirmed(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    token = eth.deploy(code["TestToken"], DEV[4])
    h = eth.mined(
        DEV[4], token, data=calldata("transfer(address,uint256)", RECIPIENT, 1_500_000), gas=100_000
    )
    eth.mine(11)
    return [h]


def pending(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    eth.automine(False)
    base = eth.next_base_fee()
    return [
        eth.send(DEV[6], RECIPIENT, value=10**16, maxFeePerGas=4 * base, maxPriorityFeePerGas=GWEI, gas=21000)
    ]


def stuck(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    eth.automine(False)
    base = eth.next_base_fee()
    h = eth.send(
        DEV[5], RECIPIENT, value=10**16, maxFeePerGas=base + GWEI, maxPriorityFeePerGas=GWEI, gas=21000
    )
    eth.rpc("anvil_setNextBlockBaseFeePerGas", hex(3 * base))  # not mined: anvil would drop it
    return [h]


def nonce_gap(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    return [nodes["eth"].send(DEV[7], RECIPIENT, value=10**16, nonce=3, gas=21000)]


def no_funds(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    eth.automine(False)
    h = eth.send(DEV[8], RECIPIENT, value=10**18, gas=21000)
    eth.rpc("anvil_setBalance", DEV[8], hex(10**17))
    return [h]


def replaced(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    eth.automine(False)
    base = eth.next_base_fee()
    h = eth.send(
        DEV[9], RECIPIENT, value=5 * 10**15, nonce=0, gas=21000, maxFeePerGas=2 * base, maxPriorityFeePerGas=1
    )
    return [h, h]


def replace_it(nodes: dict[str, Anvil]) -> None:
    eth = nodes["eth"]
    base = eth.next_base_fee()
    r = eth.send(
        DEV[9],
        RECIPIENT,
        value=5 * 10**15,
        nonce=0,
        gas=21000,
        maxFeePerGas=4 * base,
        maxPriorityFeePerGas=GWEI,
    )
    eth.mine()
    assert eth.receipt(r)["status"] == "0x1"


def reverted(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    token = eth.deploy(code["TestToken"], DEV[4])  # DEV[2] holds no TST: the transfer reverts
    h = eth.mined(
        DEV[2], token, data=calldata("transfer(address,uint256)", RECIPIENT, 250_000_000), gas=100_000
    )
    eth.mine(2)
    return [h]


def out_of_gas(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    eth = nodes["eth"]
    burner = eth.deploy(code["GasBurner"], DEV[3])
    h = eth.mined(DEV[3], burner, data=calldata("burn(uint256)", 50), gas=130_000)
    eth.mine(2)
    return [h]


def on_bsc(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    return [nodes["bsc"].mined(DEV[0], RECIPIENT, value=10**16)]


def nowhere(nodes: dict[str, Anvil], code: dict[str, str]) -> list[str]:
    return ["0x" + "5c" * 32]


ALL = tuple(c.name for c in LOOKUP)
SCENARIOS = [
    Scenario("evm-confirmed", ("eth",), confirmed, note="a TestToken transfer of 1.5 TST, 12 blocks deep"),
    Scenario("evm-pending", ("eth",), pending, note="a transfer at 4x the base fee, automine off"),
    Scenario("evm-stuck", ("eth",), stuck, note="max fee base+1 gwei, then the next base fee set to 3x"),
    Scenario("evm-stuck-nonce-gap", ("eth",), nonce_gap, note="nonce 3 from an account that never sent"),
    Scenario("evm-stuck-no-funds", ("eth",), no_funds, note="1 ETH sent, then the balance set to 0.1 ETH"),
    Scenario(
        "evm-replaced",
        ALL,
        replaced,
        between=replace_it,
        note="checked while pending, then the same nonce at a higher fee mined, checked again",
    ),
    Scenario(
        "evm-failed",
        ("eth",),
        reverted,
        note="250 TST sent by an account that holds none: 'TST: transfer amount exceeds balance'",
    ),
    Scenario(
        "evm-failed-out-of-gas", ("eth",), out_of_gas, note="GasBurner.burn(50) with a 130,000 gas limit"
    ),
    Scenario("evm-not_found", ALL, on_bsc, note="a transfer mined on BNB Smart Chain, checked as Ethereum"),
    Scenario("evm-not_found-anywhere", ALL, nowhere, asked=None, note="a hash no chain has, no --chain"),
    Scenario(
        "evm-unreachable",
        tuple(c for c in ALL if c != "eth"),
        nowhere,
        down=("eth",),
        note="every Ethereum provider refuses the connection",
    ),
]


def record(s: Scenario, code: dict[str, str]) -> None:
    nodes = {name: Anvil(CHAINS[name].chain_id or 0) for name in s.chains}
    try:
        hashes = s.setup(nodes, code)
        rec = Recorder(nodes, set(s.down))
        results = []
        for i, h in enumerate(hashes):
            if i and s.between is not None:
                s.between(nodes)
            results.append(rec.check(h, s.asked, len(hashes) > 1))
    finally:
        for node in nodes.values():
            node.stop()
    d = results[-1]
    print(f"{s.name}: {d.verdict.value} {[f.code for f in d.findings]}")
    data = {
        "recorded_with": ANVIL_VERSION,
        "scenario": s.note,
        "hash": hashes[-1],
        "chain": s.asked,
        "down": list(s.down),
        "verdict": d.verdict.value,
        "checks": rec.checks,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{s.name}.json").write_text(json.dumps(data, indent=1) + "\n")


def main(names: list[str]) -> None:
    os.environ["TXDOCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="txdoctor-record-")
    os.environ["TXDOCTOR_CONFIG"] = os.path.join(os.environ["TXDOCTOR_CACHE_DIR"], "none.toml")
    time.time = lambda: NOW  # as the golden tests pin it
    code = compile_contracts(Path(tempfile.mkdtemp(prefix="solc-")))
    for s in SCENARIOS:
        if not names or s.name in names:
            os.environ["TXDOCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="txdoctor-record-")
            record(s, code)


if __name__ == "__main__":
    main(sys.argv[1:])
