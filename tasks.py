"""Maintainer tasks: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

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


def pelican_run(c, cmd: str) -> None:
    c.run(f"{shlex.quote(sys.executable)} -m pelican {cmd}", pty=sys.stdout.isatty())


@task
def clean(c):
    """Remove the generated files."""
    from sitetools.preview import empty_folder

    empty_folder(Path(CONFIG["deploy_path"]))


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
    from sitetools.serve import PortBusy, serve_until_interrupted

    try:
        serve_until_interrupted(CONFIG["deploy_path"], bind, int(port))
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
    from sitetools.serve import livereload as serve_and_rebuild

    port = free_port_or_exit(bind, port)
    serve_and_rebuild(
        CONFIG["settings_base"],
        theme=SETTINGS.get("THEME", "theme"),
        content=CONFIG["content"],
        root=CONFIG["deploy_path"],
        host=bind,
        port=port,
    )


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


def now() -> datetime:
    """The time in the site's TIMEZONE (a new file's Date, an event's Modified)."""
    return datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))


def created(make: Callable[[], Path]) -> Path:
    """Run a scaffold; stop with its one-line reason if it refuses."""
    try:
        return make()
    except (ValueError, FileExistsError) as problem:
        sys.exit(f"Not created: {problem}")


def shown(path: Path) -> Path:
    """``path`` as the maintainer typed paths: relative to the project."""
    return path.resolve().relative_to(Path(ROOT).resolve())


@task(
    help={
        "title": "the post's title",
        "category": "its category",
        "author": "who wrote it (default: the site's AUTHOR)",
    }
)
def new_post(c, title, category="Campaign news", author=""):
    """Write a new draft post in content/posts/ and print its path."""
    from sitetools.scaffold import create_post

    settings = {**SETTINGS, "PATH": CONFIG["content"]}
    print(shown(created(lambda: create_post(settings, title, now(), author, category))))


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


@task(
    help={
        "since": "start the period here (YYYY-MM-DD or YYYY-MM-DD HH:MM; "
        "default: the last issue recorded in content/newsletters/)",
    }
)
def newsletter(c, since=""):
    """Write newsletters/<date>.html and .txt for the mailing tool and record
    the issue in content/newsletters/ (nothing new: one line, exit 1)."""
    from sitetools.newsletter import NewsletterError, make_issue, parse_since

    zone = ZoneInfo(SETTINGS["TIMEZONE"])
    try:
        made = make_issue(
            root=ROOT,
            now=now(),
            since=parse_since(since, zone) if since else None,
            settings_file=Path(CONFIG["settings_publish"]),
        )
    except NewsletterError as problem:
        sys.exit(f"No newsletter: {problem}")
    for path in (made.html, made.text, made.record):
        print(shown(path))


@task(help={"check": "only report stale tables (exit 1 if any); change nothing"})
def settings_docs(c, check=False):
    """Rewrite each plugin README's settings table from the plugin's SETTINGS."""
    from sitetools.settings_docs import stale_readmes, write_readmes

    if check:
        stale = stale_readmes()
        for readme in stale:
            print(f"{readme.relative_to(ROOT)}: settings table is out of date")
        if stale:
            sys.exit("Fix: run 'invoke settings-docs'")
        return
    for readme in write_readmes():
        print(f"rewrote the settings table in {readme.relative_to(ROOT)}")


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

    from sitetools.scaffold import create_event

    settings = read_settings(CONFIG["settings_base"])
    print(shown(created(lambda: create_event(settings, title, start, now()))))


@task(
    help={
        "slug": "the event, as in its address: events/<slug>.html",
        "status": "scheduled, cancelled, postponed or moved-online",
        "start": 'a new start: "YYYY-MM-DD HH:MM" or YYYY-MM-DD',
        "end": 'a new end: "YYYY-MM-DD HH:MM", HH:MM or YYYY-MM-DD',
        "location": "a new place, in words",
    }
)
def event_status(c, slug, status, start="", end="", location=""):
    """Change an event: its Status (and Start, End, Location), Sequence + 1,
    Modified now, so calendars that imported it see the change."""
    from pelican.settings import read_settings

    from events.settings import SETTINGS as EVENTS_SETTINGS
    from sitelib.settings import options
    from sitetools.events import EventFileError, change_status
    from sitetools.publish import site_slugify

    settings = read_settings(CONFIG["settings_base"])
    folder = Path(settings["PATH"]) / options(settings, EVENTS_SETTINGS).path
    try:
        change = change_status(
            folder,
            slug,
            status,
            now=now(),
            slugify=site_slugify(settings),
            start=start,
            end=end,
            location=location,
        )
    except EventFileError as problem:
        sys.exit(f"Not changed: {problem}")
    fields = ", ".join(f"{k}: {v}" for k, v in change.changed.items())
    print(f"{change.path.resolve().relative_to(ROOT)}: {fields}")


@task(help={"title": "the post's title", "author": "the writer's name"})
def new_guest_post(c, title, author=""):
    """Start a guest post: content/guest/<slug>.md with every field to fill in."""
    from pelican.settings import read_settings

    from sitetools.scaffold import create_guest_post

    settings = read_settings(CONFIG["settings_base"])
    relative = shown(created(lambda: create_guest_post(settings, title, author, now())))
    print(relative)
    print(f"Next: fill it in, then run: invoke check-contribution {relative}")


@task(
    help={
        "message": "the saved email (.eml), or - for standard input",
        "post": "the post's slug, if the subject does not end with [slug]",
        "anonymous": "publish it as Anonymous whatever name it gives",
        "reply_to": "the file name of the response this one answers",
    }
)
def add_response(c, message, post="", anonymous=False, reply_to=""):
    """Turn a reader's email into a pending response (content/responses/...)."""
    from pelican.settings import read_settings

    from sitetools.responses import ResponseError
    from sitetools.responses import add_response as add

    settings = read_settings(CONFIG["settings_base"])
    label = "standard input" if message == "-" else message
    try:
        data = sys.stdin.buffer.read() if message == "-" else Path(message).read_bytes()
        path = add(
            data,
            settings,
            source=label,
            post=post or None,
            anonymous=anonymous,
            reply_to=reply_to or None,
            now=now(),
        )
    except ResponseError as problem:
        sys.exit(str(problem))
    except OSError as problem:
        sys.exit(
            f"{label}: cannot be read ({problem.strerror}). "
            "Fix: give the path of a saved .eml file"
        )
    print(shown(path))
    print("Next: read it, then change 'Status: pending' to 'Status: approved'.")


@task(help={"approved": "list the approved responses instead"})
def responses(c, approved=False):
    """List the pending responses (oldest first)."""
    from pelican.settings import read_settings

    from sitetools.responses import list_responses

    settings = read_settings(CONFIG["settings_base"])
    status = "approved" if approved else "pending"
    found = list_responses(settings, status)
    for item in found:
        print(f"{shown(item.path)}  {item.date}  {item.name}: {item.excerpt}")
    print(f"{len(found)} {status} response(s)")


@task(help={"path": "the guest post, e.g. content/guest/my-post.md"})
def check_contribution(c, path):
    """Check one guest post and its images, then build a preview of the site
    and the one-file preview preview/<slug>.html."""
    from pelican.settings import read_settings

    from sitetools.contribution import check_contribution as check_post
    from sitetools.contribution import problem_lines

    settings = read_settings(CONFIG["settings_base"])
    result = check_post(Path(path), settings)
    if not result.ready:
        print("\n".join(problem_lines(result.problems)))
        sys.exit(1)
    print("ready for review")
    print(f"Preview file: {os.path.relpath(result.preview)}")
    print(f"Preview address (after 'invoke serve'): {result.preview_url}")
    print(f"One-file preview (to email back): {os.path.relpath(result.standalone)}")


@task(
    help={
        "path": "a saved email (.eml) or a .md file; more after --, e.g. "
        "invoke intake a.eml -- b.eml c.md",
        "validate_html": "run the Nu Html Checker on the preview (default: yes)",
    },
)
def intake(c, path, validate_html=True):
    """Take in guest posts sent by email (.eml) or as .md files: each becomes
    a draft content/guest/<slug>.md, its images go to content/images/guest/,
    then it is checked as check-contribution checks it and, if it passes, its
    one-file preview preview/<slug>.html is written (to email back)."""
    from pelican.settings import read_settings

    from sitetools.contribution import problem_lines
    from sitetools.intake import IntakeError
    from sitetools.intake import intake as take

    settings = read_settings(CONFIG["settings_base"])
    failed = False
    for name in [path, *shlex.split(getattr(c, "remainder", "") or "")]:
        try:
            result = take(
                Path(name),
                settings,
                source=name,
                now=now(),
                validate_html=validate_html,
            )
        except IntakeError as problem:
            print(problem, file=sys.stderr)
            failed = True
            continue
        except OSError as problem:
            print(
                f"{name}: cannot be read ({problem.strerror}). "
                "Fix: give the path of a saved .eml or .md file",
                file=sys.stderr,
            )
            failed = True
            continue
        for written in [*result.images, *([result.post] if result.post else [])]:
            print(f"Written: {shown(written)}")
        if result.problems:
            print("\n".join(problem_lines(result.problems)))
            failed = True
        elif result.post:
            print("ready for review")
        if result.standalone:
            print(f"One-file preview (to email back): {shown(result.standalone)}")
    if failed:
        sys.exit(1)
