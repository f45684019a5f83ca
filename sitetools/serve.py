"""Serving the built site: a small static server (`invoke serve` and the
tests) and the livereload loop (`invoke livereload`).

Unlike Pelican's own server it answers a missing page with the site's
404.html and a 404 status, as a real host would, and it serves requests in
threads so a browser's parallel requests do not queue.
"""

from __future__ import annotations

import errno
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class SiteRequestHandler(SimpleHTTPRequestHandler):
    quiet = False

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class QuietSiteRequestHandler(SiteRequestHandler):
    quiet = True


class SiteServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


def make_server(
    root: Path | str, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = False
) -> SiteServer:
    """A server for ``root`` on ``host:port`` (port 0 picks a free one)."""
    handler = QuietSiteRequestHandler if quiet else SiteRequestHandler
    return SiteServer((host, port), partial(handler, directory=str(root)))


@contextmanager
def serving(root: Path | str) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yield its origin."""
    server = make_server(root, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: What livereload leaves out of a rebuild after a save: Pagefind re-indexing
#: every page took about 1 s of a 2.8 s rebuild at 250 posts (the index from
#: the first build stays in output/; ``invoke build`` refreshes it).
PREVIEW_REBUILD = {"SEARCH_ENABLED": False}
#: How often livereload looks for saved files (its own default is 0.8 s).
LIVERELOAD_POLL_SECONDS = 0.25


def cached_build(settings_file: Path | str, override: dict[str, object]) -> None:
    """One build with ``settings_file`` (the content cache as configured); a
    failed build prints its problems and keeps the server running."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from sitelib import BuildFailed

    settings = read_settings(str(settings_file), override=override)
    try:
        Pelican(settings).run()
    except BuildFailed as failure:
        print(failure, file=sys.stderr)


def watched_patterns(
    settings_file: Path | str, theme: str, content: Path | str
) -> tuple[str, ...]:
    """The files whose save triggers a rebuild."""
    return (
        str(settings_file),
        f"{theme}/templates/**/*.html",
        f"{theme}/static/**/*",
        f"{content}/**/*",
        "plugins/**/*.py",
    )


def livereload(
    settings_file: Path | str,
    *,
    theme: str,
    content: Path | str,
    root: Path | str,
    host: str,
    port: int,
) -> None:
    """Build, serve ``root``, rebuild after each save (without Pagefind) and
    reload the browser; runs until interrupted."""
    from livereload import Server
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class QuickWatcher(Watcher):
        """livereload's polling watcher, checking every 0.25 s, not 0.8 s."""

        def start(self, callback: Any) -> bool:
            PeriodicCallback(callback, LIVERELOAD_POLL_SECONDS * 1000).start()
            return True

    def rebuild() -> None:
        cached_build(settings_file, PREVIEW_REBUILD)

    cached_build(settings_file, {})
    server = Server(watcher=QuickWatcher())
    for pattern in watched_patterns(settings_file, theme, content):
        server.watch(pattern, rebuild)
    server.serve(host=host, port=port, root=str(root))


class PortBusy(Exception):
    """The address to serve on is taken; the message is one line with the fix."""


def busy_message(host: str, port: int) -> str:
    return (
        f"Cannot serve on {host}:{port}: the port is in use (another "
        f"`invoke serve`?). Fix: stop that server, or pick another port, "
        f"e.g. --port {port + 1}"
    )


def bind_server(
    root: Path | str, host: str, port: int, *, quiet: bool = False
) -> SiteServer:
    """``make_server``, with a busy or unusable address as one-line PortBusy."""
    try:
        return make_server(root, host, port, quiet=quiet)
    except OSError as failure:
        if failure.errno == errno.EADDRINUSE:
            raise PortBusy(busy_message(host, port)) from None
        raise PortBusy(
            f"Cannot serve on {host}:{port}: {failure.strerror or failure}. "
            "Fix: check --bind (an address of this machine) and --port"
        ) from None


def ensure_free(host: str, port: int) -> None:
    """Raise PortBusy unless ``host:port`` can be served on (for servers,
    such as livereload's, that report a busy port with a traceback)."""
    bind_server(".", host, port, quiet=True).server_close()


def serve_until_interrupted(
    root: Path | str, host: str, port: int, out: Callable[[str], None] = print
) -> None:
    """``invoke serve``: serve ``root`` at ``host:port`` until Ctrl-C; a busy
    or unusable address raises PortBusy (one line with the fix)."""
    server = bind_server(root, host, port)
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    out(f"Serving {root} at http://{shown}:{server.server_address[1]}/")
    out("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
