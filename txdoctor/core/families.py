"""The family table: every chain family txdoctor knows, one row each, loaded only when used.

The core finds families here and nowhere else (pip's ``commands/__init__.py`` shape: a name
and a module path, imported lazily, so the table costs nothing until an input needs it).
A family's module (``FamilySpec.module``) implements :class:`FamilyHooks`; the row's other
fields are plain data the core reads without loading the family:

- ``key``: the family's name in the chains table (``Chain.family``) and in an address's
  ``family`` fact (in the JSON contract: ``"btc"`` covers Bitcoin's networks and Litecoin);
- ``forms``: the input forms (:mod:`txdoctor.core.classify`) it diagnoses when no chain is asked;
  ``asked_forms``: those it diagnoses when ``--chain`` (or a link) names one of its chains;
  ``own_forms``: those it diagnoses whatever the chain asked (its raw transactions name their
  chain); ``probed_for``: forms another family's search also asks it about (a bare 64-hex
  txid is a Bitcoin, Litecoin or TRON one);
- ``next_step``: code prefixes of its findings that are the next step of a report;
- ``warm``: modules its diagnosis of a transaction needs only once answers are in (its
  checks): imported while the first requests wait for their answers (``Session.warm``).

Adding a family: its package under ``txdoctor/families/``, one row here, its chains in
``txdoctor/core/chains.py`` (docs/architecture.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from txdoctor.core.chains import CHAINS, Chain

if TYPE_CHECKING:
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.core.reply import ReplyParts
    from txdoctor.core.session import Session
    from txdoctor.messages import Term
    from txdoctor.model import Diagnosis, Finding


class FeesReport(Protocol):
    """What ``txdoctor fees`` prints for one chain (each family has its own figures)."""

    @property
    def exit_code(self) -> int: ...

    def to_dict(self) -> dict[str, Any]: ...

    def text(self, lang: str = "en") -> list[str]: ...


class FamilyHooks(Protocol):
    """What the core asks of a family (its ``family.py``, loaded on first use)."""

    async def diagnose_tx(self, session: Session, c: Classified) -> Diagnosis:
        """A transaction input of one of its forms, on the chain asked (or found)."""
        ...

    async def diagnose_address(self, session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
        """A valid address of the family: the shared address checks
        (:func:`txdoctor.core.diagnosis.address_diagnosis`), given what the family found online
        as an ``AddressLookup`` in ``ctx`` (its findings, facts, the chains where the address is
        active), then its own."""
        ...

    # Only a family with ``probed_for`` forms is asked these two (the Bitcoin family's search
    # asks TRON's networks about a bare 64-hex txid):
    async def diagnose_found(self, session: Session, c: Classified, chain: Chain) -> Diagnosis:
        """A txid another family's search found on ``chain`` (one of this family's)."""
        ...

    async def probe_tx(self, session: Session, chain: Chain, txid: str) -> tuple[bool, list[Any]]:
        """Does ``chain`` know ``txid``? (found, provider failures); raises AllProvidersFailed."""
        ...

    async def fees_report(self, session: Session, chain: Chain) -> FeesReport:
        """``txdoctor fees --chain CHAIN``; a ValueError (a usage error) when it cannot be asked."""
        ...

    def watch_parts(self, finding: Finding) -> list[Term]:
        """What ``watch``'s status line says of one of its findings (fee against the next block…),
        as catalog sentences (``watch.*``), said in the language asked for."""
        ...

    def reply_parts(self) -> ReplyParts:
        """What a customer reply (``--reply``) says of its findings, outcome by outcome
        (:class:`txdoctor.core.reply.ReplyParts`); the reply's skeleton in ``render/`` asks every
        family's parts in this table's order and knows no family's codes."""
        ...


@dataclass(frozen=True)
class FamilySpec:
    name: str  # its package: txdoctor/families/<name>/
    key: str  # Chain.family, an address's "family" fact
    module: str  # implements FamilyHooks; imported on first use
    forms: tuple[str, ...] = ()
    asked_forms: tuple[str, ...] = ()
    own_forms: tuple[str, ...] = ()
    probed_for: tuple[str, ...] = ()
    next_step: tuple[str, ...] = ()
    warm: tuple[str, ...] = ()

    def hooks(self) -> FamilyHooks:
        return cast("FamilyHooks", importlib.import_module(self.module))

    def chains(self) -> Iterator[Chain]:
        return (c for c in CHAINS.values() if c.family == self.key)


FAMILIES: tuple[FamilySpec, ...] = (
    FamilySpec(
        "bitcoin",
        "btc",
        "txdoctor.families.bitcoin.family",
        forms=("txid_hex", "raw_tx_hex"),
        asked_forms=("txid_hex", "raw_tx_hex"),
        next_step=("BTC_ACTION_",),
        warm=("txdoctor.families.bitcoin.checks",),
    ),
    FamilySpec(
        "evm",
        "evm",
        "txdoctor.families.evm.family",
        forms=("txid_0x",),
        asked_forms=("txid_0x", "txid_hex", "raw_tx_hex"),
        own_forms=("raw_tx_0x",),
        next_step=("EVM_ACTION_",),
        warm=("txdoctor.families.evm.details", "txdoctor.families.evm.checks.tx"),
    ),
    FamilySpec(
        "tron",
        "tron",
        "txdoctor.families.tron.family",
        asked_forms=("txid_hex",),
        probed_for=("txid_hex",),
        warm=("txdoctor.families.tron.checks", "txdoctor.families.tron.extra"),
    ),
)

BY_KEY = {f.key: f for f in FAMILIES}
NEXT_STEP_PREFIXES = tuple(p for f in FAMILIES for p in f.next_step)


def family_of(chain: Chain) -> FamilySpec:
    return BY_KEY[chain.family]


def family_named(key: str | None) -> FamilySpec | None:
    """The family of an address's ``family`` fact (None for families txdoctor does not look up)."""
    return BY_KEY.get(key) if key is not None else None


def claiming(form: str, asked: Chain | None) -> FamilySpec | None:
    """The family that diagnoses ``form``: its owner whatever the chain, else the asked chain's
    family if it takes that form, else (no chain asked) its default family."""
    owner = next((f for f in FAMILIES if form in f.own_forms), None)
    if owner is not None:
        return owner
    if asked is not None:
        spec = family_of(asked)
        return spec if form in spec.asked_forms else None
    return next((f for f in FAMILIES if form in f.forms), None)


def probed_for(form: str) -> list[FamilySpec]:
    """The families another family's search also asks about ``form`` (side by side)."""
    return [f for f in FAMILIES if form in f.probed_for]
