"""Maintainer tasks: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task
from pelican import Pelican
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent
SETTINGS_FILE_BASE = ROOT / "pelicanconf.py"
SETTINGS_FILE_PUBLISH = ROOT / "publishconf.py"

SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(SETTINGS_FILE_BASE))}
CONFIG = {
    "settings_base": str(SETTINGS_FILE_BASE),
    "settings_publish": str(SETTINGS_FILE_PUBLISH),
    "content": str(ROOT / SETTINGS["PATH"]),
    "deploy_path": str(ROOT / SETTINGS["OUTPUT_PATH"]),
    "host": "localhost",
    "port": 8000,
}


#: What livereload leaves out of a rebuild after a save: Pagefind re-indexing
#: every page took about 1 s of a 2.8 s rebuild at 250 posts (the index from
#: the first build stays in output/; ``invoke build`` refreshes it).
PREVIEW_REBUILD = {"SEARCH_ENABLED": False}
#: How often livereload looks for saved files (its own default is 0.8 s).
LIVERELOAD_POLL_SECONDS = 0.25


def pelican_run(c, cmd: str) -> None:
    c.run(f"{shlex.quote(sys.executable)} -m pelican {cmd}", pty=sys.stdout.isatty())


@task
def clean(c):
    """Remove the generated files."""
    if Path(CONFIG["deploy_path"]).is_dir():
        shutil.rmtree(CONFIG["deploy_path"])
        Path(CONFIG["deploy_path"]).mkdir()


@task
def build(c):
    """Build the site with development settings (drafts previewable)."""
    pelican_run(c, f"-s {shlex.quote(CONFIG['settings_base'])}")


def build_then_replace(settings_file: str, *extra: str) -> None:
    """Build beside output/ and replace output/ only if the build succeeded."""
    from sitetools.preview import build_and_replace
    from sitetools.publish import PublishError

    try:
        build_and_replace(Path(CONFIG["deploy_path"]), Path(settings_file), extra=extra)
    except PublishError as failure:
        sys.exit(f"Not built: {failure}")


@task
def rebuild(c):
    """Build with every file read from source (not the content cache), then
    replace output/ with it (a failed build leaves output/ as it was)."""
    build_then_replace(CONFIG["settings_base"], "--ignore-cache")


@task
def regenerate(c):
    """Rebuild whenever content, theme or settings change."""
    pelican_run(c, f"-r -s {shlex.quote(CONFIG['settings_base'])}")


SERVE_HELP = {
    "port": "the port to serve on (default 8000)",
    "bind": "the address to listen on (default localhost; 0.0.0.0 for every one)",
}


def free_port_or_exit(bind: str, port: int | str) -> int:
    """``port`` as a number if it is free on ``bind``; else exit with the line."""
    from sitetools.serve import PortBusy, ensure_free

    try:
        ensure_free(bind, int(port))
    except PortBusy as busy:
        sys.exit(str(busy))
    return int(port)


@task(help=SERVE_HELP)
def serve(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """Serve the built site at http://localhost:8000 (or --port, --bind)."""
    from sitetools.serve import PortBusy, serve_forever

    try:
        serve_forever(CONFIG["deploy_path"], bind, int(port))
    except PortBusy as busy:
        sys.exit(str(busy))


@task(help=SERVE_HELP)
def reserve(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """Build, then serve."""
    free_port_or_exit(bind, port)
    build(c)
    serve(c, port, bind)


@task
def preview(c):
    """Build with production settings (publishconf.py), then replace output/
    with it (a failed build leaves output/ as it was)."""
    build_then_replace(CONFIG["settings_publish"])


@task(help=SERVE_HELP)
def livereload(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """Serve the site, rebuild on changes and reload the browser."""
    from livereload import Server
    from livereload.watcher import Watcher
    from pelican.settings import read_settings
    from tornado.ioloop import PeriodicCallback

    from sitelib import BuildFailed

    port = free_port_or_exit(bind, port)

    def cached_build(override: dict[str, object]) -> None:
        settings = read_settings(CONFIG["settings_base"], override=override)
        try:
            Pelican(settings).run()
        except BuildFailed as failure:
            print(failure, file=sys.stderr)

    def rebuild() -> None:
        cached_build(PREVIEW_REBUILD)

    class QuickWatcher(Watcher):
        """livereload's polling watcher, checking every 0.25 s, not 0.8 s."""

        def start(self, callback) -> bool:
            PeriodicCallback(callback, LIVERELOAD_POLL_SECONDS * 1000).start()
            return True

    cached_build({})
    server = Server(watcher=QuickWatcher())
    theme = SETTINGS.get("THEME", "theme")
    for pattern in (
        CONFIG["settings_base"],
        f"{theme}/templates/**/*.html",
        f"{theme}/static/**/*",
        f"{CONFIG['content']}/**/*",
        "plugins/**/*.py",
    ):
        server.watch(pattern, rebuild)
    server.serve(host=bind, port=port, root=CONFIG["deploy_path"])


@task
def test(c):
    """Run the test suite (installs the browser-test JavaScript if missing)."""
    with c.cd(str(ROOT)):
        if shutil.which("npm") and not (ROOT / "node_modules").is_dir():
            c.run("npm ci --no-audit --no-fund --loglevel=error")
        c.run(f"{shlex.quote(sys.executable)} -m pytest -n 2", pty=sys.stdout.isatty())


@task
def lint(c):
    """Check the code with ruff (lint and format)."""
    ruff = f"{shlex.quote(sys.executable)} -m ruff"
    with c.cd(str(ROOT)):
        c.run(f"{ruff} check .")
        c.run(f"{ruff} format --check .")


def new_post_text(title: str, now: datetime, author: str, category: str) -> str:
    return (
        f"Title: {title}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Author: {author}\n"
        "Summary: One or two sentences shown on list pages and in feeds.\n"
        "Status: draft\n"
        "\n"
        "Write the post here, in Markdown.\n"
        "Change Status to published when it is ready.\n"
    )


@task(
    help={
        "title": "the post's title",
        "category": "its category",
        "author": "who wrote it (default: the site's AUTHOR)",
    }
)
def new_post(c, title, category="Campaign news", author=""):
    """Write a new draft post in content/posts/ and print its path."""
    slug = slugify(title, regex_subs=SETTINGS["SLUG_REGEX_SUBSTITUTIONS"])
    path = Path(CONFIG["content"]) / "posts" / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path.relative_to(ROOT)} already exists: choose another title.")
    now = datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    path.write_text(
        new_post_text(title, now, author or SETTINGS["AUTHOR"], category),
        encoding="utf-8",
    )
    print(path.relative_to(ROOT))


os.environ.setdefault("PYTHONUNBUFFERED", "1")


@task(
    help={
        "quick": "only N = 250 posts (a CI-friendly run)",
        "repeat": "cold bare/full build pairs per size (medians are reported)",
    }
)
def bench(c, quick=False, repeat=1):
    """Time the full build against bare Pelican on a synthetic site (benchmarks/)."""
    sizes = "--quick" if quick else "--sizes 250 1000 4000"
    python = shlex.quote(sys.executable)
    with c.cd(str(ROOT)):
        c.run(
            f"{python} -m benchmarks.run {sizes} --repeat {int(repeat)}",
            pty=sys.stdout.isatty(),
        )
        c.run(f"{python} -m benchmarks.livereload_latency --posts 250")


@task(
    help={
        "path": "check this built folder instead of a fresh production build",
        "settings": "settings it was built with (default: publishconf.py)",
        "html": "validate HTML with the Nu Html Checker (needs Java)",
    }
)
def check(c, path="", settings="", html=True):
    """Check a built site: links, anchors, HTML, feeds, .ics, images, drafts."""
    from sitetools.publish import PublishError, check_build, checked_build
    from sitetools.publish import load_settings as load_site_settings

    settings_file = Path(settings or CONFIG["settings_publish"]).resolve()
    try:
        if not path:
            with checked_build(settings_file, validate_html=html):
                return
        report = check_build(
            Path(path),
            load_site_settings(settings_file),
            production=settings_file == Path(CONFIG["settings_publish"]),
            validate_html=html,
        )
    except PublishError as failure:
        sys.exit(f"Check failed: {failure}")
    print(report.render())
    if not report.ok:
        sys.exit(1)


@task(help={"dry_run": "build and check, then show what would change; deploy nothing"})
def publish(c, dry_run=False):
    """Build with publishconf.py, check, then deploy atomically (PUBLISH_METHOD)."""
    from sitetools.publish import PublishError
    from sitetools.publish import publish as publish_site

    try:
        publish_site(Path(CONFIG["settings_publish"]), dry_run=dry_run)
    except PublishError as failure:
        sys.exit(f"Not published: {failure}")


@task(help={"to": "the release to switch to (default: the one before the live one)"})
def rollback(c, to=""):
    """Point the live site back at the previous release (rsync releases mode)."""
    from sitetools.publish import PublishError, roll_back

    try:
        print(roll_back(Path(CONFIG["settings_publish"]), to))
    except PublishError as failure:
        sys.exit(f"Not rolled back: {failure}")


@task(help={"dry_run": "build and check, then show what would change; push nothing"})
def gh_pages(c, dry_run=False):
    """Build, check, commit the site to the gh-pages branch and push it."""
    from sitetools.publish import PublishError
    from sitetools.publish import publish as publish_site

    try:
        publish_site(
            Path(CONFIG["settings_publish"]), dry_run=dry_run, method="github-pages"
        )
    except PublishError as failure:
        sys.exit(f"Not published: {failure}")


@task(
    help={
        "title": "the event's name",
        "start": 'when it starts: "YYYY-MM-DD HH:MM", or YYYY-MM-DD for all day',
    }
)
def new_event(c, title, start):
    """Start an event: content/events/<date>-<slug>.md with every field."""
    from pelican.settings import read_settings

    from events.scaffold import create_event

    settings = read_settings(CONFIG["settings_base"])
    now = datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    try:
        path = create_event(settings, title, start, now)
    except (ValueError, FileExistsError) as problem:
        sys.exit(f"Not created: {problem}")
    print(path.resolve().relative_to(ROOT))


@task(help={"title": "the post's title", "author": "the writer's name"})
def new_guest_post(c, title, author=""):
    """Start a guest post: content/guest/<slug>.md with every field to fill in."""
    from pelican.settings import read_settings

    from guest_posts.workflow import create_guest_post

    settings = read_settings(CONFIG["settings_base"])
    now = datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    try:
        path = create_guest_post(settings, title, author, now)
    except (ValueError, FileExistsError) as problem:
        sys.exit(f"Not created: {problem}")
    relative = path.resolve().relative_to(ROOT)
    print(relative)
    print(f"Next: fill it in, then run: invoke check-contribution {relative}")


@task(help={"path": "the guest post, e.g. content/guest/my-post.md"})
def check_contribution(c, path):
    """Check one guest post and its images, then build a preview of the site."""
    from pelican.settings import read_settings

    from guest_posts.workflow import check_contribution as check_post

    settings = read_settings(CONFIG["settings_base"])
    result = check_post(Path(path), settings)
    if not result.ready:
        print(f"{len(result.problems)} problem(s) to fix:")
        for number, problem in enumerate(result.problems, start=1):
            print(f"{number}. {problem}")
        sys.exit(1)
    print("ready for review")
    print(f"Preview file: {os.path.relpath(result.preview)}")
    print(f"Preview address (after 'invoke serve'): {result.preview_url}")
