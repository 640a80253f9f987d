"""A missing test binary fails the run with the fix, rather than skipping the node tests."""

from __future__ import annotations

import pytest

from tests.families.evm.anvil import ROOT, require_tools


def test_missing_binary_fails_and_says_how_to_install() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"does-not-exist is missing: run scripts/install-tools"):
        require_tools(ROOT / ".tools/does-not-exist")
