"""Checks on a guest post as it is read (its file, fields and images),
and after all content is read (a guest may not use a campaign author's name)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.urlwrappers import Author

from build_guard.status import UNKNOWN_STATUS
from sitelib import (
    ContentError,
    normalise_newlines,
    read_source,
    report,
    source_label,
)
from sitelib.settings import options

from .contribution import (
    FIELDS,
    FORBIDDEN,
    Inspection,
    check_body,
    check_size,
    inspect_source,
)
from .posts import guest_articles
from .settings import SETTINGS, GuestSettings

logger = logging.getLogger(__name__)


def read_and_check(article: Article, cfg: GuestSettings) -> Inspection:
    """Report the file's problems; return what was found (its metadata block
    as written and its good images)."""
    settings = article.settings
    source = source_label(article.source_path, settings["PATH"])
    path = Path(article.source_path)
    if path.suffix.lower() != ".md":
        report(
            ContentError(
                source,
                "file",
                "guest posts must be Markdown files",
                "save the post as a .md file (see CONTRIBUTING.md)",
            )
        )
        return Inspection({}, 1, {}, [])
    size_problems = check_size(path.stat().st_size, source, cfg.max_bytes)
    if size_problems:
        for problem in size_problems:
            report(problem)
        return Inspection({}, 1, {}, size_problems)
    text = normalise_newlines(read_source(path))
    inspection = inspect_source(
        text,
        source=source,
        content_root=Path(settings["PATH"]),
        source_dir=path.parent,
        config=cfg,
        markdown=settings.get("MARKDOWN"),
        advice=False,
        characters=False,
    )
    for problem in inspection.problems:
        # An unknown status is already reported for every file (build_guard.status).
        if not (
            UNKNOWN_STATUS in article.metadata and problem.field.startswith("Status")
        ):
            report(problem)
    fields, first_line = inspection.fields, inspection.first_line
    for advice in check_body(text.split("\n")[first_line - 1 :], first_line, source):
        logger.warning("%s", advice)
    # What Pelican's reader produced is judged too, so no reading of the
    # header can differ from the build's (category and reader Pelican adds).
    added = {
        "category",
        "reader",
        UNKNOWN_STATUS,
        *(settings.get("DEFAULT_METADATA") or {}),
    }
    written = {name.partition("#")[0] for name in fields}
    for name in sorted(set(article.metadata) - added - written):
        if name in FORBIDDEN or name not in FIELDS:
            report(
                ContentError(
                    source,
                    name.title(),
                    FORBIDDEN.get(name, f"'{name}' is not a field we use"),
                    "delete this line",
                )
            )
    return inspection


def check_outputs(generators: list[Any]) -> None:
    """A guest may not write under a campaign author's name. (Which page each
    guest post and author page would overwrite is checked for all content by
    ``build_guard``'s output claims.)"""
    if not generators:
        return
    settings = generators[0].settings
    cfg = options(settings, SETTINGS)
    staff_authors = (
        {Author(settings["AUTHOR"], settings).slug} if settings.get("AUTHOR") else set()
    )
    for generator in generators:
        for author, articles in getattr(generator, "authors", []) or []:
            if any(not getattr(article, "guest", None) for article in articles):
                staff_authors.add(author.slug)
    for generator in generators:
        for article in guest_articles(vars(generator)):
            if article.guest.anonymous or article.author.name == cfg.anonymous_name:
                continue
            if article.author.slug in staff_authors:
                report(
                    ContentError(
                        source_label(article.source_path, settings["PATH"]),
                        "Author",
                        f"'{article.author.name}' is already the name of a campaign "
                        "author",
                        "write your own name, or 'Anonymous: yes'",
                    )
                )
