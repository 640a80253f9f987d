"""The memory of EVM transactions seen pending on earlier runs (the replaced/dropped evidence)."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # read before the first request: the records load only for an entry found
    from txdoctor.families.evm.facts import EvmChainState, EvmTx, SeenPending

SEEN_FILE = "evm-seen-pending.json"
SEEN_MAX = 500
SEEN_MAX_AGE = 30 * 86400


class SeenStore:
    """Transactions seen pending on earlier runs, in the cache directory (``--no-cache``: none).

    One small JSON file, ``{hash: {chain, sender, nonce, fees, seen_at, seen_block,
    seen_block_hash}}``, at most SEEN_MAX entries of at most SEEN_MAX_AGE. It is evidence,
    never an answer: a hash found in it is still checked against the chain (the sender's
    nonce now, and that the block seen then is still in the chain). Reading or writing it
    never fails a diagnosis: a broken file is ignored.
    """

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        self.path = Path(directory) / SEEN_FILE if directory else None
        self._data: dict[str, dict[str, Any]] | None = None

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            self._data = {}
            if self.path is not None:
                with contextlib.suppress(OSError, ValueError):
                    raw = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(raw, dict):
                        self._data = {k: v for k, v in raw.items() if isinstance(v, dict)}
        return self._data

    def get(self, tx_hash: str) -> SeenPending | None:
        entry = self._load().get(tx_hash)
        if entry is None:
            return None
        from txdoctor.families.evm.facts import SeenPending

        try:
            return SeenPending(
                chain=str(entry["chain"]),
                hash=tx_hash,
                sender=str(entry["sender"]),
                nonce=int(entry["nonce"]),
                seen_at=int(entry["seen_at"]),
                seen_block=_opt_int(entry.get("seen_block")),
                seen_block_hash=entry.get("seen_block_hash")
                if isinstance(entry.get("seen_block_hash"), str)
                else None,
                max_fee_per_gas=_opt_int(entry.get("max_fee_per_gas")),
                max_priority_fee_per_gas=_opt_int(entry.get("max_priority_fee_per_gas")),
                gas_price=_opt_int(entry.get("gas_price")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, chain: str, tx: EvmTx, state: EvmChainState, now: float | None = None) -> None:
        if self.path is None:
            return
        data = self._load()
        latest = state.latest
        data[tx.hash] = {
            "chain": chain,
            "sender": tx.sender,
            "nonce": tx.nonce,
            "seen_at": int(now if now is not None else time.time()),
            "seen_block": latest.number if latest else None,
            "seen_block_hash": latest.hash if latest else None,
            "max_fee_per_gas": _str_or_none(tx.max_fee_per_gas),
            "max_priority_fee_per_gas": _str_or_none(tx.max_priority_fee_per_gas),
            "gas_price": _str_or_none(tx.gas_price),
        }
        self._save()

    def forget(self, tx_hash: str) -> None:
        if self.path is None or tx_hash not in self._load():
            return
        del self._load()[tx_hash]
        self._save()

    def _save(self) -> None:
        if self.path is None or self._data is None:
            return
        cutoff = time.time() - SEEN_MAX_AGE
        items = [(k, v) for k, v in self._data.items() if (_opt_int(v.get("seen_at")) or 0) >= cutoff]
        items = sorted(items, key=lambda kv: _opt_int(kv[1].get("seen_at")) or 0)[-SEEN_MAX:]
        self._data = dict(items)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._data, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)


def _opt_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)
