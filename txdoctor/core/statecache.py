"""Network state shared across runs: a chain's fee levels, mempool and tip, kept on disk for seconds.

A support desk runs many single checks in a row; each would ask the explorer the same
questions (tip, fee levels, projected blocks, mempool, block interval). Within `ttl`
seconds (``[defaults] state_ttl``, ``TXDOCTOR_STATE_TTL``; 10 s by default for the CLI,
off with ``--no-cache``) the answer of an earlier run is used instead. Never a
transaction's own status: that is always asked. A state with errors (some provider
failed) is not kept, so a failure is not repeated from the cache; a state older than a
transaction's own block is refetched (see ``BitcoinSource.refresh_state``).

One small JSON file per chain and provider list, under ``<cache dir>/state-v1/``; a
corrupt, unreadable or foreign entry is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_TTL = 10.0
MAX_TTL = 300.0
VERSION = 1
_CHAIN = re.compile(r"^[a-z0-9-]+$")


class StateCache:
    def __init__(self, root: str | os.PathLike[str], ttl: float) -> None:
        self.root = Path(root) / f"state-v{VERSION}"
        self.ttl = min(max(ttl, 0.0), MAX_TTL)

    def _path(self, kind: str, chain: str, urls: list[str]) -> Path | None:
        if not _CHAIN.match(chain):
            return None
        digest = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:16]
        return self.root / f"{kind}-{chain}-{digest}.json"

    def get(self, kind: str, chain: str, urls: list[str]) -> dict[str, Any] | None:
        path = self._path(kind, chain, urls)
        if path is None or self.ttl <= 0:
            return None
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("at"), (int, float)):
            return None
        age = time.time() - data["at"]
        if not 0 <= age <= self.ttl or data.get("urls") != urls:
            return None
        state = data.get("state")
        return state if isinstance(state, dict) else None

    def put(self, kind: str, chain: str, urls: list[str], state: dict[str, Any]) -> None:
        path = self._path(kind, chain, urls)
        if path is None or self.ttl <= 0:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w") as f:
                json.dump({"at": time.time(), "urls": urls, "state": state}, f)
            os.replace(tmp, path)
        except OSError:
            return
