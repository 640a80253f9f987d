"""`txdoctor fees` on a Bitcoin network or Litecoin: fee levels, projected blocks, congestion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from txdoctor.checks.bitcoin import congestion_findings
from txdoctor.core.feesreport import by_provider, unreachable_lines
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
            "errors": by_provider(s.errors),
        }

    def text(self) -> list[str]:
        d = self.to_dict()
        lines = [f"Fees on {self.display}" + (f" at height {d['tip_height']}" if d["tip_height"] else "")]
        if not self.reachable:
            lines += unreachable_lines(self.chain, d["errors"])
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
        if d["fees"] and c and not d["projected_blocks"] and c["next_block_fee"] == d["fees"]["minimum"]:
            lines.append(  # the estimates come from past blocks (txdoctor.checks.fees.room_in_next_block)
                f"  the whole mempool fits in the next block: any rate from {d['fees']['minimum']:g} "
                "sat/vB goes in now"
            )
        for n, b in enumerate(d["projected_blocks"][:8]):
            low, median = b["min_fee"], b["median_fee"]
            lines.append(f"  projected block {n + 1}: from {low:g} sat/vB, median {median:g}")
        return lines
