"""One way for a plugin to declare, default and check its settings.

Each plugin lists its settings once, as a module-level ``SETTINGS`` tuple of
``Setting`` objects (name, default, one line of documentation, check), the
way Pelican's own ``DEFAULT_CONFIG`` and pelican-precompress's
``get_settings`` do. At ``initialized`` the plugin calls ``configure``:
every missing setting gets its default (templates read some of them), every
value is checked, and each bad one is reported as one ``ContentError``
naming the setting, the value and the fix. The build guard stops the build
at ``get_generators``, after every plugin's ``initialized`` receivers ran
and before any content is read. Signal handlers later ask for
``options(settings, SETTINGS)``: a read-only view, so no handler can change
a setting behind another's back.

The README settings tables are made from the same declarations
(``markdown_table``; ``invoke settings-docs`` rewrites them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import ContentError, report

#: Where settings problems are said to be (the file a maintainer edits).
SETTINGS_FILE = "pelicanconf.py"

#: A check returns None for a good value, else (what is wrong, how to fix it).
Problem = tuple[str, str]
Check = Callable[[Any], Problem | None]

#: The markers around a README's generated settings table.
TABLE_START = "<!-- settings table: made from SETTINGS by `invoke settings-docs` -->"
TABLE_END = "<!-- end of settings table -->"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, a line of documentation and a check.

    ``tidy`` turns a good value into the one handlers see (e.g. strip
    slashes); ``shown`` is the README's text for a default too long to show.
    """

    name: str
    default: Any
    doc: str
    check: Check | None = None
    tidy: Callable[[Any], Any] | None = None
    shown: str | None = None


class Options(Mapping[str, Any]):
    """A plugin's settings after defaults, read-only.

    Read as a mapping (``options["EVENTS_PATH"]``) or as attributes named
    without the plugin's prefix, in lower case (``options.path``).
    """

    __slots__ = ("_prefix", "_values")

    def __init__(self, values: Mapping[str, Any], prefix: str) -> None:
        object.__setattr__(self, "_values", MappingProxyType(dict(values)))
        object.__setattr__(self, "_prefix", prefix)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, attribute: str) -> Any:
        try:
            return self._values[self._prefix + attribute.upper()]
        except KeyError:
            raise AttributeError(attribute) from None

    def __setattr__(self, attribute: str, value: Any) -> None:
        raise AttributeError("plugin settings are read-only")

    def __repr__(self) -> str:
        return f"Options({dict(self._values)!r})"


def _prefix(declared: Sequence[Setting]) -> str:
    """The longest common prefix of the names, cut after its last underscore
    (``EVENTS_``, ``GUEST_POSTS_``); none for a single setting, whose prefix
    cannot be told from its name."""
    names = [setting.name for setting in declared]
    if len(names) < 2:
        return ""
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    return common[: common.rfind("_") + 1] if "_" in common else ""


def problem_with(setting: Setting, value: Any) -> Problem | None:
    """What is wrong with ``value`` for ``setting``, or None if it is good."""
    if setting.check is None:
        return None
    try:
        return setting.check(value)
    except (TypeError, ValueError, AttributeError) as exc:
        return (str(exc), f"use a value like {setting.default!r}")


def problems(
    settings: Mapping[str, Any], declared: Iterable[Setting]
) -> list[ContentError]:
    """One ``ContentError`` per declared setting whose value fails its check
    (a missing setting takes its default, which is never checked)."""
    found = []
    for setting in declared:
        if setting.name not in settings:
            continue
        value = settings[setting.name]
        problem = problem_with(setting, value)
        if problem:
            message, fix = problem
            found.append(
                ContentError(SETTINGS_FILE, setting.name, f"{value!r} {message}", fix)
            )
    return found


def apply_defaults(settings: dict[str, Any], declared: Iterable[Setting]) -> None:
    """Give every missing declared setting its default (templates read them)."""
    for setting in declared:
        settings.setdefault(setting.name, setting.default)


def value_of(settings: Mapping[str, Any], setting: Setting) -> Any:
    """The value handlers see: the setting's if it passes its check (a bad
    one has stopped the build already), else the default; then tidied."""
    value = settings.get(setting.name, setting.default)
    if problem_with(setting, value):
        value = setting.default
    return setting.tidy(value) if setting.tidy else value


def options(settings: Mapping[str, Any], declared: Sequence[Setting]) -> Options:
    """The declared settings' values (see ``value_of``), read-only."""
    return Options({s.name: value_of(settings, s) for s in declared}, _prefix(declared))


def configure(settings: dict[str, Any], declared: Sequence[Setting]) -> Options | None:
    """At ``initialized``: report every bad setting (the build guard stops the
    build before any content is read), fill in the defaults and return the
    read-only options, or None if a setting was bad."""
    found = problems(settings, declared)
    for problem in found:
        report(problem)
    apply_defaults(settings, declared)
    return None if found else options(settings, declared)


# --- README tables -------------------------------------------------------


def literal(value: Any) -> str:
    """A default as written in ``pelicanconf.py``: double quotes, and
    underscores in big numbers (``40_000_000``)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:_}"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return repr(value)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def markdown_table(declared: Iterable[Setting]) -> str:
    """The README settings table for ``declared``, one row per setting."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for setting in declared:
        shown = _cell(setting.shown or f"`{literal(setting.default)}`")
        rows.append(f"| `{setting.name}` | {shown} | {_cell(setting.doc)} |")
    return "\n".join(rows)


def with_table(readme: str, declared: Iterable[Setting]) -> str:
    """``readme`` with the text between the table markers replaced by the
    table made from ``declared``. Raises ValueError without the markers."""
    start, end = readme.find(TABLE_START), readme.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"no {TABLE_START!r} … {TABLE_END!r} markers")
    head = readme[: start + len(TABLE_START)]
    return f"{head}\n\n{markdown_table(declared)}\n\n{readme[end:]}"


# --- checks: each returns None or (what is wrong, the fix) ---------------


def is_bool(value: Any) -> Problem | None:
    return (
        None
        if isinstance(value, bool)
        else ("is not True or False", "use True or False")
    )


def string(value: Any) -> Problem | None:
    """Any text, empty included (``""`` often switches a thing off)."""
    return None if isinstance(value, str) else ("is not text", "use text in quotes")


def whole_number(low: int = 0, high: int | None = None) -> Check:
    def check(value: Any) -> Problem | None:
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= low
            and (high is None or value <= high)
        ):
            return None
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        return (f"is not a whole number {span}", f"use a whole number {span}")

    return check


def number(low: float = 0, *, above: bool = True) -> Check:
    def check(value: Any) -> Problem | None:
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and (value > low if above else value >= low)
        ):
            return None
        span = f"above {low}" if above else f"of {low} or more"
        return (f"is not a number {span}", f"use a number {span}")

    return check


def text(value: Any) -> Problem | None:
    if isinstance(value, str) and value.strip():
        return None
    return ("is not a non-empty text", 'use text in quotes, e.g. "…"')


def path(example: str) -> Check:
    """A relative path inside the site (no ``..``, not absolute, not empty)."""

    def check(value: Any) -> Problem | None:
        if (
            isinstance(value, str)
            and value.strip("/ ")
            and ".." not in value.split("/")
            and not value.startswith("/")
        ):
            return None
        return ("is not a path inside the site", f'use e.g. "{example}"')

    return check


def folder(value: str) -> str:
    """The ``tidy`` of a folder setting: the folder without leading or
    trailing slashes."""
    return value.strip("/")


def feed_settings(
    prefix: str,
    section: str,
    atom_doc: str = "`None` turns it off",
    rss_doc: str = "`None` turns it off",
) -> tuple[Setting, Setting]:
    """A section's two feed settings, ``{prefix}_FEED_ATOM`` and
    ``{prefix}_FEED_RSS``: the files ``feeds/{section}.atom.xml`` and
    ``feeds/{section}.rss.xml`` by default, a path inside the site or
    ``None`` for no such feed."""
    return tuple(  # type: ignore[return-value]
        Setting(
            f"{prefix}_FEED_{kind.upper()}",
            f"feeds/{section}.{kind}.xml",
            doc,
            optional(path(f"feeds/{section}.{kind}.xml")),
        )
        for kind, doc in (("atom", atom_doc), ("rss", rss_doc))
    )


def pattern(example: str, field: str = "slug") -> Check:
    """A path with a ``{slug}`` (or other) placeholder."""
    inside = path(example)

    def check(value: Any) -> Problem | None:
        problem = inside(value)
        if problem:
            return problem
        if "{" + field + "}" not in value:
            return (f"has no {{{field}}}", f'use e.g. "{example}"')
        return None

    return check


def optional(check: Check) -> Check:
    """``None`` switches the thing off; anything else must pass ``check``."""

    def optional_check(value: Any) -> Problem | None:
        if value is None:
            return None
        problem = check(value)
        return (problem[0], problem[1] + ", or None") if problem else None

    return optional_check


def one_of(*choices: Any) -> Check:
    def check(value: Any) -> Problem | None:
        if value in choices:
            return None
        return ("is not one of " + ", ".join(map(repr, choices)), f"use {choices[0]!r}")

    return check


def sequence_of(item: Check, what: str, example: str, *, empty: bool = True) -> Check:
    """A list or tuple of values that each pass ``item`` (``what`` names
    them in the message)."""

    def check(value: Any) -> Problem | None:
        if (
            isinstance(value, (list, tuple))
            and (empty or value)
            and all(item(v) is None for v in value)
        ):
            return None
        return (f"is not a list of {what}", f"use e.g. {example}")

    return check
