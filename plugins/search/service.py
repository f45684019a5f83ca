"""A client for ``pagefind --service``: pages are indexed while Pelican writes.

Pagefind's service reads requests on stdin and answers on stdout, each a
base64-encoded JSON message followed by a comma. The ``pagefind`` package's
own asyncio client sleeps 0.1 s before reading each answer, so indexing
page by page through it takes 0.1 s a page (107 s for 1,067 pages); this
client sends requests without waiting and a thread collects the answers, so
Pagefind indexes on another core while Python renders the next page.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import threading
import time
from typing import IO, Any

from pagefind.service import get_executable


class SearchIndexError(Exception):
    """Pagefind could not start, failed, or took too long; the message says which."""


def encode(message_id: int, payload: dict[str, Any]) -> bytes:
    """One request as the service reads it."""
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","


def decode(chunk: bytes) -> dict[str, Any]:
    """One answer (without its comma) as a dict."""
    return json.loads(base64.b64decode(chunk))


class PagefindService:
    """One index, built from pages sent one by one and fetched at the end."""

    def __init__(self, config: dict[str, Any], timeout: float) -> None:
        self._timeout = timeout
        self._answers: dict[int, dict[str, Any]] = {}
        self._names: dict[int, str] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._last_id = 0
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is not installed")
        try:
            self._process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise SearchIndexError(f"Pagefind could not start ({exc})") from exc
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin: IO[bytes] = self._process.stdin
        threading.Thread(
            target=self._read_answers, args=(self._process.stdout,), daemon=True
        ).start()
        try:
            answer = self._wait(self._send({"type": "NewIndex", "config": config}))
        except SearchIndexError:
            self.close()
            raise
        self._index_id = answer["index_id"]

    def add_page(self, relative_path: str, html: str) -> None:
        """Queue one written page; Pagefind works on it in the background."""
        message_id = self._send(
            {
                "type": "AddFile",
                "index_id": self._index_id,
                "file_path": relative_path,
                "url": None,
                "file_contents": html,
            },
            flush=False,
        )
        self._names[message_id] = relative_path

    def index_files(self) -> dict[str, bytes]:
        """Every file of the finished index (relative path: bytes).

        Asked for in memory, not written by Pagefind itself: the service
        answers WriteFiles before its last writes reach the disk and may exit
        with files still empty."""
        answer = self._wait(
            self._send({"type": "GetFiles", "index_id": self._index_id})
        )
        if self._errors:
            raise SearchIndexError("; ".join(self._errors[:3]))
        return {
            file["path"]: base64.b64decode(file["content"]) for file in answer["files"]
        }

    def close(self) -> None:
        """Stop the service at once (safe to call more than once)."""
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._stdin.close()
            self._process.kill()
            self._process.wait()

    def _send(self, payload: dict[str, Any], *, flush: bool = True) -> int:
        self._last_id += 1
        try:
            self._stdin.write(encode(self._last_id, payload))
            if flush:
                self._stdin.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind stopped ({exc})") from exc
        return self._last_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        deadline = time.monotonic() + self._timeout
        with self._done:
            while message_id not in self._answers:
                if self._process.poll() is not None and message_id not in self._answers:
                    raise SearchIndexError(
                        f"Pagefind stopped (exit status {self._process.returncode})"
                    )
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SearchIndexError(
                        f"Pagefind took longer than {self._timeout} s"
                    )
                self._done.wait(min(left, 0.5))
            answer = self._answers[message_id]
        if answer.get("type") == "Error":
            raise SearchIndexError(str(answer.get("message")))
        return answer

    def _read_answers(self, stdout: IO[bytes]) -> None:
        pending = b""
        while chunk := stdout.read1(1 << 16):  # type: ignore[attr-defined]
            pending += chunk
            *complete, pending = pending.split(b",")
            with self._done:
                for raw in complete:
                    self._record(decode(raw))
                self._done.notify_all()
        with self._done:
            self._done.notify_all()

    def _record(self, answer: dict[str, Any]) -> None:
        message_id = answer.get("message_id")
        payload = answer.get("payload") or {}
        if message_id is None:
            self._errors.append(str(payload.get("message", "unreadable answer")))
            return
        self._answers[message_id] = payload
        if payload.get("type") == "Error" and message_id in self._names:
            self._errors.append(f"{self._names[message_id]}: {payload.get('message')}")
