"""Reading a saved email (``.eml``): what ``invoke add-response`` and
``invoke intake`` both need.

The message is read with Python's ``email`` package (``policy.default``). A
text part is decoded strictly with its declared charset (UTF-8 if it
declares none); HTML is made plain text with its scripts, styles and quoted
mail dropped. Problems are ``MailError`` (a ``ContentError``: one line
naming the file, what is wrong and the fix).
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from bs4 import BeautifulSoup

from sitelib import ContentError

_WEB_ADDRESS = re.compile(r"https?://[^\s<>]+$", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre")


class MailError(ContentError):
    """A saved message that cannot be read."""


def read_message(data: bytes, source: str) -> EmailMessage:
    """The message, or a ``MailError`` if it is not a well-formed email."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    defects = [d for part in message.walk() for d in part.defects]
    if not (message["From"] or message["Subject"]) or defects:
        what = type(defects[0]).__name__ if defects else "no From or Subject header"
        raise MailError(
            source,
            "message",
            f"is not a well-formed email message ({what})",
            "save the message again from the mail program as a .eml file "
            '("Save as" or "Download message")',
        )
    return message


def part_text(part: EmailMessage, source: str) -> str:
    """A text part decoded strictly with its declared charset (UTF-8 if none)."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        raise MailError(
            source,
            "text",
            f"the {part.get_content_type()} part is not valid {charset} text",
            "save the message again as UTF-8 (or ask the writer to send it "
            "again), or copy the text into a file by hand",
        ) from None


def markdown_link(words: str, href: str) -> str:
    """``[words](href)`` for an http(s) link, else just the words (a
    ``javascript:`` or ``data:`` link keeps nothing but its words)."""
    address = "".join(ch for ch in href if ch > " ").strip()
    if not _WEB_ADDRESS.match(address):
        return words
    address = address.replace("(", "%28").replace(")", "%29")
    shown = words.replace("[", "\\[").replace("]", "\\]")
    return f"[{shown}]({address})" if shown.strip() else address


def html_to_text(html: str) -> str:
    """The visible text of an HTML mail part, paragraphs kept, links to web
    addresses kept as Markdown links, quoted mail (``blockquote``, Gmail's
    quote block), scripts and styles dropped."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "head", "blockquote", "template"]):
        tag.decompose()
    for tag in soup.find_all(
        class_=re.compile(r"gmail_quote|moz-cite|OutlookMessageHeader")
    ):
        tag.decompose()
    for link in soup.find_all("a"):
        words = " ".join(link.get_text().split())
        link.replace_with(markdown_link(words, str(link.get("href") or "")))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n\n" if tag.name != "br" else "\n")
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def message_text(message: EmailMessage, source: str) -> str:
    """The message's text: its plain-text part, else its HTML part made
    plain; newlines are ``\\n``."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise MailError(
            source,
            "text",
            "the message has no text or HTML part",
            "ask the writer to send it as the text of the email",
        )
    text = part_text(body, source)  # type: ignore[arg-type]
    if body.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sender_name(message: EmailMessage) -> str:
    """The display name of the message's sender ("" if none); never the address."""
    sender = message["From"]
    if sender is not None and getattr(sender, "addresses", ()):
        return sender.addresses[0].display_name or ""
    return ""


def message_date(message: EmailMessage) -> datetime | None:
    """When the message says it was sent (``None`` if it does not say, or
    not readably)."""
    if not message["Date"]:
        return None
    try:
        return parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        return None
