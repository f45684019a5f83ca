"""A small static server for the built site: `invoke serve` and the tests.

Unlike Pelican's own server it answers a missing page with the site's
404.html and a 404 status, as a real host would, and it serves requests in
threads so a browser's parallel requests do not queue.
"""

from __future__ import annotations

import errno
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


def serve_forever(
    root: Path | str, host: str, port: int, out: Callable[[str], None] = print
) -> None:
    """Serve ``root`` until Ctrl-C (``invoke serve``)."""
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
