"""The version, in a leaf module: the User-Agent and --version read it without importing the package root."""

__version__ = "0.1.0"
