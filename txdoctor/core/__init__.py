"""The core: what every chain family shares and none of them owns (docs/architecture.md).

Nothing in this package imports a family, not even inside a function (tests/test_layers.py).
"""
