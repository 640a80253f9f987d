"""Run the txdoctor CLI with its built-in providers' hosts pointed at local fake servers.

For benchmarks of the default-provider paths (a bare txid searched on every network):
a `--url` or `TXDOCTOR_URL_*` would make the chain "custom" and switch that search off,
so instead the default URLs themselves are rewritten before the CLI starts.

    TXDOCTOR_BENCH_HOSTS='{"https://mempool.space": "http://127.0.0.1:40001", …}' \\
        python benchmarks/at_defaults.py check <txid> --json
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys


def redirect(hosts: dict[str, str]) -> None:
    from txdoctor.core import chains

    def swap(url: str) -> str:
        for real, fake in hosts.items():
            if url == real or url.startswith(real + "/"):
                return fake + url[len(real) :]
        return url

    for name, chain in list(chains.CHAINS.items()):
        urls = tuple(swap(u) for u in chain.default_urls)
        chains.CHAINS[name] = dataclasses.replace(chain, default_urls=urls)
    from txdoctor.families.bitcoin import esplora

    for origin in list(esplora.PLAIN_ESPLORA):  # a fake blockstream.info is plain Esplora too
        if origin in hosts:
            esplora.PLAIN_ESPLORA.append(hosts[origin])
    for family_list in ("BTC_CHAINS", "EVM_CHAINS", "TRON_CHAINS"):
        listed = getattr(chains, family_list, None)
        if isinstance(listed, list):
            listed[:] = [chains.CHAINS[c.name] for c in listed]


if __name__ == "__main__":
    redirect(json.loads(os.environ.get("TXDOCTOR_BENCH_HOSTS", "{}")))
    from txdoctor.cli import main

    sys.argv[0] = "txdoctor"
    main()
