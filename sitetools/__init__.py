"""Maintainer tooling that is not a Pelican plugin (used by tasks.py and tests)."""
