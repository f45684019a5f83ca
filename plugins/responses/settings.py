"""The responses settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from sitelib.settings import Setting, folder, string, text, whole_number

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "RESPONSES_PATH",
        "responses",
        "Folder in `content/` with one folder of responses per post "
        "(`<post-slug>/<YYYY-MM-DD-HHMM>-<name>.md`).",
        text,
        tidy=folder,
    ),
    Setting(
        "RESPONSES_EMAIL",
        "",
        'Address readers send responses to; `""` means `CONTACT_EMAIL`.',
        string,
    ),
    Setting(
        "RESPONSES_CLOSE_AFTER_DAYS",
        0,
        "Days after a post's date when it stops taking responses (those "
        "published stay); `0` for never. `Responses: closed` closes one post.",
        whole_number(0),
    ),
    Setting(
        "RESPONSES_MAX_CHARACTERS",
        5_000,
        "Longest response text, in characters.",
        whole_number(1),
    ),
    Setting(
        "RESPONSES_ANONYMOUS_NAME",
        "Anonymous",
        "Name shown for a response sent anonymously.",
        text,
    ),
    Setting(
        "RESPONSES_LINK_REL",
        "nofollow ugc noopener noreferrer",
        "`rel` on every link in a response.",
        string,
    ),
    Setting(
        "RESPONSES_FEED_ATOM",
        "feeds/responses.atom.xml",
        'Atom feed of approved responses, newest first; `""` for none.',
        string,
    ),
    Setting(
        "RESPONSES_FEED_MAX_ITEMS",
        50,
        "How many responses the feed holds.",
        whole_number(1),
    ),
)
