"""Series: posts that belong together, with "part N of M" and links between parts.

A post joins a series with ``Series: Name`` and may fix its place with
``Series_index: N`` (otherwise parts are ordered by date). Each part gets
``article.series``, a :class:`SeriesInfo`. Every part's page lists every
part, so each part's URL is worked out once per series (``links``), not once
per page that shows it: Pelican formats ``article.url`` afresh on every use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pelican import signals

import sitelib
from sitelib import (
    ARTICLE_LISTS,
    ContentError,
    iter_content,
    report,
    require,
    source_label,
)


@dataclass(frozen=True)
class SeriesLink:
    """One part as the series navigation shows it."""

    title: str
    url: str


@dataclass(frozen=True)
class SeriesInfo:
    name: str
    slug: str
    index: int
    parts: tuple[Any, ...]
    links: tuple[SeriesLink, ...]

    @property
    def total(self) -> int:
        return len(self.parts)

    @property
    def previous(self) -> SeriesLink | None:
        return self.links[self.index - 2] if self.index > 1 else None

    @property
    def next(self) -> SeriesLink | None:
        return self.links[self.index] if self.index < self.total else None


def _sort_key(article: Any) -> tuple[int, Any]:
    raw = article.metadata.get("series_index")
    return (int(raw) if raw is not None else 10**6, article.date)


def group_series(articles: Iterable[Any]) -> dict[str, list[Any]]:
    """Articles grouped by series name, each group in reading order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for article in articles:
        name = article.metadata.get("series")
        if name:
            groups[str(name).strip()].append(article)
    return {name: sorted(parts, key=_sort_key) for name, parts in groups.items()}


def validate_index(article: Any, content_root: str) -> ContentError | None:
    raw = article.metadata.get("series_index")
    if raw is None or str(raw).strip().isdigit():
        return None
    return ContentError(
        source_label(article.source_path, content_root),
        "Series_index",
        f"'{raw}' is not a whole number",
        "write the part's position as a number, e.g. 'Series_index: 2'",
    )


def attach_series(generator: Any) -> None:
    settings = generator.settings
    articles = iter_content(generator, ARTICLE_LISTS)
    errors = [e for a in articles if (e := validate_index(a, generator.path))]
    for error in errors:
        report(error)
    if errors:
        return
    all_series = []
    for name, parts in group_series(generator.articles).items():
        slug = sitelib.slug(name, settings)
        links = tuple(SeriesLink(part.title, part.url) for part in parts)
        for position, article in enumerate(parts, start=1):
            article.series = SeriesInfo(name, slug, position, tuple(parts), links)
        all_series.append(parts[0].series)
    generator.context["series_list"] = all_series


def check_needs(pelican: Any) -> None:
    """initialized: series problems stop the build through the build guard."""
    require(pelican, plugin="series", plugins=("build_guard",))


def register() -> None:
    signals.initialized.connect(check_needs)
    signals.article_generator_finalized.connect(attach_series)
