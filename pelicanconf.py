"""Settings for a development build: everything the site needs, every plugin on.

publishconf.py imports this file and overrides only what production changes.
"""

from __future__ import annotations

from jinja2 import FileSystemBytecodeCache, select_autoescape

# ---------------------------------------------------------------------------
# What a campaign changes
# ---------------------------------------------------------------------------

# The campaign's name, shown in the header, page titles and feeds.
SITENAME = "Talking Back"
# One line under the name; also the site's meta description and feed subtitle.
SITESUBTITLE = (
    "Therapists and service users campaigning for honest, humane NHS talking therapy"
)
# Used when a post names no author, so every feed entry has one.
AUTHOR = "Talking Back collective"
# Where people can reach the campaign (shown in the footer and on About).
CONTACT_EMAIL = "hello@talkingback.example.org"
# Social links for the footer: (label, URL). Plain links, no widgets.
SOCIAL = (
    ("Mastodon", "https://mastodon.example.org/@talkingback"),
    ("Bluesky", "https://bsky.app/profile/talkingback.example.org"),
)
# The calls to action on the home page: (heading, text, link label, URL).
CALLS_TO_ACTION = (
    (
        "Join the campaign",
        "Current and past workers and service users are welcome. "
        "We meet online and in person.",
        "How to get involved",
        "/about.html#get-involved",
    ),
    (
        "Write for us",
        "Tell your story of the service, in your own words, "
        "with your name or anonymously.",
        "Send a guest post",
        "/contribute.html",
    ),
)
# "Leave this site" at the top of every page goes here (an ordinary page
# that says nothing about mental health), or None for no quick exit.
QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
# Where a reader can get help now: (label, tel:/https:/mailto: link, when and
# what). Shown in every footer and above posts with a content note.
SUPPORT_LINKS = (
    ("Samaritans, 116 123", "tel:116123", "free, any time, day or night"),
    (
        "Talking Back",
        "mailto:hello@talkingback.example.org",
        "questions about the campaign; we reply within a week, so this is not "
        "a crisis service",
    ),
)
# Posts with one of these tags show the support links above the text too.
SUPPORT_TAGS = ("suicide", "self-harm", "crisis")
# A logo shown before the name in the header (a path inside the site), or None.
SITELOGO = "theme/images/logo.svg"
# The top navigation: (label, path inside the site).
NAVIGATION = (
    ("Blog", "blog/"),
    ("Infographics", "infographics/"),
    ("Events", "events/"),
    ("Write for us", "contribute.html"),
    ("About", "about.html"),
)

# ---------------------------------------------------------------------------
# Where things come from and go to
# ---------------------------------------------------------------------------

# A real local URL (not "") so that feeds built in development are valid too:
# feeds, the calendar and share metadata use it (FEED_DOMAIN below).
SITEURL = "http://localhost:8000"
# Pages link to each other, their styles and images by relative URLs, so a
# development build works on whatever host and port serves it (`invoke serve
# --port 8001`). publishconf.py turns this off: production links are absolute.
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
# content/guest/ holds guest posts: untrusted input, sanitised by guest_posts.
ARTICLE_PATHS = ["posts", "guest"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Copy a static file only when its source is newer: a rebuild with nothing
# changed rewrites no image (Pelican's default copies every file every build).
STATIC_CHECK_IF_MODIFIED = True
IGNORE_FILES = [".#*", "README.md"]
DELETE_OUTPUT_DIRECTORY = False
# Reuse what Pelican's readers made of each unchanged file (by its SHA-256):
# a rebuild skips the Markdown work. The content_cache plugin drops the whole cache
# when settings, plugins or the Markdown/Pelican versions change, which
# Pelican itself never notices. Production builds (publishconf.py) read
# everything from source.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"
# Pelican gzips the cache at level 9 by default: saving it took 1.5 s of a
# 4,000-post rebuild, against 0.06 s uncompressed (26 MB on disk).
GZIP_CACHE = False

TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 40
# Future-dated posts stay drafts until their date.
WITH_FUTURE_DATES = False

# ---------------------------------------------------------------------------
# URLs: readable, stable paths
# ---------------------------------------------------------------------------

ARTICLE_URL = "posts/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = PAGE_URL
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = CATEGORY_URL
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = TAG_URL
AUTHOR_URL = "authors/{slug}.html"
AUTHOR_SAVE_AS = AUTHOR_URL
CATEGORIES_SAVE_AS = "categories.html"
TAGS_SAVE_AS = "tags.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "archives.html"
YEAR_ARCHIVE_URL = "posts/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "posts/{date:%Y}/index.html"
# The paginated blog list lives at /blog/; the home page is home.html.
INDEX_SAVE_AS = "blog/index.html"
INDEX_URL = "blog/"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]
TEMPLATE_PAGES = {
    "home.html": "index.html",
    "robots.txt": "robots.txt",
    "search.html": "search.html",
}
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = DRAFT_URL
DRAFT_PAGE_URL = "drafts/pages/{slug}.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL

# ---------------------------------------------------------------------------
# Feeds: Atom and RSS for everything, on paths that cannot collide
# ---------------------------------------------------------------------------

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# ---------------------------------------------------------------------------
# Plugins
# ---------------------------------------------------------------------------

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # First: the build guard (one line per problem, nothing written) and the
    # content cache's fingerprint.
    "build_guard",
    "content_cache",
    "series",
    "reading_time",
    "feed_fixes",
    "guest_posts",
    # Readers' responses by email (needs guest_posts' sanitiser).
    "responses",
    "infographics",
    "events",
    "reader_care",
    # After the plugins whose content it reads (posts, infographics, events).
    "progress",
    "newsletter",
    "pelican.plugins.sitemap",
    "pelican.plugins.neighbors",
    "share_cards",
    # Keep last: it indexes the finished output with Pagefind.
    "search",
]

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    "exclude": ["tag/", "category/", "feeds/", "drafts/", "404.html"],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Pelican's defaults, plus autoescaping and a cache of compiled templates.
# Autoescaping: every value a .html or .xml template prints is escaped once
# (robots.txt is plain text); rendered, sanitised HTML is printed with the
# theme's `rendered_html` filter. The theme relies on it: the build_guard plugin
# refuses to build with it off. The cache: every generator and every rebuild
# otherwise compiles the theme again (about 0.2 s of CPU a build; entries are
# checked against the template source, so edits show at once). Its file names
# say "autoescape" because a template compiled without autoescaping (by an
# older version of these settings) must never be reused.
_escaped_templates = select_autoescape(["html", "xml"], default_for_string=False)


def autoescape(template_name: str | None) -> bool:
    """Jinja's ``select_autoescape`` for .html and .xml templates, as a
    module-level function: Pelican's content cache pickles the settings
    (inside Author and Tag objects), and the closure itself cannot be
    pickled."""
    return _escaped_templates(template_name)


JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": autoescape,
    "bytecode_cache": FileSystemBytecodeCache(pattern="__jinja2_autoescape_%s.cache"),
}
