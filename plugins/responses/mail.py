"""The "Respond by email" link and how its subject names the post: used by
the build (the link) and by ``invoke add-response`` (reading it back)."""

from __future__ import annotations

import re
from urllib.parse import quote

from sitelib import plain_text

#: The body a reader's mail program starts with. ``add-response`` removes
#: the instructions again (``INSTRUCTIONS``) and reads the ``Name:`` line.
INSTRUCTIONS = (
    "(Write the name to publish with your response after Name:, or write "
    "Name: Anonymous to respond anonymously. Your email address is never "
    "published. Write your response below this line.)"
)
BODY = f"Name: \n\n{INSTRUCTIONS}\n\n"
#: The post's slug in square brackets at the end of the subject.
SUBJECT_SLUG = re.compile(r"\[([a-z0-9][a-z0-9_-]*)\]\s*$", re.IGNORECASE)


def subject(title: str, slug: str) -> str:
    """``Response: <post title> [<slug>]``."""
    return f"Response: {plain_text(title)} [{slug}]"


def mailto(address: str, title: str, slug: str) -> str:
    """The ``mailto:`` link for one post (subject and body percent-encoded)."""
    return (
        f"mailto:{quote(address, safe='@')}"
        f"?subject={quote(subject(title, slug), safe='')}"
        f"&body={quote(BODY, safe='')}"
    )


def slug_from_subject(text: str) -> str | None:
    """The post slug a subject names, or None."""
    found = SUBJECT_SLUG.search(text.strip())
    return found.group(1).lower() if found else None
