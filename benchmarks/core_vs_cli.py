"""Wall time of one `txdoctor check` against a local Core node vs the `litecoin-cli` calls a person makes.

On one local `litecoind -regtest` (Litecoin Core 0.21, the RPC of Bitcoin Core 0.21), for one
unconfirmed transaction in the mempool (the case that needs the most facts), repeated N times:

    txdoctor check <txid> --chain ltc-regtest --url ltc-regtest=core+http://…     (one process)
    litecoin-cli: the same facts, one process per call (10 calls):
        getblockchaininfo, getrawtransaction <txid> true, getmempoolentry, getmempoolancestors,
        getmempooldescendants, getmempoolinfo, estimatesmartfee 2 / 3 / 6 / 144
    litecoin-cli: the short sequence a person may stop at (4 calls):
        getrawtransaction <txid> true, getmempoolentry, getmempoolinfo, estimatesmartfee 6

All timed as whole processes (start-up included); Python byte-code caching on (in a temporary
directory). Prints the medians and the ratios; --json for a machine-readable line.

    .venv/bin/python benchmarks/core_vs_cli.py [--repeat 15] [--json]

Needs scripts/install-tools (Litecoin Core under .tools/litecoin) and the package in .venv.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.families.bitcoin.core.node import LITECOIN_CLI, LITECOIND, PASSWORD, USER, Node, lib_env  # noqa: E402

TXDOCTOR = ROOT / ".venv/bin/txdoctor"
FULL = [
    ["getblockchaininfo"],
    ["getrawtransaction", "{txid}", "true"],
    ["getmempoolentry", "{txid}"],
    ["getmempoolancestors", "{txid}"],
    ["getmempooldescendants", "{txid}"],
    ["getmempoolinfo"],
    ["estimatesmartfee", "2"],
    ["estimatesmartfee", "3"],
    ["estimatesmartfee", "6"],
    ["estimatesmartfee", "144"],
]
SHORT = [FULL[1], FULL[2], FULL[5], FULL[8]]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # txdoctor exits 1 for "stuck"; the CLI 0
        raise RuntimeError(f"{cmd[0]} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed


def cli_calls(node: Node, calls: list[list[str]], txid: str) -> list[list[str]]:
    base = [
        str(LITECOIN_CLI),
        "-regtest",
        f"-rpcport={node.port}",
        f"-rpcuser={USER}",
        f"-rpcpassword={PASSWORD}",
        "-rpcwallet=w",
    ]
    return [base + [a.format(txid=txid) for a in call] for call in calls]


def measure(node: Node, txid: str, repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as pycache:
        env = {k: v for k, v in lib_env().items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(TXDOCTOR_CACHE_DIR=cache, PYTHONPYCACHEPREFIX=pycache)
        url = f"ltc-regtest={node.core_url()}"
        ours = [str(TXDOCTOR), "check", txid, "--chain", "ltc-regtest", "--url", url]
        baseline = [str(TXDOCTOR), "check", txid, "--chain", "ltc-regtest", "--offline"]  # start-up only
        full, short = cli_calls(node, FULL, txid), cli_calls(node, SHORT, txid)
        for cmd in (ours, *full):  # warm the file cache for both sides
            timed(cmd, env)
        t_base: list[float] = []
        t_ours: list[float] = []
        t_full: list[float] = []
        t_short: list[float] = []
        t_one: list[float] = []
        for _ in range(repeat):
            t_base.append(timed(baseline, env))
            t_ours.append(timed(ours, env))
            each = [timed(cmd, env) for cmd in full]
            t_full.append(sum(each))
            t_one.extend(each)
            t_short.append(sum(timed(cmd, env) for cmd in short))
    m_ours, m_full, m_short = (statistics.median(t) for t in (t_ours, t_full, t_short))
    return {
        "repeat": repeat,
        "txdoctor_median_s": round(m_ours, 4),
        "txdoctor_offline_startup_median_s": round(statistics.median(t_base), 4),
        "cli_full_10_calls_median_s": round(m_full, 4),
        "cli_short_4_calls_median_s": round(m_short, 4),
        "cli_one_call_median_s": round(statistics.median(t_one), 4),
        "ratio_txdoctor_over_cli_full": round(m_ours / m_full, 2),
        "ratio_txdoctor_over_cli_short": round(m_ours / m_short, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for path in (LITECOIND, LITECOIN_CLI, TXDOCTOR):
        if not path.exists():
            print(f"{path} is missing: run scripts/install-tools and pip install -e .", file=sys.stderr)
            return 2
    os.environ.pop("TXDOCTOR_URL_LTC_REGTEST", None)
    node = Node(txindex=True)
    try:
        node.mine(101)
        node.fee_history()
        txid = node.send("1", 25)
        result = measure(node, txid, args.repeat)
    finally:
        node.stop()
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"runs: {args.repeat} (litecoind -regtest on 127.0.0.1, one unconfirmed transaction)")
    for label, key in (
        ("txdoctor check (1 process)", "txdoctor_median_s"),
        ("  of which start-up (--offline)", "txdoctor_offline_startup_median_s"),
        ("litecoin-cli, the same facts (10)", "cli_full_10_calls_median_s"),
        ("litecoin-cli, short sequence (4)", "cli_short_4_calls_median_s"),
        ("  one litecoin-cli call", "cli_one_call_median_s"),
    ):
        print(f"{label:<36} median {float(str(result[key])) * 1000:7.1f} ms")
    print(f"ratio txdoctor / cli (10 calls): {result['ratio_txdoctor_over_cli_full']}")
    print(f"ratio txdoctor / cli (4 calls):  {result['ratio_txdoctor_over_cli_short']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
