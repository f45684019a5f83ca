"""Every article and page says a status Pelican publishes, drafts or hides.

Pelican also accepts ``Status: skip`` and then leaves the file out without a
word (it never even makes a content object of it); any other value is logged
and the file dropped. Here every status other than published, draft or
hidden is one problem naming the file: when the metadata is read the status
is put aside (the file is read on as a draft, so no other message is
logged), and the problem is reported once the file's object exists.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Article, Page

from sitelib.errors import ContentError, report, source_label
from sitelib.wiring import connect

#: The statuses a content file may have.
STATUSES = ("published", "draft", "hidden")
#: Where an unknown status is kept (a file cannot write ":" in a field name).
UNKNOWN_STATUS = "campaign:unknown-status"


def status_problem(
    status: str, source: str, field: str, allowed: tuple[str, ...] = STATUSES
) -> ContentError | None:
    """The problem with ``status`` (compared as Pelican does, lower-case),
    or None if it is one of ``allowed``."""
    if status.strip().lower() in allowed:
        return None
    return ContentError(
        source,
        field,
        f"'{status}' is not one of {', '.join(allowed)}",
        f"write 'Status: {allowed[0]}' or 'Status: {allowed[1]}', or delete the line",
    )


def hold_unknown_status(_generator: Any, metadata: dict[str, Any]) -> None:
    """article/page_generator_context: keep an unknown status aside."""
    status = metadata.get("status")
    if status is not None and str(status).strip().lower() not in STATUSES:
        metadata[UNKNOWN_STATUS] = str(status)
        metadata["status"] = "draft"


def check_status(content: Any) -> None:
    """content_object_init: report an article's or page's unknown status."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    status = content.metadata.get(UNKNOWN_STATUS)
    if status is None:
        return
    problem = status_problem(
        status, source_label(content.source_path, content.settings["PATH"]), "Status"
    )
    if problem:
        report(problem)


def register() -> None:
    connect(
        {
            "article_generator_context": hold_unknown_status,
            "page_generator_context": hold_unknown_status,
            "content_object_init": check_status,
        }
    )
