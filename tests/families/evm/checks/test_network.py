"""The lookup's own findings: endpoints on another chain, fallbacks, nothing reachable."""

from __future__ import annotations

from txdoctor.core.chains import CHAINS
from txdoctor.core.net.base import ProviderFailure
from txdoctor.families.evm.checks.network import (
    activity_lookup_failed,
    chain_id_mismatch,
    network_findings,
    nowhere_reachable,
    reported_id,
)
from txdoctor.model import Severity, Verdict

ETH = CHAINS["eth"]
ON_BSC = ProviderFailure("http://a", "wrong_chain", "reports chain id 56, expected 1")
ON_ODD = ProviderFailure("http://b", "wrong_chain", "reports chain id 777, expected 1")
DOWN = ProviderFailure("http://c", "unavailable", "timed out after 5 s")


def test_the_reported_chain_id_is_read_from_the_detail() -> None:
    assert reported_id(ON_BSC.detail) == 56
    assert reported_id("garbled") is None and reported_id("chain id x") is None


def test_endpoints_on_other_chains_are_named_with_a_hint() -> None:
    f = chain_id_mismatch(ETH, [ON_BSC, ON_ODD, DOWN], answered=False)
    assert f is not None and (f.severity, f.verdict) == (Severity.ERROR, Verdict.UNREACHABLE)
    assert f.evidence == {
        "chain": "eth",
        "expected_chain_id": 1,
        "reported_chain_ids": [56, 777],
        "providers": ["http://a", "http://b"],
    }
    assert f.message == (
        "The node given for Ethereum (chain id 1) serves another chain: http://a is on chain id 56 "
        "(BNB Smart Chain); http://b is on chain id 777. Its answers were not used, so that they cannot "
        "be mistaken for Ethereum's."
    )
    assert f.advice.endswith("for Ethereum. If you meant BNB Smart Chain, use --chain bsc.")
    warned = chain_id_mismatch(ETH, [ON_ODD], answered=True)
    assert warned is not None and (warned.severity, warned.verdict) == (Severity.WARNING, None)
    assert warned.advice.endswith("must point at a node for Ethereum.")
    assert chain_id_mismatch(ETH, [DOWN], answered=False) is None


def test_network_findings_for_each_outcome() -> None:
    assert [f.code for f in network_findings(ETH, [ON_BSC], None)] == ["EVM_CHAIN_ID_MISMATCH"]
    assert [f.code for f in network_findings(ETH, [ON_BSC, DOWN], None)] == [
        "EVM_CHAIN_ID_MISMATCH",
        "NET_UNREACHABLE",
    ]
    assert [f.code for f in network_findings(ETH, [DOWN], "http://d")] == ["NET_PROVIDER_FAILED"]
    assert [f.code for f in network_findings(ETH, [ON_BSC], "http://d")] == [
        "EVM_CHAIN_ID_MISMATCH",
        "NET_PROVIDER_FAILED",
    ]
    assert network_findings(ETH, [], "http://d") == []
    assert [f.code for f in activity_lookup_failed(ETH, [ON_BSC])] == ["EVM_CHAIN_ID_MISMATCH"]
    assert [f.code for f in activity_lookup_failed(ETH, [DOWN])] == ["NET_LOOKUP_FAILED"]


def test_nothing_reachable_on_one_chain_is_that_chain_s_finding() -> None:
    (f,) = nowhere_reachable([ETH], [DOWN])
    assert f.code == "NET_UNREACHABLE" and f.evidence["chain"] == "eth"
    (g,) = nowhere_reachable([ETH, CHAINS["base"]], [])
    assert g.message == "Could not get an answer from any EVM chain's endpoint (no endpoint configured)."
    assert g.evidence == {"chain": None, "chains": ["eth", "base"], "failures": []}
