"""The floor of a CPython process sending the same GETs with txdoctor's own HTTP stack.

asyncio (the event loop every txdoctor check runs on) and one httpcore connection pool
(what a single check sends through), the GETs gathered at once, bodies read and parsed
as JSON where they are, one JSON line printed: everything a txdoctor check pays for its
libraries, with no diagnosis. Used by benchmarks/ratios.py (the ÷ curl rows).
"""

import asyncio
import json
import sys

import httpcore


async def main(urls: list[str]) -> dict[str, object]:
    answers: dict[str, object] = {}
    async with httpcore.AsyncConnectionPool(max_connections=10) as pool:

        async def get(url: str) -> None:
            reply = await pool.request("GET", url)
            try:
                answers[url] = [reply.status, json.loads(reply.content)]
            except ValueError:
                answers[url] = [reply.status, reply.content.decode("utf-8", "replace")]

        await asyncio.gather(*(get(u) for u in urls))
    return answers


sys.stdout.write(json.dumps(asyncio.run(main(sys.argv[1:]))) + "\n")
