"""Start-up of an offline check: English before the catalog (main) against English, --lang zh
and --reply after it (this tree), side by side.

The rule (issue 10): a second language costs nothing unused, so the English offline check
must start as fast as before. Each command runs as a whole process, interleaved run by run
so all see the same machine load; "before" is the code at a git revision (default: the
merge base with main), unpacked to a temporary folder and run with the same interpreter.
Also measured in-process: reading and parsing both catalog files.

    .venv/bin/python benchmarks/lang_startup.py [--runs 25] [--before REV] [--out PATH]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv/bin/python"
OUT = ROOT / "benchmarks/results/lang_startup.md"
ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP173 test vector, P2WPKH
CHECK = ["-m", "txdoctor", "check", ADDRESS, "--offline"]


def unpack(rev: str, into: Path) -> Path:
    """The package as it was at ``rev`` (git archive), for the "before" runs."""
    data = subprocess.run(
        ["git", "archive", rev, "txdoctor"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def before_catalog() -> str:
    """The commit before the one that added the message catalog."""
    first = subprocess.run(
        ["git", "rev-list", "--reverse", "HEAD", "--", "txdoctor/messages/__init__.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    return first[:10] + "^"


NEW_ON_ENGLISH_PATH = (
    "txdoctor.messages",
    "txdoctor.render.words",
    "txdoctor.messages.loader",
    "txdoctor.messages._built_en",
    "txdoctor.core.findings",
)


def english_path_imports(runs: int, env: dict[str, str]) -> float:
    """Median ms of the modules the English offline check imports that it did not before
    (their own import time, from ``-X importtime``): the catalog's whole cost when unused."""
    totals = []
    for _ in range(runs):
        done = subprocess.run(
            [str(PYTHON), "-X", "importtime", *CHECK], capture_output=True, text=True, cwd=ROOT, env=env
        )
        own = 0
        for line in done.stderr.splitlines():
            parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
            if len(parts) == 3 and parts[2] in NEW_ON_ENGLISH_PATH:
                own += int(parts[0])
        totals.append(own / 1000)
    return statistics.median(totals)


def commands(before: Path) -> dict[str, tuple[list[str], str]]:
    py, now = str(PYTHON), str(ROOT)
    return {
        "bare interpreter": ([py, "-c", "pass"], now),
        "before: English": ([py, *CHECK], str(before)),
        "after: English": ([py, *CHECK], now),
        "before: English --json": ([py, *CHECK, "--json"], str(before)),
        "after: English --json": ([py, *CHECK, "--json"], now),
        "after: --lang zh": ([py, *CHECK, "--lang", "zh"], now),
        "after: --reply": ([py, *CHECK, "--reply"], now),
        "after: --reply --lang zh": ([py, *CHECK, "--reply", "--lang", "zh"], now),
    }


def once(cmd: list[str], path: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env={**env, "PYTHONPATH": path}, capture_output=True, text=True, cwd=path)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return elapsed


def catalog_cost(runs: int) -> float:
    """Median ms to import tomllib and parse en.toml + zh.toml in a fresh process."""
    code = (
        "import time; t = time.perf_counter(); import tomllib, pathlib\n"
        "folder = pathlib.Path('txdoctor/messages')\n"
        "for n in ('en', 'zh'): tomllib.loads((folder / f'{n}.toml').read_text())\n"
        "print(time.perf_counter() - t)"
    )
    times = [
        float(subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True, cwd=ROOT).stdout)
        for _ in range(runs)
    ]
    return statistics.median(times) * 1000


def measure(runs: int, before: Path, env: dict[str, str]) -> dict[str, list[float]]:
    cmds = commands(before)
    for cmd, path in cmds.values():  # warm the byte-code cache
        once(cmd, path, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, path) in cmds.items():
            times[name].append(once(cmd, path, env))
    return times


def ratio(times: dict[str, list[float]], a: str, b: str) -> str:
    """Medians and minimums: on a loaded machine the minimum is the steadier of the two."""
    med = statistics.median(times[a]) / statistics.median(times[b])
    return f"{med:.3f} (medians), {min(times[a]) / min(times[b]):.3f} (minimums)"


def report(times: dict[str, list[float]], runs: int, rev: str, parse_ms: float, new_ms: float) -> str:
    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    lines = [
        "# Start-up: English before and after the message catalog, and the cost of a second language",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; `check {ADDRESS[:10]}… --offline` as a whole process, median of {runs} "
        f"interleaved runs (ms); before = `{rev}`.",
        "",
        "| command | median | min | max |",
        "|---|---:|---:|---:|",
    ]
    for name, t in times.items():
        lines.append(f"| {name} | {med[name]:.0f} | {min(t) * 1000:.0f} | {max(t) * 1000:.0f} |")
    lines += [
        "",
        f"- English, text: after ÷ before = {ratio(times, 'after: English', 'before: English')}",
        "- English, --json: after ÷ before = "
        + ratio(times, "after: English --json", "before: English --json"),
        f"- --lang zh ÷ English = {med['after: --lang zh'] / med['after: English']:.3f}; "
        f"--reply --lang zh ÷ English = {med['after: --reply --lang zh'] / med['after: English']:.3f}",
        f"- import tomllib + parse en.toml and zh.toml: {parse_ms:.1f} ms (median of fresh processes)",
        f"- modules new on the English path ({', '.join(NEW_ON_ENGLISH_PATH)}), their own import time: "
        f"{new_ms:.2f} ms (median, `-X importtime`)",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=25, help="runs per command (default 25)")
    parser.add_argument(
        "--before", default=None, help="git revision of the 'before' code (default: merge base with main)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown file (default {OUT})")
    args = parser.parse_args(argv)
    rev = args.before or before_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": tmp, "TXDOCTOR_CONFIG": str(Path(tmp) / "none.toml")}
        for name in ("PYTHONDONTWRITEBYTECODE", "TXDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
            env.pop(name, None)
        before = unpack(rev, Path(tmp) / "before")
        times = measure(args.runs, before, env)
        new_ms = english_path_imports(max(5, args.runs // 2), {**env, "PYTHONPATH": str(ROOT)})
    text = report(times, args.runs, rev, catalog_cost(max(5, args.runs // 2)), new_ms)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
