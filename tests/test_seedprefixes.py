"""The cheap look before the BIP39 wordlists load (txdoctor.core.seedwords._worth_a_look):
its shipped prefixes are the wordlists', and it never skips a text the full check refuses."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from txdoctor.core import seedwords
from txdoctor.core.seedprefixes import PREFIXES
from txdoctor.core.seedwords import LANGUAGES, find_seed_phrase

WORDS = [w for lang in LANGUAGES for w in Mnemonic(lang).wordlist[::7]]
ADDRESSES = [
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "ltc1qg82tzcgyqpawlmc6dcjdy3ahvn5r8yxkn0z6ea",
    "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
]


def full(text: str) -> object:
    """find_seed_phrase with the cheap look always saying yes."""
    with patch.object(seedwords, "_worth_a_look", lambda _text: True):
        return find_seed_phrase(text)


def test_the_shipped_prefixes_are_the_wordlists() -> None:
    assert frozenset(PREFIXES.split()) == seedwords.ascii_prefixes()
    shipped = Path(seedwords.__file__).with_name("seedprefixes.py").read_text()
    assert seedwords._generate() == shipped, "run: python -m txdoctor.core.seedwords"


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_loads_no_wordlist(address: str) -> None:
    assert not seedwords._worth_a_look(address)


def test_a_phrase_however_glued_is_still_looked_at() -> None:
    phrase = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
    for text in (
        "".join(f"{i}{w}" for i, w in enumerate(phrase, 1)),
        "-".join(phrase),
        "ＡＢＡＮＤＯＮ " * 12,
    ):
        assert seedwords._worth_a_look(text), text
        assert find_seed_phrase(text) is not None, text


pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(ADDRESSES), st.text(max_size=8))
seps = st.sampled_from([" ", "", "1", "-", "\n", "、", "\u200b", "2.", "ａ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(pieces, seps), max_size=30))
def test_the_cheap_look_never_skips_what_the_full_check_refuses(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(p + s for p, s in parts)
    if not seedwords._worth_a_look(text):
        assert full(text) is None, text
