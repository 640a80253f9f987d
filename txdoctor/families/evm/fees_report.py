"""`txdoctor fees` on an EVM chain: base fee, priority fees, congestion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from txdoctor.core.feesreport import by_provider, title, unreachable_lines, words
from txdoctor.families.evm.units import GWEI
from txdoctor.messages import Term
from txdoctor.model import EXIT_OK, EXIT_UNREACHABLE, SCHEMA_VERSION

if TYPE_CHECKING:
    from txdoctor.families.evm.facts import EvmChainState


@dataclass(frozen=True)
class EvmFeesReport:
    chain: str
    display: str
    state: EvmChainState

    @property
    def reachable(self) -> bool:
        return self.state.latest is not None or self.state.fee_history is not None

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.reachable else EXIT_UNREACHABLE

    def to_dict(self) -> dict[str, Any]:
        from txdoctor.families.evm.checks.congestion import congestion_findings as evm_congestion

        s = self.state
        history = s.fee_history
        congestion = next(iter(evm_congestion(history, None)), None) if history is not None else None

        def gwei(wei: int | None) -> float | None:
            return round(wei / GWEI, 4) if wei is not None else None

        tips = None
        if history is not None and history.percentiles:
            tips = {f"p{p:g}": gwei(history.reward_percentile(p)) for p in history.percentiles}
        return {
            "schema_version": SCHEMA_VERSION,
            "chain": self.chain,
            "reachable": self.reachable,
            "tip_height": s.latest.number if s.latest is not None else None,
            "base_fee_gwei": gwei(s.latest.base_fee) if s.latest is not None else None,
            "next_base_fee_gwei": gwei(s.next_base_fee),
            "priority_fee_gwei": tips,
            "congestion": congestion.evidence if congestion else None,
            "errors": by_provider(s.errors),
        }

    def text(self, lang: str = "en") -> list[str]:
        d, cat = self.to_dict(), words(lang)
        lines = [title(cat, self.chain, d["tip_height"], "fees.title_block")]
        if not self.reachable:
            lines += unreachable_lines(self.chain, d["errors"], cat)
        if d["next_base_fee_gwei"] is not None:
            lines.append("  " + cat.text("fees.evm.next_base_fee", fee=f"{d['next_base_fee_gwei']:g}"))
        for name, tip in (d["priority_fee_gwei"] or {}).items():
            if tip is not None:
                lines.append("  " + cat.text("fees.evm.priority_fee", name=f"{name:<5}", tip=f"{tip:g}"))
        c = d["congestion"]
        if c:
            lines.append(
                cat.text(
                    "fees.congestion_evm",
                    level=Term(f"value.level.{c['level']}"),
                    full=f"{c['gas_used_ratio'] * 100:.0f}",
                    growth=f"{c['base_fee_growth']:g}",
                    blocks=c["blocks"],
                )
            )
        return lines
