"""What an input is (:func:`txdoctor.core.classify.classify`'s answer): a leaf record, so that
the family table and the families name it without importing the classifier."""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.addresses import AddressInfo
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.model import Kind


@dataclass(frozen=True)
class Classified:
    text: str  # the input, trimmed (never the secret itself for kind=secret)
    kind: Kind
    # "txid_hex", "txid_0x", "raw_tx_hex", "raw_tx_0x" (which family takes which: core.families),
    # "address", "secret", "unknown"
    form: str
    chains: tuple[str, ...] = ()  # candidate chains, most likely first
    address: AddressInfo | None = None
    secret: SecretMatch | None = None
    problem_code: str | None = None  # why it was not recognised: a finding code…
    problem_words: tuple[tuple[str, object], ...] = ()  # …and the values its catalog entry needs
    via: str | None = None  # "an explorer link", "a bitcoin: payment link" when the ID was taken from one
    link_chain: str | None = None  # the chain an explorer link names (mempool.space/testnet/… → btc-testnet)

    @property
    def problem(self) -> str | None:
        """Why it was not recognised, in English (the message of ``problem_code``)."""
        if self.problem_code is None:
            return None
        from txdoctor.core.findings import words_for

        return words_for(self.problem_code, dict(self.problem_words))[0]
