"""Networking every family shares: the one httpx client, strict reading of answers, the
provider error tree, URL validation and redaction. Nothing above the providers imports httpx."""
