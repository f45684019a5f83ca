"""Reading time: ``article.reading_time`` in whole minutes (at least 1)."""

from __future__ import annotations

import math
import re
from typing import Any

from pelican import signals

from sitelib import ARTICLE_LISTS, iter_content

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def minutes_to_read(html: str, words_per_minute: int) -> int:
    words = len(_WORD.findall(_TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(generator: Any) -> None:
    words_per_minute = int(generator.settings.get("READING_TIME_WORDS_PER_MINUTE", 200))
    for article in iter_content(generator, ARTICLE_LISTS):
        article.reading_time = minutes_to_read(article._content, words_per_minute)


def register() -> None:
    signals.article_generator_finalized.connect(add_reading_time)
