"""`txdoctor fees`: fee levels and congestion now, for one chain — each family's own report
(fee rates and projected blocks for Bitcoin's networks and Litecoin, base and priority fees
for an EVM chain, energy and bandwidth prices for TRON), found through the family table."""

from __future__ import annotations

from typing import TextIO

from txdoctor.core.chains import get_chain
from txdoctor.core.families import FeesReport, family_of
from txdoctor.core.session import Options, Session


async def fees_report(options: Options) -> FeesReport:
    """The report of ``--chain`` (Bitcoin mainnet by default); a ValueError when it has no provider."""
    chain = get_chain(options.chain or "btc")
    async with Session(options) as session:
        return await family_of(chain).hooks().fees_report(session, chain)


def render_fees_json(report: FeesReport, out: TextIO) -> None:
    """One compact line, like `check --json`; never NaN or Infinity."""
    from txdoctor.render.json import dumps

    out.write(dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")


def render_fees_text(report: FeesReport, out: TextIO, lang: str = "en") -> None:
    from txdoctor.render.safe import printable

    out.write("\n".join(printable(line) for line in report.text(lang)) + "\n")
