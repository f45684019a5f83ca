"""Check a built site before it is published.

``check_site`` reads a finished output folder and reports, one line per
problem, everything that would make the published site wrong: internal links
and anchors that go nowhere, invalid HTML (the Nu Html Checker), feeds and
calendars that do not parse, images without alt text or size, requests to
other hosts, and drafts in a production build. Errors fail the check;
warnings are listed.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup
from icalendar import Calendar

import sitelib
from sitetools import vnu

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
#: Where ``npm ci`` puts the Nu Html Checker.
DEFAULT_VNU_JAR = ROOT / "node_modules" / vnu.PACKAGE / vnu.JAR_IN_PACKAGE

#: vnu needs a deep stack; the quick JIT and serial GC halve the CPU a short run
#: costs (JVM start-up dominates on a site of a few hundred pages).
JAVA_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
HTML_SUFFIXES = {".html", ".htm"}
#: Attributes that hold one URL, by element; ``*`` applies to every element.
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "object": ("data",),
    "form": ("action",),
    "button": ("formaction",),
    "input": ("formaction", "src"),
}
_SRCSET_ELEMENTS = ("img", "source")
#: Share-card metadata: read by other sites, never fetched by the browser, but
#: an internal URL here must still exist.
_META_URLS = ("og:image", "og:url", "twitter:image")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_NON_FETCHING_SCHEMES = ("mailto:", "tel:", "sms:", "data:", "javascript:")


@dataclass
class Report:
    """What a check found: errors fail it, warnings are only listed."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def render(self) -> str:
        checked = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        lines = [f"Checked {checked}."]
        lines += [f"ERROR   {line}" for line in self.errors]
        lines += [f"WARNING {line}" for line in self.warnings]
        lines.append(
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s): "
            + ("the site is ready to publish." if self.ok else "fix the errors above.")
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class Reference:
    """One URL written in a page or stylesheet."""

    tag: str
    attribute: str
    url: str


@dataclass(frozen=True)
class SiteUrl:
    """The public address the site was built for, e.g. https://example.org/blog."""

    scheme: str
    host: str
    base: str  # path prefix without trailing slash ("" for a site at the root)

    @classmethod
    def parse(cls, site_url: str) -> SiteUrl:
        parts = urlsplit(site_url)
        if not parts.scheme or not parts.netloc:
            raise ValueError(f"SITEURL must be absolute, got {site_url!r}")
        return cls(parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"))

    @property
    def root(self) -> str:
        return f"{self.scheme}://{self.host}{self.base}/"


# ---------------------------------------------------------------------------
# Pure pieces
# ---------------------------------------------------------------------------


def page_url(site: SiteUrl, relative: str) -> str:
    """The public URL of the file at ``relative`` (posix) in the output."""
    return site.root + relative


def is_other_host(url: str, page: str) -> bool:
    """True when fetching ``url`` from ``page`` would contact another host."""
    if url.startswith(_NON_FETCHING_SCHEMES):
        return False
    target = urlsplit(urljoin(page, url))
    return target.netloc.lower() != urlsplit(page).netloc.lower()


def resolve(url: str, page: str, site: SiteUrl) -> tuple[str, str] | None:
    """The output file and fragment an internal ``url`` on ``page`` points to.

    Returns None for URLs that leave the site (another host, another scheme,
    a path outside the site's base path). A URL ending in ``/`` means its
    ``index.html``.
    """
    if url.startswith(_NON_FETCHING_SCHEMES):
        return None
    target = urlsplit(urljoin(page, url.strip()))
    if target.scheme not in ("http", "https", ""):
        return None
    if target.netloc.lower() != site.host:
        return None
    path = unquote(target.path)
    if site.base and not (path == site.base or path.startswith(site.base + "/")):
        return None
    relative = path[len(site.base) :].lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return str(PurePosixPath(relative)), unquote(target.fragment)


def srcset_urls(value: str) -> list[str]:
    """The URLs in a ``srcset`` attribute (``url 480w, url 2x``)."""
    return [c.strip().split()[0] for c in value.split(",") if c.strip()]


def html_references(soup: BeautifulSoup) -> Iterator[Reference]:
    """Every URL a page links to or loads."""
    for tag in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES.get(tag.name, ()):
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                yield Reference(tag.name, attribute, value.strip())
        if tag.name in _SRCSET_ELEMENTS and tag.get("srcset"):
            for url in srcset_urls(tag["srcset"]):
                yield Reference(tag.name, "srcset", url)
        if (
            tag.name == "meta"
            and (tag.get("property") or tag.get("name")) in _META_URLS
        ):
            value = tag.get("content")
            if isinstance(value, str) and value.strip():
                yield Reference("meta", "content", value.strip())
        style = tag.get("style")
        if isinstance(style, str):
            for url in css_urls(style):
                yield Reference(tag.name, "style", url)
    for style in soup.find_all("style"):
        for url in css_urls(style.get_text()):
            yield Reference("style", "url()", url)


def css_urls(text: str) -> list[str]:
    """URLs named by ``url(...)`` and ``@import`` in CSS."""
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]


def is_plain_link(reference: Reference) -> bool:
    """Links a reader may follow (and share metadata); everything else makes
    the browser fetch."""
    return (reference.tag, reference.attribute) in (
        ("a", "href"),
        ("area", "href"),
        ("meta", "content"),
    )


def image_problems(soup: BeautifulSoup) -> Iterator[str]:
    """Images with no alt attribute or no intrinsic size."""
    for img in soup.find_all("img"):
        name = img.get("src", "?")
        if img.get("alt") is None:
            yield f"image '{name}' has no alt attribute"
        missing = [a for a in ("width", "height") if not img.get(a)]
        if missing:
            yield f"image '{name}' has no {' or '.join(missing)} attribute"


def anchors(soup: BeautifulSoup) -> set[str]:
    """The fragment targets a page offers (``id`` on any element, ``a name``)."""
    found = {tag["id"] for tag in soup.find_all(id=True)}
    found |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return found


def is_aware_date(raw: str) -> bool:
    """True when a feed date (RFC 822 or RFC 3339) carries a time zone."""
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        pass
    try:
        # parsedate_to_datetime gives a naive datetime for "-0000" (no zone).
        return email.utils.parsedate_to_datetime(raw).tzinfo is not None
    except (TypeError, ValueError):
        return False


def is_absolute_url(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def feed_problems(data: bytes) -> list[str]:
    """What is wrong with a feed: parse errors, relative links, missing ids,
    authors or time zones."""
    parsed = feedparser.parse(data)
    problems = []
    if parsed.bozo:
        problems.append(f"does not parse: {parsed.bozo_exception}")
        return problems
    if not is_absolute_url(parsed.feed.get("link", "")):
        problems.append(f"feed link {parsed.feed.get('link')!r} is not absolute")
    for number, entry in enumerate(parsed.entries, 1):
        name = entry.get("title") or f"entry {number}"
        if not is_absolute_url(entry.get("link", "")):
            problems.append(f"'{name}': link {entry.get('link')!r} is not absolute")
        if not entry.get("id"):
            problems.append(f"'{name}': has no id/guid")
        if not (entry.get("author") or parsed.feed.get("author")):
            problems.append(f"'{name}': has no author")
        dates = [entry[k] for k in ("published", "updated") if entry.get(k)]
        if not dates:
            problems.append(f"'{name}': has no date")
        for raw in dates:
            if not is_aware_date(raw):
                problems.append(f"'{name}': date {raw!r} has no time zone")
    return problems


def is_feed(data: bytes) -> bool:
    head = data[:2000].decode("utf-8", "replace")
    return bool(re.search(r"<(rss|feed)[\s>]", head))


def calendar_problems(data: bytes) -> list[str]:
    """What is wrong with an iCalendar file."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        return [f"does not parse: {exc}"]
    problems = []
    for number, event in enumerate(calendar.walk("VEVENT"), 1):
        name = str(event.get("SUMMARY") or f"event {number}")
        missing = [p for p in ("UID", "DTSTAMP", "DTSTART") if p not in event]
        if missing:
            problems.append(f"'{name}': missing {', '.join(missing)}")
    return problems


_META_LINE = re.compile(r"^\s*:?([A-Za-z_][\w-]*):?\s*:\s*(.*)$")


def source_metadata(text: str, suffix: str) -> dict[str, str]:
    """The metadata block of a content file (Markdown front matter read as
    Pelican's Markdown reader reads it, ``sitelib.front_matter``;
    reStructuredText fields; or HTML ``<meta>``), lower-cased keys."""
    if suffix in (".html", ".htm"):
        soup = BeautifulSoup(text, "html.parser")
        meta = {
            str(tag["name"]).lower(): str(tag.get("content", ""))
            for tag in soup.find_all("meta", attrs={"name": True})
        }
        if soup.title:
            meta.setdefault("title", soup.title.get_text(strip=True))
        return meta
    if suffix != ".rst":
        return {k: v.strip("'\"") for k, v in sitelib.front_matter(text).items()}
    lines = text.splitlines()
    meta: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.strip() == "---":
            if meta:
                break
            continue
        if not meta and not line.startswith(":"):
            meta["title"] = line.strip()
            continue
        match = _META_LINE.match(line)
        if not match:
            if meta:
                break
            continue
        meta[match.group(1).lower()] = match.group(2).strip().strip("'\"")
    return meta


def draft_slugs(content: Path, slugify: Callable[[str], str]) -> dict[str, str]:
    """``{slug: source}`` for every content file whose status is draft."""
    drafts = {}
    for path in sorted(content.rglob("*")):
        if path.suffix not in (".md", ".markdown", ".rst", ".html", ".htm"):
            continue
        try:
            meta = source_metadata(sitelib.read_source(path), path.suffix)
        except (OSError, UnicodeDecodeError):
            continue
        if meta.get("status", "").lower() != "draft":
            continue
        slug = meta.get("slug") or slugify(meta.get("title") or path.stem)
        drafts[slug] = str(path.relative_to(content.parent))
    return drafts


def vnu_messages(report: str, root: Path) -> tuple[list[str], list[str]]:
    """Errors and warnings from the Nu Html Checker's JSON report."""
    errors, warnings = [], []
    for message in json.loads(report or '{"messages": []}').get("messages", []):
        url = message.get("url", "")
        path = url.removeprefix("file:")
        try:
            where = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            where = path or "vnu"
        if message.get("lastLine"):
            where += f":{message['lastLine']}"
        line = f"{where}: HTML: {message.get('message', '').strip()}"
        kind = message.get("type")
        if kind in ("error", "non-document-error"):
            errors.append(line)
        elif kind == "info" and message.get("subType") == "warning":
            warnings.append(line)
    return errors, warnings


def run_vnu(
    root: Path, java: str = "java", jar: Path | None = None
) -> tuple[list[str], list[str]]:
    """Validate every HTML file under ``root`` in one run of the Nu Html Checker
    (``jar`` defaults to the project's, fetched once if missing)."""
    try:
        java_path = vnu.java_runtime(java)
        jar = jar or vnu.ready_jar()
    except vnu.VnuUnavailable as failure:
        return [str(failure)], []
    if not jar.is_file():
        return [f"vnu: {jar} is missing. Fix: run `npm ci` in the project"], []
    command = [java_path, *JAVA_OPTIONS, "-jar", str(jar)]
    result = subprocess.run(
        [*command, "--format", "json", "--stdout", "--skip-non-html", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return vnu_messages(result.stdout, root)
    except json.JSONDecodeError:
        detail = (result.stderr or result.stdout).strip().splitlines()[:3]
        return [f"vnu: the checker failed: {' '.join(detail)}"], []


# ---------------------------------------------------------------------------
# The whole check
# ---------------------------------------------------------------------------


class Findings:
    """Collects problems, grouping a broken target linked from many pages."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.broken: dict[str, list[str]] = {}

    def broken_target(self, problem: str, page: str) -> None:
        pages = self.broken.setdefault(problem, [])
        if page not in pages:
            pages.append(page)

    def grouped(self) -> list[str]:
        lines = []
        for problem, pages in self.broken.items():
            others = len(pages) - 1
            more = f" and {others} other page(s)" if others else ""
            lines.append(f"{pages[0]}{more}: {problem}")
        return lines


def check_reference(
    reference: Reference,
    page: str,
    site: SiteUrl,
    files: set[str],
    ids: dict[str, set[str]],
    findings: Findings,
) -> None:
    base = page_url(site, page)
    if is_other_host(reference.url, base):
        if not is_plain_link(reference):
            findings.errors.append(
                f"{page}: <{reference.tag} {reference.attribute}> loads "
                f"'{reference.url}' from another host. Fix: copy the file into "
                "the site; only plain <a href> links may point elsewhere"
            )
        return
    target = resolve(reference.url, base, site)
    if target is None:
        return
    path, fragment = target
    if path not in files and f"{path}/index.html" in files:
        path = f"{path}/index.html"
    if path not in files:
        findings.broken_target(
            f"'{reference.url}' ({reference.tag} {reference.attribute}) "
            "does not resolve to a written file",
            page,
        )
    elif fragment and path in ids and fragment not in ids[path]:
        findings.broken_target(
            f"'{reference.url}': no element with id '{fragment}' on {path}", page
        )


def duplicate_ids(soup: BeautifulSoup) -> list[str]:
    """Ids used by more than one element of a page."""
    counts = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    return sorted(name for name, count in counts.items() if count > 1)


def check_page(
    page: str,
    soup: BeautifulSoup,
    site: SiteUrl,
    files: set[str],
    ids: dict[str, set[str]],
    findings: Findings,
    references: Iterable[Reference] | None = None,
) -> None:
    """One page's checks: its links and loads (``references``, default every
    one on the page), its images' alt and size, and ids used once."""
    for reference in html_references(soup) if references is None else references:
        check_reference(reference, page, site, files, ids, findings)
    findings.errors += [f"{page}: {p}" for p in image_problems(soup)]
    findings.errors += [
        f"{page}: the id '{name}' is used more than once"
        for name in duplicate_ids(soup)
    ]


def check_site(
    root: Path,
    *,
    site_url: str,
    content: Path | None = None,
    production: bool = True,
    validate_html: bool = True,
    java: str = "java",
    vnu_jar: Path | None = None,
    slugify: Callable[[str], str] | None = None,
) -> Report:
    """Check the built site in ``root``, built for ``site_url``.

    ``content`` is the source folder, used in a ``production`` check to find
    draft sources whose pages must not be in the output.
    """
    root = Path(root)
    site = SiteUrl.parse(site_url)
    findings = Findings()
    files = {
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    }
    pages = sorted(f for f in files if PurePosixPath(f).suffix in HTML_SUFFIXES)
    soups = {page: BeautifulSoup((root / page).read_bytes(), "lxml") for page in pages}
    ids = {page: anchors(soup) for page, soup in soups.items()}
    for page, soup in soups.items():
        check_page(page, soup, site, files, ids, findings)
    stylesheets = sorted(f for f in files if f.endswith(".css"))
    for sheet in stylesheets:
        text = (root / sheet).read_text(encoding="utf-8", errors="replace")
        for url in css_urls(text):
            check_reference(
                Reference("css", "url()", url), sheet, site, files, ids, findings
            )
    counts = {"pages": len(pages), "stylesheets": len(stylesheets)}
    counts.update(_check_data_files(root, files, site, findings))
    if production:
        _check_drafts(files, content, slugify, findings)
    findings.errors[:0] = findings.grouped()
    if validate_html and pages:
        errors, warnings = run_vnu(root, java, vnu_jar)
        findings.errors += errors
        findings.warnings += warnings
    return Report(findings.errors, findings.warnings, counts)


def _check_data_files(
    root: Path, files: set[str], site: SiteUrl, findings: Findings
) -> dict[str, int]:
    feeds = calendars = 0
    for name in sorted(files):
        suffix = PurePosixPath(name).suffix
        if suffix == ".ics":
            calendars += 1
            data = (root / name).read_bytes()
            problems = calendar_problems(data) + strict_calendar_problems(data)
        elif suffix == ".xml":
            data = (root / name).read_bytes()
            if is_feed(data):
                feeds += 1
                problems = feed_problems(data) + strict_feed_problems(data)
            elif PurePosixPath(name).name.startswith("sitemap"):
                problems = sitemap_problems(data, site, files)
            else:
                continue
        else:
            continue
        findings.errors += [f"{name}: {problem}" for problem in problems]
    return {"feeds": feeds, "calendars": calendars}


def sitemap_problems(data: bytes, site: SiteUrl, files: set[str]) -> list[str]:
    """Sitemap entries that point to no written file."""
    soup = BeautifulSoup(data, "xml")
    problems = []
    for loc in soup.find_all("loc"):
        url = loc.get_text(strip=True)
        target = resolve(url, site.root, site)
        if target is None:
            problems.append(f"'{url}' is not on this site ({site.root})")
        elif target[0] not in files and f"{target[0]}/index.html" not in files:
            problems.append(f"'{url}' does not resolve to a written file")
    return problems


def _check_drafts(
    files: set[str],
    content: Path | None,
    slugify: Callable[[str], str] | None,
    findings: Findings,
) -> None:
    in_drafts = sorted(f for f in files if f.startswith("drafts/"))
    if in_drafts:
        findings.errors.append(
            f"drafts/: {len(in_drafts)} draft file(s) in a production build "
            f"({in_drafts[0]}, …). Fix: set DRAFT_SAVE_AS, DRAFT_PAGE_SAVE_AS "
            "and their _LANG_ twins to '' in publishconf.py"
        )
    if content is None or not content.is_dir():
        return
    if slugify is None:

        def slugify(text: str) -> str:
            return sitelib.slug(text, {})

    written = {}
    for name in files:
        written.setdefault(PurePosixPath(name).name, []).append(name)
    for slug, source in draft_slugs(content, slugify).items():
        for name in written.get(f"{slug}.html", []):
            findings.errors.append(
                f"{name}: written from {source}, which has Status: draft. "
                "Fix: keep drafts out of the production build"
            )


# ---------------------------------------------------------------------------
# Feeds and calendars as strict validators read them
# ---------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
#: What the Atom spec (RFC 4287) requires of a feed and of every entry.
ATOM_REQUIRED = ("id", "updated", "title")
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"
)
_RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}(?:\d{2})? "
    r"\d{2}:\d{2}(?::\d{2})? (?:UT|GMT|[ECMP][SD]T|[A-IK-Z]|[+-]\d{4})$"
)
_FEED_FIX = "Fix: correct the feed settings or the plugin that writes this feed"


def is_rfc3339(value: str) -> bool:
    """An Atom date: ``2026-03-21T09:30:00+00:00`` (a real date, with a zone)."""
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_rfc822(value: str) -> bool:
    """An RSS date: ``Sat, 21 Mar 2026 09:30:00 +0000`` (a real date)."""
    if not _RFC822.match(value):
        return False
    try:
        email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return False
    return True


def _atom_problems(feed: Any) -> list[str]:
    problems = []
    parts = [("the feed", feed)]
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), 1):
        title = (entry.findtext(f"{ATOM}title") or "").strip()
        parts.append((f"entry '{title}'" if title else f"entry {number}", entry))
    for name, element in parts:
        # feed_problems already names an entry with no id, and a date with
        # no time zone.
        required = ATOM_REQUIRED if element is feed else ("updated", "title")
        for child in required:
            if not (element.findtext(f"{ATOM}{child}") or "").strip():
                problems.append(f"{name} has no <{child}> (Atom requires one)")
        for child in ("updated", "published"):
            value = (element.findtext(f"{ATOM}{child}") or "").strip()
            if value and is_aware_date(value) and not is_rfc3339(value):
                problems.append(
                    f"{name}: <{child}> {value!r} is not an RFC 3339 date-time"
                )
    return [f"{problem}. {_FEED_FIX}" for problem in problems]


def _rss_problems(rss: Any) -> list[str]:
    problems = []
    channel = rss.find("channel")
    if channel is None:
        return [f"no <channel>. {_FEED_FIX}"]
    parts = [("the channel", channel)]
    for number, item in enumerate(channel.findall("item"), 1):
        title = (item.findtext("title") or "").strip()
        parts.append((f"item '{title}'" if title else f"item {number}", item))
    for name, element in parts:
        for child in ("pubDate", "lastBuildDate"):
            value = (element.findtext(child) or "").strip()
            if element.find(child) is None or is_rfc822(value):
                continue
            if element is channel or is_aware_date(value):
                problems.append(
                    f"{name}: <{child}> {value!r} is not an RFC 822 date "
                    "(e.g. 'Sat, 21 Mar 2026 09:30:00 +0000')"
                )
    return [f"{problem}. {_FEED_FIX}" for problem in problems]


def strict_feed_problems(data: bytes) -> list[str]:
    """What the W3C feed validator rejects and feedparser lets through: an
    Atom feed or entry with no id, updated or title, dates in the wrong form."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []  # feed_problems reports that it does not parse
    if root.tag == f"{ATOM}feed":
        return _atom_problems(root)
    if root.tag == "rss":
        return _rss_problems(root)
    return []


_ICS_DATE = re.compile(r"^\d{8}$")
_ICS_DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
_ICS_FIX = "Fix: correct the event's Start/End/Timezone, or the events plugin"


@dataclass
class _Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)

    def first(self, name: str) -> tuple[dict[str, str], str] | None:
        for key, params, value in self.properties:
            if key == name:
                return params, value
        return None


def ics_components(text: str) -> list[_Component]:
    """Every component (VEVENT, VTIMEZONE, …) of an iCalendar text with its
    own properties, from the unfolded content lines (RFC 5545 §3.1)."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    found: list[_Component] = []
    stack: list[_Component] = []
    for line in lines:
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.partition("=")[::2] for p in raw_params)
        name = name.upper()
        if name == "BEGIN":
            stack.append(_Component(value.strip().upper()))
        elif name == "END" and stack:
            found.append(stack.pop())
        elif stack:
            stack[-1].properties.append((name, params, value.strip()))
    return found


def ics_time(params: dict[str, str], value: str) -> datetime | None:
    """The moment a DTSTART/DTEND/DTSTAMP value names, or None if it is not
    a valid DATE (which needs ``VALUE=DATE``) or DATE-TIME."""
    try:
        if params.get("VALUE", "").upper() == "DATE":
            if not _ICS_DATE.match(value):
                return None
            return datetime.strptime(value, "%Y%m%d")
        if not _ICS_DATE_TIME.match(value):
            return None
        return datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def strict_calendar_problems(data: bytes) -> list[str]:
    """What iCalendar parsers reject and ``icalendar`` lets through: dates that
    are not dates, an end before the start, a TZID with no VTIMEZONE, two
    events with one UID."""
    components = ics_components(data.decode("utf-8", "replace"))
    zones = {
        value
        for component in components
        if component.name == "VTIMEZONE"
        for key, _params, value in component.properties
        if key == "TZID"
    }
    problems = []
    unzoned: dict[str, str] = {}
    uids: dict[str, int] = {}
    events = [c for c in components if c.name == "VEVENT"]
    for number, event in enumerate(events, 1):
        summary = event.first("SUMMARY")
        name = f"'{summary[1]}'" if summary else f"event {number}"
        times = {}
        for key in ("DTSTAMP", "DTSTART", "DTEND"):
            found = event.first(key)
            if found is None:
                continue
            params, value = found
            times[key] = ics_time(params, value)
            if times[key] is None:
                problems.append(f"{name}: {key} {value!r} is not a valid date(-time)")
            tzid = params.get("TZID", "").strip('"')
            if tzid and tzid not in zones:
                unzoned.setdefault(tzid, f"{name}: {key}")
        start, end = times.get("DTSTART"), times.get("DTEND")
        if start and end and end < start:
            problems.append(f"{name}: DTEND is before DTSTART")
        uid = event.first("UID")
        if uid and event.first("RECURRENCE-ID") is None:
            if uid[1] in uids:
                problems.append(
                    f"{name}: UID {uid[1]!r} is also the UID of event {uids[uid[1]]}"
                )
            uids.setdefault(uid[1], number)
    problems += [
        f"{first} names TZID {tzid!r}, which has no VTIMEZONE in the file"
        for tzid, first in unzoned.items()
    ]
    return [f"{problem}. {_ICS_FIX}" for problem in problems]
