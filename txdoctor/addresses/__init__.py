"""Offline address recognition and validation (Bitcoin family, EVM, TRON and others)."""

from txdoctor.addresses.parse import AddressInfo, parse_address

__all__ = ["AddressInfo", "parse_address"]
