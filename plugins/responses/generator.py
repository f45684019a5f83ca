"""The responses generator: reads ``content/<RESPONSES_PATH>/``, attaches
each post's approved responses to it (``article.responses``) and writes the
responses feed. Pending responses are read only to check them: nothing of
them reaches a page, feed or the JSON-LD."""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Collection
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import markdown
from pelican.generators import Generator

from build_guard import Claim, claim_outputs
from sitelib import (
    ContentError,
    FeedEntry,
    FeedInfo,
    build_time,
    plain_text,
    process_pool,
    publish_feed,
    report,
    source_label,
    unreadable,
)
from sitelib.jsonld import absolute
from sitelib.settings import options

from .mail import mailto
from .model import Response, count, from_entry, thread, to_entry
from .render import (
    ReadOptions,
    ResponseCache,
    count_files,
    prerender,
    read_response,
    response_key,
)
from .settings import SETTINGS

logger = logging.getLogger(__name__)

#: Files in the responses folder itself that are not responses.
NOTES = frozenset({"README.md"})
#: From this many response files, those the cache lacks are read and rendered
#: in one worker process while Pelican reads the articles (``prerender``).
POOL_THRESHOLD = 300


@dataclass
class ReadAhead:
    """The worker process reading responses ahead (one build's)."""

    pool: Executor
    future: Future[dict[str, dict[str, str]]]

    def take(self) -> dict[str, dict[str, str]]:
        """The worker's cache entries (none if it failed); the pool is shut."""
        try:
            return self.future.result()
        except Exception as exc:  # any failure: the generator reads them all
            logger.debug("responses: reading ahead failed (%r)", exc)
            return {}
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def read_ahead(
    root: Path, how: ReadOptions, known: Collection[str]
) -> ReadAhead | None:
    """Start ``prerender`` in a worker process when ``root`` holds at least
    ``POOL_THRESHOLD`` response files more than the cache has entries (``known``:
    a first build; a warm build has little to render and reads in process),
    else (or if no pool starts) None."""
    enough = len(known) + POOL_THRESHOLD
    if count_files(root, enough) - len(known) < max(POOL_THRESHOLD, 1):
        return None
    try:
        pool = process_pool(1)
        future = pool.submit(prerender, str(root), how, frozenset(known))
    except Exception as exc:  # e.g. no /dev/shm: read them in the build
        logger.debug("responses: no worker to read ahead (%r)", exc)
        return None
    return ReadAhead(pool, future)


@dataclass
class PostResponses:
    """What a post's page shows (``article.responses``)."""

    thread: list[Response] = field(default_factory=list)
    count: int = 0
    open: bool = True
    mailto: str = ""
    email: str = ""
    #: The post's address with ``#responses`` (for the count in lists).
    link: str = ""


def is_closed(
    metadata: dict[str, Any], date: datetime, now: datetime, days: int
) -> bool:
    """``Responses: closed`` on the post, or older than ``days`` (0: never)."""
    if str(metadata.get("responses", "")).strip().lower() == "closed":
        return True
    return bool(days) and now - date > timedelta(days=days)


def closed_problem(metadata: dict[str, Any], source: str) -> ContentError | None:
    value = str(metadata.get("responses", "open")).strip().lower()
    if value in ("open", "closed"):
        return None
    return ContentError(
        source,
        "Responses",
        f"'{metadata['responses']}' is not open or closed",
        "write 'Responses: closed' or delete the line",
    )


class ResponsesGenerator(Generator):
    """Runs after the articles generator (plugin generators always do)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options(self.settings, SETTINGS)
        self.feed_entries: list[FeedEntry] = []
        self.converter = markdown.Markdown(output_format="html5")
        self.how = ReadOptions(
            timezone=self.settings.get("TIMEZONE") or "UTC",
            anonymous_name=self.options.anonymous_name,
            max_characters=self.options.max_characters,
            link_rel=self.options.link_rel,
        )
        self.cache = ResponseCache(self.settings["CACHE_PATH"])
        # Pelican makes every generator before any reads: the worker reads the
        # responses while the articles are read, on the machine's other core.
        self.ahead = read_ahead(
            Path(self.path) / self.options.path, self.how, self.cache.old.keys()
        )
        if self.ahead is not None:
            # If the build stops before generate_context, the pool still goes.
            weakref.finalize(self, self.ahead.pool.shutdown, True, cancel_futures=True)

    # -- reading --------------------------------------------------------------

    def _read_folder(
        self, folder: Path, cache: ResponseCache
    ) -> tuple[list[Response], list[ContentError]]:
        responses: list[Response] = []
        problems: list[ContentError] = []
        label = source_label(folder, self.path)
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda entry: entry.name)
        for entry in found:
            source = f"{label}/{entry.name}"
            if entry.is_dir() or not entry.name.lower().endswith(".md"):
                problems.append(
                    ContentError(
                        source,
                        "file",
                        "is not a response (responses are .md files)",
                        "move it out of the responses folder",
                    )
                )
                continue
            try:
                data = Path(entry.path).read_bytes()
            except OSError as exc:
                problems.append(unreadable(source, exc))
                continue
            response, errors = self._read(data, source, folder.name, entry.name, cache)
            problems.extend(errors)
            if response is not None:
                responses.append(response)
        return responses, problems

    def _read(
        self,
        data: bytes,
        source: str,
        post_slug: str,
        file_name: str,
        cache: ResponseCache,
    ) -> tuple[Response | None, list[ContentError]]:
        """One response file, from the cache if these bytes were read before."""
        key = response_key(data, post_slug, file_name, self.how)
        entry = cache.get(key)
        if entry is not None:
            return from_entry(entry, source, post_slug, file_name), []
        response, errors = read_response(
            data, source, post_slug, file_name, self.how, self.converter
        )
        if response is not None:
            cache.put(key, to_entry(response))
        return response, errors

    def generate_context(self) -> None:
        opts = self.options
        root = Path(self.path) / opts.path
        articles = {a.slug: a for a in self.context.get("articles", [])}
        unpublished = {
            a.slug
            for name in ("drafts", "hidden_articles")
            for a in self.context.get(name, [])
        }
        now = build_time(self.settings)
        email = opts.email or self.settings.get("CONTACT_EMAIL") or ""
        problems: list[ContentError] = []
        for article in articles.values():
            label = source_label(article.source_path, self.path)
            problem = closed_problem(article.metadata, label)
            if problem:
                problems.append(problem)
            url = article.url  # Pelican formats it anew on every access
            article.responses = PostResponses(
                link=f"{url}#responses",
                open=not is_closed(
                    article.metadata, article.date, now, opts.close_after_days
                ),
                mailto=mailto(email, article.title, article.slug) if email else "",
                email=email,
            )
        cache = self.cache
        if self.ahead is not None:
            cache.add(self.ahead.take())
            self.ahead = None
        folders = sorted(root.iterdir()) if root.is_dir() else []
        date_format = self.settings.get("DEFAULT_DATE_FORMAT") or "%Y-%m-%d"
        for folder in folders:
            if not folder.is_dir():
                if folder.name not in NOTES:
                    problems.append(self._stray(folder))
                continue
            responses, errors = self._read_folder(folder, cache)
            problems.extend(errors)
            article = articles.get(folder.name)
            if article is None:
                if folder.name not in unpublished:
                    problems.append(self._no_post(folder))
                continue
            top, errors = thread(responses)
            problems.extend(errors)
            if errors:
                continue
            for response in top:
                for shown in (response, *response.replies):
                    shown.shown_date = shown.date.strftime(date_format)
            post_url = absolute(
                self.settings.get("SITEURL", ""), article.responses.link
            ).removesuffix("#responses")
            title = plain_text(article.title)
            self.feed_entries.extend(
                self._entry(post_url, title, shown)
                for response in top
                for shown in (response, *response.replies)
            )
            article.responses.thread = top
            article.responses.count = count(top)
        for problem in problems:
            report(problem)
        if problems:
            return
        cache.save()
        if opts.feed_atom:
            claim_outputs(
                self.context, [Claim(opts.feed_atom, "the RESPONSES_FEED_ATOM setting")]
            )

    def _stray(self, path: Path) -> ContentError:
        return ContentError(
            source_label(path, self.path),
            "file",
            "responses go in a folder named after their post's slug",
            f"move it into {self.options.path}/<post-slug>/",
        )

    def _no_post(self, folder: Path) -> ContentError:
        return ContentError(
            source_label(folder, self.path),
            "folder",
            f"no post has the slug '{folder.name}'",
            "rename the folder to the slug of the post the responses answer",
        )

    def _entry(self, post_url: str, title: str, response: Response) -> FeedEntry:
        url = f"{post_url}#{response.anchor}"
        return FeedEntry(
            url=url,
            title=f"{response.name} on “{title}”",
            published=response.date,
            updated=response.date,
            author=response.name,
            summary=response.text[:300],
            content_html=response.html,
        )

    # -- writing --------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        opts = self.options
        if not opts.feed_atom:
            return
        site_url = self.settings.get("SITEURL", "")
        site_name = plain_text(self.settings.get("SITENAME", ""))
        info = FeedInfo(
            feed_id=absolute(site_url, opts.feed_atom),
            title=f"{site_name}: responses",
            subtitle=f"Readers' responses to posts on {site_name}",
            author=plain_text(self.settings.get("AUTHOR") or site_name),
            alternate_url=absolute(site_url, self.settings.get("INDEX_URL", "")),
            feed_domain=self.settings.get("FEED_DOMAIN") or site_url,
        )
        publish_feed(
            info,
            self.feed_entries,
            self.settings,
            Path(self.output_path),
            atom=opts.feed_atom,
            rss=None,
            max_items=opts.feed_max_items,
            fallback_updated=build_time(self.settings),
        )
