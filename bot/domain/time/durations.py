"""Reading how long something takes, as the user types it: "45", "1h30", "1.5 hours"."""

from __future__ import annotations

import re

_MINUTES = r"(?:m|min|mins|minutes?)"
_HOURS = r"(?:h|hr|hrs|hours?)"
_ONLY_MINUTES = re.compile(rf"(\d+)\s*{_MINUTES}?")
_ONLY_HOURS = re.compile(rf"(\d+(?:\.\d+)?)\s*{_HOURS}")
_HOURS_AND_MINUTES = re.compile(rf"(\d+)\s*(?:h|hr|hours?)\s*(\d{{1,2}})\s*{_MINUTES}?")


def parse_minutes(text: str) -> int | None:
    """Read a length: "45", "45 min", "1h", "1.5 hours", "1h30"; None if unreadable."""
    phrase = text.strip().lower().replace(",", ".")
    if found := _ONLY_MINUTES.fullmatch(phrase):
        return int(found[1])
    if found := _ONLY_HOURS.fullmatch(phrase):
        return round(float(found[1]) * 60)
    if found := _HOURS_AND_MINUTES.fullmatch(phrase):
        return int(found[1]) * 60 + int(found[2])
    return None
