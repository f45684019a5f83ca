"""Reads the issue records in content/newsletters/, works out each issue's
content from the site, and writes the issue pages, the email parts and the
newsletter feed."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from build_guard import Claim, claim_outputs
from sitelib import (
    ContentError,
    FeedEntry,
    FeedInfo,
    build_time,
    dark_theme_colours,
    publish_feed,
    report,
    source_label,
    theme_colours,
    write_if_changed,
    write_page,
)
from sitelib.embeds import page_base
from sitelib.jsonld import absolute, site_address
from sitelib.settings import Options, options

from .model import (
    Issue,
    Record,
    actions_of,
    article_entry,
    event_entry,
    in_period,
    infographic_entry,
    issue_text,
    long_date,
    moment,
    parse_record,
)
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def read_record(path: Path, label: str, zone: ZoneInfo) -> tuple[Record | None, list]:
    """One ``<date>.toml`` record, or its problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [
            ContentError(
                label,
                "TOML",
                str(exc).splitlines()[0] if str(exc) else "cannot be read",
                "write it as date = 2020-03-23T09:00:00Z (UTF-8)",
            )
        ]
    return parse_record(data, label, zone)


def pending_record(
    value: dict[str, Any], folder_label: str, zone: ZoneInfo
) -> tuple[Record | None, list[ContentError]]:
    """The issue ``invoke newsletter`` is making (``NEWSLETTER_NEXT``)."""
    when = moment(value.get("date"), zone)
    slug = when.date().isoformat() if when else "new"
    return parse_record(value, f"{folder_label}/{slug}.toml", zone)


class NewsletterGenerator(Generator):
    """Issue pages, email parts and the feed. Runs after the generators whose
    content it lists (posts, infographics, events, progress)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.newsletter_issues: list[Issue] = []
        super().__init__(*args, **kwargs)
        self.config: Options = options(self.settings, SETTINGS)

    # -- reading ------------------------------------------------------------

    def _records(self, zone: ZoneInfo) -> tuple[list[Record], list[ContentError]]:
        folder = Path(self.path) / self.config["NEWSLETTER_PATH"]
        records, errors = [], []
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            record, problems = read_record(path, source_label(path, self.path), zone)
            errors += problems
            if record is not None:
                records.append(record)
        return records, errors

    def _issue(self, record: Record, site_url: str | None = None) -> Issue:
        """The issue, its links under ``site_url`` (default: SITEURL)."""
        settings, config = self.settings, self.config
        if site_url is None:
            site_url = str(settings.get("SITEURL", ""))
        articles = [
            a for a in self.context.get("articles", []) if in_period(a.date, record)
        ]
        infographics = [
            i for i in self.context.get("infographics", []) if in_period(i.date, record)
        ]
        events = [
            e
            for e in self.context.get("events", [])
            if e.is_upcoming(record.date) and e.status != "cancelled"
        ]
        events.sort(key=lambda e: (e.start, e.title))
        width = config["NEWSLETTER_IMAGE_WIDTH"]
        name = str(settings.get("SITENAME", ""))
        return Issue(
            record=record,
            title=f"{name} newsletter, {long_date(record.date)}",
            url=config["NEWSLETTER_URL"].format(date=record.slug),
            save_as=config["NEWSLETTER_SAVE_AS"].format(date=record.slug),
            email_save_as=config["NEWSLETTER_EMAIL_SAVE_AS"].format(date=record.slug),
            text_save_as=config["NEWSLETTER_TEXT_SAVE_AS"].format(date=record.slug),
            posts=tuple(
                article_entry(a, site_url)
                for a in articles
                if not getattr(a, "guest", None)
            ),
            guest_posts=tuple(
                article_entry(a, site_url)
                for a in articles
                if getattr(a, "guest", None)
            ),
            infographics=tuple(
                infographic_entry(i, site_url, width) for i in infographics
            ),
            events=tuple(
                event_entry(e, site_url)
                for e in events[: config["NEWSLETTER_EVENTS_COUNT"]]
            ),
            actions=actions_of(settings.get("CALLS_TO_ACTION") or (), site_url),
            counters=tuple(self.context.get("progress_home") or ()),
        )

    def generate_context(self) -> None:
        zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        records, errors = self._records(zone)
        folder_label = source_label(
            Path(self.path) / self.config["NEWSLETTER_PATH"], self.path
        )
        upcoming = self.config["NEWSLETTER_NEXT"]
        if upcoming is not None:
            record, problems = pending_record(upcoming, folder_label, zone)
            errors += problems
            if record is not None:
                errors += self._check_pending(record, records)
                records.append(record)
        issues = [] if errors else [self._issue(r) for r in records]
        if upcoming is not None and issues and issues[-1].is_empty:
            record = issues[-1].record
            after = f" since {long_date(record.since)}" if record.since else ""
            errors.append(
                ContentError(
                    record.source,
                    "period",
                    f"nothing new{after}: no post, guest post or infographic is "
                    "dated in it, so there is no issue to send",
                    "publish something first, or give an earlier --since date",
                )
            )
        for error in errors:
            report(error)
        self.newsletter_issues = [] if errors else issues[::-1]
        self._update_context(("newsletter_issues",))
        self.context["newsletter_feed_url"] = self._feed_url()
        claim_outputs(self.context, self.output_claims())

    def _check_pending(
        self, record: Record, records: list[Record]
    ) -> list[ContentError]:
        if any(r.slug == record.slug for r in records):
            return [
                ContentError(
                    record.source,
                    "date",
                    f"an issue dated {record.slug} is already recorded",
                    "send one issue a day; delete the record to make it again",
                )
            ]
        if record.date > build_time(self.settings):
            return [
                ContentError(
                    record.source,
                    "date",
                    f"{record.date.isoformat()} is after the build time",
                    "make an issue today, not in the future",
                )
            ]
        return []

    def _feed_url(self) -> str:
        feed = self.config["NEWSLETTER_FEED_ATOM"] or self.config["NEWSLETTER_FEED_RSS"]
        return absolute(self._domain(), feed) if feed else ""

    def _domain(self) -> str:
        return site_address(self.settings).rstrip("/")

    def output_claims(self) -> list[Claim]:
        if not self.newsletter_issues:
            return []
        config = self.config
        claims = [
            Claim(config[name], f"the newsletter setting {name}")
            for name in (
                "NEWSLETTER_INDEX_SAVE_AS",
                "NEWSLETTER_FEED_ATOM",
                "NEWSLETTER_FEED_RSS",
            )
            if config[name]
        ]
        for issue in self.newsletter_issues:
            for path in (issue.save_as, issue.email_save_as, issue.text_save_as):
                claims.append(Claim(path, issue.record.source, issue.record.source))
        return claims

    # -- writing ------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        if not self.newsletter_issues:
            return
        relative = self.settings["RELATIVE_URLS"]
        output = Path(self.output_path)
        site_url = str(self.settings.get("SITEURL", ""))
        colours = theme_colours(self.settings)
        write_page(
            writer,
            self,
            "newsletters",
            self.config["NEWSLETTER_INDEX_SAVE_AS"],
            self.config["NEWSLETTER_INDEX_URL"],
        )
        for issue in self.newsletter_issues:
            # The web copy links relative to itself in a development build
            # (served on any host and port); the email is always absolute.
            write_page(
                writer,
                self,
                "newsletter",
                issue.save_as,
                issue.url,
                issue=self._issue(issue.record, page_base(self.settings, issue))
                if relative
                else issue,
            )
            writer.write_file(
                issue.email_save_as,
                self.get_template("newsletter_email"),
                self.context,
                relative_urls=False,
                issue=issue,
                colours=colours,
                dark=dark_theme_colours(self.settings),
            )
            text = issue_text(
                issue,
                str(self.settings.get("SITENAME", "")),
                site_url,
                self.context["newsletter_feed_url"],
            )
            write_if_changed(output / issue.text_save_as, text.encode("utf-8"))
        self._write_feed(output)

    def _write_feed(self, output: Path) -> None:
        atom, rss = (
            self.config["NEWSLETTER_FEED_ATOM"],
            self.config["NEWSLETTER_FEED_RSS"],
        )
        if not (atom or rss):
            return
        domain = self._domain()
        settings = self.settings
        name = str(settings.get("SITENAME", ""))
        author = str(settings.get("AUTHOR") or name)
        info = FeedInfo(
            feed_id=absolute(domain, self.config["NEWSLETTER_INDEX_URL"]),
            title=f"{name} newsletter",
            subtitle=f"Every issue of the {name} newsletter",
            author=author,
            alternate_url=absolute(domain, self.config["NEWSLETTER_INDEX_URL"]),
            feed_domain=domain,
        )
        module = self.env.get_template("partials/newsletter.html").make_module(
            {**self.context, "SITEURL": domain}
        )
        entries = [
            FeedEntry(
                url=absolute(domain, issue.url),
                title=issue.title,
                published=issue.date,
                updated=issue.date,
                author=author,
                summary=f"What is new on {name} up to {long_date(issue.date)}.",
                content_html=str(module.contents(issue)),
            )
            for issue in self.newsletter_issues
        ]
        publish_feed(
            info,
            entries,
            settings,
            output,
            atom=atom,
            rss=rss,
            max_items=settings.get("FEED_MAX_ITEMS") or None,
            fallback_updated=build_time(settings),
        )
