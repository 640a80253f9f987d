"""Why an address is invalid, in words from the catalog (``address_error.*``): a stable key and
values in txdoctor/addresses, read in either language (issue 10)."""

from __future__ import annotations

import pytest

from tests.addresses.error_samples import SAMPLES, UNREACHED
from txdoctor.addresses import parse_address
from txdoctor.messages import Term, catalog
from txdoctor.messages.loader import placeholders, read_entries


def keys(term: object) -> set[str]:
    """The catalog keys of a term and of the terms it holds."""
    if not isinstance(term, Term):
        return set()
    return {term.key}.union(*(keys(v) for v in term.values.values()))


def reasons() -> set[str]:
    return {k.removeprefix("address_error.") for k in read_entries("en") if k.startswith("address_error.")}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_gives_its_reason_in_english_and_chinese(name: str) -> None:
    text, key = SAMPLES[name]
    info = parse_address(text)
    assert info is not None and not info.valid and info.why is not None
    assert f"address_error.{key}" in keys(info.why)
    assert info.error == catalog("en").value(info.why)  # the English is the catalog's
    zh = catalog("zh").value(info.why)
    assert zh != info.error and not zh.startswith(("it ", "an ", "its ", "this "))


def test_the_samples_reach_every_reason() -> None:
    """Every reason a parser can give has a sample (network names are words inside one)."""
    reached = set().union(*(keys(parse_address(t).why) for t, _ in SAMPLES.values()))  # type: ignore[union-attr]
    reached = {k.removeprefix("address_error.") for k in reached}
    assert reasons() - {r for r in reasons() if r.startswith("network.")} - UNREACHED == reached - {
        r for r in reached if r.startswith("network.")
    }
    assert reasons() >= UNREACHED


@pytest.mark.parametrize("key", sorted(UNREACHED))
def test_unreached_reasons_read_in_chinese_too(key: str) -> None:
    from tests.render.test_no_english import english_words

    entry = catalog("zh").text(
        f"address_error.{key}",
        **dict.fromkeys(placeholders(read_entries("zh")[f"address_error.{key}"]), "'x'"),
    )
    assert english_words(entry) == set() and entry != catalog("en").text(f"address_error.{key}")


def test_english_reasons_are_unchanged() -> None:
    """Byte for byte what the parsers wrote before their words moved to the catalog (a sample)."""
    assert parse_address("0x" + "ab" * 19).error == (  # type: ignore[union-attr]
        "an EVM address has exactly 40 characters after '0x'; this one has 38 (2 missing), so "
        "characters were lost or added when copying"
    )
    assert parse_address(SAMPLES["bech32 checksum, one fix"][0]).error == (  # type: ignore[union-attr]
        "it fails its built-in checksum, so at least one character is wrong (a typo or a copy/paste "
        "error); the only valid address that differs in at most two characters is "
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq (confirm it with the recipient: never send to a "
        "guessed address)"
    )
