"""Start-up: what each path imports, and the console script's fast exit (issue 13).

Import costs are measured in benchmarks/; these tests only pin which modules a path loads,
so that a stray top-level import does not silently bring the cost back.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def loaded_after(args: list[str], env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Run the CLI in a fresh interpreter; return the txdoctor/tomllib/rich modules it loaded, and stdout."""
    code = (
        "import sys, io\n"
        f"sys.argv = ['txdoctor', *{args!r}]\n"
        "import txdoctor.cli as c\n"
        "out, sys.stdout = sys.stdout, io.StringIO()\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "text, sys.stdout = sys.stdout.getvalue(), out\n"
        "names = ('txdoctor', 'tomllib', 'rich', 'platformdirs', 'aiohttp', 'httpx', 'string', 'mnemonic')\n"
        "mods = sorted(m for m in sys.modules if m.startswith(names))\n"
        "print(repr(mods)); print(text, end='')\n"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    run = [sys.executable, "-c", code]
    done = subprocess.run(run, capture_output=True, text=True, env={**base, **(env or {})}, check=True)
    first, _, rest = done.stdout.partition("\n")
    return eval(first), rest  # our own repr of a list of module names


def test_offline_address_loads_no_fee_cache_config_or_ui_code(tmp_path: Path) -> None:
    mods, out = loaded_after(
        ["check", ADDRESS, "--offline"], {"TXDOCTOR_CONFIG": str(tmp_path / "none.toml")}
    )
    assert out.startswith("VALID  address " + ADDRESS)
    heavy_modules = (
        "txdoctor.families.bitcoin.fee_checks",
        "txdoctor.families.bitcoin.facts",
        "txdoctor.families.bitcoin.cache",
        "txdoctor.core.net.urls",  # provider URL rules: only with URLs to check (online, a config file)
        "string",  # the catalog's placeholder parser: for its checks and docs, not a check
        "tomllib",
        "rich",
        "platformdirs",
        "mnemonic",  # the BIP39 wordlists (~45 ms with their tables): not for an address's words
    )
    for heavy in heavy_modules:
        assert importlib.util.find_spec(heavy) is not None, f"{heavy} no longer exists: name what replaced it"
        assert heavy not in mods, heavy


def test_aiohttp_is_imported_for_a_batch_only(tmp_path: Path) -> None:
    """A single check runs on httpcore without httpx's layer (httpx and its email/cookiejar/
    urllib.request imports are a fifth of its start-up) nor aiohttp (~100 ms to import); a
    batch uses aiohttp only."""
    import importlib.util

    import pytest

    from tests.fakeserver import refused_url

    if importlib.util.find_spec("aiohttp") is None:  # a .venv from before it was a dependency
        pytest.skip("aiohttp not installed (scripts/test installs it)")
    env = {"TXDOCTOR_CONFIG": str(tmp_path / "none.toml")}
    base = ["--json", "--no-cache", "--url", f"btc={refused_url()}", "--timeout", "1"]
    mods, out = loaded_after(["check", "ab" * 32, *base], env)
    assert json.loads(out)["verdict"] == "unreachable"
    assert "aiohttp" not in mods
    assert "httpx" not in mods
    assert "txdoctor.core.checks.address" not in mods  # an address's checks: not a txid's
    mods, out = loaded_after(["check", "ab" * 32, "cd" * 32, *base], env)
    assert [json.loads(line)["verdict"] for line in out.splitlines()] == ["unreachable"] * 2
    assert "aiohttp" in mods
    assert "httpx" not in mods  # nor its ~50 ms of imports (plain http: no TLS context either)


def test_config_file_is_parsed_when_it_exists(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[defaults]\ntimeout = 7\n")
    mods, out = loaded_after(["config", "show", "--json"], {"TXDOCTOR_CONFIG": str(config)})
    assert "tomllib" in mods
    assert json.loads(out)["defaults"]["timeout"] == 7.0


def test_user_dirs_follow_xdg_on_linux(tmp_path: Path) -> None:
    from txdoctor.config import user_dir

    if not sys.platform.startswith("linux"):
        return
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "XDG_CONFIG_HOME": str(tmp_path / "k")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert user_dir("cache") == str(tmp_path / "c" / "txdoctor")
        assert user_dir("config") == str(tmp_path / "k" / "txdoctor")
        import platformdirs

        assert user_dir("cache") == platformdirs.user_cache_dir("txdoctor")
        assert user_dir("config") == platformdirs.user_config_dir("txdoctor")
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_console_script_exits_fast_with_its_code_and_all_output(tmp_path: Path) -> None:
    """run() leaves with os._exit: the exit code and every line written must survive it."""
    inputs = tmp_path / "in.txt"
    inputs.write_text("\n".join([ADDRESS] * 300 + ["not-an-address"]) + "\n")
    code = "from txdoctor.cli import run; run()"
    env = {**os.environ, "TXDOCTOR_CONFIG": str(tmp_path / "none.toml")}
    args = [sys.executable, "-c", code, "check", "--offline", "--json", "--file", str(inputs)]
    with open(tmp_path / "out.jsonl", "w") as out:  # a file: block-buffered, so the flush matters
        done = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert done.returncode == 2  # the unrecognised input
    assert len(lines) == 301 and json.loads(lines[-1])["verdict"] == "invalid"
    usage = subprocess.run([sys.executable, "-c", code, "check"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "give a transaction ID" in usage.stderr


def test_warmed_modules_exist() -> None:
    """Each family's ``warm`` modules (imported while its first requests wait) still exist."""
    from txdoctor.core.families import FAMILIES

    for spec in FAMILIES:
        assert spec.warm, spec.name
        for name in spec.warm:
            assert importlib.util.find_spec(name) is not None, f"{spec.name}: {name} no longer exists"


def test_an_evm_lookup_goes_out_before_the_records_load() -> None:
    """The EVM flow up to its first request loads neither the records (facts, ~30 frozen
    dataclasses) nor the details' plans nor the ABI decoder: they load while it waits."""
    code = (
        "import sys\n"
        "import txdoctor.families.evm.family, txdoctor.families.evm.diagnose\n"
        "import txdoctor.families.evm.source, txdoctor.families.evm.seen\n"
        "print(repr(sorted(m for m in sys.modules if m.startswith('txdoctor'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    mods = eval(done.stdout)  # our own repr of a list of module names
    for lazy in ("txdoctor.families.evm.facts", "txdoctor.families.evm.details", "txdoctor.core.abi"):
        assert importlib.util.find_spec(lazy) is not None, f"{lazy} no longer exists: name what replaced it"
        assert lazy not in mods, lazy
