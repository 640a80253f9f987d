"""The user's config file: providers, API keys and defaults (TOML).

Where: ``$TXDOCTOR_CONFIG``, else the platform's user config dir
(``~/.config/txdoctor/config.toml`` on Linux). Precedence for every setting:
command-line flag > environment variable > config file > built-in default.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from txdoctor.core.chains import core_url_problem, get_chain

EXAMPLE = """\
# txdoctor configuration. Precedence: flag > environment > this file > defaults.
[defaults]
timeout = 10        # seconds per request
concurrency = 10    # requests in flight per host
rate = 10           # requests per second per public host (0 = unlimited)
state_ttl = 10      # seconds fee levels, mempool and tip are shared across runs (0 = off)
# lang = "zh"       # en or zh (Simplified Chinese); else the locale (LANG=zh_CN.UTF-8 → zh)

[providers]         # ordered base URLs per chain; they replace the built-in defaults
# btc = ["http://127.0.0.1:3000/api", "https://mempool.space/api"]
# eth = ["https://mainnet.example-rpc.invalid/v3/YOUR-KEY"]

[keys]              # API keys for providers that need them (never printed)
# trongrid = "..."
"""


class ConfigError(ValueError):
    """The config file exists but cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Config:
    path: Path
    exists: bool
    providers: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    timeout: float | None = None
    concurrency: int | None = None
    rate: float | None = None
    state_ttl: float | None = None
    lang: str | None = None  # en or zh, normalised
    unknown: tuple[str, ...] = ()  # warnings about sections and keys txdoctor does not know

    @property
    def holds_secrets(self) -> bool:
        from txdoctor.core.net.urls import redact_url  # URL rules: only with providers to read

        return bool(self.keys) or any(redact_url(u) != u for urls in self.providers.values() for u in urls)

    def readable_by_others(self) -> bool:
        try:
            mode = self.path.stat().st_mode
        except OSError:
            return False
        return bool(mode & (stat.S_IRGRP | stat.S_IROTH))

    def warnings(self) -> list[str]:
        found = list(self.unknown)
        if self.exists and self.holds_secrets and self.readable_by_others():
            found.append(
                f"{self.path} holds API keys or credentials and is readable by other users: "
                f"run 'chmod 600 {self.path}'."
            )
        return found

    def redacted(self) -> dict[str, Any]:
        from txdoctor.core.net.urls import redact_url

        return {
            "path": str(self.path),
            "exists": self.exists,
            "defaults": {
                "timeout": self.timeout,
                "concurrency": self.concurrency,
                "rate": self.rate,
                "state_ttl": self.state_ttl,
                "lang": self.lang,
            },
            "providers": {c: [redact_url(u) for u in urls] for c, urls in self.providers.items()},
            "keys": {name: "***" for name in self.keys},
            "warnings": self.warnings(),
        }


def config_path(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("TXDOCTOR_CONFIG"):
        return Path(env["TXDOCTOR_CONFIG"])
    return Path(user_dir("config")) / "config.toml"


def default_cache_dir() -> str:
    env = os.environ.get("TXDOCTOR_CACHE_DIR")
    if env:
        return env
    return user_dir("cache")


def user_dir(kind: str) -> str:
    """txdoctor's per-user config or cache directory. On Linux the XDG rule, computed here
    (platformdirs' import costs more than the rest of an offline check); elsewhere platformdirs."""
    if sys.platform.startswith("linux"):
        var, fallback = (
            ("XDG_CONFIG_HOME", "~/.config") if kind == "config" else ("XDG_CACHE_HOME", "~/.cache")
        )
        base = os.environ.get(var, "").strip() or os.path.expanduser(fallback)
        return os.path.join(base, "txdoctor")
    import platformdirs

    return str(
        platformdirs.user_config_dir("txdoctor")
        if kind == "config"
        else platformdirs.user_cache_dir("txdoctor")
    )


def load_config(environ: dict[str, str] | None = None) -> Config:
    path = config_path(environ)
    if not path.is_file():
        return Config(path, exists=False)
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read {path}: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    return _parse(path, data)


KNOWN: dict[str, tuple[str, ...]] = {
    "defaults": ("timeout", "concurrency", "rate", "state_ttl", "lang"),
    "providers": (),  # chain names and aliases, checked where they are read
    "keys": ("trongrid",),
}
# rate: public hosts; state_ttl: the CLI's (txdoctor.core.statecache)
TOP_LEVEL = ("lang",)  # keys allowed outside any section
DEFAULTS: dict[str, float] = {"timeout": 10.0, "concurrency": 10, "rate": 10.0, "state_ttl": 10.0}


def unknown_names(path: Path, data: dict[str, Any]) -> tuple[str, ...]:
    """A warning for each section or key txdoctor would silently ignore, with a suggestion."""
    import difflib

    def hint(name: str, known: list[str]) -> str:
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"

    found = []
    for section, value in data.items():
        if section in TOP_LEVEL:
            continue
        if section not in KNOWN:
            found.append(f"{path}: unknown section [{section}] is ignored{hint(section, list(KNOWN))}")
        elif KNOWN[section] and isinstance(value, dict):
            for key in value:
                if key not in KNOWN[section]:
                    known = list(KNOWN[section])
                    found.append(f"{path}: unknown key '{key}' in [{section}] is ignored{hint(key, known)}")
    return tuple(found) + _not_strings(path, data.get("keys"))


def _not_strings(path: Path, keys: object) -> tuple[str, ...]:
    """A warning for each known API key that is not a string (its value is a secret: never shown)."""
    if not isinstance(keys, dict):
        return ()
    return tuple(
        f"{path}: key '{name}' in [keys] is ignored: it must be a string (the API key in quotes, "
        f'e.g. {name} = "..."), not a {_toml_type(value)}'
        for name, value in keys.items()
        if name in KNOWN["keys"] and not isinstance(value, str)
    )


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    return "table" if isinstance(value, dict) else "date or time"


def _parse(path: Path, data: dict[str, Any]) -> Config:
    def table(name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        return value

    from txdoctor.core.net.urls import InvalidUrl, check_url, redact_url

    defaults = table("defaults")
    providers: dict[str, list[str]] = {}
    for chain_name, urls in table("providers").items():
        try:
            chain = get_chain(chain_name)
        except ValueError as err:
            raise ConfigError(f"{path}: [providers] {err}") from None
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise ConfigError(f"{path}: [providers] {chain_name} must be a URL or a list of URLs")
        try:
            providers[chain.name] = [check_url(u, f"{path}: [providers] {chain.name}") for u in urls]
        except InvalidUrl as err:
            raise ConfigError(str(err)) from None
        for u in providers[chain.name]:
            problem = core_url_problem(chain, u)
            if problem:
                raise ConfigError(f"{path}: [providers] {chain.name}: {redact_url(u)!r}: {problem}")
    keys = {k: v for k, v in table("keys").items() if isinstance(v, str)}

    def number(name: str, typ: type) -> Any:
        value = defaults.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{path}: [defaults] {name} must be a non-negative number")
        return typ(value)

    return Config(
        path,
        exists=True,
        lang=_lang(path, defaults.get("lang", data.get("lang"))),
        providers=providers,
        keys=keys,
        timeout=number("timeout", float),
        concurrency=number("concurrency", int),
        rate=number("rate", float),
        state_ttl=number("state_ttl", float),
        unknown=unknown_names(path, data),
    )


def _lang(path: Path, value: Any) -> str | None:
    """``[defaults] lang`` (or a top-level ``lang``): en or zh, as the flag accepts them."""
    from txdoctor.messages import UnsupportedLanguage, normalize_lang

    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{path}: lang must be a string (en or zh)")
    try:
        return normalize_lang(value)
    except UnsupportedLanguage as err:
        raise ConfigError(f"{path}: {err}") from None
