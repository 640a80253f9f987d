"""`txdoctor fees` on a Bitcoin network or Litecoin: fee levels, projected blocks, congestion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from txdoctor.core.feesreport import aligned, by_provider, title, unreachable_lines, words
from txdoctor.families.bitcoin.checks import congestion_findings
from txdoctor.families.bitcoin.facts import BtcNetworkState
from txdoctor.messages import Term
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

    def text(self, lang: str = "en") -> list[str]:
        d, cat = self.to_dict(), words(lang)
        lines = [title(cat, self.chain, d["tip_height"])]
        if not self.reachable:
            lines += unreachable_lines(self.chain, d["errors"], cat)
        if d["fees"]:
            f = d["fees"]
            keys = (
                ("next_block", "fastest"),
                ("half_hour", "half_hour"),
                ("hour", "hour"),
                ("economy", "economy"),
            )
            rows = [(key, f[field]) for key, field in (*keys, ("minimum", "minimum"))]
            lines += aligned(
                [(cat.text(f"fees.btc.{k}"), cat.text("fees.btc.rate", rate=f"{v:g}")) for k, v in rows], 1
            )
        c = d["congestion"]
        if c:
            level = Term(f"value.level.{c['level']}")
            lines.append(cat.text("fees.congestion_btc", level=level, backlog=f"{c['backlog_blocks']:g}"))
        if d["fees"] and c and not d["projected_blocks"] and c["next_block_fee"] == d["fees"]["minimum"]:
            # the estimates come from past blocks (txdoctor.families.bitcoin.fee_checks.room_in_next_block)
            lines.append("  " + cat.text("fees.btc.whole_mempool_fits", rate=f"{d['fees']['minimum']:g}"))
        for n, b in enumerate(d["projected_blocks"][:8]):
            low, median = f"{b['min_fee']:g}", f"{b['median_fee']:g}"
            lines.append("  " + cat.text("fees.btc.projected_block", n=n + 1, low=low, median=median))
        return lines
