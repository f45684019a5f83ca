"""The source audit: one walk over content/ before any generator reads a file.

It refuses, one line per file:

- a symlink whose target resolves outside content/ (followed or not, dangling
  or a chain), and any symlink at all in the guest folders;
- a path setting (``ARTICLE_PATHS``, ``PAGE_PATHS``, ``STATIC_PATHS``, …)
  that leaves content/;
- an invisible control character in a text source (Markdown,
  reStructuredText, HTML, CSV data);
- an active file type (SVG, HTML, JavaScript, XML with scripts, server
  configuration) that would be published as a static file;
- an image over the pixel or decompressed-size limit, or one Pillow cannot
  read safely (a decompression bomb).

Everything here is a pure function of the settings and the files: nothing is
kept between builds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from sitelib.errors import ContentError, report, source_label
from sitelib.folders import own_folders, untrusted_folders
from sitelib.paths import check_image
from sitelib.settings import SETTINGS_FILE, options
from sitelib.text import control_character_error

from .settings import SETTINGS

#: Text sources whose characters are checked.
TEXT_SUFFIXES = frozenset(
    {".md", ".markdown", ".mdown", ".rst", ".html", ".htm", ".csv"}
)
#: Images checked against the pixel and decompressed-size limits.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
#: Files a browser (or the web server) would run rather than show: never
#: published from content/. Theme graphics live in theme/static/.
ACTIVE_SUFFIXES = frozenset(
    {
        ".svg",
        ".svgz",
        ".html",
        ".htm",
        ".xhtml",
        ".xht",
        ".shtml",
        ".js",
        ".mjs",
        ".xsl",
        ".xslt",
        ".php",
        ".phtml",
        ".swf",
    }
)
#: Server configuration files a static host may obey.
ACTIVE_NAMES = frozenset({".htaccess", ".htpasswd", "web.config"})
#: Signs that an .xml file carries markup a browser would run.
_ACTIVE_XML = re.compile(
    rb"<(?:[\w-]+:)?script|javascript:|xmlns(?::\w+)?\s*=\s*[\"']http://www\.w3\.org/"
    rb"(?:1999/xhtml|2000/svg|1999/XSL)",
    re.IGNORECASE,
)

#: How a symlink out of content/ is described (the guard stops at once).
SYMLINK_OUT = "is a symbolic link to"

#: Settings naming folders inside content/ that Pelican reads.
PATH_SETTINGS = (
    "ARTICLE_PATHS",
    "PAGE_PATHS",
    "STATIC_PATHS",
    "ARTICLE_EXCLUDES",
    "PAGE_EXCLUDES",
    "STATIC_EXCLUDES",
)


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def walk(root: Path) -> Iterator[tuple[Path, bool]]:
    """``(path, is_folder)`` for every entry under ``root``, never following a
    symlinked folder."""
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for name in dirs:
            yield base / name, True
        for name in files:
            yield base / name, False


def symlink_error(
    path: Path, root: Path, guest_folders: Iterable[Path], source: str
) -> ContentError | None:
    """Why the symlink at ``path`` may not stay, or None if it may."""
    target = Path(os.path.realpath(path))
    if any(_inside(path, folder) for folder in guest_folders):
        return ContentError(
            source,
            "file",
            "is a symbolic link, and the guest folders accept none",
            "replace the link with the file itself",
        )
    if not _inside(target, root):
        return ContentError(
            source,
            "file",
            f"{SYMLINK_OUT} something outside the content folder",
            "delete the link, and copy the file you mean into content/",
        )
    return None


def active_file_error(path: Path, source: str) -> ContentError | None:
    """Why a static file may not be published as it is, or None."""
    suffix = path.suffix.lower()
    active = suffix in ACTIVE_SUFFIXES or path.name.lower() in ACTIVE_NAMES
    if suffix == ".xml":
        try:
            active = bool(_ACTIVE_XML.search(path.read_bytes()))
        except OSError:
            active = False
    if not active:
        return None
    return ContentError(
        source,
        "file",
        f"a {suffix or path.name} file can run scripts in the reader's browser "
        "(or configure the web server)",
        "export it as PNG, or put theme graphics in theme/static/",
    )


def path_setting_errors(settings: dict[str, Any], root: Path) -> list[ContentError]:
    """Folders named in the settings that are outside content/."""
    errors = []
    for name in PATH_SETTINGS:
        for value in settings.get(name) or []:
            if not _inside(Path(os.path.realpath(root / str(value))), root):
                errors.append(
                    ContentError(
                        SETTINGS_FILE,
                        name,
                        f"'{value}' is outside the content folder",
                        "name a folder inside content/ (relative to it)",
                    )
                )
    return errors


def _under(relative: Path, folders: Iterable[str]) -> bool:
    return any(
        not folder or relative == Path(folder) or relative.is_relative_to(folder)
        for folder in folders
    )


def _static_file(relative: Path, settings: dict[str, Any]) -> bool:
    """Whether Pelican copies this file as it is (not read as a post or page)."""
    if not _under(relative, settings.get("STATIC_PATHS") or []):
        return False
    sources = [
        *(settings.get("ARTICLE_PATHS") or []),
        *(settings.get("PAGE_PATHS") or []),
    ]
    readable = relative.suffix.lower() in {
        ".md",
        ".markdown",
        ".mdown",
        ".rst",
        ".html",
        ".htm",
    }
    return not (
        readable
        and settings.get("STATIC_EXCLUDE_SOURCES", True)
        and _under(relative, sources)
    )


def file_errors(
    path: Path,
    relative: Path,
    settings: dict[str, Any],
    source: str,
    limits: Mapping[str, Any],
) -> Iterator[ContentError]:
    """Problems with one regular file inside content/ (``limits``: the build
    guard's options, read once per audit)."""
    suffix = path.suffix.lower()
    if _static_file(relative, settings):
        error = active_file_error(path, source)
        if error:
            yield error
            return
    if suffix in TEXT_SUFFIXES:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return  # the guard names a file that is not UTF-8 when it is read
        error = control_character_error(text, suffix, source)
        if error:
            yield error
    elif suffix in IMAGE_SUFFIXES:
        try:
            check_image(
                path,
                source=source,
                field="image",
                max_pixels=limits["BUILD_GUARD_MAX_IMAGE_PIXELS"],
                max_bytes=limits["BUILD_GUARD_MAX_IMAGE_BYTES"],
            )
        except ContentError as error:
            yield error


def audit_sources(settings: dict[str, Any]) -> list[ContentError]:
    """Every problem with the files under ``settings["PATH"]``, one per file."""
    content = Path(settings["PATH"]).absolute()
    root = Path(os.path.realpath(content))
    guest_folders = [content / folder for folder in untrusted_folders(settings)]
    errors = path_setting_errors(settings, root)
    limits = options(settings, SETTINGS)
    for folder in guest_folders:
        if folder.is_symlink():
            errors.append(
                ContentError(
                    source_label(folder, str(content)),
                    "file",
                    "the guest folder is a symbolic link",
                    "make it a real folder inside content/",
                )
            )
    for path, is_folder in walk(content):
        source = source_label(path, str(content))
        if path.is_symlink():
            error = symlink_error(path, root, guest_folders, source)
            if error:
                errors.append(error)
                continue
        if is_folder or not path.is_file():
            continue
        errors.extend(
            file_errors(path, path.relative_to(content), settings, source, limits)
        )
    return errors


def static_file_errors(
    staticfiles: Iterable[Any], content_root: str
) -> list[tuple[Any, ContentError]]:
    """``(static, error)`` for each static file Pelican would copy that comes
    from outside content/ or is an active file type (including files only
    linked with ``{static}``, outside ``STATIC_PATHS``)."""
    root = Path(os.path.realpath(content_root))
    found = []
    for static in staticfiles:
        path = Path(content_root, static.source_path)
        source = source_label(path, content_root)
        if not _inside(Path(os.path.realpath(path)), root):
            found.append(
                (
                    static,
                    ContentError(
                        source,
                        "file",
                        "is outside the content folder",
                        "copy the file into content/ and link to it there",
                    ),
                )
            )
            continue
        error = active_file_error(path, source)
        if error:
            found.append((static, error))
    return found


def check_static_files(generator: Any) -> None:
    """``static_generator_finalized``: report, and never copy, what may not
    be published. Connected before other plugins replace source paths."""
    for static, error in static_file_errors(
        list(generator.staticfiles), generator.settings["PATH"]
    ):
        report(error)
        generator.staticfiles.remove(static)


#: Sources a generator would read as a post or page, were they in its folder.
CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".rst"})
#: Files deliberately left unread in every content folder (notes to editors).
ALWAYS_UNREAD = frozenset({"README.md"})


def source_folders(settings: dict[str, Any]) -> set[str]:
    """The folders (inside content/) generators read: Pelican's article and
    page paths, and each plugin's own folder (``sitelib.read_own_folder``)."""
    named = [
        *(settings.get("ARTICLE_PATHS") or []),
        *(settings.get("PAGE_PATHS") or []),
        *own_folders(settings),
    ]
    return {str(folder).strip("/") for folder in named}


def read_folders(settings: dict[str, Any], read: Iterable[str]) -> list[str]:
    """The folders generators read: those the settings name, and the top
    folder of every file a generator read or refused."""
    folders = source_folders(settings)
    folders |= {Path(name).parts[0] for name in read if len(Path(name).parts) > 1}
    return sorted(f"{folder}/" if folder else "content/" for folder in folders)


def is_deliberately_unread(relative: Path, settings: dict[str, Any]) -> bool:
    """README.md, a name Pelican's IGNORE_FILES skips, or a path matching a
    pattern in BUILD_GUARD_UNREAD_SOURCES (relative to content/)."""
    if relative.name in ALWAYS_UNREAD:
        return True
    if any(fnmatch(relative.name, p) for p in settings.get("IGNORE_FILES") or []):
        return True
    patterns = settings.get("BUILD_GUARD_UNREAD_SOURCES") or ()
    return any(fnmatch(relative.as_posix(), pattern) for pattern in patterns)


def unread_source_errors(
    content: Path,
    read: Iterable[str],
    settings: dict[str, Any],
    copied: Iterable[str] = (),
) -> list[ContentError]:
    """One error per Markdown/reST file under ``content`` that no generator
    read (``read``: the paths relative to content/ that generators read or
    refused; ``copied``: static files), so a post in the wrong folder fails
    the build instead of vanishing."""
    read = set(read)
    folders = ", ".join(read_folders(settings, read))
    read |= set(copied)
    # A file in a source folder that a generator refused is reported by it.
    sources = [folder for folder in source_folders(settings) if folder]
    errors = []
    for path, is_folder in walk(content):
        if is_folder or path.suffix.lower() not in CONTENT_SUFFIXES:
            continue
        relative = path.relative_to(content)
        if (
            relative.as_posix() in read
            or _under(relative, sources)
            or is_deliberately_unread(relative, settings)
        ):
            continue
        errors.append(
            ContentError(
                source_label(path, str(content)),
                "file",
                f"no generator reads this file, so it would never be published "
                f"(the folders read are {folders})",
                "move it into one of those folders, or list it in "
                "BUILD_GUARD_UNREAD_SOURCES if it is meant to stay unpublished",
            )
        )
    return errors


def check_unread_sources(generators: Iterable[Any]) -> None:
    """``all_generators_finalized``: report every content file no generator
    read (Pelican records each one it read, or failed to, by its path)."""
    generators = list(generators)
    if not generators:
        return
    context = generators[0].context
    settings = generators[0].settings
    for error in unread_source_errors(
        Path(settings["PATH"]),
        context.get("generated_content", {}),
        settings,
        copied=context.get("static_content", {}),
    ):
        report(error)
