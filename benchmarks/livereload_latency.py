"""Time ``invoke livereload`` from a saved post to the browser's reload message.

    python -m benchmarks.livereload_latency --posts 250 --edits 5

Builds a synthetic site, starts the livereload task on it in a subprocess,
connects to its websocket as a browser does, then edits one post at a time
and times each save until the ``reload`` command arrives.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tornado.websocket import websocket_connect

from .builds import ROOT
from .run import touch_post
from .synth import BUILD_TIME, make_site

RELOAD_GAP = 3.5
HELLO = {
    "command": "hello",
    "protocols": ["http://livereload.com/protocols/official-7"],
}


def settings_file(work: Path, content: Path, output: Path) -> Path:
    """A settings file for the synthetic site: the project's, other folders."""
    path = work / "benchconf.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(content)!r}\nOUTPUT_PATH = {str(output)!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CACHE_PATH = {str(work / 'cache')!r}\n"
        f"BUILD_TIME = {BUILD_TIME!r}\n",
        encoding="utf-8",
    )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(settings: Path, content: Path, output: Path, port: int) -> subprocess.Popen:
    code = (
        "import tasks\nfrom invoke import Context\n"
        f"tasks.CONFIG.update(settings_base={str(settings)!r}, "
        f"content={str(content)!r}, deploy_path={str(output)!r}, port={port})\n"
        "tasks.livereload(Context())\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def measure(port: int, posts: list[Path], timeout: float) -> list[float]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("livereload did not start") from None
            await asyncio.sleep(0.5)
    reloads: list[float] = []

    async def listen() -> None:
        while (message := await connection.read_message()) is not None:
            if json.loads(message).get("command") == "reload":
                reloads.append(time.perf_counter())

    listener = asyncio.ensure_future(listen())
    await connection.write_message(json.dumps(HELLO))
    await connection.write_message(
        json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"})
    )
    # Let the watcher record every file's mtime; livereload also ignores a
    # change within 3 s of its last reload (DEFAULT_RELOAD_TIME).
    await asyncio.sleep(2 * RELOAD_GAP)
    latencies = []
    for index, post in enumerate(posts):
        started = time.perf_counter()
        touch_post(post, f"Edited while previewing ({index}).")
        while not any(at > started for at in reloads):
            if time.perf_counter() - started > timeout:
                raise RuntimeError("no reload after a save")
            await asyncio.sleep(0.01)
        latencies.append(min(at for at in reloads if at > started) - started)
        await asyncio.sleep(RELOAD_GAP)
    connection.close()
    listener.cancel()
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=250)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="campaign-livereload-"))
    server = None
    try:
        site = make_site(work / "content", posts=args.posts, events=40, infographics=20)
        output = work / "output"
        settings = settings_file(work, site.content, output)
        port = free_port()
        server = serve(settings, site.content, output, port)
        step = max(1, len(site.posts) // (args.edits + 1))
        edited = [site.posts[step * (i + 1)] for i in range(args.edits)]
        latencies = asyncio.run(measure(port, edited, timeout=300))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"livereload at N = {args.posts}: save to reload "
        f"median {statistics.median(latencies):.2f} s, "
        f"max {max(latencies):.2f} s over {len(latencies)} edits "
        f"({', '.join(f'{s:.2f}' for s in latencies)}); {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
