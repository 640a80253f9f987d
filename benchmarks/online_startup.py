"""An online check's start-up, two installs side by side (issue 9's "no worse", issue 13's ÷ curl).

For one recorded Bitcoin transaction on a fake Esplora (127.0.0.1, no latency), it runs

    txdoctor check <txid> --json --no-cache --url btc=http://127.0.0.1:PORT/api

with this checkout's install and with others (``--base NAME=PATH``, repeatable: e.g. an older
commit's ``.venv/bin/txdoctor``), interleaved (the order alternates), and `curl --parallel`
sending the same requests. For each it reports the medians of

- wall: the whole process, as a user waits for it;
- cpu: the child's user + system time (less sensitive than wall to the other jobs of a
  shared machine);
- first request: from the process's start to the server reading its first request
  (interpreter, imports, and everything txdoctor does before it asks);

and the txdoctor modules each install loads (``-X importtime``: count and the slowest
ones, cumulative µs, best of three). ``--evm`` does the same for an EVM check on a local
anvil (``.tools``), against the four ``cast`` commands.

    .venv/bin/python benchmarks/online_startup.py [--base NAME=PATH ...] [--pairs 30] [--evm] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.fakeserver import FakeEsplora  # noqa: E402

TXDOCTOR = ROOT / ".venv/bin/txdoctor"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(start time, wall, child CPU) of one whole process; its output is discarded."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else b""
    if b"Traceback" in err:
        raise SystemExit(f"{cmd[0]}: {err.decode()[-600:]}")
    return start, wall, usage.ru_utime + usage.ru_stime


def modules(exe: Path, args: list[str], env: dict[str, str]) -> dict[str, int]:
    """txdoctor modules loaded by one run, with their cumulative import µs (best of three)."""
    python = exe.parent / "python"
    code = "import sys; from txdoctor.cli import run; sys.argv[0] = 'txdoctor'; run()"
    best: dict[str, int] = {}
    for _ in range(3):
        done = subprocess.run(
            [str(python), "-X", "importtime", "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tempfile.gettempdir(),  # not this checkout: -c puts the working directory on sys.path
        )
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s*\d+\s*\|\s*(\d+)\s*\|\s*(\S+)", line)
            if m and m.group(2).startswith("txdoctor"):
                name, us = m.group(2), int(m.group(1))
                best[name] = min(us, best.get(name, us))
    return best


def side_by_side(
    cmds: dict[str, list[str]], env: dict[str, str], pairs: int, first: Callable[[float], float] | None
) -> dict[str, dict[str, list[float]]]:
    out: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": [], "first": []} for k in cmds}
    names = list(cmds)
    for name in names:  # warm the byte-code and file caches
        run(cmds[name], env)
    for i in range(pairs):
        for name in names if i % 2 == 0 else reversed(names):
            start, wall, cpu = run(cmds[name], env)
            out[name]["wall"].append(wall)
            out[name]["cpu"].append(cpu)
            if first is not None:
                t = first(start)
                if name != "curl":
                    out[name]["first"].append(t)
    return out


def summary(results: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    return {
        name: {k: round(statistics.median(v) * 1000, 1) for k, v in r.items() if v}
        for name, r in results.items()
    }


def bitcoin(args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    import batch as batch_bench

    with FakeEsplora() as server:
        txid = batch_bench.serve(server, 1)[0]
        tail = ["check", txid, "--json", "--no-cache", "--url", f"btc={server.base_url}"]
        installs = {"this": TXDOCTOR, **args.bases}
        cmds = {k: [str(v), *tail] for k, v in installs.items()}
        server.reset_stats()
        run(cmds["this"], env)
        urls = [f"http://127.0.0.1:{server.port}{e.path}" for e in server.log()]
        if shutil.which("curl"):
            curl = ["curl", "--silent", "--parallel", "--parallel-max", "10", "--parallel-immediate"]
            for u in urls:
                curl += ["--output", "/dev/null", u]
            cmds["curl"] = curl

        def first_request(start: float) -> float:
            log = server.log()
            arrived = min(e.arrived for e in log) + server._started_at
            server.reset_stats()
            return arrived - start

        server.reset_stats()
        results = side_by_side(cmds, env, args.pairs, first_request)
        mods = {k: modules(v, tail, env) for k, v in installs.items()}
    return {"requests": len(urls), "median_ms": summary(results), "modules": mods, "raw": results}


def evm(args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    import evm_vs_cast
    from latency_proxy import DelayProxy

    proc, url = evm_vs_cast.start_anvil()
    out: dict[str, object] = {}
    try:
        tx = {"from": evm_vs_cast.SENDER, "to": evm_vs_cast.RECIPIENT, "value": hex(10**16)}
        tx_hash = str(evm_vs_cast.rpc(url, "eth_sendTransaction", tx))
        for lat in args.latency:
            with DelayProxy(url, lat / 1000) as proxy:
                ours, theirs = evm_vs_cast.commands(tx_hash, proxy.url)
                installs = {"this": TXDOCTOR, **args.bases}
                cmds = {k: [str(v), *ours[1:]] for k, v in installs.items()}
                timings: dict[str, dict[str, list[float]]] = {
                    k: {"wall": [], "cpu": []} for k in [*cmds, "cast"]
                }
                for i in range(args.pairs):
                    order = [*cmds, "cast"] if i % 2 == 0 else ["cast", *reversed(list(cmds))]
                    for name in order:
                        parts = [run(c, env) for c in (theirs if name == "cast" else [cmds[name]])]
                        timings[name]["wall"].append(sum(p[1] for p in parts))
                        timings[name]["cpu"].append(sum(p[2] for p in parts))
                out[f"{lat} ms"] = {"median_ms": summary(timings), "raw": timings}
    finally:
        proc.terminate()
        proc.wait(5)
    return out


def ratios(results: dict[str, dict[str, list[float]]], a: str, b: str, what: str) -> str:
    pair = [x / y for x, y in zip(results[a][what], results[b][what], strict=True)]
    total = statistics.median(results[a][what]) / statistics.median(results[b][what])
    q = statistics.quantiles(pair, n=4) if len(pair) > 1 else [pair[0]] * 3
    return f"{total:.2f} (pairs: quartiles {q[0]:.2f}–{q[2]:.2f})"


def report(name: str, data: dict[str, object]) -> None:
    raw = data["raw"]
    assert isinstance(raw, dict)
    print(f"== {name}" + (f" ({data['requests']} requests)" if "requests" in data else ""))
    for who, m in data["median_ms"].items():  # type: ignore[attr-defined]
        print(f"  {who:<5} " + "  ".join(f"{k} {v:7.1f} ms" for k, v in m.items()))
    other = "curl" if "curl" in raw else "cast" if "cast" in raw else None
    for what in ("wall", "cpu"):
        bases = [k for k in raw if k not in ("this", "curl", "cast")]
        for base in bases:
            print(f"  this ÷ {base}, {what}: {ratios(raw, 'this', base, what)}")
        for who in ["this", *bases] if other else []:
            print(f"  {who} ÷ {other}, {what}: {ratios(raw, who, str(other), what)}")
    for base in [k for k in raw if k not in ("this", "curl", "cast")]:
        if raw["this"].get("first"):
            print(f"  first request, this ÷ {base}: {ratios(raw, 'this', base, 'first')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--base", action="append", default=[], metavar="NAME=PATH", help="another install's txdoctor script"
    )
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--evm", action="store_true", help="also an EVM check on anvil vs cast")
    parser.add_argument("--latency", type=int, nargs="+", default=[0, 50], help="EVM rows, ms")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    args.bases = {n: Path(p) for n, _, p in (b.partition("=") for b in args.base)}
    with tempfile.TemporaryDirectory() as tmp:
        from ratios import environment  # byte code cached, no user config, a private cache

        env = environment(tmp)
        load = os.getloadavg()
        results: dict[str, object] = {"bitcoin": bitcoin(args, env)}
        if args.evm:
            results["evm"] = evm(args, env)
        load_end = os.getloadavg()
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"load average {load[0]:.1f} at the start, {load_end[0]:.1f} at the end; {args.pairs} pairs")
    report("bitcoin txid check", results["bitcoin"])  # type: ignore[arg-type]
    mods = results["bitcoin"]["modules"]  # type: ignore[index]
    for who, m in mods.items():
        top = sorted(m.items(), key=lambda kv: -kv[1])[:5]
        print(f"  {who}: {len(m)} txdoctor modules; " + ", ".join(f"{k} {v / 1000:.1f} ms" for k, v in top))
    for lat, data in results.get("evm", {}).items():  # type: ignore[attr-defined]
        report(f"EVM check on anvil, {lat}", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
