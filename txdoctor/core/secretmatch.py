"""What a recognised secret was — never the secret itself (:mod:`txdoctor.core.secrets` finds
keys, :mod:`txdoctor.core.seedwords` seed phrases; both answer with this record)."""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.messages.term import Term


@dataclass(frozen=True)
class SecretMatch:
    kind: str  # "wif" | "xprv" | "seed_phrase" | "seed_words" | "hex_private_key"
    label: Term  # what it is, in words: Term("secret.wif") reads "a WIF private key"
    certain: bool  # True when a checksum proves it
