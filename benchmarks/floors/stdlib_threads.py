"""The floor of a CPython process sending the same GETs with the standard library alone.

`http.client` on one thread per URL, bodies read and parsed as JSON where they are, one
JSON line printed: what any Python tool pays before it diagnoses anything, if it drops
asyncio and every third-party HTTP library. Used by benchmarks/ratios.py (the ÷ curl row).
Plain http only: the benchmark's server is on 127.0.0.1.

    python stdlib_threads.py [--import MOD,MOD,...] URL...

--import first loads the given standard-library modules (ratios.py passes the ones
txdoctor's own modules import, asyncio aside): the floor of a synchronous txdoctor that
kept its code but dropped asyncio and httpcore.
"""

import http.client
import json
import sys
import threading
from urllib.parse import urlsplit

answers: dict[str, object] = {}
urls = sys.argv[1:]
if urls[:1] == ["--import"]:
    for name in urls[1].split(","):
        __import__(name)
    urls = urls[2:]


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


threads = [threading.Thread(target=get, args=(u,)) for u in urls]
for t in threads:
    t.start()
for t in threads:
    t.join()
sys.stdout.write(json.dumps(answers) + "\n")
