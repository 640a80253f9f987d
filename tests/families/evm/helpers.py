"""Helpers for the EVM tests: run a diagnosis through the public API, pick findings."""

from __future__ import annotations

import asyncio

from tests.findings_helpers import codes, evidence, finding
from txdoctor.core.dispatch import diagnose_many
from txdoctor.core.session import Options
from txdoctor.model import Diagnosis


def check(text: str, env: dict[str, str], chain: str | None = None, **urls: str | list[str]) -> Diagnosis:
    """One diagnosis through the public API (Options + diagnose_many), with --url overrides.

    ``env`` is the environment txdoctor sees; its TXDOCTOR_CACHE_DIR becomes the cache directory
    (as the CLI does), none without it."""
    url_lists = {k: ([v] if isinstance(v, str) else list(v)) for k, v in urls.items()}
    options = Options(
        chain=chain,
        urls=url_lists,
        environ={k: v for k, v in env.items() if k != "TXDOCTOR_CACHE_DIR"},
        cache_dir=env.get("TXDOCTOR_CACHE_DIR"),
        timeout=5.0,
        retries=0,
    )
    return asyncio.run(diagnose_many([text], options))[0]


__all__ = ["codes", "evidence", "finding"]
