"""The rules for a guest post's header, written once.

One table (``FIELD_RULES``, ``FORBIDDEN_FIELDS`` and the constants below)
drives the Python checks in ``contribution.py`` and, as ``guest-rules.json``
(``rules_document``), the writing form on the "Write for us" page
(``theme/static/js/contribute.js``), which has no field name, length or
message of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.settings import DEFAULT_CONFIG

from .sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    ID_PREFIX,
    URL_SCHEMES,
)


@dataclass(frozen=True)
class FieldRule:
    """One header field a guest post may have.

    ``name`` is the key as Markdown reads it (lower-case); ``hint`` says what
    it is for, in messages and under the form's input; ``what`` names it in
    the form's "Enter …" message. ``form`` is the input the form shows
    (``text``, ``textarea``, ``checkbox``: ``values`` are what it writes,
    ticked and not), how the form sets it itself (``today``: the date;
    ``first-value``: the first of ``values``), or "" when it leaves it out."""

    name: str
    hint: str
    required: bool = False
    #: Required unless this field says yes (Author, unless Anonymous: yes).
    required_unless: str = ""
    max_length: int = 0
    values: tuple[str, ...] = ()
    #: The most sentences the value may have (0: no limit).
    max_sentences: int = 0
    form: str = ""
    form_label: str = ""
    what: str = ""
    #: The input's ``autocomplete`` token (WCAG 1.3.5), if any.
    autocomplete: str = ""

    @property
    def label(self) -> str:
        """The field as a file writes it: ``Content-Note``."""
        return self.name.title()


@dataclass(frozen=True)
class ForbiddenField:
    """A field a guest post may not set, and why."""

    name: str
    reason: str


YES = frozenset({"yes", "true", "y", "1"})
NO = frozenset({"no", "false", "n", "0", ""})
STATUSES = ("draft", "published")
#: Text the scaffold leaves for the writer to replace.
FILL_IN = "FILL IN"
DATE_FORMAT = "YYYY-MM-DD"
#: The field a new post's file name (its slug) is made from.
SLUG_FROM = "title"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SENTENCE_END_PATTERN = r"[.!?](?:\s|$)"
#: A line that starts a top-level heading (the page has one, the title).
TITLE_HEADING_PATTERN = r"^#(?!#)\s"

FIELD_RULES: tuple[FieldRule, ...] = (
    FieldRule(
        "title",
        "the post's title",
        required=True,
        max_length=120,
        form="text",
        form_label="Title",
        what="a title",
    ),
    FieldRule(
        "author",
        "your name (kept private if Anonymous is yes)",
        required_unless="anonymous",
        max_length=80,
        form="text",
        form_label="Your name",
        autocomplete="name",
        what="your name, or tick “Publish anonymously”",
    ),
    FieldRule(
        "date", "when the post was written, YYYY-MM-DD", required=True, form="today"
    ),
    FieldRule(
        "summary",
        "one or two sentences for lists and feeds",
        required=True,
        max_length=400,
        form="textarea",
        form_label="Summary",
        what="a summary",
    ),
    FieldRule(
        "bio",
        "one or two sentences about you",
        required=True,
        max_length=400,
        max_sentences=2,
        form="textarea",
        form_label="About you (bio)",
        what="one or two sentences about you",
    ),
    FieldRule(
        "role",
        "optional, e.g. PWP, North of England",
        max_length=80,
        form="text",
        form_label="Role (optional)",
    ),
    FieldRule("avatar", "optional photo, e.g. {static}/images/guest/you.jpg"),
    FieldRule(
        "anonymous",
        "yes to publish without your name",
        values=("yes", "no"),
        form="checkbox",
        form_label="Publish anonymously",
    ),
    FieldRule(
        "content-note",
        "optional warning shown before the text",
        max_length=200,
        form="text",
        form_label="Content note (optional)",
    ),
    FieldRule(
        "tags",
        "optional, comma-separated",
        form="text",
        form_label="Tags (optional)",
    ),
    FieldRule(
        "status",
        "draft until a maintainer publishes it",
        values=STATUSES,
        form="first-value",
    ),
    FieldRule("slug", "optional, the post's address"),
    FieldRule("modified", "optional, when it was last changed"),
    FieldRule(
        "responses",
        "optional, closed to take no readers' responses",
    ),
)

#: Fields that would let a post choose where or how it is written, what it
#: joins (series, events, infographics) or how it is shared. Every field not
#: in FIELD_RULES is refused anyway; these get a message that says why.
FORBIDDEN_FIELDS: tuple[ForbiddenField, ...] = (
    ForbiddenField("save_as", "a guest post cannot choose its output file"),
    ForbiddenField("url", "a guest post cannot choose its address"),
    ForbiddenField("template", "a guest post cannot choose its template"),
    ForbiddenField("category", "guest posts always go in the guest posts category"),
    ForbiddenField("authors", "a guest post has one author"),
    ForbiddenField("lang", "guest posts are in the site's language"),
    ForbiddenField("translation", "guest posts are not translations"),
    ForbiddenField("series", "only the campaign adds posts to a series"),
    ForbiddenField("series_index", "only the campaign adds posts to a series"),
    ForbiddenField("event", "only the campaign links posts to events"),
    ForbiddenField("survey", "only the campaign publishes infographics"),
    ForbiddenField("alt", "only the campaign publishes infographics"),
    ForbiddenField("image", "the share card of a guest post is made for it"),
    ForbiddenField("share_image", "the share card of a guest post is made for it"),
    ForbiddenField("share_card_file", "the share card of a guest post is made for it"),
    ForbiddenField("reading_time", "the reading time is worked out for you"),
    ForbiddenField("guest", "we set this"),
    ForbiddenField("description", "the Summary line is the description"),
)

#: The form's messages, GOV.UK style; ``{what}``, ``{label}``, ``{max}``,
#: ``{count}`` and ``{name}`` are filled in by the form.
FORM_MESSAGES = {
    "missing": "Enter {what}",
    "too_long": "{label} must be {max} characters or fewer (it has {count})",
    "fill_in": "Replace the {fill_in} text in {label}",
    "anonymous_name": (
        "“{name}” is the name shown for anonymous posts: enter your own name, "
        "or tick “Publish anonymously”"
    ),
    "too_many_sentences": "{label} must be {max} sentences or fewer",
    "title_heading": (
        "Line {line} of the post starts with “# ”, which makes a second page "
        "title: use “## ” for headings inside the post"
    ),
    "slug_empty": "Enter a title with at least one letter or digit",
    "too_big": "The post is {count} bytes, over the limit of {max}: shorten it",
}


def new_post_fields(values: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The header a new guest post starts with, as ``(label, value)`` lines:
    every field the form shows, in the table's order, with the given
    ``values`` (by field name), else the form's own value (unticked, first
    value), else ``FILL IN: <hint>`` for a field the checker requires, else
    empty. ``invoke new-guest-post`` and ``invoke intake`` write it."""
    lines = []
    for rule in FIELD_RULES:
        if not rule.form:
            continue
        if rule.name in values:
            value = values[rule.name]
        elif rule.form == "checkbox":
            value = rule.values[-1]
        elif rule.form == "first-value":
            value = rule.values[0]
        elif rule.required or rule.required_unless:
            value = f"{FILL_IN}: {rule.hint}"
        else:
            value = ""
        lines.append((rule.label, value))
    return tuple(lines)


FIELDS: dict[str, str] = {rule.name: rule.hint for rule in FIELD_RULES}
REQUIRED: tuple[str, ...] = tuple(rule.name for rule in FIELD_RULES if rule.required)
MAX_LENGTH: dict[str, int] = {
    rule.name: rule.max_length for rule in FIELD_RULES if rule.max_length
}
#: The fields the writing form has an input for, in the file's order.
FORM_INPUTS: tuple[FieldRule, ...] = tuple(
    rule for rule in FIELD_RULES if rule.form in ("text", "textarea", "checkbox")
)
FORBIDDEN: dict[str, str] = {rule.name: rule.reason for rule in FORBIDDEN_FIELDS}


def js_pattern(pattern: str) -> str:
    """A Python regular expression as JavaScript's ``RegExp`` reads it (the
    few forms Pelican's slug substitutions use: ``(?u)``, ``\\A``, ``\\Z``)."""
    text = pattern.replace("(?u)", "")
    return re.sub(r"\\A", "^", re.sub(r"\\Z", "$", text))


def _rule_json(rule: FieldRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "label": rule.label,
        "hint": rule.hint,
        "required": rule.required,
        "required_unless": rule.required_unless,
        "max_length": rule.max_length,
        "values": list(rule.values),
        "max_sentences": rule.max_sentences,
        "form": rule.form,
        "form_label": rule.form_label,
        "what": rule.what,
    }


def sanitiser_allowlist() -> dict[str, Any]:
    """The guest sanitiser's allowlist, for the form's preview."""
    return {
        "tags": sorted(ALLOWED_TAGS),
        "attributes": {
            tag: sorted(names) for tag, names in sorted(ALLOWED_ATTRIBUTES.items())
        },
        "classes": {
            tag: sorted(names) for tag, names in sorted(ALLOWED_CLASSES.items())
        },
        "dropped_with_content": sorted(DROPPED_WITH_CONTENT),
        "url_schemes": sorted(URL_SCHEMES),
        "id_prefix": ID_PREFIX,
    }


def rules_document(
    *,
    anonymous_name: str,
    max_bytes: int,
    slug_substitutions: Iterable[tuple[str, str]],
) -> dict[str, Any]:
    """Everything the form checks with, as JSON-ready data."""
    return {
        "fields": [_rule_json(rule) for rule in FIELD_RULES],
        "forbidden": dict(FORBIDDEN),
        "yes": sorted(YES),
        "no": sorted(NO),
        "statuses": list(STATUSES),
        "fill_in": FILL_IN,
        "slug_from": SLUG_FROM,
        "date_format": DATE_FORMAT,
        "patterns": {
            "slug": SLUG_PATTERN,
            "sentence_end": SENTENCE_END_PATTERN,
            "title_heading": TITLE_HEADING_PATTERN,
        },
        "slug_substitutions": [
            [js_pattern(source), target] for source, target in slug_substitutions
        ],
        "anonymous_name": anonymous_name,
        "max_bytes": max_bytes,
        "messages": dict(FORM_MESSAGES),
        "sanitiser": sanitiser_allowlist(),
    }


def rules_json(
    settings: Mapping[str, Any], *, anonymous_name: str, max_bytes: int
) -> bytes:
    """``rules_document`` for a site's settings, as the bytes of the file."""
    substitutions = settings.get(
        "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    document = rules_document(
        anonymous_name=anonymous_name,
        max_bytes=max_bytes,
        slug_substitutions=substitutions,
    )
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
