"""The contribution preview, ``invoke check-contribution``: one guest post
checked as the build checks it, then the site built (drafts included), the
post's page put through the publish checks and made into the one-file
preview ``preview/<slug>.html`` (``sitetools.onefile``) beside ``content/``.
"""

from __future__ import annotations

import glob
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from pelican import Pelican, signals

from guest_posts.contribution import check_size, inspect_source
from guest_posts.settings import SETTINGS
from sitelib import (
    ARTICLE_LISTS,
    BuildFailed,
    ContentError,
    atomic_write,
    iter_content,
    parse_header,
    read_source,
    source_label,
)
from sitelib.settings import options

from . import check, onefile, vnu

#: The folder (beside the content folder) that holds the one-file previews.
PREVIEW_FOLDER = "preview"


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    preview: Path | None = None
    preview_url: str = ""
    #: The one-file preview, ``preview/<slug>.html``.
    standalone: Path | None = None

    @property
    def ready(self) -> bool:
        return not self.problems


def problem_lines(problems: list[str]) -> list[str]:
    """The numbered problems as ``check-contribution`` and ``intake`` print
    them: a count, then ``1. <problem>`` and so on."""
    return [
        f"{len(problems)} problem(s) to fix:",
        *(f"{number}. {problem}" for number, problem in enumerate(problems, 1)),
    ]


def preview_path(settings: dict[str, Any], slug: str) -> Path:
    """Where the one-file preview of the post ``slug`` goes:
    ``preview/<slug>.html`` beside the content folder."""
    return Path(settings["PATH"]).resolve().parent / PREVIEW_FOLDER / f"{slug}.html"


def write_standalone(page: Path, settings: dict[str, Any], slug: str) -> Path:
    """Write the one-file preview of a built ``page``; return its path."""
    html = onefile.standalone_html(
        page, Path(settings["OUTPUT_PATH"]), site_name=str(settings.get("SITENAME"))
    )
    target = preview_path(settings, slug)
    atomic_write(target, html.encode("utf-8"))
    return target


def check_file(path: Path, settings: dict[str, Any]) -> list[str]:
    """Problems in one guest post file and its images, without building."""
    content_root = Path(settings["PATH"]).resolve()
    config = options(settings, SETTINGS)
    folder = content_root / config.path
    source = source_label(path.resolve(), str(content_root))
    if not path.is_file():
        return [f"{path}: file: does not exist. Fix: check the path"]
    if not path.resolve().is_relative_to(folder):
        return [
            str(
                ContentError(
                    source,
                    "file",
                    f"is not in {source_label(folder, str(content_root))}/",
                    "move it there; only files in that folder are guest posts",
                )
            )
        ]
    if path.suffix.lower() != ".md":
        return [
            str(ContentError(source, "file", "is not a .md file", "rename it to .md"))
        ]
    too_big = check_size(path.stat().st_size, source, config.max_bytes)
    if too_big:
        return [str(problem) for problem in too_big]
    try:
        text = read_source(path)
    except UnicodeDecodeError:
        return [
            str(
                ContentError(
                    source,
                    "encoding",
                    "the file is not valid UTF-8",
                    "save it from your editor with UTF-8 encoding",
                )
            )
        ]
    problems = inspect_source(
        text,
        source=source,
        content_root=content_root,
        source_dir=path.resolve().parent,
        config=config,
        markdown=settings.get("MARKDOWN"),
    ).problems
    return [str(problem) for problem in problems]


def preview_problems(
    output: Path,
    page: str,
    *,
    site_url: str,
    source: str,
    validate_html: bool = True,
) -> list[str]:
    """The publish checks (``sitetools.check``: links and anchors, requests
    to other hosts, image alt and size, unique ids, and the Nu Html Checker
    when Java and vnu.jar are installed) on one built page,
    each as a line naming the guest file."""
    try:
        site = check.SiteUrl.parse(site_url)
    except ValueError:
        site = check.SiteUrl.parse("http://localhost")
    files = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    pages = [f for f in files if Path(f).suffix in check.HTML_SUFFIXES]
    soups = {
        name: BeautifulSoup((output / name).read_bytes(), "lxml") for name in pages
    }
    ids = {name: check.anchors(soup) for name, soup in soups.items()}
    soup = soups[page]
    findings = check.Findings()
    # The links the post's text makes. The theme's own (the guest feed, the
    # author page) point to files a draft does not have until it is published.
    references = [
        found
        for part in soup.select(".post-content") or [soup]
        for found in check.html_references(part)
    ]
    check.check_page(page, soup, site, files, ids, findings, references)
    lines = findings.grouped() + findings.errors
    java = shutil.which("java")
    jar = vnu.installed_jar()
    if validate_html and java and jar:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / page
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(output / page, copy)
            errors, _ = check.run_vnu(Path(folder), java, jar)
        lines += errors
    return [
        str(
            ContentError(
                source,
                "preview",
                line,
                "change the post so its page passes the site's publish checks",
            )
        )
        for line in lines
    ]


def other_drafts(target: Path, settings: dict[str, Any]) -> list[str]:
    """The guest files, other than ``target``, that are not published: a
    preview of one post leaves them out, so that another writer's
    unfinished draft (say, one ``intake`` wrote with FILL IN still in it)
    does not stop it."""
    folder = Path(settings["PATH"]) / options(settings, SETTINGS).path
    drafts = []
    for path in sorted(folder.rglob("*.md")):
        if path.resolve() == target or path.name == target.name:
            continue
        try:
            fields, _ = parse_header(read_source(path), settings.get("MARKDOWN"))
        except (OSError, UnicodeDecodeError, ValueError):
            fields = {}
        status = fields["status"].value.strip().lower() if "status" in fields else ""
        if status != "published":
            drafts.append(path.name)
    return drafts


def check_contribution(
    path: Path, settings: dict[str, Any], *, validate_html: bool = True
) -> CheckResult:
    """Check one file, then build the site (drafts included) as a preview."""
    problems = check_file(path, settings)
    if problems:
        return CheckResult(problems)
    target = path.resolve()
    written: list[Any] = []

    def find_post(generator: Any) -> None:
        for article in iter_content(generator, ARTICLE_LISTS):
            if Path(article.source_path).resolve() == target:
                written.append(article)

    ignored = [glob.escape(name) for name in other_drafts(target, settings)]
    build_settings = {
        **settings,
        "IGNORE_FILES": [*settings.get("IGNORE_FILES", []), *ignored],
    }
    signals.article_generator_finalized.connect(find_post)
    try:
        Pelican(build_settings).run()
    except BuildFailed as failure:
        return CheckResult(list(failure.problems))
    finally:
        signals.article_generator_finalized.disconnect(find_post)
    if not written or not written[0].save_as:
        return CheckResult(
            [f"{path}: the preview was not written (is DRAFT_SAVE_AS empty?)"]
        )
    article = written[0]
    problems = preview_problems(
        Path(settings["OUTPUT_PATH"]),
        article.save_as,
        site_url=settings["SITEURL"],
        source=source_label(target, str(Path(settings["PATH"]).resolve())),
        validate_html=validate_html,
    )
    if problems:
        return CheckResult(problems)
    page = Path(settings["OUTPUT_PATH"]) / article.save_as
    return CheckResult(
        preview=page,
        preview_url=f"{settings['SITEURL']}/{article.url}",
        standalone=write_standalone(page, settings, article.slug),
    )
