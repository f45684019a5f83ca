"""Tooling that operates on sources and built sites, not a Pelican plugin:
check, deploy, publish, preview, serve, the ``new-*`` scaffolds and the
contribution preview. ``tasks.py`` parses arguments and calls these."""
