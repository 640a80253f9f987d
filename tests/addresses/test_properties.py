"""Property tests: no input makes the parsers raise; random segwit addresses round-trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from txdoctor.addresses import AddressInfo, parse_address
from txdoctor.addresses.base58 import ALPHABET
from txdoctor.addresses.bech32 import CHARSET, encode_segwit_address
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.core.secrets import detect_secret

HRPS = {"bc": ("btc",), "tb": ("btc-testnet", "btc-testnet4", "btc-signet"), "bcrt": ("btc-regtest",)}
HRPS["ltc"] = ("ltc",)

# Text that reaches the interesting code paths, not only random noise.
address_like = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=120),
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["bc1", "BC1", "tb1", "bcrt1", "ltc1", "cosmos1", "addr1", "bitcoincash:", ""]),
            st.text(alphabet=CHARSET + CHARSET.upper() + "1bio ", max_size=100),
        ),
    ),
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["1", "3", "m", "2", "T", "L", "M", "r", "D", "5", "K", "xprv", ""]),
            st.text(alphabet=ALPHABET + "0OIl", min_size=20, max_size=115),
        ),
    ),
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["0x", "0X", ""]), st.text(alphabet="0123456789abcdefABCDEFg", max_size=70)
        ),
    ),
    st.lists(st.sampled_from(["abandon", "zoo", "wrong", "Legal", "1.", "hello"]), max_size=26).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(address_like)
def test_parse_address_never_raises(text: str) -> None:
    info = parse_address(text)
    assert info is None or isinstance(info, AddressInfo)
    if info is not None:
        assert info.text == text.strip()
        assert info.checksum in ("ok", "bad", "none")
        assert info.confidence in ("high", "low")
        assert info.valid == (info.error_code is None)
        assert all(0 <= p < len(info.text) for p in info.error_locations)


@settings(max_examples=400, deadline=None)
@given(address_like)
def test_detect_secret_never_raises(text: str) -> None:
    match = detect_secret(text)
    assert match is None or isinstance(match, SecretMatch)
    if match is not None:
        assert match.kind in ("wif", "xprv", "seed_phrase", "seed_words")
        info = parse_address(text)
        assert info is None or (not match.certain and info.valid)


segwit = st.one_of(
    st.tuples(st.just(0), st.sampled_from([20, 32])),
    st.tuples(st.integers(1, 16), st.integers(2, 40)),
).flatmap(
    lambda vl: st.tuples(
        st.sampled_from(sorted(HRPS)), st.just(vl[0]), st.binary(min_size=vl[1], max_size=vl[1])
    )
)


@settings(max_examples=300, deadline=None)
@given(segwit)
def test_random_segwit_addresses_round_trip(case: tuple[str, int, bytes]) -> None:
    hrp, version, program = case
    address = encode_segwit_address(hrp, version, program)
    p = 2**256 - 2**32 - 977  # secp256k1's field prime
    x = int.from_bytes(program, "big")
    off_curve = version == 1 and len(program) == 32 and (x >= p or pow(x**3 + 7, (p - 1) // 2, p) != 1)
    for text in (address, address.upper()):
        info = parse_address(text)
        assert info is not None
        # A Taproot output key must be a point's x-coordinate (BIP340): otherwise unspendable.
        assert info.valid is not off_curve
        assert info.error_code == ("TAPROOT_KEY_NOT_ON_CURVE" if off_curve else None)
        assert info.chains == HRPS[hrp]
        assert info.witness_version == version
        assert info.witness_program == program.hex()
        opcode = 0 if version == 0 else 0x50 + version
        assert info.script_pubkey == bytes([opcode, len(program)]).hex() + program.hex()
        assert info.encoding == ("bech32" if version == 0 else "bech32m")


@settings(max_examples=300, deadline=None)
@given(segwit, st.data())
def test_one_substitution_is_located_and_corrected(case: tuple[str, int, bytes], data: st.DataObject) -> None:
    hrp, version, program = case
    address = encode_segwit_address(hrp, version, program)
    pos = data.draw(st.integers(len(hrp) + 1, len(address) - 1))
    new = data.draw(st.sampled_from(CHARSET.replace(address[pos], "")))
    info = parse_address(address[:pos] + new + address[pos + 1 :])
    assert info is not None
    assert (info.valid, info.error_code) == (False, "BECH32_CHECKSUM")
    assert info.error_locations == (pos,)
    assert info.suggestion == address
