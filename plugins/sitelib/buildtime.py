"""One notion of "now" for a build, fixable for reproducible output."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def build_time(settings: Mapping[str, Any]) -> datetime:
    """The aware UTC time this build treats as now.

    Order: the ``BUILD_TIME`` setting (an aware datetime or ISO 8601
    string), then ``SOURCE_DATE_EPOCH``, then the clock.
    """
    fixed = settings.get("BUILD_TIME")
    if fixed:
        moment = fixed if isinstance(fixed, datetime) else datetime.fromisoformat(fixed)
        if moment.tzinfo is None:
            raise ValueError(f"'{fixed}' has no timezone offset")
        return moment.astimezone(UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)
