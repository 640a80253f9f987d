"""One package per chain family; the core finds them in :mod:`txdoctor.core.families`.

A family imports the core, itself, ``txdoctor.addresses``, ``txdoctor.messages`` and
``txdoctor.model`` — never another family, the dispatcher or the app layer (tests/test_layers.py).
"""
