"""One way for a plugin to declare, default and check its settings.

Each plugin lists its settings once, as ``Setting`` objects (name, default,
check, one line of documentation), the way Pelican's own ``DEFAULT_CONFIG``
and pelican-precompress's ``get_settings`` do. At ``initialized`` the plugin
calls ``configure``: every missing setting gets its default (templates read
some of them), every value is checked, and each bad one is reported as one
line naming the setting, the value and the fix, through the build guard.
Signal handlers later ask for ``options(settings, SETTINGS)``: a read-only
view, so no handler can change a setting behind another's back.
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


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, check and a line of documentation."""

    name: str
    default: Any
    doc: str
    check: Check | None = None


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
    """The part of the names before the first underscore plus the underscore
    of the longest common prefix (``EVENTS_``, ``GUEST_POSTS_``)."""
    names = [setting.name for setting in declared]
    if not names:
        return ""
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    return common[: common.rfind("_") + 1] if "_" in common else ""


def problems(
    settings: Mapping[str, Any], declared: Iterable[Setting]
) -> list[ContentError]:
    """One ``ContentError`` per declared setting whose value fails its check
    (a missing setting takes its default, which is never checked)."""
    found = []
    for setting in declared:
        if setting.check is None or setting.name not in settings:
            continue
        value = settings[setting.name]
        try:
            problem = setting.check(value)
        except (TypeError, ValueError) as exc:
            problem = (str(exc), f"use a value like {setting.default!r}")
        if problem:
            message, fix = problem
            found.append(
                ContentError(SETTINGS_FILE, setting.name, f"{value!r} {message}", fix)
            )
    return found


def apply_defaults(settings: dict[str, Any], declared: Iterable[Setting]) -> None:
    for setting in declared:
        settings.setdefault(setting.name, setting.default)


def options(settings: Mapping[str, Any], declared: Sequence[Setting]) -> Options:
    """The declared settings' values (defaults where missing), read-only."""
    return Options(
        {s.name: settings.get(s.name, s.default) for s in declared}, _prefix(declared)
    )


def configure(settings: dict[str, Any], declared: Sequence[Setting]) -> Options:
    """At ``initialized``: report every bad setting through the build guard,
    fill in the defaults and return the read-only options."""
    for problem in problems(settings, declared):
        report(problem)
    apply_defaults(settings, declared)
    return options(settings, declared)


# --- checks: each returns None or (what is wrong, the fix) ---------------


def is_bool(value: Any) -> Problem | None:
    return (
        None
        if isinstance(value, bool)
        else ("is not True or False", "use True or False")
    )


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
        return (f"is not a number above {low}", f"use a number above {low}")

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


def sequence_of(item: Check, example: str, *, empty: bool = True) -> Check:
    def check(value: Any) -> Problem | None:
        if (
            isinstance(value, (list, tuple))
            and (empty or value)
            and all(item(v) is None for v in value)
        ):
            return None
        return ("is not a list of the right values", f"use e.g. {example}")

    return check
