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
from txdoctor.messages import Term, Worded, english

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


class ConfigError(Worded):
    """The config file exists but cannot be used; the message says where and why (a catalog
    sentence, ``usage.config.*``: said again in the reader's language as a usage error)."""


def _said(err: Exception) -> object:
    """An error inside a config error: its catalog sentence when it has one, else its words."""
    return getattr(err, "term", None) or str(err)


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
    unknown: tuple[Term, ...] = ()  # warnings about sections and keys txdoctor does not know

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

    def warning_terms(self) -> list[Term]:
        """The warnings as catalog sentences (``usage.config.*``), to say in any language."""
        found = list(self.unknown)
        if self.exists and self.holds_secrets and self.readable_by_others():
            found.append(Term("usage.config.readable", path=str(self.path)))
        return found

    def warnings(self) -> list[str]:
        """The warnings in English (``config show --json``)."""
        return [english(t.key, **t.values) for t in self.warning_terms()]

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
        raise ConfigError(
            "usage.config.cannot_read", path=str(path), error=str(err), reason=_reason(err)
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            "usage.config.not_toml", path=str(path), error=str(err), where=_where(err)
        ) from None
    return _parse(path, data)


def _reason(err: Exception) -> object:
    """Why the file could not be read, in the catalog's words for the common reasons."""
    import errno

    if isinstance(err, UnicodeDecodeError):
        return Term("usage.config.not_utf8")
    names = {errno.ENOENT: "not_found", errno.EACCES: "no_permission", errno.EISDIR: "is_directory"}
    name = names.get(getattr(err, "errno", 0) or 0)
    return Term(f"usage.os_error.{name}") if name else (getattr(err, "strerror", None) or str(err))


def _where(err: Exception) -> Term:
    """Where TOML found the mistake (``at line 3, column 7``), without its English sentence."""
    import re

    found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
    if found is None:
        return Term("usage.config.toml_syntax")
    return Term("usage.config.toml_at", line=found.group(1), column=found.group(2))


KNOWN: dict[str, tuple[str, ...]] = {
    "defaults": ("timeout", "concurrency", "rate", "state_ttl", "lang"),
    "providers": (),  # chain names and aliases, checked where they are read
    "keys": ("trongrid",),
}
# rate: public hosts; state_ttl: the CLI's (txdoctor.core.statecache)
TOP_LEVEL = ("lang",)  # keys allowed outside any section
DEFAULTS: dict[str, float] = {"timeout": 10.0, "concurrency": 10, "rate": 10.0, "state_ttl": 10.0}


def unknown_names(path: Path, data: dict[str, Any]) -> tuple[Term, ...]:
    """A warning for each section or key txdoctor would silently ignore, with a suggestion."""
    import difflib

    def hint(name: str, known: list[str]) -> Term:
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        if close:
            return Term("usage.config.did_you_mean", name=repr(close[0]))
        return Term("usage.config.known", names=", ".join(known))

    found = []
    where = str(path)
    for section, value in data.items():
        if section in TOP_LEVEL:
            continue
        if section not in KNOWN:
            found.append(
                Term(
                    "usage.config.unknown_section",
                    path=where,
                    section=section,
                    hint=hint(section, list(KNOWN)),
                )
            )
        elif KNOWN[section] and isinstance(value, dict):
            for key in value:
                if key not in KNOWN[section]:
                    known = list(KNOWN[section])
                    found.append(
                        Term(
                            "usage.config.unknown_key",
                            path=where,
                            key=key,
                            section=section,
                            hint=hint(key, known),
                        )
                    )
    return tuple(found) + _not_strings(path, data.get("keys"))


def _not_strings(path: Path, keys: object) -> tuple[Term, ...]:
    """A warning for each known API key that is not a string (its value is a secret: never shown)."""
    if not isinstance(keys, dict):
        return ()
    return tuple(
        Term(
            "usage.config.key_not_string",
            path=str(path),
            name=name,
            type=Term(f"usage.config.toml_type.{_toml_type(value)}"),
        )
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
    return "table" if isinstance(value, dict) else "date"


def _parse(path: Path, data: dict[str, Any]) -> Config:
    def table(name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError("usage.config.not_table", path=str(path), name=name)
        return value

    from txdoctor.core.net.urls import InvalidUrl, check_url, redact_url

    defaults = table("defaults")
    providers: dict[str, list[str]] = {}
    for chain_name, urls in table("providers").items():
        try:
            chain = get_chain(chain_name)
        except ValueError as err:
            raise ConfigError("usage.config.providers", path=str(path), error=_said(err)) from None
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise ConfigError("usage.config.not_urls", path=str(path), chain=chain_name)
        try:
            providers[chain.name] = [check_url(u, f"{path}: [providers] {chain.name}") for u in urls]
        except InvalidUrl as err:
            raise ConfigError("usage.config.error", error=_said(err)) from None
        for u in providers[chain.name]:
            problem = core_url_problem(chain, u)
            if problem:
                raise ConfigError(
                    "usage.config.core_url", path=str(path), chain=chain.name, url=repr(redact_url(u))
                )
    keys = {k: v for k, v in table("keys").items() if isinstance(v, str)}

    def number(name: str, typ: type) -> Any:
        value = defaults.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError("usage.config.not_number", path=str(path), name=name)
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
        raise ConfigError("usage.config.lang_type", path=str(path))
    try:
        return normalize_lang(value)
    except UnsupportedLanguage as err:
        raise ConfigError("usage.config.in_file", path=str(path), error=_said(err)) from None
