"""Reading time: ``article.reading_time`` in whole minutes (at least 1)."""

from __future__ import annotations

import math
import re
from typing import Any

from pelican import signals

from sitelib import ARTICLE_LISTS, iter_content
from sitelib.settings import Setting, configure, options, whole_number

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "READING_TIME_WORDS_PER_MINUTE",
        200,
        "reading speed used for the estimate",
        whole_number(1),
    ),
)


def minutes_to_read(html: str, words_per_minute: int) -> int:
    words = len(_WORD.findall(_TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(generator: Any) -> None:
    chosen = options(generator.settings, SETTINGS)
    words_per_minute = chosen["READING_TIME_WORDS_PER_MINUTE"]
    for article in iter_content(generator, ARTICLE_LISTS):
        article.reading_time = minutes_to_read(article._content, words_per_minute)


def check_settings(pelican: Any) -> None:
    configure(pelican.settings, SETTINGS)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_reading_time)
