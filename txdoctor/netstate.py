"""`txdoctor fees`: fee levels, projected blocks and congestion for a Bitcoin network."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TextIO

from txdoctor.chains import get_chain
from txdoctor.checks.bitcoin import congestion_findings
from txdoctor.diagnose import Options, Session
from txdoctor.facts import BtcNetworkState
from txdoctor.model import EXIT_OK, EXIT_UNREACHABLE, SCHEMA_VERSION


@dataclass(frozen=True)
class FeesReport:
    chain: str
    display: str
    state: BtcNetworkState

    @property
    def reachable(self) -> bool:
        return self.state.fees is not None or bool(self.state.projected_blocks)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.reachable else EXIT_UNREACHABLE

    def to_dict(self) -> dict[str, Any]:
        s = self.state
        congestion = next(iter(congestion_findings(s)), None)
        return {
            "schema_version": SCHEMA_VERSION,
            "chain": self.chain,
            "reachable": self.reachable,
            "tip_height": s.tip_height,
            "fees": None
            if s.fees is None
            else {
                "fastest": s.fees.fastest,
                "half_hour": s.fees.half_hour,
                "hour": s.fees.hour,
                "economy": s.fees.economy,
                "minimum": s.fees.minimum,
                "source": s.fees.source,
            },
            "projected_blocks": [
                {
                    "median_fee": round(b.median_fee, 2),
                    "min_fee": round(b.min_fee, 2),
                    "vsize": b.vsize,
                    "n_tx": b.n_tx,
                }
                for b in s.projected_blocks
            ],
            "congestion": congestion.evidence if congestion else None,
            "errors": list(s.errors),
        }


async def fees_report(options: Options) -> FeesReport:
    chain = get_chain(options.chain or "btc")
    if chain.family != "btc":
        raise ValueError(f"'fees' supports the Bitcoin networks for now, not {chain.name}")
    async with Session(options) as session:
        state = await session.btc(chain).state()
    return FeesReport(chain.name, chain.display, state)


def render_fees_json(report: FeesReport, out: TextIO) -> None:
    out.write(json.dumps(report.to_dict(), indent=2) + "\n")


def render_fees_text(report: FeesReport, out: TextIO) -> None:
    d = report.to_dict()
    lines = [f"Fees on {report.display}" + (f" at height {d['tip_height']}" if d["tip_height"] else "")]
    if not report.reachable:
        lines.append("UNREACHABLE: no explorer answered: " + "; ".join(d["errors"]))
    if d["fees"]:
        f = d["fees"]
        lines += [
            f"  next block      {f['fastest']:g} sat/vB",
            f"  ~30 minutes     {f['half_hour']:g} sat/vB",
            f"  ~1 hour         {f['hour']:g} sat/vB",
            f"  economy         {f['economy']:g} sat/vB",
            f"  mempool minimum {f['minimum']:g} sat/vB",
        ]
    c = d["congestion"]
    if c:
        lines.append(f"Congestion: {c['level']} ({c['backlog_blocks']:g} blocks' worth waiting)")
    for n, b in enumerate(d["projected_blocks"][:8]):
        lines.append(f"  projected block {n + 1}: from {b['min_fee']:g} sat/vB, median {b['median_fee']:g}")
    out.write("\n".join(lines) + "\n")
