"""Production overrides. Everything else comes from pelicanconf.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Found next to this file whatever the working folder (tasks and tests load it).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403

# The site's public address; set SITE_URL in the environment to override.
SITEURL = os.environ.get("SITE_URL", "https://talkingback.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are previewable in development and never written in production.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True
# What is deployed is built from source, never from a development cache.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# ---------------------------------------------------------------------------
# Publishing (invoke publish / rollback / gh-pages; see README "Publishing").
# Hosts, users and keys never go in this file: PUBLISH_TARGET comes from the
# environment and SSH keys, ports and user names from ~/.ssh/config.
# ---------------------------------------------------------------------------

# "rsync" (to a folder or over SSH) or "github-pages" (ghp-import and git push).
PUBLISH_METHOD = "rsync"
# Where rsync publishes: user@host:/srv/talkingback, or a local folder.
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")
# "releases": releases/<UTC time>/ and an atomic `current` symlink (point the
# web server's root at <target>/current). "in-place": for hosts whose web root
# cannot be a symlink; syncs into the root with --delay-updates --delete-after.
PUBLISH_RSYNC_MODE = os.environ.get("PUBLISH_RSYNC_MODE", "releases")
# Releases kept at the target for `invoke rollback` (the live one always stays).
PUBLISH_KEEP_RELEASES = 5
# How rsync and the release commands reach the host (rsync's own RSYNC_RSH).
PUBLISH_SSH_COMMAND = os.environ.get("RSYNC_RSH", "ssh")
# GitHub Pages: the git remote and branch to push the build to.
PUBLISH_GH_PAGES_REMOTE = os.environ.get("PUBLISH_GH_PAGES_REMOTE", "origin")
PUBLISH_GH_PAGES_BRANCH = "gh-pages"
# A custom domain for GitHub Pages (written to CNAME), or "" for none.
PUBLISH_GH_PAGES_CNAME = ""
