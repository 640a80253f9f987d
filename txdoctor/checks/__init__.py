"""The Bitcoin and TRON checks still waiting for their family package (issue 9);
the registry and the shared checks are in :mod:`txdoctor.core.checks`."""
