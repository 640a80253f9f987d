"""EVM transaction diagnoses against a real node (anvil): every verdict proven on-chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import mount_fallthrough
from tests.families.evm.anvil import DEV, Anvil, calldata
from tests.families.evm.helpers import check, codes, evidence, finding
from txdoctor.cli import app
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Severity, Verdict

pytestmark = pytest.mark.anvil

RECIPIENT = "0x1111111111111111111111111111111111111111"


# ------------------------------------------------------------------ success


def test_success_counts_confirmations_and_finality(eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    h = eth_node.mined(DEV[0], RECIPIENT, value=10**15)
    block = int(eth_node.receipt(h)["blockNumber"], 16)
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.CONFIRMED
    assert d.chain == "eth"
    ev = evidence(d, "EVM_TX_SUCCESS")
    latest = eth_node.block_number()
    assert ev["block_number"] == block
    assert ev["confirmations"] == latest - block + 1
    # anvil's "safe" is latest - 32 and "finalized" latest - 64: a fresh block is neither
    assert ev["safe"] is False and ev["finalized"] is False
    assert ev["gas_used"] == 21000
    assert d.facts["value"] == str(10**15)
    assert d.facts["status"] == "success"
    assert d.facts["chain_id"] == 1
    assert d.facts["fee_paid"] == str(21000 * int(eth_node.receipt(h)["effectiveGasPrice"], 16))
    assert "EVM_CONGESTION" not in codes(d)  # congestion is noise for a mined transfer

    eth_node.mine(70)
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    ev = evidence(d, "EVM_TX_SUCCESS")
    assert ev["confirmations"] == eth_node.block_number() - block + 1
    assert ev["safe"] is True and ev["finalized"] is True
    assert "finalized" in finding(d, "EVM_TX_SUCCESS").message


def cli_json(node: Anvil, tx_hash: str, env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """`txdoctor check HASH --chain eth --url eth=NODE --json`: the exit code and the JSON."""
    result = CliRunner().invoke(
        app, ["check", tx_hash, "--chain", "eth", "--url", f"eth={node.url}", "--json"], env=env
    )
    assert result.stdout.strip(), result.output
    return result.exit_code, json.loads(result.stdout)


def test_success_through_cli_json(eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    h = eth_node.mined(DEV[1], RECIPIENT, value=1)
    exit_code, out = cli_json(eth_node, h, txdoctor_env)
    assert exit_code == 0
    assert out["verdict"] == "confirmed"
    assert out["findings"][0]["code"] == "EVM_TX_SUCCESS"
    assert out["facts"]["hash"] == h
    assert out["facts"]["from"] == DEV[1]
    assert out["facts"]["to"] == RECIPIENT


def test_hash_without_0x_and_an_evm_chain_is_accepted(eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    h = eth_node.mined(DEV[1], RECIPIENT, value=2)
    d = check(h[2:], txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.CONFIRMED
    assert evidence(d, "EVM_HASH_NO_PREFIX")["hash"] == h


# ------------------------------------------------------------------- failed


def test_revert_reason_is_decoded(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]
) -> None:
    contract = eth_node.deploy(bytecode["Reverter"], DEV[2])
    h = eth_node.mined(DEV[2], contract, data=calldata("fail()"), gas=200_000)
    rc = eth_node.receipt(h)
    assert rc["status"] == "0x0"
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.FAILED
    ev = evidence(d, "EVM_TX_REVERTED")
    assert ev["revert_kind"] == "error"
    assert ev["revert_reason"] == "Reverter: always fails"
    fee = int(rc["gasUsed"], 16) * int(rc["effectiveGasPrice"], 16)
    assert ev["fee_paid"] == str(fee)
    assert ev["gas_used"] < ev["gas_limit"] == 200_000
    assert "'Reverter: always fails'" in finding(d, "EVM_TX_REVERTED").message
    assert "EVM_TX_OUT_OF_GAS" not in codes(d)
    assert d.facts["revert_reason"] == "Reverter: always fails"
    assert d.facts["status"] == "failed"


def test_panic_and_custom_error_are_named(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]
) -> None:
    contract = eth_node.deploy(bytecode["Reverter"], DEV[2])
    panic = eth_node.mined(DEV[2], contract, data=calldata("divide(uint256)", 0), gas=200_000)
    custom = eth_node.mined(DEV[2], contract, data=calldata("custom()"), gas=200_000)
    d = check(panic, txdoctor_env, "eth", eth=eth_node.url)
    ev = evidence(d, "EVM_TX_REVERTED")
    assert d.verdict is Verdict.FAILED
    assert ev["revert_kind"] == "panic"
    assert ev["panic_code"] == 0x12
    assert ev["revert_reason"] == "Panic 0x12: division or modulo by zero"
    d = check(custom, txdoctor_env, "eth", eth=eth_node.url)
    ev = evidence(d, "EVM_TX_REVERTED")
    assert ev["revert_kind"] == "custom"
    assert ev["revert_selector"] == "fa5cd00f"  # NotAllowed(address)


def test_out_of_gas(eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]) -> None:
    burner = eth_node.deploy(bytecode["GasBurner"], DEV[3])
    h = eth_node.mined(DEV[3], burner, data=calldata("burn(uint256)", 50), gas=130_000)
    rc = eth_node.receipt(h)
    assert rc["status"] == "0x0"
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.FAILED
    ev = evidence(d, "EVM_TX_OUT_OF_GAS")
    assert ev["gas_used"] == ev["gas_limit"] == 130_000
    assert ev["fee_paid"] == str(130_000 * int(rc["effectiveGasPrice"], 16))
    assert ev["revert_kind"] == "out_of_gas"
    assert "EVM_TX_REVERTED" not in codes(d)


def test_failed_through_cli_exits_1(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]
) -> None:
    contract = eth_node.deploy(bytecode["Reverter"], DEV[2])
    h = eth_node.mined(DEV[2], contract, data=calldata("fail()"), gas=200_000)
    exit_code, out = cli_json(eth_node, h, txdoctor_env)
    assert exit_code == 1
    assert out["verdict"] == "failed"
    assert out["findings"][0]["code"] == "EVM_TX_REVERTED"
    assert out["facts"]["revert_reason"] == "Reverter: always fails"


# ------------------------------------------------------------------- tokens


def test_erc20_transfer_and_tokens_sent_to_the_token_itself(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]
) -> None:
    token = eth_node.deploy(bytecode["TestToken"], DEV[4])
    h = eth_node.mined(
        DEV[4], token, data=calldata("transfer(address,uint256)", RECIPIENT, 1_500_000), gas=100_000
    )
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.CONFIRMED
    ev = evidence(d, "EVM_TOKEN_TRANSFER")
    assert ev == {
        "token": token,
        "symbol": "TST",
        "decimals": 6,
        "from": DEV[4],
        "to": RECIPIENT,
        "amount": "1500000",
        "amount_display": "1.5",
        "source": "log",
    }
    assert "1.5 TST" in finding(d, "EVM_TOKEN_TRANSFER").message
    assert "EVM_TOKEN_TO_CONTRACT_ITSELF" not in codes(d)
    assert d.facts["token_transfers"] == [
        {
            "token": token,
            "symbol": "TST",
            "decimals": 6,
            "from": DEV[4],
            "to": RECIPIENT,
            "amount": "1500000",
            "source": "log",
        }
    ]

    lost = eth_node.mined(
        DEV[4], token, data=calldata("transfer(address,uint256)", token, 2_000_000), gas=100_000
    )
    d = check(lost, txdoctor_env, "eth", eth=eth_node.url)
    # Mined, but the tokens reached no one: an error finding never sits under an exit-0
    # verdict (docs/contract.md), so the headline says failed.
    assert (d.verdict, d.exit_code) == (Verdict.FAILED, 1)
    assert d.facts["confirmations"] >= 1
    f = finding(d, "EVM_TOKEN_TO_CONTRACT_ITSELF")
    assert f.severity is Severity.ERROR
    assert f.evidence == {"token": token, "symbol": "TST", "amount": "2000000", "recipient": token}
    assert evidence(d, "EVM_TOKEN_TRANSFER")["amount_display"] == "2"


def test_token_sent_to_another_token_contract(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str]
) -> None:
    token = eth_node.deploy(bytecode["TestToken"], DEV[4])
    other = eth_node.deploy(bytecode["TestToken"], DEV[4])
    h = eth_node.mined(DEV[4], token, data=calldata("transfer(address,uint256)", other, 5), gas=100_000)
    d = check(h, txdoctor_env, "eth", eth=eth_node.url)
    f = finding(d, "EVM_RECIPIENT_IS_CONTRACT")
    assert f.severity is Severity.WARNING
    assert f.evidence["address"] == other
    assert f.evidence["token_contract"] is True
    assert f.evidence["code_size"] > 0


# ------------------------------------------------------------------ pending


def test_underpriced_pending_tx_is_stuck_with_the_replacement(
    fresh_eth_node: Anvil, txdoctor_env: dict[str, str]
) -> None:
    node = fresh_eth_node
    node.automine(False)
    base = node.next_base_fee()
    h = node.send(DEV[5], RECIPIENT, value=1, maxFeePerGas=base + GWEI, maxPriorityFeePerGas=GWEI, gas=21000)
    node.rpc("anvil_setNextBlockBaseFeePerGas", hex(3 * base))  # do not mine: anvil would drop it
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.STUCK
    assert {"EVM_TX_PENDING", "EVM_FEE_BELOW_BASE_FEE", "EVM_ACTION_REPLACE"} <= set(codes(d))
    fee = evidence(d, "EVM_FEE_BELOW_BASE_FEE")
    assert fee["next_base_fee"] == 3 * base
    assert fee["max_fee_per_gas"] == base + GWEI
    assert fee["shortfall"] == 3 * base - (base + GWEI)
    plan = evidence(d, "EVM_ACTION_REPLACE")
    assert plan["nonce"] == 0
    # +10 % on both fields at least, and the max fee above twice the next base fee plus the tip
    assert plan["min_max_priority_fee_per_gas"] == GWEI * 110 // 100
    assert plan["min_max_fee_per_gas"] == -(-(base + GWEI) * 110 // 100)
    assert plan["new_max_priority_fee_per_gas"] >= plan["min_max_priority_fee_per_gas"]
    assert plan["new_max_fee_per_gas"] >= max(
        plan["min_max_fee_per_gas"], 6 * base + plan["new_max_priority_fee_per_gas"]
    )
    assert plan["new_max_fee_per_gas"] > 3 * base
    assert plan["new_max_fee_gwei"] in finding(d, "EVM_ACTION_REPLACE").message
    assert d.facts["status"] == "pending"

    # The advice works: a replacement with these fees is accepted and mined.
    r = node.send(
        DEV[5],
        RECIPIENT,
        value=1,
        nonce=0,
        gas=21000,
        maxFeePerGas=plan["new_max_fee_per_gas"],
        maxPriorityFeePerGas=plan["new_max_priority_fee_per_gas"],
    )
    node.mine()
    assert node.receipt(r)["status"] == "0x1"
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.REPLACED  # remembered from the first check
    assert evidence(d, "EVM_TX_REPLACED")["nonce"] == 0


def test_dropped_after_being_seen_pending(fresh_eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    node = fresh_eth_node
    node.automine(False)
    base = node.next_base_fee()
    h = node.send(DEV[5], RECIPIENT, value=1, maxFeePerGas=base + GWEI, maxPriorityFeePerGas=GWEI, gas=21000)
    node.rpc("anvil_setNextBlockBaseFeePerGas", hex(3 * base))
    assert check(h, txdoctor_env, "eth", eth=node.url).verdict is Verdict.STUCK
    node.mine()  # anvil drops the underpriced transaction here
    assert node.rpc("eth_getTransactionByHash", h) is None
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.NOT_FOUND
    ev = evidence(d, "EVM_TX_DROPPED")
    assert ev["nonce"] == 0 and ev["mined_nonce"] == 0
    assert evidence(d, "NET_NOT_FOUND_CAUSE")["cause"] == "dropped_or_expired"
    # Without the memory (another cache directory) it is a plain not-found.
    other_env = {"TXDOCTOR_CACHE_DIR": txdoctor_env["TXDOCTOR_CACHE_DIR"] + "-other"}
    d = check(h, other_env, "eth", eth=node.url)
    assert codes(d) == ["EVM_TX_NOT_FOUND", "NET_NOT_FOUND_CAUSE"]
    assert evidence(d, "NET_NOT_FOUND_CAUSE")["cause"] == "never_broadcast"


def test_healthy_pending_tx_waits(fresh_eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    node = fresh_eth_node
    node.automine(False)
    base = node.next_base_fee()
    h = node.send(DEV[6], RECIPIENT, value=1, maxFeePerGas=4 * base, maxPriorityFeePerGas=GWEI, gas=21000)
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.PENDING
    assert d.exit_code == 0
    ev = evidence(d, "EVM_FEE_OK")
    assert ev["next_base_fee"] == base
    assert ev["headroom_blocks"] == 11  # 4x covers 11 blocks of +12.5 %
    assert "EVM_ACTION_WAIT" in codes(d)
    assert evidence(d, "EVM_CONGESTION")["level"] == "quiet"


def test_nonce_gap_lists_the_missing_nonces(fresh_eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    node = fresh_eth_node
    h = node.send(DEV[7], RECIPIENT, value=1, nonce=3, gas=21000)
    tx = node.rpc("eth_getTransactionByHash", h)
    assert tx["blockNumber"] is None  # anvil keeps it queued
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.STUCK
    ev = evidence(d, "EVM_NONCE_GAP")
    assert ev["missing_nonces"] == [0, 1, 2]
    assert ev["mined_nonce"] == 0
    assert ev["nonce"] == 3
    assert "0, 1, 2" in finding(d, "EVM_NONCE_GAP").message
    assert "EVM_ACTION_WAIT" not in codes(d)


def test_earlier_pending_nonce_holds_it_back(fresh_eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    node = fresh_eth_node
    node.automine(False)
    node.send(DEV[7], RECIPIENT, value=1, nonce=0, gas=21000)
    second = node.send(DEV[7], RECIPIENT, value=1, nonce=1, gas=21000)
    d = check(second, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.PENDING
    ev = evidence(d, "EVM_NONCE_BLOCKED")
    assert ev["blocked_by_nonces"] == [0]
    assert ev["pending_nonce"] == 2
    assert "EVM_NONCE_GAP" not in codes(d)


def test_sender_cannot_pay(fresh_eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    node = fresh_eth_node
    node.automine(False)
    h = node.send(DEV[8], RECIPIENT, value=10**18, gas=21000)
    max_fee = int(node.rpc("eth_getTransactionByHash", h)["maxFeePerGas"], 16)
    node.rpc("anvil_setBalance", DEV[8], hex(10**17))
    d = check(h, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.STUCK
    ev = evidence(d, "EVM_INSUFFICIENT_FUNDS")
    needed = 10**18 + 21000 * max_fee
    assert ev == {"balance": str(10**17), "needed": str(needed), "shortfall": str(needed - 10**17)}
    assert "EVM_ACTION_WAIT" not in codes(d)


def test_replaced_while_the_node_still_remembers_nothing(
    fresh_eth_node: Anvil, txdoctor_env: dict[str, str]
) -> None:
    """Same nonce, higher fee, mined: the original hash then has no receipt and the nonce passed it."""
    node = fresh_eth_node
    node.automine(False)
    base = node.next_base_fee()
    original = node.send(
        DEV[9], RECIPIENT, value=5, nonce=0, gas=21000, maxFeePerGas=2 * base, maxPriorityFeePerGas=1
    )
    assert check(original, txdoctor_env, "eth", eth=node.url).verdict is Verdict.PENDING
    replacement = node.send(
        DEV[9], RECIPIENT, value=5, nonce=0, gas=21000, maxFeePerGas=4 * base, maxPriorityFeePerGas=GWEI
    )
    node.mine()
    assert node.receipt(replacement)["status"] == "0x1"
    assert node.rpc("eth_getTransactionReceipt", original) is None
    assert node.nonce(DEV[9]) == 1
    d = check(original, txdoctor_env, "eth", eth=node.url)
    assert d.verdict is Verdict.REPLACED
    assert d.exit_code == 1
    ev = evidence(d, "EVM_TX_REPLACED")
    assert ev == {
        "nonce": 0,
        "mined_nonce": 1,
        "sender": DEV[9],
        "evidence_source": "seen pending by txdoctor earlier",
    }
    assert d.facts["replaced"] is True
    assert d.facts["status"] == "replaced"


# ------------------------------------------------------------ wrong network


@pytest.fixture
def local_only() -> respx.Router:
    """Let requests reach the local nodes only: any other host fails the test."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.route(host="127.0.0.1").pass_through()
        yield router


def test_transfer_on_bsc_checked_as_eth(
    eth_node: Anvil, bsc_node: Anvil, txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    h = bsc_node.mined(DEV[0], RECIPIENT, value=10**16)
    d = check(h, txdoctor_env, "eth", eth=eth_node.url, bsc=bsc_node.url)
    assert d.verdict is Verdict.NOT_FOUND
    f = finding(d, "EVM_TX_ON_OTHER_CHAIN")
    assert f.message == "This transfer is on BNB Smart Chain, not Ethereum."
    assert f.evidence == {"found_on": ["bsc"], "checked": ["eth", "bsc"], "asked_chain": "eth"}
    assert "--chain bsc" in f.advice
    assert d.facts["found_on"] == ["bsc"]
    cause = evidence(d, "NET_NOT_FOUND_CAUSE")  # the one cause finding every not_found carries
    assert cause == {
        "cause": "other_network",
        "searched": ["eth", "bsc"],
        "unreachable": [],
        "found_on": ["bsc"],
        "narrowed": True,  # only the chains given a URL were asked
    }


def test_without_chain_the_hash_is_found_on_bsc(
    eth_node: Anvil, bsc_node: Anvil, txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    h = bsc_node.mined(DEV[1], RECIPIENT, value=10**16)
    d = check(h, txdoctor_env, None, eth=eth_node.url, bsc=bsc_node.url)
    assert d.verdict is Verdict.CONFIRMED
    assert d.chain == "bsc"
    assert evidence(d, "EVM_TX_CHAIN_DETECTED") == {"chain": "bsc", "checked": ["eth", "bsc"], "also_on": []}
    assert d.facts["chain_id"] == 56
    assert "BNB" in d.facts["native_symbol"]  # type: ignore[operator]
    hosts = {call.request.url.host for call in local_only.calls}
    assert hosts == {"127.0.0.1"}
    ports = {call.request.url.port for call in local_only.calls}
    assert ports == {eth_node.port, bsc_node.port}


def test_chain_id_mismatch_is_never_a_silent_answer(
    eth_node: Anvil, bsc_node: Anvil, txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    h = bsc_node.mined(DEV[2], RECIPIENT, value=1)
    d = check(h, txdoctor_env, "eth", eth=bsc_node.url)
    assert d.verdict is Verdict.UNREACHABLE
    assert d.exit_code == 3
    f = finding(d, "EVM_CHAIN_ID_MISMATCH")
    assert f.severity is Severity.ERROR
    assert f.evidence["expected_chain_id"] == 1
    assert f.evidence["reported_chain_ids"] == [56]
    assert "--chain bsc" in f.advice
    assert "EVM_TX_SUCCESS" not in codes(d)

    # With a right node as fallback, the answer comes from it and the mismatch is a warning.
    g = eth_node.mined(DEV[2], RECIPIENT, value=1)
    d = check(g, txdoctor_env, "eth", eth=[bsc_node.url, eth_node.url])
    assert d.verdict is Verdict.CONFIRMED
    assert finding(d, "EVM_CHAIN_ID_MISMATCH").severity is Severity.WARNING
    assert evidence(d, "NET_PROVIDER_FAILED")["answered_by"] == eth_node.url


def test_address_activity_per_chain(
    eth_node: Anvil, bsc_node: Anvil, txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    fresh = "0x2222222222222222222222222222222222222222"
    bsc_node.mined(DEV[3], fresh, value=3 * 10**17)
    d = check(fresh, txdoctor_env, None, eth=eth_node.url, bsc=bsc_node.url)
    assert d.verdict is Verdict.VALID
    assert "ADDR_VALID" in codes(d)  # the address checks ran first
    acts = [f for f in d.findings if f.code == "EVM_ADDRESS_ACTIVITY"]
    assert [f.evidence["chain"] for f in acts] == ["bsc"]
    assert acts[0].evidence["balance"] == str(3 * 10**17)
    assert acts[0].evidence["nonce"] == 0
    assert acts[0].evidence["is_contract"] is False
    summary = finding(d, "EVM_ADDRESS_SUMMARY")
    assert summary.evidence == {"active_on": ["bsc"], "inactive_on": ["eth"], "unchecked": []}
    assert "BNB Smart Chain only" in summary.message
    assert d.chain == "bsc"
    assert d.facts["evm_activity"]["bsc"]["balance"] == str(3 * 10**17)  # type: ignore[index]


def test_address_is_a_contract(
    eth_node: Anvil, bytecode: dict[str, str], txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    token = eth_node.deploy(bytecode["TestToken"], DEV[4])
    d = check(token, txdoctor_env, "eth", eth=eth_node.url)
    ev = evidence(d, "EVM_ADDRESS_ACTIVITY")
    assert ev["is_contract"] is True
    assert ev["code_size"] > 100
    assert "smart contract" in finding(d, "EVM_ADDRESS_ACTIVITY").message


def test_evm_address_with_btc_chain_is_refused_by_the_address_checks(
    txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    d = check("0x2222222222222222222222222222222222222222", txdoctor_env, "btc")
    assert d.verdict is Verdict.INVALID
    assert "ADDR_OTHER_CHAIN" in codes(d)
    assert not local_only.calls  # nothing looked up


def test_cache_dir_holds_only_pending_transactions(
    fresh_eth_node: Anvil, txdoctor_env: dict[str, str]
) -> None:
    node = fresh_eth_node
    node.automine(False)
    h = node.send(DEV[6], RECIPIENT, value=1, gas=21000)
    check(h, txdoctor_env, "eth", eth=node.url)
    memory = json.loads((Path(txdoctor_env["TXDOCTOR_CACHE_DIR"]) / "evm-seen-pending.json").read_text())
    assert list(memory) == [h]
    assert memory[h]["sender"] == DEV[6] and memory[h]["nonce"] == 0 and memory[h]["chain"] == "eth"
    node.mine()
    assert check(h, txdoctor_env, "eth", eth=node.url).verdict is Verdict.CONFIRMED
    memory = json.loads((Path(txdoctor_env["TXDOCTOR_CACHE_DIR"]) / "evm-seen-pending.json").read_text())
    assert memory == {}


def test_evm_hash_checked_as_bitcoin_is_looked_up_on_bitcoin_only(
    eth_node: Anvil, bsc_node: Anvil, txdoctor_env: dict[str, str], local_only: respx.Router
) -> None:
    """--chain btc with a 0x hash: the 0x is dropped and Bitcoin alone is asked (issue 8 item 3)."""
    h = eth_node.mined(DEV[5], RECIPIENT, value=1)
    mount_fallthrough(local_only)  # the Bitcoin explorers do not know it
    before = len(local_only.calls)  # the node calls that mined the transfer
    d = check(h, txdoctor_env, "btc", eth=eth_node.url, bsc=bsc_node.url)
    assert (d.verdict, d.chain) == (Verdict.NOT_FOUND, "btc")
    assert "EVM_TX_ON_OTHER_CHAIN" not in codes(d)
    assert finding(d, "INPUT_HEX_PREFIX_DROPPED").evidence == {"txid": h[2:], "chain": "btc"}
    asked = [c.request.url.host for c in list(local_only.calls)[before:]]
    assert asked and "127.0.0.1" not in asked  # Bitcoin's explorers were asked, no EVM node


def test_fees_on_an_evm_chain(fresh_eth_node: Anvil) -> None:
    fresh_eth_node.mined(DEV[1], RECIPIENT, value=1)
    result = CliRunner().invoke(
        app, ["fees", "--chain", "eth", "--url", f"eth={fresh_eth_node.url}", "--json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["reachable"] is True
    assert data["tip_height"] == fresh_eth_node.block_number()
    assert data["next_base_fee_gwei"] == round(fresh_eth_node.next_base_fee() / GWEI, 4)
    assert data["congestion"]["level"] in {"quiet", "normal", "busy", "congested"}
    text = CliRunner().invoke(app, ["fees", "--chain", "eth", "--url", f"eth={fresh_eth_node.url}"]).stdout
    assert text.startswith(f"Fees on Ethereum at block {data['tip_height']}")
    assert "next block base fee" in text
