"""A real Litecoin Core 0.21 node in regtest for the Core RPC tests (the same RPC as Bitcoin Core 0.21).

Started on free loopback ports with a fresh data directory; plain JSON-RPC with httpx (sync).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.procs import stop_process

ROOT = Path(__file__).resolve().parents[4]
LITECOIN = ROOT / ".tools/litecoin"
LITECOIND = LITECOIN / "usr/lib/litecoin/litecoind"
LITECOIN_CLI = LITECOIN / "usr/bin/litecoin-cli"
USER, PASSWORD = "txdoctor", "s3cret-Pa55word"


def lib_env() -> dict[str, str]:
    libdir = next(LITECOIN.glob("usr/lib/*-linux-gnu"), LITECOIN / "usr/lib")
    return {**os.environ, "LD_LIBRARY_PATH": str(libdir)}


def require_litecoind() -> None:
    """Fail (not skip) when the node is missing: the suite must not pass without it."""
    if not LITECOIND.exists():
        pytest.fail(
            ".tools/litecoin is missing: run scripts/install-tools (it installs Litecoin Core from the "
            "Debian packages into .tools/)",
            pytrace=False,
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rpcauth(user: str, password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest()
    return f"{user}:{salt}${digest}"


class RpcFailed(AssertionError):
    def __init__(self, method: str, error: Any) -> None:
        self.error = error
        super().__init__(f"{method}: {error}")


class Node:
    """litecoind -regtest; `txindex` and `wallet` as asked. RPC: user:password (rpcauth) and the cookie."""

    def __init__(self, *, txindex: bool = True, wallet: bool = True, connect: Node | None = None) -> None:
        require_litecoind()
        self.datadir = Path(tempfile.mkdtemp(prefix="txdoctor-ltc-"))
        self.client = httpx.Client(timeout=30, auth=(USER, PASSWORD))
        self.proc: subprocess.Popen[bytes] | None = None
        self.wallet = wallet
        last = ""
        for _ in range(3):  # a free port can be taken between probe and bind: retry
            self.port, self.p2p = free_port(), free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.proc = subprocess.Popen(
                [str(LITECOIND), *self._args(txindex, wallet, connect)],
                env=lib_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_ready():
                break
            last = self._stop_proc()
        else:
            self.client.close()
            raise RuntimeError(f"litecoind did not start: {last}")
        if wallet:
            self.rpc("createwallet", "w")

    def _args(self, txindex: bool, wallet: bool, connect: Node | None) -> list[str]:
        args = [
            "-regtest",
            f"-datadir={self.datadir}",
            f"-rpcauth={rpcauth(USER, PASSWORD)}",
            f"-rpcport={self.port}",
            "-rpcbind=127.0.0.1",
            "-rpcallowip=127.0.0.1",
            f"-port={self.p2p}",
            "-bind=127.0.0.1",
            "-dnsseed=0",
            "-discover=0",
            "-upnp=0",
            "-persistmempool=0",
            "-mempoolreplacement=1",  # BIP125 replacement, as Bitcoin Core does (Litecoin: off by default)
            "-acceptnonstdtxn=0",  # regtest relays non-standard txs by default; mainnet does not
            "-fallbackfee=0.0001",
            "-mintxfee=0.00001",  # the wallet may build 1 sat/vB transactions (its default is 10)
            "-txindex=1" if txindex else "-txindex=0",
        ]
        if not wallet:
            args.append("-disablewallet")
        if connect is not None:
            args.append(f"-connect=127.0.0.1:{connect.p2p}")
        return args

    @property
    def cookie(self) -> Path:
        return self.datadir / "regtest" / ".cookie"

    def core_url(self, auth: str = "password") -> str:
        if auth == "cookie":
            return f"core+http://127.0.0.1:{self.port}?cookie={self.cookie}"
        return f"core+http://{USER}:{PASSWORD}@127.0.0.1:{self.port}"

    def _wait_ready(self) -> bool:
        assert self.proc is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.rpc("getblockchaininfo")
                return True
            except (httpx.TransportError, RpcFailed, ValueError):
                time.sleep(0.1)
        return False

    def _stop_proc(self) -> str:
        err = stop_process(self.proc, 15)
        self.proc = None
        return err

    def stop(self) -> None:
        self.client.close()  # first: the node's HTTP server waits for open keep-alive connections
        self._stop_proc()
        shutil.rmtree(self.datadir, ignore_errors=True)

    # ------------------------------------------------------------ JSON-RPC

    def rpc(self, method: str, *params: Any) -> Any:
        path = "/wallet/w" if self.wallet else "/"
        body = json.dumps({"jsonrpc": "1.0", "id": 1, "method": method, "params": list(params)}, default=str)
        answer = self.client.post(self.url + path, content=body)  # amounts as strings: Core takes both
        data = answer.json(parse_float=Decimal)
        if data.get("error"):
            raise RpcFailed(method, data["error"])
        return data["result"]

    def mine(self, blocks: int = 1) -> list[str]:
        return list(self.rpc("generatetoaddress", blocks, self.address()))

    def address(self, kind: str = "bech32") -> str:
        return str(self.rpc("getnewaddress", "", kind))

    def send(self, amount: str = "1", fee_rate: int = 25, rbf: bool = False, to: str | None = None) -> str:
        """sendtoaddress with an explicit fee rate (sat/vB)."""
        return str(
            self.rpc(
                "sendtoaddress",
                to or self.address(),
                Decimal(amount),
                "",
                "",
                False,
                rbf,
                None,
                "unset",
                False,
                fee_rate,
            )
        )

    def tx(self, txid: str) -> dict[str, Any]:
        return dict(self.rpc("getrawtransaction", txid, True))

    def coin(self, minconf: int = 1) -> dict[str, Any]:
        """A confirmed coin of the wallet worth more than 1 LTC."""
        coins = [c for c in self.rpc("listunspent", minconf) if c["amount"] > 1]
        return dict(coins[0])

    def raw(self, inputs: list[dict[str, Any]], outputs: Any, locktime: int = 0) -> str:
        """A signed raw transaction (signed as far as the wallet can) from explicit inputs and outputs."""
        unsigned = self.rpc("createrawtransaction", inputs, outputs, locktime)
        return str(self.rpc("signrawtransactionwithwallet", unsigned)["hex"])

    def fee_history(self, blocks: int = 8, per_block: int = 4, fee_rate: int = 20) -> None:
        """Blocks of transactions at one fee rate, so estimatesmartfee has something to say."""
        to = self.address()
        for _ in range(blocks):
            for _ in range(per_block):
                self.send("0.1", fee_rate, to=to)
            self.mine()
