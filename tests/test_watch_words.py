"""`txdoctor watch --lang zh`: the live status line, the timeout (its stderr line and its
finding), the final report and JSON messages in Chinese; English unchanged (tests/test_watch.py)."""

from __future__ import annotations

import io
import json

import respx

from tests.esplora_mock import MEMPOOL, Explorer, mount_fallthrough, quiet_state
from tests.render.test_no_english import english_words
from tests.test_watch import PENDING, confirmed_copy
from txdoctor.core.session import Options
from txdoctor.model import Category, Diagnosis, Finding, Kind, Severity, Verdict
from txdoctor.runner import run_watch, status_line


def _watch(router: respx.Router, json_out: bool) -> tuple[int, str, str]:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    m.tx(confirmed_copy(890448))
    mount_fallthrough(router)
    out, err = io.StringIO(), io.StringIO()
    code = run_watch(
        PENDING["txid"], Options(lang="zh"), confirmations=6, interval=0.05, max_wait=0.2,
        json_out=json_out, out=out, err=err,
    )  # fmt: skip
    return code, out.getvalue(), err.getvalue()


def test_a_timeout_in_chinese(router: respx.Router) -> None:
    code, out, err = _watch(router, json_out=False)
    flat = "".join(line.strip() for line in out.splitlines())
    assert code == 4
    assert err == "txdoctor: 跟踪已超时：0.2 秒内未达到目标\n"
    assert "跟踪已超时：等了 0.2 秒（--max-wait），确认数为 1，未达到要求的 6 个；交易目前已确认。" in flat
    assert "请重新运行 'txdoctor watch" in flat and "\n下一步\n" in out
    assert english_words(out + err) == set(), out


def test_a_timeout_in_chinese_json_keeps_the_contract(router: respx.Router) -> None:
    code, out, _err = _watch(router, json_out=True)
    last = json.loads(out.splitlines()[-1])
    assert code == 4 and last["lang"] == "zh" and last["verdict"] == "confirmed"
    timeout = next(f for f in last["findings"] if f["code"] == "WATCH_TIMED_OUT")
    assert timeout["evidence"] == {"max_wait_s": 0.2, "confirmations": 1, "confirmations_wanted": 6}
    assert timeout["message"].startswith("跟踪已超时")
    assert english_words(timeout["message"] + timeout["advice"]) == set()


def test_the_status_line_in_chinese() -> None:
    fee = Finding(
        "EVM_FEE_BELOW_BASE_FEE", Category.FEE, Severity.ERROR, "m",
        evidence={"fee_cap_gwei": 2, "next_base_fee_gwei": 3},
    )  # fmt: skip
    d = Diagnosis("0x" + "ab" * 32, Kind.TXID, "eth", Verdict.STUCK, (fee,), {"confirmations": 0})
    assert status_line(d, "zh") == "长时间未确认 · 最高手续费 2 Gwei，基础费用 3 Gwei"
    btc = Finding(
        "BTC_FEE_TOO_LOW", Category.FEE, Severity.WARNING, "m",
        evidence={"projected_block": 2, "effective_fee_rate": 2.6, "next_block_fee": 8},
    )  # fmt: skip
    d = Diagnosis("ab" * 32, Kind.TXID, "btc", Verdict.PENDING, (btc,), {"confirmations": 3})
    assert status_line(d, "zh") == "待确认 · 确认数 3 · 预计第 3 个区块 · 2.6 sat/vB，下一个区块 8"
    assert status_line(d) == "pending · 3 confirmations · projected block 3 · 2.6 sat/vB vs next block 8"
