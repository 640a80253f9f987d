"""Checks for an address: format, checksum, network, burn; and the place of what its family
found online (:class:`AddressLookup`: the core does not know what a family looks up)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from txdoctor.addresses import AddressInfo
from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks import Registry
from txdoctor.core.findings import Term, finding
from txdoctor.model import Category, Finding, Severity, Verdict

_TYPES = frozenset({"p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr", "mweb", "evm"})
_ADDR = "finding.ADDR_"


@dataclass(frozen=True)
class AddressLookup:
    """What a family found online about an address (its ``diagnose_address`` builds it with
    its own checks): findings, placed among the shared address checks (:func:`looked_up`);
    facts, added to the address's facts; the chains where the address is active — when only
    one is and neither ``--chain`` nor the address's format names one, it is the diagnosis's
    chain."""

    findings: tuple[Finding, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)
    active_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddressContext:
    info: AddressInfo
    asked_chain: Chain | None
    lookup: AddressLookup = field(default_factory=AddressLookup)


address_checks: Registry[AddressContext] = Registry()


def describe(info: AddressInfo) -> Term:
    """``a native SegWit (P2WPKH) address on Bitcoin mainnet``, in the catalog's words."""
    kind = info.type if info.type in _TYPES else "other"
    return Term(
        "words.address_on", what=Term(f"words.address_type.{kind}"), network=network_term(info.network)
    )


def network_term(network: str | None) -> Term | str | None:
    """An address's network label as a chain's name in the reader's language, when it is one."""
    name = next((c.name for c in CHAINS.values() if c.display == network), None)
    return Term(f"chain.{name}") if name is not None else network


@address_checks.register
def validity(ctx: AddressContext) -> Iterator[Finding]:
    info = ctx.info
    if info.valid:
        return
    evidence: dict[str, object] = {
        "error_code": info.error_code,
        "network": info.network,
        "encoding": info.encoding,
    }
    if info.error_locations:
        evidence["error_locations"] = list(info.error_locations)
    if info.suggestion:
        evidence["suggestion"] = info.suggestion
    where: Term | str = ""
    if info.error_locations:
        marks = ", ".join(str(p + 1) for p in info.error_locations)
        where = Term(
            f"{_ADDR}INVALID.where_{'many' if len(info.error_locations) > 1 else 'one'}", positions=marks
        )
    yield finding(
        "ADDR_INVALID",
        Category.ADDRESS,
        Severity.ERROR,
        evidence,
        Verdict.INVALID,
        error=info.why or Term(f"{_ADDR}INVALID.fails_checks"),
        where=where,
    )


@address_checks.register
def network(ctx: AddressContext) -> Iterator[Finding]:
    info, asked = ctx.info, ctx.asked_chain
    if not info.valid:
        return
    evidence: dict[str, object] = {
        "type": info.type,
        "network": info.network,
        "encoding": info.encoding,
        "chains": list(info.chains),
    }
    if asked is not None and asked.name not in info.chains:
        yield _not_for_asked(info, asked, evidence)
        return
    if info.family not in {c.family for c in CHAINS.values()}:  # no family looks it up
        looks = "looks_like" if info.confidence == "low" else "is"
        yield finding(
            "ADDR_OTHER_CHAIN",
            Category.ADDRESS,
            Severity.WARNING,
            evidence,
            Verdict.VALID,
            problem=Term(f"{_ADDR}OTHER_CHAIN.{looks}", described=describe(info)),
            todo=Term(f"{_ADDR}OTHER_CHAIN.unsupported_todo"),
        )
        return
    yield finding(
        "ADDR_VALID", Category.ADDRESS, Severity.OK, evidence, Verdict.VALID, described=describe(info)
    )
    if info.family == "evm" and info.checksum == "none":
        yield finding(
            "ADDR_NO_CHECKSUM",
            Category.ADDRESS,
            Severity.INFO,
            {"checksummed": info.suggestion},
            form=" " + info.suggestion if info.suggestion else "",
        )


def _not_for_asked(info: AddressInfo, asked: Chain, evidence: dict[str, object]) -> Finding:
    """A valid address that is not for the chain asked: another network of its family, or another family."""
    same_family = info.family == asked.family
    code = "ADDR_WRONG_NETWORK" if same_family else "ADDR_OTHER_CHAIN"
    evidence["asked_chain"] = asked.name
    asked_name = Term(f"chain.{asked.name}")
    return finding(
        code,
        Category.ADDRESS if not same_family else Category.NETWORK,
        Severity.ERROR,
        evidence,
        Verdict.INVALID,
        problem=Term(f"{_ADDR}WRONG_NETWORK.not_for", described=describe(info), asked_name=asked_name),
        todo=Term(f"{_ADDR}WRONG_NETWORK.todo", asked_name=asked_name),
    )


@address_checks.register
def looked_up(ctx: AddressContext) -> Iterator[Finding]:
    """What the address's family found online (:class:`AddressLookup`), in its place among the
    shared checks: after the format and network checks, before the burn check."""
    yield from ctx.lookup.findings


# Burn addresses known by name (txdoctor.core.burn.KNOWN): their reason's words.
_KNOWN_BURN = {
    "0x000000000000000000000000000000000000dead": "dead",
    "1bitcoineateraddressdontsendf59kue": "eater",
}


@address_checks.register
def burn(ctx: AddressContext) -> Iterator[Finding]:
    """A burn address: valid, but nobody holds its key (txdoctor.core.burn)."""
    from txdoctor.core.burn import KNOWN, burn_reason

    reason = burn_reason(ctx.info)
    if reason is None:
        return
    text = ctx.info.text.lower()
    why: Term | str = Term(f"{_ADDR}BURN.why.zero")
    if reason != "zero":
        why = Term(f"{_ADDR}BURN.why.{_KNOWN_BURN[text]}") if text in _KNOWN_BURN else KNOWN[text]
    yield finding(
        "ADDR_BURN",
        Category.ADDRESS,
        Severity.ERROR,
        {"address": ctx.info.text, "reason": reason},
        Verdict.INVALID,
        why=why,
    )


def address_facts(ctx: AddressContext) -> dict[str, object]:
    info = ctx.info
    facts: dict[str, object] = {
        "address": info.text,
        "valid": info.valid,
        "family": info.family,
        "network": info.network,
        "type": info.type,
        "encoding": info.encoding,
        "checksum": info.checksum,
        "chains": list(info.chains),
    }
    if info.script_pubkey:
        facts["script_pubkey"] = info.script_pubkey
    if info.witness_version is not None:
        facts["witness_version"] = info.witness_version
    facts.update(ctx.lookup.facts)
    return facts
