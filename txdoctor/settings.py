"""`txdoctor config show`: the settings in effect (flags aside), each with where it comes from.

Precedence for every setting: command-line flag > environment variable > config file >
built-in default. Flags belong to one run, so they are not shown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from txdoctor.config import DEFAULTS, EXAMPLE, Config
from txdoctor.core.chains import CHAINS
from txdoctor.core.net.urls import redact_url

DEFAULT = "default"
FILE = "config file"
UNITS = {
    "timeout": "seconds per request",
    "concurrency": "requests in flight per host",
    "state_ttl": "seconds fee levels, mempool and tip are shared across runs (0 = off)",
}
ENVIRONMENT = {"state_ttl": "TXDOCTOR_STATE_TTL"}
LANG_NOTE = "en or zh (Simplified Chinese)"
RATE_NOTE = "requests per second per public host (your own node: unlimited)"


def effective(config: Config, environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    settings: dict[str, dict[str, Any]] = {}
    for name, default in DEFAULTS.items():
        value = getattr(config, name)
        var = ENVIRONMENT.get(name, "")
        if env.get(var, "").strip():
            settings[name] = {"value": _number(env[var].strip()), "source": var}
            continue
        settings[name] = {
            "value": default if value is None else value,
            "source": DEFAULT if value is None else FILE,
        }
    settings["lang"] = _lang(config, env)
    providers = {}
    for chain in CHAINS.values():
        raw = env.get(chain.env_var, "").strip()
        if raw:
            urls, source = [u.strip() for u in raw.split(",") if u.strip()], chain.env_var
        elif config.providers.get(chain.name):
            urls, source = config.providers[chain.name], FILE
        else:
            urls, source = list(chain.default_urls), DEFAULT
        providers[chain.name] = {"urls": [redact_url(u) for u in urls], "source": source}
    from txdoctor.config import default_cache_dir

    cache = env.get("TXDOCTOR_CACHE_DIR") or default_cache_dir()
    return {
        "settings": settings,
        "providers": providers,
        "keys": {name: {"value": "***", "source": FILE} for name in config.keys},
        "cache_dir": {
            "value": cache,
            "source": "TXDOCTOR_CACHE_DIR" if env.get("TXDOCTOR_CACHE_DIR") else DEFAULT,
        },
    }


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _lang(config: Config, env: Mapping[str, str]) -> dict[str, Any]:
    """The language in effect: TXDOCTOR_LANG > config file > locale > English (as `check` resolves it)."""
    from txdoctor.messages import (
        ENGLISH,
        LANG_ENV,
        LOCALE_ENV,
        UnsupportedLanguage,
        lang_from_locale,
        normalize_lang,
    )

    if env.get(LANG_ENV, "").strip():
        try:
            return {"value": normalize_lang(env[LANG_ENV]), "source": LANG_ENV}
        except UnsupportedLanguage:
            return {"value": env[LANG_ENV].strip(), "source": f"{LANG_ENV} (unsupported: a usage error)"}
    if config.lang:
        return {"value": config.lang, "source": FILE}
    from_locale = lang_from_locale(env)
    if from_locale:
        name = next(n for n in LOCALE_ENV if env.get(n))
        return {"value": from_locale, "source": f"locale ({name})"}
    return {"value": ENGLISH, "source": DEFAULT}


def show_json(config: Config, environ: dict[str, str] | None = None) -> str:
    data = {**config.redacted(), "effective": effective(config, environ)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def show_text(config: Config, environ: dict[str, str] | None = None) -> str:
    eff = effective(config, environ)
    state = "" if config.exists else " (does not exist: built-in defaults; an example file follows)"
    lines = [
        f"# {config.path}{state}",
        "# The settings in effect, flags aside; each says where it comes from",
        "# (flag > environment > config file > default).",
        "[defaults]",
    ]
    for name, item in eff["settings"].items():
        note = UNITS.get(name, RATE_NOTE)
        value = item["value"]
        shown = f"{value:g}" if isinstance(value, (int, float)) else json.dumps(value, ensure_ascii=False)
        note = LANG_NOTE if name == "lang" else note
        lines.append(f"{name} = {shown}  # {item['source']}; {note}")
    lines += ["", "[providers]"]
    for name, item in eff["providers"].items():
        urls = json.dumps(item["urls"], ensure_ascii=False)
        note = item["source"] if item["urls"] else f"no default provider: --url {name}=URL"
        lines.append(f"{name} = {urls}  # {note}")
    lines += ["", "[keys]"]
    lines += [f'{name} = "***"  # {item["source"]}' for name, item in eff["keys"].items()] or ["# none"]
    lines += ["", f"# cache: {eff['cache_dir']['value']}  ({eff['cache_dir']['source']})"]
    if not config.exists:
        lines += ["", f"# An example {config.path.name}:", EXAMPLE.rstrip()]
    return "\n".join(lines)
