"""`txdoctor config show`: the settings in effect (flags aside), each with where it comes from.

Precedence for every setting: command-line flag > environment variable > config file >
built-in default. Flags belong to one run, so they are not shown.
"""

from __future__ import annotations

import json
import os
from typing import Any

from txdoctor.chains import CHAINS
from txdoctor.config import DEFAULTS, EXAMPLE, Config
from txdoctor.urls import redact_url

DEFAULT = "default"
FILE = "config file"
UNITS = {
    "timeout": "seconds per request",
    "concurrency": "requests in flight per host",
    "state_ttl": "seconds fee levels, mempool and tip are shared across runs (0 = off)",
}
ENVIRONMENT = {"state_ttl": "TXDOCTOR_STATE_TTL"}
RATE_NOTE = "requests per second per public host (your own node: unlimited)"


def effective(config: Config, environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    settings: dict[str, dict[str, Any]] = {}
    for name, default in DEFAULTS.items():
        value = getattr(config, name)
        var = ENVIRONMENT.get(name, "")
        if env.get(var, "").strip():
            settings[name] = {"value": env[var].strip(), "source": var}
            continue
        settings[name] = {
            "value": default if value is None else value,
            "source": DEFAULT if value is None else FILE,
        }
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
    from txdoctor.cache import default_cache_dir

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
        shown = f"{value:g}" if isinstance(value, (int, float)) else str(value)
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
