"""`txdoctor fees` in English and Chinese: golden files for each family's report (and an
unreachable one), and no English word in the Chinese. Regenerate after a deliberate change:
``.venv/bin/python -m pytest tests/render --update-golden``."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import MEMPOOL, Explorer, congested_state, mount_fallthrough
from tests.golden_files import GOLDEN, compare
from tests.render.test_no_english import english_words
from txdoctor.cli import app

runner = CliRunner()
TRONGRID = "https://api.trongrid.io"
USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def _cli(args: list[str]) -> Callable[[respx.Router, str], str]:
    def run(router: respx.Router, lang: str) -> str:
        result = runner.invoke(app, ["fees", *args, "--lang", lang])
        assert result.exit_code in (0, 3), result.stderr
        return result.stdout

    return run


def btc_congested(router: respx.Router, lang: str) -> str:
    """Recorded: mempool.space's own 2024 init payload (8 projected blocks)."""
    Explorer(router, MEMPOOL).state(congested_state(), 890448)
    mount_fallthrough(router)
    return _cli([])(router, lang)


def btc_unreachable(router: respx.Router, lang: str) -> str:
    """One provider (with two, the order their errors arrive in varies)."""
    router.get(url__startswith=MEMPOOL).mock(return_value=httpx.Response(502))
    return _cli(["--timeout", "1", "--url", f"btc={MEMPOOL}"])(router, lang)


def ltc_room(router: respx.Router, lang: str) -> str:
    """Hand-built: estimatesmartfee levels over a mempool smaller than a block (tests/test_fees_room.py)."""
    from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels, MempoolState
    from txdoctor.families.bitcoin.fees_report import FeesReport

    fees = FeeLevels(fastest=20, half_hour=20, hour=20, economy=20, minimum=1, source="estimatesmartfee")
    state = BtcNetworkState(112, fees, (), MempoolState(2, 1026, 0))
    return "\n".join(FeesReport("ltc-regtest", "Litecoin regtest", state).text(lang)) + "\n"


def evm_busy(router: respx.Router, lang: str) -> str:
    """Hand-built: an eth_feeHistory over 5 full blocks (values made up, shaped as a node answers)."""
    from txdoctor.families.evm.facts import BlockHead, EvmChainState, FeeHistory
    from txdoctor.families.evm.fees_report import EvmFeesReport

    gwei = 10**9
    history = FeeHistory(
        oldest_block=21_000_000,
        base_fees=(10 * gwei, 11 * gwei, 12 * gwei, 14 * gwei, 16 * gwei, 18 * gwei),
        gas_used_ratios=(0.97, 0.99, 0.95, 0.98, 0.96),
        percentiles=(10, 50, 90),
        rewards=tuple((gwei // 100, gwei // 10, 2 * gwei) for _ in range(5)),
    )
    latest = BlockHead(21_000_004, None, None, 16 * gwei)
    state = EvmChainState("eth", 1, latest, fee_history=history)
    return "\n".join(EvmFeesReport("eth", "Ethereum", state).text(lang)) + "\n"


def tron(router: respx.Router, lang: str) -> str:
    """Recorded: TronGrid's getchainparameters and getaccountresource (tests/families/tron/test_fees.py)."""
    from tests.families.tron.helpers import TronGrid, load

    grid = TronGrid(router, TRONGRID)
    grid.resources[USDT] = load("getaccountresource_tatum_docs.json")
    return _cli(["--chain", "tron"])(router, lang)


def tron_unreachable(router: respx.Router, lang: str) -> str:
    router.post(TRONGRID + "/wallet/getchainparameters").mock(return_value=httpx.Response(503))
    router.post(TRONGRID + "/wallet/getaccountresource").mock(return_value=httpx.Response(503))
    return _cli(["--chain", "tron-nile", "--url", f"tron-nile={TRONGRID}"])(router, lang)


SCENARIOS: dict[str, Callable[[respx.Router, str], str]] = {
    "btc-congested": btc_congested,
    "btc-unreachable": btc_unreachable,
    "ltc-room-in-next-block": ltc_room,
    "evm-busy": evm_busy,
    "tron": tron,
    "tron-unreachable": tron_unreachable,
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_fees_golden(name: str, lang: str, router: respx.Router, update_golden: bool) -> None:
    text = SCENARIOS[name](router, lang)
    compare(GOLDEN / "fees" / f"{name}.{lang}.txt", text, update_golden)
    if lang == "zh":
        assert english_words(QUOTED.sub(" ", text)) == set(), text


# A failing provider's own error (quoted as it was said), and percentile names (p50: a JSON key).
QUOTED = re.compile(r"(?m)^  \S+://\S+: .*$|\bp\d+\b")
