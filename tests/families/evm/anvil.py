"""A local anvil node for the EVM tests, driven with plain JSON-RPC (httpx, sync)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from Crypto.Hash import keccak

from tests.procs import stop_process

ROOT = Path(__file__).resolve().parents[3]
ANVIL = ROOT / ".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
CAST = ROOT / ".tools/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
SOLCJS = ROOT / ".tools/node_modules/solc/solc.js"
CONTRACTS = Path(__file__).resolve().parent / "contracts"

# anvil's default dev accounts (mnemonic "test test … junk"), unlocked for eth_sendTransaction.
DEV = [
    "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
    "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
    "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
    "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
    "0x976ea74026e726554db657fa54763abd0c3a0aa9",
    "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
    "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f",
    "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
]


def require_tools(*paths: Path) -> None:
    """Fail (not skip) when a test binary is missing: the suite must not pass without a node."""
    for path in paths:
        if not path.exists():
            pytest.fail(
                f"{path.relative_to(ROOT)} is missing: run scripts/install-tools (it installs anvil, "
                "cast and solc from npm into .tools/)",
                pytrace=False,
            )


def selector(signature: str) -> str:
    return keccak.new(digest_bits=256, data=signature.encode()).hexdigest()[:8]


def word(value: int | str) -> str:
    if isinstance(value, str):
        return value.lower().removeprefix("0x").rjust(64, "0")
    return f"{value:064x}"


def calldata(signature: str, *args: int | str) -> str:
    return "0x" + selector(signature) + "".join(word(a) for a in args)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RpcFailed(AssertionError):
    def __init__(self, method: str, error: Any) -> None:
        self.error = error
        super().__init__(f"{method}: {error}")


class Anvil:
    def __init__(self, chain_id: int, *args: str) -> None:
        require_tools(ANVIL)
        self.chain_id = chain_id
        self.client = httpx.Client(timeout=10)
        self.proc: subprocess.Popen[bytes] | None = None
        last = ""
        for _ in range(3):  # the free port can be taken between probe and bind: retry
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.proc = subprocess.Popen(
                [
                    str(ANVIL),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--chain-id",
                    str(chain_id),
                    *args,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_ready():
                return
            last = self._stop_proc()
        self.client.close()
        raise RuntimeError(f"anvil did not start: {last}")

    def _wait_ready(self) -> bool:
        assert self.proc is not None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if self.rpc("eth_chainId") == hex(self.chain_id):
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        return False

    def _stop_proc(self) -> str:
        err = stop_process(self.proc, 5)
        self.proc = None
        return err

    def stop(self) -> None:
        self._stop_proc()
        self.client.close()

    # ------------------------------------------------------------ JSON-RPC

    def rpc_raw(self, method: str, *params: Any) -> dict[str, Any]:
        answer = self.client.post(
            self.url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
        )
        return dict(answer.json())

    def rpc(self, method: str, *params: Any) -> Any:
        answer = self.rpc_raw(method, *params)
        if "error" in answer:
            raise RpcFailed(method, answer["error"])
        return answer["result"]

    def send(self, sender: str, to: str | None = None, **fields: Any) -> str:
        tx: dict[str, Any] = {"from": sender}
        if to is not None:
            tx["to"] = to
        for key, value in fields.items():
            tx[key] = hex(value) if isinstance(value, int) else value
        return str(self.rpc("eth_sendTransaction", tx))

    def mined(self, sender: str, to: str | None = None, **fields: Any) -> str:
        """Send with automine on and wait until it is mined."""
        h = self.send(sender, to, **fields)
        self.receipt(h)
        return h

    def receipt(self, tx_hash: str, wait: float = 5.0) -> dict[str, Any]:
        """The receipt of a mined tx (automine can answer the hash a moment before the receipt exists)."""
        deadline = time.monotonic() + wait
        while True:
            r = self.rpc("eth_getTransactionReceipt", tx_hash)
            if r is not None:
                return dict(r)
            assert time.monotonic() < deadline, f"no receipt for {tx_hash}"
            time.sleep(0.02)

    def deploy(self, bytecode: str, sender: str) -> str:
        h = self.send(sender, data="0x" + bytecode.removeprefix("0x"), gas=3_000_000)
        address = self.receipt(h)["contractAddress"]
        assert address, "deployment failed"
        return str(address).lower()

    def block_number(self) -> int:
        return int(self.rpc("eth_blockNumber"), 16)

    def next_base_fee(self) -> int:
        return int(self.rpc("eth_feeHistory", "0x1", "latest", [])["baseFeePerGas"][-1], 16)

    def mine(self, blocks: int = 1) -> None:
        self.rpc("anvil_mine", hex(blocks))

    def automine(self, on: bool) -> None:
        self.rpc("evm_setAutomine", on)

    def nonce(self, address: str, tag: str = "latest") -> int:
        return int(self.rpc("eth_getTransactionCount", address, tag), 16)


def compile_contracts(out: Path) -> dict[str, str]:
    """Compile tests/families/evm/contracts/*.sol with the npm solc (solc-js, works offline)."""
    require_tools(SOLCJS)
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is needed to run the npm solc: install nodejs, then run scripts/install-tools",
            pytrace=False,
        )
    sources = sorted(CONTRACTS.glob("*.sol"))
    done = subprocess.run(
        [node, str(SOLCJS), "--bin", "--abi", *[s.name for s in sources], "-o", str(out)],
        cwd=CONTRACTS,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    if done.returncode != 0:
        pytest.fail(f"solc failed: {done.stderr[-2000:]}", pytrace=False)
    codes: dict[str, str] = {}
    for source in sources:
        name = source.stem
        codes[name] = (out / f"{name}_sol_{name}.bin").read_text().strip()
    return codes
