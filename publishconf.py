"""Production overrides. Everything else comes from pelicanconf.py."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
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
