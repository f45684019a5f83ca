"""The generator: reads content/infographics/, checks it, makes derivatives,
and writes the galleries, the pages, the files and the feeds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.contents import SkipStub
from pelican.generators import Generator

from build_guard import Claim, claim_outputs
from sitelib import (
    ContentError,
    build_time,
    iter_content,
    place,
    publish_feed,
    read_content,
    report,
    source_label,
    theme_colours,
    write_if_changed,
    write_page,
)
from sitelib.embeds import forget_rendered, page_macros
from sitelib.jsonld import site_address
from sitelib.settings import options

from .chart import render_svg
from .data import csv_download
from .embed import embed_all
from .feeds import feed_entries, feed_info
from .images import RunResult, copy_file, run_jobs
from .model import (
    Download,
    Infographic,
    Plan,
    Survey,
    inspect,
    order_of,
    output_name,
    picture,
    sort_key,
    survey_slug,
)
from .post_images import (
    PostImage,
    folder_of,
    images_in,
    plan_image,
    problem,
    rewrite,
)
from .settings import SETTINGS

logger = logging.getLogger(__name__)

FORMAT_NAMES = {"png": "PNG", "jpg": "JPEG"}


class InfographicsGenerator(Generator):
    """Infographics are their own kind of content, not blog posts."""

    #: Rendered by the build guard, so a broken link in a long
    #: description stops the build before writing.
    guard_content_lists = ("infographics",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.infographics: list[Any] = []
        self.infographic_surveys: list[Survey] = []
        self._plans: dict[str, Plan] = {}
        #: Images in posts and pages: by site path, and the post that owns each.
        self.post_images: dict[str, PostImage] = {}
        self._post_image_owners: dict[str, str] = {}
        self.last_run: RunResult | None = None
        super().__init__(*args, **kwargs)
        self.config = options(self.settings, SETTINGS)

    # -- reading and checking -------------------------------------------------

    def _label(self, content: Any) -> str:
        return source_label(content.source_path, self.path)

    def _read(self) -> list[Any]:
        found = []
        for path in sorted(self.get_files([self.config.path])):
            content, problem = read_content(self, path, Infographic)
            if problem:
                report(problem)
                self._add_failed_source_path(path)
                continue
            if isinstance(content, SkipStub) or content.status != "published":
                continue
            if not content.is_valid():
                self._add_failed_source_path(path)
                continue
            self.add_source_path(content)
            found.append(content)
        return found

    def _check(self, contents: list[Any]) -> list[ContentError]:
        errors: list[ContentError] = []
        cache_root = Path(self.settings["CACHE_PATH"]) / "infographics"
        footer = str(self.settings.get("SITENAME", ""))
        by_slug: dict[str, Any] = {}
        for content in contents:
            label = self._label(content)
            if content.slug in by_slug:
                errors.append(
                    ContentError(
                        f"{self._label(by_slug[content.slug])} and {label}",
                        "Slug",
                        f"two infographics share the slug '{content.slug}'",
                        "give one of them a different Title or a 'Slug:' line",
                    )
                )
            by_slug[content.slug] = content
            plan, problems = inspect(
                content,
                label,
                self.config,
                Path(self.path),
                cache_root,
                footer,
                theme_colours(self.settings),
            )
            errors.extend(problems)
            if plan is not None:
                self._plans[content.slug] = plan
        return errors

    # -- building the context ---------------------------------------------------

    def generate_context(self) -> None:
        self._update_context(("infographics", "infographic_surveys"))
        contents = self._read()
        errors = self._check(contents)
        if not errors:
            self.last_run = run_jobs(
                [plan.job for plan in self._plans.values()],
                self.config.workers,
                self.config.progress_every,
            )
            labels = {
                plan.job.key: self._label(c)
                for c in contents
                if (plan := self._plans.get(c.slug))
            }
            for job, reason in self.last_run.failures:
                errors.append(
                    ContentError(
                        labels.get(job.key, job.label),
                        "Image" if job.chart is None else "Data",
                        f"could not be processed ({reason})",
                        "open the file in an image editor and export it again",
                    )
                )
            self._log_run(self.last_run)
        if not errors:
            for content in contents:
                self._complete(content)
            self.infographics = sorted(
                contents, key=lambda c: (c.date, c.title), reverse=True
            )
            self.infographic_surveys = self._group(contents)
        errors.extend(
            embed_all(
                iter_content(self.context),
                {c.slug: c for c in contents},
                self._embed_renderer() if not errors else lambda _info, _in: "",
                self._label,
            )
        )
        if not errors:
            errors.extend(self._post_images())
        for error in errors:
            report(error)
        if errors:
            self.infographics, self.infographic_surveys = [], []
            self.post_images = {}
        self._update_context(("infographics", "infographic_surveys"))
        claim_outputs(self.context, self.output_claims())

    def _post_images(self) -> list[ContentError]:
        """Give every local PNG/JPEG image in a post or page the infographics'
        derivatives and ``<picture>`` (see post_images.py)."""
        siteurl = str(self.settings.get("SITEURL", ""))
        root = Path(self.path)
        contents = [
            (c, folder_of(c.source_path, root))
            for c in iter_content(self.context)
            if "<img" in (getattr(c, "_content", "") or "")
        ]
        errors: list[ContentError] = []
        known: dict[str, PostImage] = {}
        owners: dict[str, str] = {}
        cache_root = Path(self.settings["CACHE_PATH"]) / "infographics"
        widths = self.config.widths
        for content, folder in contents:
            label = self._label(content)
            for path in images_in(content._content, siteurl, folder):
                if path in owners:
                    continue
                owners[path] = label
                try:
                    image = plan_image(
                        path,
                        root,
                        cache_root,
                        widths,
                        (self.config.webp_quality, self.config.jpeg_quality),
                        source=label,
                        max_pixels=self.config.max_pixels,
                    )
                except ContentError as exc:
                    errors.append(exc)
                    continue
                if image is not None:
                    known[path] = image
        if errors or not known:
            return errors
        run = run_jobs(
            [image.job for image in known.values()],
            self.config.workers,
            self.config.progress_every,
        )
        errors = [
            problem(owners[job.title], job.title, why) for job, why in run.failures
        ]
        if errors:
            return errors
        macros_for = page_macros(
            self.env, "partials/infographics.html", self.context, self.settings
        )
        for content, folder in contents:
            page = macros_for(content)

            def render(
                image: PostImage, *args: Any, macros: Any = page, **kwargs: Any
            ) -> str:
                return str(macros.picture(image, *args, **kwargs))

            content._content = rewrite(content._content, siteurl, known, render, folder)
            forget_rendered(content)
        self.post_images, self._post_image_owners = known, owners
        return []

    def output_claims(self) -> list[Claim]:
        """Every path the infographics write: pages, surveys, feeds, and each
        infographic's derivatives, PDF and CSV download; and the derivatives
        of images in posts."""
        claims = [
            Claim(name, owner, owner, what="a resized copy of its image", priority=1)
            for path, image in self.post_images.items()
            for _cached, name in image.placements()
            if (owner := self._post_image_owners[path])
        ]
        if not self.infographics:
            return claims
        config = self.config
        claims += [
            Claim(path, f"the infographics setting for {path}")
            for path in (config.index_save_as, config.feed_atom, config.feed_rss)
            if path
        ]
        claims += [
            Claim(survey.save_as, f"the survey gallery '{survey.slug}'")
            for survey in self.infographic_surveys
        ]
        for content in self.infographics:
            label = self._label(content)
            claims.append(Claim(content.save_as, label, label, priority=1))
            claims += [
                Claim(name, label, label, what="its file", priority=1)
                for _source, name, _put in content.placements
            ]
        return claims

    def _log_run(self, run: RunResult) -> None:
        logger.info(
            "Infographics: made %d derivative sets (%d files) in %.2f s; "
            "%d unchanged, taken from the cache",
            run.sets_made,
            run.files_made,
            run.seconds,
            run.cached,
            extra={"infographics_run": run},
        )

    def _complete(self, content: Any) -> None:
        """Attach everything templates need to one checked infographic."""
        plan = self._plans[content.slug]
        files = self.config.files_path
        slug = content.slug
        cache = Path(plan.job.folder)
        content.alt = str(content.metadata["alt"]).strip()
        content.order = order_of(content, "")[0]
        content.picture = picture(files, slug, plan.job.renditions)
        full = max(
            (r for r in plan.job.renditions if r.ext != "webp"), key=lambda r: r.width
        )
        content.full_image = Download(
            output_name(files, slug, full),
            (cache / full.name).stat().st_size,
            f"{FORMAT_NAMES[full.ext]}, {full.width} × {full.height} pixels",
        )
        pdf_source = plan.pdf_path or cache / "document.pdf"
        content.pdf = Download(
            f"{files}/{slug}/{slug}.pdf", pdf_source.stat().st_size, "PDF"
        )
        csv_bytes, formulas = (
            csv_download(plan.data_path.read_bytes()) if plan.data_path else (b"", 0)
        )
        content.data_file = (
            Download(f"{files}/{slug}/{slug}.csv", len(csv_bytes), "CSV", formulas)
            if plan.data_path
            else None
        )
        content.table = plan.table
        content.chart_svg = (
            render_svg(
                plan.chart,
                f"infographic-{slug}",
                content.alt,
                theme_colours(self.settings),
            )
            if plan.chart
            else None
        )
        placements: list[tuple[Path, str, Callable[[Path, Path], None]]] = [
            (cache / r.name, output_name(files, slug, r), place)
            for r in plan.job.renditions
        ]
        placements.append(
            (pdf_source, content.pdf.url, copy_file if plan.pdf_path else place)
        )
        if plan.data_path and content.data_file:
            placements.append(
                (
                    plan.data_path,
                    content.data_file.url,
                    lambda _source, destination: write_if_changed(
                        destination, csv_bytes
                    ),
                )
            )
        content.placements = placements

    def _group(self, contents: list[Any]) -> list[Survey]:
        surveys: dict[str, Survey] = {}
        for content in contents:
            name = str(content.metadata["survey"]).strip()
            if name not in surveys:
                slug = survey_slug(name, self.settings)
                surveys[name] = Survey(
                    name,
                    slug,
                    self.config.survey_url.format(slug=slug),
                    self.config.survey_save_as.format(slug=slug),
                )
            surveys[name].infographics.append(content)
            content.survey = surveys[name]
        for survey in surveys.values():
            survey.infographics.sort(key=sort_key)
            parts = survey.infographics
            for index, content in enumerate(parts):
                content.position = index + 1
                content.previous_in_survey = parts[index - 1] if index else None
                content.next_in_survey = (
                    parts[index + 1] if index + 1 < len(parts) else None
                )
        return sorted(surveys.values(), key=lambda s: (s.date, s.name), reverse=True)

    def _embed_renderer(self) -> Callable[[Any, Any], str]:
        """The embedded figure for a post or page (URLs as ``page_base``)."""
        macros = page_macros(
            self.env, "partials/infographics.html", self.context, self.settings
        )
        return lambda info, content: str(macros(content).figure(info))

    def _renderer(self, macro: str, siteurl: str) -> Callable[[Any], str]:
        """A macro from partials/infographics.html as a Python function."""
        template = self.env.get_template("partials/infographics.html")
        module = template.make_module({**self.context, "SITEURL": siteurl})
        function = getattr(module, macro)
        return lambda info: str(function(info))

    # -- writing ------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        output = Path(self.output_path)
        for image in self.post_images.values():
            for cached, name in image.placements():
                place(cached, output / name)
        if not self.infographics:
            return
        for content in self.infographics:
            for source, name, put in content.placements:
                put(source, output / name)
        write_page(
            writer,
            self,
            "infographics",
            self.config.index_save_as,
            self.config.index_url,
        )
        for survey in self.infographic_surveys:
            write_page(
                writer,
                self,
                "infographic_survey",
                survey.save_as,
                survey.url,
                survey=survey,
            )
        for content in self.infographics:
            write_page(
                writer,
                self,
                content.template,
                content.save_as,
                content.url,
                infographic=content,
            )
        self._write_feeds(output)

    def _write_feeds(self, output: Path) -> None:
        if not (self.config.feed_atom or self.config.feed_rss):
            return
        domain = site_address(self.settings).rstrip("/")
        info = feed_info(self.settings, self.config.index_url, domain)
        publish_feed(
            info,
            feed_entries(
                self.infographics,
                self.settings,
                domain,
                self._renderer("feed_content", domain),
            ),
            self.settings,
            output,
            atom=self.config.feed_atom,
            rss=self.config.feed_rss,
            max_items=self.settings.get("FEED_MAX_ITEMS") or None,
            fallback_updated=build_time(self.settings),
        )
