"""Guesses, with dateparser, at dates our own parser cannot read: always confirmed, never stored.

dateparser reads many languages but drops a typed time ("gestern 14 Uhr" → 15:00) and
misreads numbers ("Montag 15 Uhr" → the 15th). So the time is taken out first and
read here, dateparser only reads the date that is left, every number typed must be
found again in its answer, and the caller echoes the guess back for a confirmation.

It is imported on the first guess only: measured in the bot's process, the first guess
costs 0.15 s and +9 MiB of RSS with the languages fixed (1.5 s and +44 MiB without).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.domain.places.timezones import TimeZone, as_zone
from bot.domain.time.date_words import in_english
from bot.domain.time.timeparse import (
    DEFAULT_HOUR,
    MAX_TIMELINE_AHEAD,
    ParseError,
    named_months,
    read_timeline,
    read_when,
)
from bot.domain.time.timing import local_at

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

# The languages the fallback may read besides English: those of the people who use the bot
# most, and which dateparser reads well. Others are read as English only.
LANGUAGES = ("de", "es", "fr", "pt", "it", "nl", "ru", "pl", "tr", "uk")
# guess_timeline's answer for "keine Ahnung", "no lo dijeron": no timeline was given.
NO_TIMELINE = date.min
# Longer input is not a date; dateparser's time grows with it.
MAX_LENGTH = 100

# Parts of the day in the fallback's languages, as hours (the English ones are ours).
_DAY_PARTS = (
    (r"\b(?:vormittags?|morgens|früh|(?:por|de|en) la mañana|le matin|du matin|de manhã)\b", 9),
    (r"\b(?:mittags?|mediod[ií]a|midi)\b", 12),
    (r"\b(?:nachmittags?|(?:por|de|en) la tarde|l'après-midi|de l'après-midi|à tarde)\b", 14),
    (r"\b(?:abends?|(?:por|de|en) la noche|le soir|du soir|à noite)\b", 18),
)
_LATER_HOURS = 14
# A time typed in any of those languages: "14 Uhr", "14.30 Uhr", "a las 3", "à 14h", "15:00".
_CLOCKS = (
    re.compile(
        r"(?<![\d.:/-])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?:uhr|horas?|hs|hrs|heures?|ч)\b"
    ),
    re.compile(r"(?<![\d.:/-])(?P<h>\d{1,2})(?::(?P<m>\d{2})|h(?P<mh>\d{2})?)(?![\d.:/])"),
    re.compile(
        r"\b(?:um|gegen|a las|a la|à|às|alle|ore|om|o|в)\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?"
        r"(?![\d.:/])"
    ),
)
_AMPM = re.compile(r"(?<![\d.:/-])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)\b")


def languages_for(language_code: str | None) -> tuple[str, ...]:
    """The languages to read for a Telegram `language_code` ("de", "pt-br"): it and English."""
    code = (language_code or "").split("-")[0].casefold()
    return ("en", code) if code in LANGUAGES else ("en",)


def guess_when(
    text: str,
    *,
    now: datetime,
    tz: TimeZone,
    languages: Sequence[str],
    future: bool = False,
) -> datetime | None:
    """A guess at the moment typed, as an aware UTC datetime, or None if there is none.

    The typed time counts: the guess is None rather than a different time. Without a
    typed time it is 10:00, as for our own parser.
    """
    phrase = re.sub(r"\s+", " ", text.casefold()).strip(" .!?")
    if not phrase or len(phrase) > MAX_LENGTH:
        return None
    english = in_english(phrase, languages)
    if english is not None:
        try:
            return read_when(english, now=now, tz=tz, future=future).at
        except ParseError:
            pass
    clock = _typed_clock(phrase)
    if clock is None:
        return None
    hour, minute, rest = clock
    local_now = now.astimezone(as_zone(tz))
    day = _guess_day(rest, local_now=local_now, tz=tz, languages=languages, future=future)
    if day is None:
        return None
    if hour is None:
        hour, minute = DEFAULT_HOUR, 0
        if day == local_now.date() and not future:
            hour = min(local_now.hour, DEFAULT_HOUR)
    try:
        return local_at(day, hour, tz, minute=minute)
    except (OverflowError, ValueError):
        return None


def guess_timeline(
    text: str, *, held_on: date, today: date, languages: Sequence[str]
) -> date | None:
    """A guess at the date a typed timeline ends ("in zwei Wochen", "a finales de enero")."""
    phrase = re.sub(r"\s+", " ", text.casefold()).strip(" .!?")
    if not phrase or len(phrase) > MAX_LENGTH:
        return None
    english = in_english(phrase, languages)
    if english is not None:
        try:
            return read_timeline(english, held_on=held_on, today=today).end or NO_TIMELINE
        except ParseError:
            pass
    found = _dateparser(phrase, base=held_on, languages=languages, future=True)
    if found is None or not held_on <= found <= today + MAX_TIMELINE_AHEAD:
        return None
    # A month named is the month it ends in ("erste Januarwoche" is never this Friday).
    named = named_months(english or phrase)
    if named and found.month not in named:
        return None
    return found if _numbers_found(phrase, found, held_on) else None


def _typed_clock(phrase: str) -> tuple[int | None, int, str] | None:
    """The hour and minute typed (None: no time), and the phrase without them.

    None when more than one time is typed, or a time that is not one ("25 Uhr").
    """
    times: list[tuple[int, int]] = []
    rest = phrase
    if found := _AMPM.search(rest):
        hour = int(found["h"]) % 12 + (12 if found["ampm"] == "pm" else 0)
        times.append((hour, int(found["m"] or 0)))
        rest = rest[: found.start()] + " " + rest[found.end() :]
    for pattern in _CLOCKS:
        for found in reversed(list(pattern.finditer(rest))):
            times.append((int(found["h"]), int(found["m"] or found.groupdict().get("mh") or 0)))
            rest = rest[: found.start()] + " " + rest[found.end() :]
    part_hour = None
    for words, hour in _DAY_PARTS:
        if re.search(words, rest):
            part_hour = hour if part_hour is None else -1
            rest = re.sub(words, " ", rest)
    if len(set(times)) > 1 or part_hour == -1:
        return None
    rest = re.sub(r"\s+", " ", rest).strip(" ,")
    if not times:
        return part_hour, 0, rest
    hour, minute = times[0]
    if hour > 23 or minute > 59:
        return None
    if part_hour is not None and part_hour >= _LATER_HOURS and 1 <= hour < 12:
        hour += 12  # "a las 3 de la tarde"
    return hour, minute, rest


def _guess_day(
    rest: str,
    *,
    local_now: datetime,
    tz: TimeZone,
    languages: Sequence[str],
    future: bool,
) -> date | None:
    today = local_now.date()
    if not rest:
        return today
    try:
        # What is left may be ours to read: "23.11." after "um 14 Uhr" is taken out.
        reading = read_when(rest, now=local_now, tz=tz, future=future)
        if reading.sure:
            return reading.at.astimezone(as_zone(tz)).date()
    except ParseError:
        pass
    found = _dateparser(rest, base=today, languages=languages, future=future)
    if found is None or not _numbers_found(rest, found, today):
        return None
    return found


def _dateparser(phrase: str, *, base: date, languages: Sequence[str], future: bool) -> date | None:
    # Imported here: the bot starts without it, and most answers never need it.
    import dateparser

    settings: Any = {
        "RELATIVE_BASE": datetime.combine(base, datetime.min.time()).replace(hour=12),
        "PREFER_DATES_FROM": "future" if future else "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(phrase, languages=list(languages), settings=settings)
    except Exception:  # dateparser raises many kinds of errors on odd input
        log.debug("dateparser failed on a phrase", exc_info=True)
        return None
    return found.date() if found is not None else None


def _numbers_found(phrase: str, found: date, base: date) -> bool:
    """Each number typed is the day, month or year found, or the distance from `base`."""
    distance = abs((found - base).days)
    months = abs((found.year - base.year) * 12 + found.month - base.month)
    allowed = {found.day, found.month, found.year, found.year % 100, distance, months}
    if distance % 7 == 0:
        allowed.add(distance // 7)
    return all(int(number) in allowed for number in re.findall(r"\d+", phrase))
