"""How the bot shows times and user text: in the user's zone, HTML-escaped."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo


def esc(text: str | None) -> str:
    """User text, safe inside an HTML message, shown exactly as typed."""
    return html.escape(text or "", quote=False)


def local(moment: dt.datetime, tz: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(tz))


def when(moment: dt.datetime, tz: str) -> str:
    """'Tue 25 Nov, 14:00' in the user's zone (the year only when it is not this year's)."""
    shown = local(moment, tz)
    this_year = dt.datetime.now(ZoneInfo(tz)).year
    day = f"{shown:%a} {shown.day} {shown:%b}" + (
        "" if shown.year == this_year else f" {shown.year}"
    )
    return f"{day}, {shown:%H:%M}"


def day(value: dt.date) -> str:
    """'Tue 9 Dec' (with the year when it is not this year's)."""
    this_year = dt.date.today().year  # noqa: DTZ011 - only decides whether to print the year
    return f"{value:%a} {value.day} {value:%b}" + (
        "" if value.year == this_year else f" {value.year}"
    )
