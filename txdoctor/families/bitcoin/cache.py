"""On-disk cache of transactions that can no longer change.

Only a Bitcoin transaction confirmed at least REORG_SAFE_DEPTH blocks deep is kept:
it is immutable for practical purposes. Pending state is never cached. The cache is a
directory of small JSON files (the platform's user cache dir by default); a corrupt or
unreadable entry is ignored and overwritten.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from txdoctor.families.bitcoin.facts import BtcTx

REORG_SAFE_DEPTH = 6
CACHE_VERSION = 1
_SAFE_NAME = re.compile(r"^[0-9a-f]{64}$")


class TxCache:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, chain: str, txid: str) -> Path | None:
        if not _SAFE_NAME.match(txid) or not re.match(r"^[a-z0-9-]+$", chain):
            return None
        return self.root / f"v{CACHE_VERSION}" / chain / f"{txid}.json"

    def get(self, chain: str, txid: str) -> BtcTx | None:
        path = self._path(chain, txid)
        if path is None or not path.is_file():
            return None
        try:
            return _tx_from_dict(json.loads(path.read_text()))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, chain: str, tx: BtcTx, confirmations: int | None) -> bool:
        """Keep a tx that is confirmed deep enough; return whether it was stored."""
        if not tx.confirmed or confirmations is None or confirmations < REORG_SAFE_DEPTH:
            return False
        path = self._path(chain, tx.txid)
        if path is None:
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w") as f:
                json.dump(asdict(tx), f)
            os.replace(tmp, path)
        except OSError:
            return False
        return True


def _tx_from_dict(d: dict[str, Any]) -> BtcTx:
    from txdoctor.families.bitcoin.facts import BtcInput, BtcOutput, BtcTx

    return BtcTx(
        txid=str(d["txid"]),
        vsize=int(d["vsize"]),
        weight=int(d["weight"]),
        fee=None if d["fee"] is None else int(d["fee"]),
        inputs=tuple(BtcInput(**i) for i in d["inputs"]),
        outputs=tuple(BtcOutput(**o) for o in d["outputs"]),
        confirmed=bool(d["confirmed"]),
        block_height=d["block_height"],
        block_hash=d["block_hash"],
        block_time=d["block_time"],
    )
