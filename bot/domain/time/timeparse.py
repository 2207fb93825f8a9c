"""Reading the dates, times and hiring timelines users type in their own words."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from bot.domain.places.timezones import TimeZone, as_zone
from bot.domain.time.timing import local_at

# A date typed without a time is taken to mean mid-morning, when most interviews start.
DEFAULT_HOUR = 10

# Timelines further out than this are almost certainly a typo in the year.
MAX_TIMELINE_AHEAD = timedelta(days=366)
# Timelines further out than this are confirmed with the user before they are stored.
_LIKELY_TIMELINE = timedelta(days=183)

_WHEN_EXAMPLES = "“yesterday 14:30”, “tuesday 3pm” or “2026-11-20 14:00”"
_FUTURE_EXAMPLES = "“tomorrow 10am”, “friday 3pm” or “2026-12-03 14:00”"
_TIMELINE_EXAMPLES = "“2 weeks”, “by Dec 15” or “end of next week”"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed moment was read as; not `sure` means echo it back and ask first."""

    at: datetime
    sure: bool = True


@dataclass(frozen=True, slots=True)
class TimelineReading:
    """The local date a typed timeline ends (None: they didn't say); `sure` as for Reading."""

    end: date | None
    sure: bool = True


class ParseError(ValueError):
    """What the user typed could not be read; the message says why, with an example."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int = 0


# Spelled out rather than taken from `calendar`, whose names follow the server's locale.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTHS = {
    name: number for number, full in enumerate(_MONTH_NAMES, start=1) for name in (full, full[:3])
} | {"sept": 9}

_WEEKDAYS = {
    name: number for number, full in enumerate(_WEEKDAY_NAMES) for name in (full, full[:3])
} | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "couple": 2,
    "three": 3,
    "few": 3,
    "several": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_DAY_PARTS = {
    "morning": _Clock(9),
    "noon": _Clock(12),
    "midday": _Clock(12),
    "lunchtime": _Clock(12),
    "afternoon": _Clock(14),
    "evening": _Clock(18),
    "midnight": _Clock(0),
}

_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + ")"
_NUMBER = "(?:\\d+|" + "|".join(_NUMBER_WORDS) + ")"
# Number words that say "some", not a clock hour.
_VAGUE = {"a", "an", "couple", "few", "several"}

# Said without am/pm ("at 3", "half past two"), these hours are most likely afternoon ones.
_AFTERNOON_GUESS = range(1, 8)
_LATER_PARTS = {"afternoon", "evening"}

_CLOCK = re.compile(
    r"""
    (?<![\d/.:-])
    (?:
        (?P<hoc>\d{1,2})(?::(?P<moc>\d{2}))?\s?oclock
      | (?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?\s*(?P<ampm>am|pm)
      | (?P<h24>\d{1,2}):(?P<m24>\d{2})(?::\d{2})?
      | (?P<hh>\d{1,2})h(?P<mh>\d{2})?
      | (?P<part>"""
    + "|".join(_DAY_PARTS)
    + r""")
    )
    (?![\w/.:-])
    """,
    re.VERBOSE,
)

_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_NUMERIC_DATE = re.compile(
    r"^(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})(?:[/.-](?P<year>\d{4}|\d{2}))?\.?$"
)
_DAY_MONTH = re.compile(r"^(?P<day>\d{1,2}) " + _MONTH + r"(?: (?P<year>\d{4}))?$")
_MONTH_DAY = re.compile("^" + _MONTH + r" (?P<day>\d{1,2})(?: (?P<year>\d{4}))?$")
_WEEKDAY_PHRASE = re.compile(r"^(?:(?P<which>last|past|this|next|coming) )?" + _WEEKDAY + "$")
_UNITS_AGO = re.compile("^(?P<count>" + _NUMBER + r") (?P<unit>day|week|month)s? ago$")
_UNITS_AHEAD = re.compile("^in (?P<count>" + _NUMBER + r") (?P<unit>day|week|month)s?$")
_INSTANT_OFFSET = re.compile(
    "^(?:(?P<ago_count>"
    + _NUMBER
    + r") (?P<ago_unit>minute|min|hour|hr)s? ago|in (?P<in_count>"
    + _NUMBER
    + r") (?P<in_unit>minute|min|hour|hr)s?)$"
)
_RELATIVE_DAYS = {
    "today": 0,
    "this": 0,
    "yesterday": -1,
    "day before yesterday": -2,
    "tomorrow": 1,
    "day after tomorrow": 2,
}


def read_when(text: str, *, now: datetime, tz: TimeZone, future: bool = False) -> Reading:
    """Read when an interview took place (or, `future`, takes place), also inside a sentence.

    Past (the debrief): weekday names mean the most recent such day (today if that time has
    passed) and dates without a year the most recent such date. A date without a time means
    10:00; "today" alone means the current hour, or 10:00 if that is earlier, so that it
    never lies in the future. Future phrases ("tomorrow") still parse; refusing them is up
    to the caller. Future: see parse_when_future.

    The reading is not `sure` when words around the date were not understood, or an hour
    typed without am/pm was taken as an afternoon one ("at 3" as 15:00): the caller
    echoes it back for a confirmation instead of storing it.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        return _parse_moment(text, now=now, tz=tz, future=future)
    except ParseError:
        raise
    except (OverflowError, ValueError) as error:
        # A year such as 0001 or 99999: the calendar or the zone arithmetic overflows.
        examples = _FUTURE_EXAMPLES if future else _WHEN_EXAMPLES
        raise ParseError(f"That date is out of range. Try e.g. {examples}.") from error


def parse_when_future(text: str, *, now: datetime, tz: TimeZone) -> datetime:
    """Read when an upcoming interview takes place, as an aware UTC datetime.

    Same grammar as read_when, but weekday names mean the next such day (today if
    that time is still ahead), "next tuesday" the first Tuesday after today, and
    dates without a year the next such date. A date without a time means 10:00.
    """
    return _only_sure(read_when(text, now=now, tz=tz, future=True), tz, _FUTURE_EXAMPLES)


def _only_sure(reading: Reading, tz: TimeZone, examples: str) -> datetime:
    if not reading.sure:
        local = reading.at.astimezone(as_zone(tz))
        raise ParseError(
            f"Did you mean {local:%a} {local.day} {local:%b}, {local:%H:%M}? "
            f"Please type it plainly, e.g. {examples}."
        )
    return reading.at


def read_timeline(text: str, *, held_on: date, today: date) -> TimelineReading:
    """Read a timeline as parse_timeline does, also inside a sentence.

    "The recruiter said they'd get back by end of next week" is sure: the words around
    the timeline only say who gave it. Words that could change its meaning ("not",
    "but") make the reading unsure, to be confirmed by the user.
    """
    try:
        return _read_timeline(text, held_on=held_on, today=today)
    except ParseError:
        raise
    except (OverflowError, ValueError) as error:
        raise ParseError(
            f"That is more than a year away, is it right? Try e.g. {_TIMELINE_EXAMPLES}."
        ) from error


def parse_timeline(text: str, *, held_on: date, today: date) -> date | None:
    """Read the hiring timeline the user was given as the local date it ends.

    Durations count from the interview day; dates without a year mean the next
    such date on or after it. Returns None when the user says they do not know,
    and raises ParseError for anything unreadable, implausible or needing a
    confirmation (see read_timeline).
    """
    reading = read_timeline(text, held_on=held_on, today=today)
    if not reading.sure:
        assert reading.end is not None
        raise ParseError(
            f"Did you mean until {reading.end:%a} {reading.end.day} {reading.end:%b}? "
            f"Please type it plainly, e.g. {_TIMELINE_EXAMPLES}."
        )
    return reading.end


def _read_timeline(text: str, *, held_on: date, today: date) -> TimelineReading:
    phrase = _clean_timeline(text)
    if not phrase:
        raise ParseError(f"Please type the timeline they gave, e.g. {_TIMELINE_EXAMPLES}.")
    if _UNKNOWN_TIMELINE.search(phrase):
        return TimelineReading(None)
    found = _in_sentence(phrase, lambda part: _timeline_end(_strip_timeline_filler(part), held_on))
    if found is None:
        raise ParseError(f"I couldn't read that timeline. Try e.g. {_TIMELINE_EXAMPLES}.")
    end, leftover = found
    named = named_months(phrase)
    if _has_number(leftover) or (named and end.month not in named):
        # A month named but read as a date in another ("the first week of January" as
        # this Friday): never offered, not even for a confirmation.
        raise ParseError(f"I couldn't read that timeline. Try e.g. {_TIMELINE_EXAMPLES}.")
    if end > today + MAX_TIMELINE_AHEAD:
        raise ParseError(
            f"That is more than a year away, is the year right? Try e.g. {_TIMELINE_EXAMPLES}."
        )
    # Half a year or more is rare for a hiring answer: "by Nov 2" typed on Nov 25 is more
    # likely a slip than next November, so it is asked about.
    plausible = end <= held_on + _LIKELY_TIMELINE
    return TimelineReading(end, sure=plausible and _only_filler(leftover, _TIMELINE_WORDS))


def named_months(text: str) -> set[int]:
    """The months a text names (1-12): "by mid-March" {3}; "they may call" none."""
    phrase = text.casefold()
    return {
        _MONTHS[found["month"]]
        for found in _MONTH_WORD.finditer(phrase)
        if found["month"] != "may" or _MAY_THE_MONTH.search(phrase)
    }


def _timeline_end(phrase: str, held_on: date) -> date | None:
    if not phrase:
        return None
    for reader in _TIMELINE_READERS:
        end = reader(phrase, held_on)
        if end is not None:
            return end
    return None


def _parse_moment(text: str, *, now: datetime, tz: TimeZone, future: bool) -> Reading:
    examples = _FUTURE_EXAMPLES if future else _WHEN_EXAMPLES
    phrase = _clean_moment(text)
    if not phrase:
        raise ParseError(f"Please type a date and time, e.g. {examples}.")
    instant = _instant(phrase, now)
    if instant is not None:
        return Reading(instant)

    local_now = now.astimezone(as_zone(tz))
    today = local_now.date()
    clock, rest, clock_sure = _extract_clock(phrase, examples)

    def at(day: date) -> datetime:
        chosen = clock or _default_clock(day, local_now, future=future)
        return local_at(day, chosen.hour, tz, minute=chosen.minute)

    if not rest or _only_filler(rest.split(), _MOMENT_WORDS):
        # A bare time: the latest such time already past, or the next one still ahead.
        if clock is None:
            raise ParseError(f"Please type a date and time, e.g. {examples}.")
        day = today
        if future and at(day) < now:
            day += timedelta(days=1)
        elif not future and at(day) > now:
            day -= timedelta(days=1)
        return Reading(at(day), clock_sure)
    found = _in_sentence(
        rest, lambda part: _day_of(part, today=today, at=at, now=now, future=future)
    )
    if found is None:
        raise ParseError(f"I couldn't read that date. Try e.g. {examples}.")
    day, leftover = found
    if _has_number(leftover):
        # A number not understood may be the time or the date: no guess leaves it out.
        raise ParseError(f"I couldn't read that date. Try e.g. {examples}.")
    return Reading(at(day), clock_sure and _only_filler(leftover, _MOMENT_WORDS))


_T = TypeVar("_T")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words around a date that do not change it: "I had the call with them yesterday at 3pm".
_MOMENT_WORDS = _words(
    "i we it was is had have has did my our their me us them him her with a an and so just "
    "interview interviews call calls meeting chat screen screening phone video zoom teams meet "
    "onsite on-site round first second third final technical hr recruiter manager "
    "met spoke talked took place happened went done finished held there online in"
)
# Words around a timeline that only say who gave it or what it is for.
_TIMELINE_WORDS = _words(
    "i we you he she they it they'd they'll he'd she'd he'll she'll we'll i'll i'd you'll "
    "recruiter hr manager hiring team company interviewer interviewers someone "
    "said says told tell me us them him her would will should could might may can "
    "get back hear heard come reach out touch contact let know reply respond answer "
    "decision feedback news response update results result offer next steps step "
    "to from with a an of for and so be is are was by expect expecting expected promised "
    "hopefully supposed within their there that some "
    "probably likely maybe around about roughly approximately"
)
# The longest run of words tried as a date or timeline inside a sentence.
_MAX_SPAN = 6


def _has_number(words: list[str]) -> bool:
    return any(character.isdigit() for word in words for character in word)


def _only_filler(words: list[str], allowed: frozenset[str]) -> bool:
    return all(word.strip("'\"()") in allowed for word in words)


def _in_sentence(phrase: str, read: Callable[[str], _T | None]) -> tuple[_T, list[str]] | None:
    """Read the whole phrase, or else the longest run of its words that reads.

    Returns what was read and the words left around it. A run that reads as an
    impossible date ("30 feb") inside a sentence is passed over; the whole phrase's
    errors are raised.
    """
    value = read(phrase)
    if value is not None:
        return value, []
    words = phrase.split()
    for size in range(min(len(words) - 1, _MAX_SPAN), 0, -1):
        for first in range(len(words) - size + 1):
            try:
                value = read(" ".join(words[first : first + size]))
            except ParseError:
                continue
            if value is not None:
                return value, words[:first] + words[first + size :]
    return None


def _instant(phrase: str, now: datetime) -> datetime | None:
    """Read phrases that name an instant rather than a day: "just now", "2 hours ago"."""
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    if phrase in {"now", "just now", "right now"}:
        return minute
    found = _INSTANT_OFFSET.match(phrase)
    if found is None:
        return None
    ago = found["ago_count"] is not None
    count = _number(found["ago_count"] if ago else found["in_count"])
    unit = found["ago_unit"] if ago else found["in_unit"]
    delta = timedelta(hours=count) if unit in {"hour", "hr"} else timedelta(minutes=count)
    return minute - delta if ago else minute + delta


def _extract_clock(phrase: str, examples: str) -> tuple[_Clock | None, str, bool]:
    """Take the time of day out of the phrase: the clock, the rest (the date), and if sure.

    A part of the day may come with a time ("this morning around 10:30", "afternoon at
    1"): the time counts, read in that part of the day.
    """
    found = list(_CLOCK.finditer(phrase))
    if not found:
        return None, phrase, True
    parts = [match for match in found if match["part"]]
    clocks = [match for match in found if not match["part"]]
    if len(parts) > 1 or len(clocks) > 1:
        raise ParseError(f"I found more than one time in that. Try e.g. {examples}.")
    rest = phrase
    for match in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    rest = re.sub(r"\s+", " ", rest).strip()
    part = parts[0]["part"] if parts else None
    if not clocks:
        return _DAY_PARTS[part] if part else None, rest, True
    clock, sure = _typed_clock(clocks[0], part)
    return clock, rest, sure


def _typed_clock(match: re.Match[str], part: str | None) -> tuple[_Clock, bool]:
    """A typed time, and whether its hour is sure (an hour without am/pm may be a guess)."""
    if match["ampm"]:
        hour, minute = int(match["h12"]), int(match["m12"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ParseError(f"“{match[0]}” is not a time of day. Try e.g. “2:30pm” or “14:30”.")
        return _Clock(hour % 12 + (12 if match["ampm"] == "pm" else 0), minute), True
    hour_text = match["hoc"] or match["h24"] or match["hh"]
    hour = int(hour_text)
    minute = int(match["moc"] or match["m24"] or match["mh"] or 0)
    if hour > 23 or minute > 59:
        raise ParseError(f"“{match[0]}” is not a time of day. Try e.g. “14:30” or “2:30pm”.")
    if part in _LATER_PARTS and 1 <= hour < 12:
        return _Clock(hour + 12, minute), True
    if part is not None or hour not in _AFTERNOON_GUESS:
        return _Clock(hour, minute), True
    if match["hoc"]:
        # "At 3" or "half past two": nobody interviews at 3 at night; 6 and 7 could be either.
        return _Clock(hour + 12, minute), hour < 6
    if match["hh"] or hour_text.startswith("0"):
        return _Clock(hour, minute), True  # "02:30", "2h30": written as a 24-hour time
    return _Clock(hour + 12, minute), False  # "2:30": most likely 14:30, to be confirmed


def _default_clock(day: date, local_now: datetime, *, future: bool) -> _Clock:
    if not future and day == local_now.date():
        # "today" without a time must not land later than now.
        return _Clock(min(local_now.hour, DEFAULT_HOUR))
    return _Clock(DEFAULT_HOUR)


def _day_of(
    rest: str,
    *,
    today: date,
    at: Callable[[date], datetime],
    now: datetime,
    future: bool,
) -> date | None:
    """Turn the date part of a phrase into a local date; None if it is not one."""
    examples = _FUTURE_EXAMPLES if future else _WHEN_EXAMPLES
    if rest in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[rest])
    if found := _UNITS_AGO.match(rest):
        return _shift(today, -_number(found["count"]), found["unit"])
    if found := _UNITS_AHEAD.match(rest):
        return _shift(today, _number(found["count"]), found["unit"])
    if found := _WEEKDAY_PHRASE.match(rest):
        return _weekday_day(found["which"], _WEEKDAYS[found["weekday"]], today, at, now, future)
    return _calendar_date(rest, today=today, future=future, examples=examples)


def _weekday_day(
    which: str | None,
    weekday: int,
    today: date,
    at: Callable[[date], datetime],
    now: datetime,
    future: bool,
) -> date:
    if which in {"last", "past"}:
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if which == "next":
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if future:
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        return day + timedelta(days=7) if at(day) < now else day
    day = today - timedelta(days=(today.weekday() - weekday) % 7)
    return day - timedelta(days=7) if at(day) > now else day


def _calendar_date(rest: str, *, today: date, future: bool, examples: str) -> date | None:
    """Read an explicit date, checking a weekday typed with it ("tue 24 nov")."""
    weekday_name, _, remainder = rest.partition(" ")
    if weekday_name in _WEEKDAYS and remainder:
        day = _calendar_date(remainder, today=today, future=future, examples=examples)
        if day is not None and day.weekday() != _WEEKDAYS[weekday_name]:
            actual = _WEEKDAY_NAMES[day.weekday()].capitalize()
            typed = _WEEKDAY_NAMES[_WEEKDAYS[weekday_name]].capitalize()
            raise ParseError(
                f"{day.isoformat()} is a {actual}, not a {typed}. Try e.g. {examples}."
            )
        return day
    parts = _date_parts(rest)
    if parts is None:
        return None
    year, month, day_of_month = parts
    if year is not None:
        return _checked_date(year, month, day_of_month, examples)
    step = 1 if future else -1
    for offset in range(9):  # covers 29 February, which recurs within 8 years
        candidate = _valid_date(today.year + step * offset, month, day_of_month)
        if candidate is not None and (candidate >= today if future else candidate <= today):
            return candidate
    raise ParseError(f"There is no such date. Try e.g. {examples}.")


def _date_parts(rest: str) -> tuple[int | None, int, int] | None:
    """Split an explicit date into (year or None, month, day); None if it is not one."""
    if found := _ISO_DATE.match(rest):
        return int(found["year"]), int(found["month"]), int(found["day"])
    if found := _DAY_MONTH.match(rest) or _MONTH_DAY.match(rest):
        year = int(found["year"]) if found["year"] else None
        return year, _MONTHS[found["month"]], int(found["day"])
    if found := _NUMERIC_DATE.match(rest):
        first, second = int(found["first"]), int(found["second"])
        year = _full_year(found["year"]) if found["year"] else None
        # Day first, as most of the world writes it; "11/20" can only be month first.
        if second > 12 >= first:
            first, second = second, first
        return year, second, first
    return None


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _checked_date(year: int, month: int, day: int, examples: str) -> date:
    found = _valid_date(year, month, day)
    if found is None:
        raise ParseError(f"There is no such date. Try e.g. {examples}.")
    return found


def _shift(day: date, count: int, unit: str) -> date:
    if unit == "month":
        return _add_months(day, count)
    return day + timedelta(days=count * (7 if unit == "week" else 1))


def _add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


# Day words as people type them in chat (and their commonest slips), read as the words.
_CHAT_WORDS = {
    "tomorrow": "tmrw tmr tmw tmrow tmro tomoz tomo 2moro 2morro 2morow 2morrow 2mrw "
    "tomorow tommorow tommorrow tomorro tomorrw",
    "yesterday": "yday yest ystd ystrdy yesterdy yesteday yestday",
    "tonight": "tonite 2nite 2night",
    "next": "nxt",
    "week": "wk",
    "weeks": "wks",
}
_CHAT_WORD = re.compile(
    r"(?<![\w'-])("
    + "|".join(sorted({word for words in _CHAT_WORDS.values() for word in words.split()}))
    + r")(?![\w'-])"
)
_CHAT_MEANING = {word: meaning for meaning, words in _CHAT_WORDS.items() for word in words.split()}
# "2day" is today in a chat, never "2 days" when a time of day is asked for.
_TODAY = re.compile(r"(?<![\w'-])(?:2day|tdy)(?![\w'-])")


def _normalise(text: str) -> str:
    """Lower-case, unify am/pm spellings, ordinals and chat words, and squeeze the whitespace."""
    phrase = text.casefold().strip()
    phrase = _CHAT_WORD.sub(lambda found: _CHAT_MEANING[found[1]], phrase)
    phrase = re.sub(r"(?<![a-z])([ap])\.m\.?", r"\1m", phrase)
    phrase = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?: of\b)?", r"\1", phrase)
    # Dots closing abbreviations ("Tues.", "Dec.") carry no meaning.
    phrase = re.sub(r"(?<=[a-z])\.(?=\s|$)", "", phrase)
    # En and em dashes become hyphens, a typographic apostrophe a plain one.
    phrase = phrase.replace(",", " ").translate({0x2013: "-", 0x2014: "-", 0x2019: "'"})
    phrase = re.sub(r"[!?]+|\.+$", "", phrase)
    return re.sub(r"\s+", " ", phrase).strip()


_HOUR_WORDS = {word: _NUMBER_WORDS[word] for word in _NUMBER_WORDS if word not in _VAGUE}
_HOUR = "(?P<hour>\\d{1,2}|" + "|".join(_HOUR_WORDS) + ")"
_MARKER = r"(?<![\w@])(?P<marker>at|around|about|approx|approximately|ca|@)\s*"
_NOT_A_CLOCK = (
    r"(?![:./\d-]|\s?(?:am|pm|h|oclock)\b|\s(?:min|hour|hr|day|week|month|year)"
    + "|\\s(?:"
    + "|".join(_MONTHS)
    + r")\b)"
)


def _hour_of(found: re.Match[str]) -> int:
    text = found["hour"]
    return int(text) if text.isdigit() else _HOUR_WORDS[text]


def _spoken_clocks(phrase: str) -> str:
    """Rewrite spoken and bare times as clocks: "half past two", "at 11", "at 9.15"."""
    phrase = re.sub(r"\bo'?clock\b", "oclock", phrase)
    phrase = re.sub(
        "\\b" + _HOUR + r"(?=\s?(?:oclock|am|pm)\b)", lambda m: str(_hour_of(m)), phrase
    )
    phrase = re.sub(
        r"\b(?P<frac>half|quarter) past " + _HOUR + r"\b(?: oclock)?",
        lambda m: f"{_hour_of(m)}:{30 if m['frac'] == 'half' else 15} oclock",
        phrase,
    )
    phrase = re.sub(
        r"\bquarter to " + _HOUR + r"\b(?: oclock)?",
        lambda m: f"{(_hour_of(m) - 1) % 24 or 12}:45 oclock",
        phrase,
    )
    phrase = re.sub(_MARKER + r"(?P<h>\d{1,2})\.(?P<m>\d{2})\b(?![.\d])", r"\g<h>:\g<m>", phrase)
    return re.sub(_MARKER + r"(?P<h>\d{1,2})\b" + _NOT_A_CLOCK, r"\g<h> oclock", phrase)


def _clean_moment(text: str) -> str:
    phrase = _TODAY.sub("today", _normalise(text))
    phrase = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", phrase)
    phrase = re.sub(r"(?<=\d)(am|pm)?\s?-?ish\b", r"\1", phrase)  # "3pm-ish"
    phrase = re.sub(r"\bearlier (today|this)\b", r"\1", phrase)
    phrase = _spoken_clocks(phrase)
    phrase = re.sub(r"\btonight\b", "today evening", phrase)
    phrase = re.sub(r"\blast night\b", "yesterday evening", phrase)
    phrase = re.sub(r"\bin the (morning|afternoon|evening)\b", r"\1", phrase)
    phrase = re.sub(r"\ba (couple|few)( of)?\b", r"\1", phrase)
    phrase = re.sub(r"\b(at|on|around|about|approx|approximately|of|the)\b", " ", phrase)
    return re.sub(r"\s+", " ", phrase).strip()


# --- timelines -------------------------------------------------------------------

_UNKNOWN_TIMELINE = re.compile(
    r"^(?:no|none|n/?a|idk|dunno|unknown|unsure|not sure|no idea|no timeline)$"
    r"|\b(?:don'?t|do not|didn'?t|did not|dont|didnt) (?:know|say|ask|mention|tell)"
    r"|\bnot (?:sure|said|mentioned|given)\b|\bno idea\b"
)

_TIMELINE_FILLER = re.compile(
    r"^(?:by|before|until|till|til|within|in|on|around|about|approximately|approx|roughly"
    r"|maybe|probably|likely|up to|after|~|the|over|at|they said|said)\s+"
)
_TIMELINE_TAIL = re.compile(
    r"\s+(?:or so|max|at most|at the latest|latest|from now|tops|or sooner|or less)$"
)

_SPAN = re.compile(
    "^(?:next )?(?P<low>"
    + _NUMBER
    + r")(?:\s*(?:-|to|or)\s*(?P<high>"
    + _NUMBER
    + r"))?\s*(?P<business>business |working )?(?P<unit>hour|hr|h|day|week|month|fortnight)s?"
    r"(?: or (?P<after>" + _NUMBER + r"))?$"
)
_FRIDAY = 4
_PERIOD_DAYS = {
    "early": 10,
    "beginning of": 10,
    "start of": 10,
    "mid": 15,
    "middle of": 15,
    "late": 25,
}
_MONTH_PERIOD = re.compile(
    r"^(?:(?P<period>early|beginning of|start of|mid|middle of|late|end of)[ -]?)?"
    + _MONTH
    + r"(?: (?P<year>\d{4}))?$"
)
_RELATIVE_PERIOD = re.compile(
    r"^(?:(?P<period>early|beginning of|start of|mid|middle of|late|end of) )?"
    r"(?P<which>this|next) (?P<unit>week|month|quarter|year)$"
)
_QUARTER = re.compile(
    r"^(?:(?P<period>early|beginning of|start of|mid|middle of|late|end of) )?"
    r"(?:q(?P<q>[1-4])|(?P<ordinal>first|second|third|fourth|[1-4]) quarter)"
    r"(?: (?:of )?(?P<year>\d{4}|next year|this year))?$"
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# The week of a month ("last": its final days); ordinals come here as digits ("2nd" is "2").
_NTH = _ORDINALS | {"1": 1, "2": 2, "3": 3, "4": 4, "last": 0, "final": 0}
_PART_OF_MONTH = re.compile(
    r"^(?:end of )?(?:"
    r"(?P<nth>first|second|third|fourth|last|final|[1-4]) (?:full )?week"
    r"|(?P<half>first|second|latter|last|[12]) half"
    r"|(?P<count>" + _NUMBER + r") weeks? into"
    r")(?: of| in)? " + _MONTH + r"(?: (?P<year>\d{4}))?$"
)
# A month's name not followed by what follows a person's ("Jan said", "April from HR").
_MONTH_WORD = re.compile(
    r"(?<![\w'-])"
    + _MONTH
    + r"(?![\w'-])(?! (?:said|says|told|tells|from|mentioned|thinks|thought|wrote|emailed"
    r"|texted|called|promised|reckons)\b)"
)
# "May" the month, not the verb ("they may call"): with a word that goes with a month.
_MAY_THE_MONTH = re.compile(
    r"\b(?:of|in|by|mid|early|late|until|till|before|since|after|end|start|beginning)[ -]may\b"
    r"|\bmay \d|\d may\b|^may$"
)
_HOLIDAY = re.compile(r"^(?P<name>christmas|xmas|x-mas|new year'?s?(?: eve| day)?|thanksgiving)$")


def _clean_timeline(text: str) -> str:
    phrase = _normalise(text)
    # "After the holidays" is a date after the end of the year, not the holidays themselves.
    phrase = re.sub(
        r"\bafter (?:the )?(?:christmas|xmas|holidays|new year'?s?)\b", "early january", phrase
    )
    phrase = re.sub(
        r"\b(?:the )?(?:end of (?:the )?year|year[- ]end|eoy)\b", "end of this year", phrase
    )
    phrase = re.sub(
        r"\b(?:the )?(?:end of (?:the )?quarter|quarter[- ]end|eoq)\b",
        "end of this quarter",
        phrase,
    )
    phrase = re.sub(r"\ba (couple|few)( of)?\b", r"\1", phrase)
    phrase = re.sub(r"\bcouple of\b", "couple", phrase)
    phrase = re.sub(r"\b(?:the )?month of ", "", phrase)
    phrase = re.sub(r"\b(?:the|this) end of\b", "end of", phrase)
    phrase = re.sub(r"\bend of the\b", "end of", phrase)
    return _strip_timeline_filler(phrase)


def _strip_timeline_filler(phrase: str) -> str:
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _TIMELINE_FILLER.sub("", phrase)
        phrase = _TIMELINE_TAIL.sub("", phrase)
    return phrase.strip()


def _timeline_span(phrase: str, held_on: date) -> date | None:
    """Read a duration from the interview day: "10 days", "3-4 weeks", "a week or two"."""
    found = _SPAN.match(phrase)
    if found is None:
        return None
    # With a range the upper bound counts: calling early is what the advice warns against.
    count = max(_number(found[key]) for key in ("low", "high", "after") if found[key])
    unit = found["unit"]
    if unit in {"hour", "hr", "h"}:
        return held_on + timedelta(days=-(-count // 24))
    if unit == "fortnight":
        return held_on + timedelta(days=14 * count)
    if found["business"] and unit == "day":
        day = held_on
        for _ in range(count):
            day += timedelta(days=1)
            while day.weekday() > _FRIDAY:
                day += timedelta(days=1)
        return day
    return _shift(held_on, count, unit)


def _timeline_relative(phrase: str, held_on: date) -> date | None:
    """Read "tomorrow", "end of the week", "next week", "end of the month", "mid next month"."""
    if phrase in {"today", "end of day", "eod", "same day"}:
        return held_on
    if phrase in {"tomorrow", "eod tomorrow", "end of day tomorrow", "tomorrow eod"}:
        return held_on + timedelta(days=1)
    if phrase in {"week", "eow", "weekend", "end of week"}:
        phrase = "this week"
    elif phrase in {"month", "eom", "end of month"}:
        phrase = "this month"
    found = _RELATIVE_PERIOD.match(phrase)
    if found is None:
        return None
    if found["unit"] == "quarter":
        quarter = (held_on.month - 1) // 3 + (2 if found["which"] == "next" else 1)
        year, quarter = held_on.year + (quarter - 1) // 4, (quarter - 1) % 4 + 1
        return _quarter_point(year, quarter, found["period"], held_on)
    if found["unit"] == "year":
        year = held_on.year + (1 if found["which"] == "next" else 0)
        month = {"early": 1, "beginning of": 1, "start of": 1, "mid": 6, "middle of": 6}
        last_month = month.get(found["period"] or "", 12)
        return max(date(year, last_month, calendar.monthrange(year, last_month)[1]), held_on)
    if found["unit"] == "week":
        # Any part of a week ("early next week") ends on its Friday: later is the safe side.
        monday = held_on - timedelta(days=held_on.weekday())
        friday = monday + timedelta(days=_FRIDAY + (7 if found["which"] == "next" else 0))
        # Said on a weekend, "this week" can only mean the coming one.
        return friday if friday >= held_on else friday + timedelta(days=7)
    month_start = _add_months(held_on.replace(day=1), 1 if found["which"] == "next" else 0)
    return _month_point(month_start, found["period"], held_on)


def _timeline_month(phrase: str, held_on: date) -> date | None:
    """Read "early January", "mid Jan", "late January 2027", "end of January", "January"."""
    found = _MONTH_PERIOD.match(phrase)
    if found is None:
        return None
    return _month_point(_named_month_start(found, held_on), found["period"], held_on)


def _named_month_start(found: re.Match[str], held_on: date) -> date:
    """The first day of the month a match names (groups `month`, `year`)."""
    month = _MONTHS[found["month"]]
    if found["year"]:
        return date(int(found["year"]), month, 1)
    # The named month this year if it has not ended yet, otherwise next year's.
    return date(held_on.year if month >= held_on.month else held_on.year + 1, month, 1)


def _timeline_part_of_month(phrase: str, held_on: date) -> date | None:
    """Read "the second week of January", "last week of Feb", "first half of March",
    "two weeks into January": the day that part of the month ends."""
    found = _PART_OF_MONTH.match(phrase)
    if found is None:
        return None
    start = _named_month_start(found, held_on)
    last_day = calendar.monthrange(start.year, start.month)[1]
    if found["nth"]:
        nth = _NTH.get(found["nth"], 0)
        day = last_day if not nth else 7 * nth
    elif found["half"]:
        day = 15 if found["half"] in {"first", "1"} else last_day
    else:
        day = 1 + 7 * _number(found["count"])
    return max(start.replace(day=min(day, last_day)), held_on)


def _month_point(month_start: date, period: str | None, held_on: date) -> date:
    if period in _PERIOD_DAYS:
        point = month_start.replace(day=_PERIOD_DAYS[period])
    else:
        # "End of" or the bare month: the timeline runs until the month is over.
        point = month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
    return max(point, held_on)


def _quarter_point(year: int, quarter: int, period: str | None, held_on: date) -> date:
    """Early in a quarter: mid first month; mid: mid second month; else its last day."""
    first_month = 3 * (quarter - 1) + 1
    if period in {"early", "beginning of", "start of"}:
        point = date(year, first_month, 15)
    elif period in {"mid", "middle of"}:
        point = date(year, first_month + 1, 15)
    else:
        point = date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
    return max(point, held_on)


def _timeline_quarter(phrase: str, held_on: date) -> date | None:
    """Read "end of Q1", "Q2 2027", "early Q3", "the first quarter"."""
    found = _QUARTER.match(phrase)
    if found is None:
        return None
    quarter = int(found["q"]) if found["q"] else _ORDINALS.get(found["ordinal"], 0)
    quarter = quarter or int(found["ordinal"])
    typed_year = found["year"]
    if typed_year and typed_year[0].isdigit():
        return _quarter_point(int(typed_year), quarter, found["period"], held_on)
    year = held_on.year + (1 if typed_year == "next year" else 0)
    last_month = 3 * quarter
    quarter_end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    if quarter_end < held_on and typed_year is None:
        year += 1  # Q1 said in November is next year's
    return _quarter_point(year, quarter, found["period"], held_on)


def _timeline_holiday(phrase: str, held_on: date) -> date | None:
    """Read "Christmas", "New Year", "Thanksgiving": the day before, or New Year's Eve."""
    found = _HOLIDAY.match(phrase)
    if found is None:
        return None
    name = found["name"]
    for year in (held_on.year, held_on.year + 1):
        if name.startswith("new year"):
            day = date(year, 12, 31)
        elif name == "thanksgiving":
            first = date(year, 11, 1)
            day = first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # 4th Thursday
        else:
            day = date(year, 12, 24)
        if day >= held_on:
            return day
    return None


def _timeline_weekday(phrase: str, held_on: date) -> date | None:
    """Read "Friday", "this Friday", "next Friday" said on the interview day."""
    found = _WEEKDAY_PHRASE.match(phrase)
    if found is None or found["which"] in {"last", "past"}:
        return None
    weekday = _WEEKDAYS[found["weekday"]]
    if found["which"] == "next":
        # "Next Friday" is the one in the following week; waiting longer is the safe side.
        monday = held_on - timedelta(days=held_on.weekday())
        day = monday + timedelta(days=7 + weekday)
        return day if day > held_on else day + timedelta(days=7)
    return held_on + timedelta(days=(weekday - held_on.weekday() - 1) % 7 + 1)


def _timeline_date(phrase: str, held_on: date) -> date | None:
    """Read an explicit date; without a year, the next such date on or after the interview."""
    end = _calendar_date(phrase, today=held_on, future=True, examples=_TIMELINE_EXAMPLES)
    if end is not None and end < held_on:
        raise ParseError(f"That date is before the interview. Try e.g. {_TIMELINE_EXAMPLES}.")
    return end


_TIMELINE_READERS: tuple[Callable[[str, date], date | None], ...] = (
    _timeline_span,
    _timeline_relative,
    _timeline_month,
    _timeline_part_of_month,
    _timeline_weekday,
    _timeline_quarter,
    _timeline_holiday,
    _timeline_date,
)
