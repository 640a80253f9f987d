"""Checks for an EVM transaction and address: pure functions from the facts in
:mod:`txdoctor.families.evm.facts` to findings, one helper per outcome; no I/O.

``tx`` runs the transaction checks in their order; ``address`` the address checks;
``network`` and ``raw`` build the findings of the lookup itself and of a pasted signed
transaction (light: the offline path uses them). The finding catalogue (codes, verdicts,
evidence keys, thresholds) is docs/evm.md; the words are the catalog's finding.EVM_* entries.
"""
