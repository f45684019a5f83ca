"""Every output path has one owner: the build knows what it will write, and
refuses a second claimant before anything is written.

Pelican's own outputs (content objects of every generator, direct templates
and their pagination, ``TEMPLATE_PAGES``, feeds, category/tag/author and
period archive pages) are worked out here from the generators. A plugin
declares what else it writes with ``claim_outputs(context, claims)``, which
records them in the build's context dict (nothing is kept between builds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pelican.paginator import Paginator

from sitelib.content import iter_content
from sitelib.errors import ContentError, report, source_label

CLAIMS_KEY = "build_guard_output_claims"
SLUG_FIX = "add a line 'Slug: a-different-address' to the metadata block"
_HAS_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Claim:
    """One output path (a folder if it ends in ``/``) and who writes it.

    ``owner`` names the writer for a person ("content/posts/x.md", "the
    TEMPLATE_PAGES setting"); ``source`` is the content file to blame, if any;
    ``field`` the metadata field that chose the path.
    """

    path: str
    owner: str
    source: str = ""
    field: str = "Slug"
    #: How the path is named in a message: "its page", "the author page".
    what: str = "its page"
    #: Pelican reports two items of one kind with one slug itself; claims of
    #: the same non-empty kind are not reported twice.
    kind: str = ""
    #: Who is blamed for a clash: the higher priority (0 site and plugins, 1
    #: staff content, 2 untrusted guest content).
    priority: int = 0


def normalise(path: str) -> str:
    """``path`` as written under the output folder: forward slashes, no
    leading ``/`` or ``./``."""
    text = str(path).replace("\\", "/")
    while text.startswith(("/", "./")):
        text = text.removeprefix("/").removeprefix("./")
    return text


def claim_outputs(context: dict[str, Any], claims: Iterable[Claim]) -> None:
    """Record paths a plugin will write in this build (checked before writing)."""
    context.setdefault(CLAIMS_KEY, []).extend(claims)


def _paginated(
    settings: dict[str, Any], template: str, save_as: str, url: str, items: list[Any]
) -> list[str]:
    """The files one (possibly paginated) listing is written to."""
    per_page = (settings.get("PAGINATED_TEMPLATES") or {}).get(template, False)
    if per_page is False or not items:
        return [save_as]
    paginator = Paginator(
        save_as, url, items, settings, per_page or settings.get("DEFAULT_PAGINATION")
    )
    return [paginator.page(n).save_as for n in range(1, paginator.num_pages + 1)]


def content_claims(generators: Iterable[Any], content_root: str) -> Iterator[Claim]:
    """Every content object any generator holds in a list attribute
    (articles, drafts, translations, pages, static files, plugin lists)."""
    seen: set[int] = set()
    for generator in generators:
        for value in vars(generator).values():
            if not isinstance(value, list):
                continue
            for item in value:
                save_as = getattr(item, "save_as", None)
                source_path = getattr(item, "source_path", None)
                if id(item) in seen or not isinstance(save_as, str) or not source_path:
                    continue
                seen.add(id(item))
                if save_as:
                    label = source_label(source_path, content_root)
                    guest = bool(getattr(item, "guest", None))
                    kind = f"{type(item).__name__}:{getattr(item, 'slug', '')}"
                    yield Claim(
                        save_as,
                        label,
                        label,
                        kind="" if guest else kind,
                        priority=2 if guest else 1,
                    )


def settings_claims(settings: dict[str, Any], articles: list[Any]) -> Iterator[Claim]:
    """Direct templates (with their pagination), ``TEMPLATE_PAGES`` and the
    site-wide feeds."""
    for template in settings.get("DIRECT_TEMPLATES") or []:
        name = f"{template.upper()}_SAVE_AS"
        save_as = settings.get(name, f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        if save_as:
            for path in _paginated(settings, template, save_as, url, articles):
                yield Claim(path, f"the {name} setting")
    for source, path in (settings.get("TEMPLATE_PAGES") or {}).items():
        yield Claim(path, f"TEMPLATE_PAGES[{source!r}]")
    for name in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(name):
            yield Claim(settings[name], f"the {name} setting")


_TAXONOMIES = (
    # (generator attribute, template, field, feed settings)
    ("categories", "category", "Category", ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")),
    ("tags", "tag", "Tags", ("TAG_FEED_ATOM", "TAG_FEED_RSS")),
    ("authors", "author", "Author", ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
)


def _taxonomy_items(generator: Any, attribute: str) -> list[tuple[Any, list[Any]]]:
    value = getattr(generator, attribute, None) or []
    return list(value.items() if hasattr(value, "items") else value)


def taxonomy_claims(
    generator: Any, settings: dict[str, Any], content_root: str
) -> Iterator[Claim | ContentError]:
    """Category, tag and author pages and feeds, period archives, translation
    feeds; a name with no letters or digits is an error naming a file."""
    for attribute, template, field, feeds in _TAXONOMIES:
        for item, articles in _taxonomy_items(generator, attribute):
            source = source_label(articles[0].source_path, content_root)
            owner = f"the {template} page for '{item}' ({source})"
            if not _HAS_WORD.search(item.slug or ""):
                yield ContentError(
                    source,
                    field,
                    f"'{item}' has no letters or digits to make an address",
                    "use a name with at least one letter or digit",
                )
                continue
            if item.save_as:
                for path in _paginated(
                    settings, template, item.save_as, item.url, list(articles)
                ):
                    yield Claim(
                        path, owner, source, field, f"the {template} page", "", 1
                    )
            for name in feeds:
                if settings.get(name):
                    yield Claim(
                        str(settings[name]).format(slug=item.slug),
                        f"the {template} feed for '{item}' ({source})",
                        source,
                        field,
                        f"the {template} feed",
                        "",
                        1,
                    )
    for periods in (getattr(generator, "period_archives", None) or {}).values():
        for period in periods:
            yield Claim(period["save_as"], f"the archive for {period['period']}")
    for name in ("TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
        pattern = settings.get(name)
        for lang in {
            getattr(a, "lang", "") for a in getattr(generator, "translations", [])
        }:
            if pattern and lang:
                yield Claim(pattern.format(lang=lang), f"the {name} setting ({lang})")


def slug_errors(generators: Iterable[Any], content_root: str) -> Iterator[ContentError]:
    """Posts and pages whose address has no letters or digits."""
    for generator in generators:
        for item in iter_content(generator):
            if getattr(item, "save_as", "") and not _HAS_WORD.search(
                getattr(item, "slug", "") or ""
            ):
                yield ContentError(
                    source_label(item.source_path, content_root),
                    "Slug",
                    f"'{item.slug}' has no letters or digits to make an address",
                    SLUG_FIX,
                )


def _same_content(a: Claim, b: Claim) -> bool:
    """Two files of one kind with one slug: Pelican reports those itself."""
    return bool(a.kind) and a.kind == b.kind


def find_clashes(claims: Iterable[Claim]) -> list[tuple[Claim, Claim, str]]:
    """``(first, second, path)`` for each path two owners claim, including a
    file where another claim needs a folder (``x.html`` and ``x.html/y``)."""
    files: dict[str, Claim] = {}
    folders: dict[str, Claim] = {}
    clashes = []
    ordered = sorted(claims, key=lambda c: c.priority)  # site first
    for claim in ordered:
        path = normalise(claim.path)
        if path.endswith("/"):
            folders.setdefault(path, claim)
            continue
        if path in files and files[path].owner != claim.owner:
            clashes.append((files[path], claim, path))
        files.setdefault(path, claim)
    for path, claim in files.items():
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in files:
                clashes.append((files[parent], claim, path))
            if parent + "/" in folders and folders[parent + "/"].owner != claim.owner:
                clashes.append((folders[parent + "/"], claim, path))
    return [c for c in clashes if not _same_content(c[0], c[1])]


def clash_error(first: Claim, second: Claim, path: str) -> ContentError:
    """One line naming both owners; blamed on a content file if there is one."""
    blamed, other = (
        (second, first) if second.priority >= first.priority else (first, second)
    )
    if not blamed.source:
        return ContentError(
            "pelicanconf.py",
            "output",
            f"{blamed.owner} and {other.owner} would both write {path}",
            "give one of them a different path",
        )
    return ContentError(
        blamed.source,
        blamed.field,
        f"{blamed.what} {path} would overwrite {other.owner}",
        SLUG_FIX if blamed.field == "Slug" else f"use a different {blamed.field}",
    )


def all_claims(generators: list[Any]) -> Iterator[Claim | ContentError]:
    settings = generators[0].settings
    root = settings["PATH"]
    yield from slug_errors(generators, root)
    articles = list(getattr(generators[0], "context", {}).get("articles") or [])
    yield from settings_claims(settings, articles)
    yield from content_claims(generators, root)
    for generator in generators:
        yield from taxonomy_claims(generator, settings, root)
    yield from generators[0].context.get(CLAIMS_KEY, [])


def check_outputs(generators: list[Any]) -> None:
    """``all_generators_finalized``, after every plugin has claimed its paths:
    report each path with two owners, and names that make no address."""
    if not generators:
        return
    claims = []
    for found in all_claims(generators):
        if isinstance(found, ContentError):
            report(found)
        else:
            claims.append(found)
    for first, second, path in find_clashes(claims):
        report(clash_error(first, second, path))
