"""How the bot shows times and user text: in the user's zone, HTML-escaped."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo


def esc(text: str | None) -> str:
    """User text, safe inside an HTML message, shown exactly as typed."""
    return html.escape(text or "", quote=False)


def telegram_length(text: str) -> int:
    """A text's length as Telegram limits it: UTF-16 code units, so "🙂" counts two."""
    return len(text.encode("utf-16-le")) // 2


def cut_to_length(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` UTF-16 units, never half a character."""
    return text.encode("utf-16-le")[: 2 * limit].decode("utf-16-le", errors="ignore")


def local(moment: dt.datetime, tz: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(tz))


def when(moment: dt.datetime, tz: str, *, now: dt.datetime) -> str:
    """'Tue 25 Nov, 14:00' in the user's zone (the year only when it is not `now`'s)."""
    shown = local(moment, tz)
    return f"{day(shown.date(), now=now.astimezone(ZoneInfo(tz)))}, {shown:%H:%M}"


def day(value: dt.date, *, now: dt.datetime) -> str:
    """'Tue 9 Dec' (with the year when it is not `now`'s: the bot's clock, not the wall's)."""
    return f"{value:%a} {value.day} {value:%b}" + (
        "" if value.year == now.year else f" {value.year}"
    )
