"""The floor of a CPython process sending the same GETs with the standard library alone.

`http.client` on one thread per URL, bodies read and parsed as JSON where they are, one
JSON line printed: what any Python tool pays before it diagnoses anything, if it drops
asyncio and every third-party HTTP library. Used by benchmarks/ratios.py (the ÷ curl row).
Plain http only: the benchmark's server is on 127.0.0.1.
"""

import http.client
import json
import sys
import threading
from urllib.parse import urlsplit

answers: dict[str, object] = {}


def get(url: str) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("GET", parts.path)
        reply = conn.getresponse()
        body = reply.read()
        try:
            answers[url] = [reply.status, json.loads(body)]
        except ValueError:
            answers[url] = [reply.status, body.decode("utf-8", "replace")]
    finally:
        conn.close()


threads = [threading.Thread(target=get, args=(u,)) for u in sys.argv[1:]]
for t in threads:
    t.start()
for t in threads:
    t.join()
sys.stdout.write(json.dumps(answers) + "\n")
