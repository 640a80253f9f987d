"""`txdoctor fees`: fee levels and congestion now, for a Bitcoin network or an EVM chain;
energy and bandwidth prices for TRON (:mod:`txdoctor.tron_fees`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from txdoctor.chains import get_chain
from txdoctor.checks.bitcoin import congestion_findings
from txdoctor.diagnose import Options, Session
from txdoctor.facts import BtcNetworkState
from txdoctor.model import EXIT_OK, EXIT_UNREACHABLE, SCHEMA_VERSION

if TYPE_CHECKING:
    from txdoctor.evm_facts import EvmChainState
    from txdoctor.tron_fees import TronFeesReport


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


GWEI = 10**9


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
        from txdoctor.checks.evm import congestion_findings as evm_congestion

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

    def text(self) -> list[str]:
        d = self.to_dict()
        lines = [f"Fees on {self.display}" + (f" at block {d['tip_height']}" if d["tip_height"] else "")]
        if not self.reachable:
            lines += unreachable_lines(self.chain, d["errors"])
        if d["next_base_fee_gwei"] is not None:
            lines.append(f"  next block base fee {d['next_base_fee_gwei']:g} gwei")
        for name, tip in (d["priority_fee_gwei"] or {}).items():
            if tip is not None:
                lines.append(f"  priority fee {name:<5}  {tip:g} gwei")
        c = d["congestion"]
        if c:
            lines.append(
                f"Congestion: {c['level']} (blocks {c['gas_used_ratio'] * 100:.0f} % full, "
                f"base fee x{c['base_fee_growth']:g} over {c['blocks']} blocks)"
            )
        return lines


async def fees_report(options: Options) -> FeesReport | EvmFeesReport | TronFeesReport:
    chain = get_chain(options.chain or "btc")
    async with Session(options) as session:
        if chain.family == "tron":
            from txdoctor.tron_fees import tron_fees_report

            return await tron_fees_report(session, chain)
        if chain.family == "evm":
            from txdoctor.evm import evm_source

            return EvmFeesReport(chain.name, chain.display, await evm_source(session, chain).state())
        if chain.family != "btc" or not session.config.urls(chain):
            raise ValueError(
                f"'fees' has no provider for {chain.name}: give one with --url {chain.name}=URL or "
                f"{chain.env_var}=URL (your own node: core+http://user:pass@127.0.0.1:PORT)"
            )
        state = await session.btc(chain).state()
    return FeesReport(chain.name, chain.display, state)


def by_provider(errors: Iterable[str]) -> list[str]:
    """Each failing provider once ("name: what went wrong"), however many requests failed."""
    seen: dict[str, list[str]] = {}
    for error in errors:
        name, _, detail = error.partition(": ")
        details = seen.setdefault(name, [])
        if detail and detail not in details:
            details.append(detail)
    return [f"{name}: {' / '.join(details)}" if details else name for name, details in seen.items()]


def unreachable_lines(chain: str, errors: list[str]) -> list[str]:
    env = get_chain(chain).env_var
    return [
        "UNREACHABLE: no provider answered.",
        *(f"  {error}" for error in errors),
        f"Next step: check the network connection, or ask another explorer or your own node "
        f"with --url {chain}=URL (or {env}=URL).",
    ]


def render_fees_json(report: FeesReport | EvmFeesReport | TronFeesReport, out: TextIO) -> None:
    """One compact line, like `check --json`; never NaN or Infinity."""
    from txdoctor.render.json import dumps

    out.write(dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")


def render_fees_text(report: FeesReport | EvmFeesReport | TronFeesReport, out: TextIO) -> None:
    from txdoctor.render.safe import printable

    out.write("\n".join(printable(line) for line in report.text()) + "\n")
