"""Wall time of one `txdoctor check` against the four `cast` commands an engineer types by hand.

On one local anvil node (chain id 1), for one mined transfer, repeated N times:

    txdoctor check <hash> --chain eth --url eth=http://127.0.0.1:PORT      (one process)
    cast tx <hash>; cast receipt <hash>; cast nonce <from>; cast base-fee  (four processes)

Both sides are timed as whole processes (start-up included), as a person would run them;
Python byte-code caching is on (in a temporary directory), as for an installed package.
Prints the medians and the ratio; --json for a machine-readable line.

    .venv/bin/python benchmarks/evm_vs_cast.py [--repeat 15] [--json]

Needs scripts/install-tools (anvil and cast under .tools/) and the package installed in .venv.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ANVIL = ROOT / ".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
CAST = ROOT / ".tools/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
TXDOCTOR = ROOT / ".venv/bin/txdoctor"
SENDER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"  # anvil's first dev account
RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rpc(url: str, method: str, *params: object) -> object:
    answer = httpx.post(
        url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}, timeout=10
    )
    body = answer.json()
    if "error" in body:
        raise RuntimeError(f"{method}: {body['error']}")
    return body["result"]


def start_anvil() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(ANVIL), "--host", "127.0.0.1", "--port", str(port), "--chain-id", "1", "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if rpc(url, "eth_chainId") == "0x1":
                return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("anvil did not start")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed


def commands(tx_hash: str, url: str) -> tuple[list[str], list[list[str]]]:
    """txdoctor's one command and the four cast commands, for one transaction on the node at url."""
    ours = [str(TXDOCTOR), "check", tx_hash, "--chain", "eth", "--url", f"eth={url}"]
    theirs = [
        [str(CAST), "tx", tx_hash, "--rpc-url", url],
        [str(CAST), "receipt", tx_hash, "--rpc-url", url],
        [str(CAST), "nonce", SENDER, "--rpc-url", url],
        [str(CAST), "base-fee", "--rpc-url", url],
    ]
    return ours, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for path in (ANVIL, CAST, TXDOCTOR):
        if not path.exists():
            print(
                f"{path.relative_to(ROOT)} is missing: run scripts/install-tools and pip install -e .",
                file=sys.stderr,
            )
            return 2
    proc, url = start_anvil()
    try:
        tx_hash = str(
            rpc(url, "eth_sendTransaction", {"from": SENDER, "to": RECIPIENT, "value": hex(10**16)})
        )
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as pycache:
            # Byte-code caching on (as for an installed package), kept out of the repo.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env.update(TXDOCTOR_CACHE_DIR=cache, PYTHONPYCACHEPREFIX=pycache)
            ours, theirs = commands(tx_hash, url)
            # the same command without the network: what Python + the CLI cost before any lookup
            baseline = [str(TXDOCTOR), "check", tx_hash, "--chain", "eth", "--offline"]
            timed(ours, env)  # warm the file cache for both sides
            for cmd in theirs:
                timed(cmd, env)
            timed(baseline, env)
            t_base: list[float] = []
            t_ours: list[float] = []
            t_cast: list[float] = []
            t_each: list[list[float]] = [[] for _ in theirs]
            for _ in range(args.repeat):
                t_base.append(timed(baseline, env))
                t_ours.append(timed(ours, env))
                parts = [timed(cmd, env) for cmd in theirs]
                for acc, t in zip(t_each, parts, strict=True):
                    acc.append(t)
                t_cast.append(sum(parts))
    finally:
        proc.terminate()
        proc.wait(5)
    m_ours, m_cast = statistics.median(t_ours), statistics.median(t_cast)
    result = {
        "repeat": args.repeat,
        "txdoctor_median_s": round(m_ours, 4),
        "txdoctor_offline_startup_median_s": round(statistics.median(t_base), 4),
        "cast_four_commands_median_s": round(m_cast, 4),
        "cast_each_median_s": {
            name: round(statistics.median(t), 4)
            for name, t in zip(("tx", "receipt", "nonce", "base-fee"), t_each, strict=True)
        },
        "ratio_txdoctor_over_cast": round(m_ours / m_cast, 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"runs: {args.repeat} (anvil --chain-id 1 at {url}, one mined transfer)")
        print(f"txdoctor check (1 process):           median {m_ours * 1000:7.1f} ms")
        print(f"  of which start-up (same, --offline): median {statistics.median(t_base) * 1000:7.1f} ms")
        print(f"cast tx+receipt+nonce+base-fee (4):   median {m_cast * 1000:7.1f} ms")
        for name, t in result["cast_each_median_s"].items():  # type: ignore[union-attr]
            print(f"  cast {name:<9}                          {t * 1000:7.1f} ms")
        print(f"ratio txdoctor / cast: {m_ours / m_cast:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
