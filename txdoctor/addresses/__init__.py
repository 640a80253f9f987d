"""Offline address recognition and validation (Bitcoin family, EVM, TRON and others)."""

from txdoctor.addresses.info import AddressInfo
from txdoctor.addresses.parse import parse_address

__all__ = ["AddressInfo", "parse_address"]
