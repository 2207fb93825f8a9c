"""Reading a time of day for reminders: "9", "7:30pm", "19:30", "half past 8", "noon"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.time.timeparse import ParseError

EXAMPLES = "“9”, “7:30pm”, “19:30” or “half past 8”"
_WORD_HOURS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NAMED = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
_HOUR = r"(?P<hour>[0-9]{1,2}|" + "|".join(_WORD_HOURS) + ")"
_SUFFIX = r"(?:\s*(?P<suffix>am|pm|a\s*m|p\s*m))?"
_DIGITAL = re.compile(
    rf"{_HOUR}(?:\s*(?:[:.h]|\s)\s*(?P<minute>[0-9]{{2}}))?\s*(?:h|hrs|o\s*clock|uhr)?{_SUFFIX}"
)
_SPOKEN = re.compile(
    rf"(?P<part>half|quarter|[0-9]{{1,2}}|twenty|ten|five)\s*(?:minutes\s*)?"
    rf"(?P<direction>past|after|to|before)\s*{_HOUR}{_SUFFIX}"
)
_PART = {"half": 30, "quarter": 15, "twenty": 20, "ten": 10, "five": 5}
_LEAD = re.compile(r"^(?:at|around|about|from|by|um|a\s+las|a\s+la|ab)\s+")


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time of day, to the minute."""

    hour: int
    minute: int = 0

    def __str__(self) -> str:
        return f"{self.hour}:{self.minute:02d}"


def parse_clock(text: str) -> ClockTime:
    """Read a time of day; ParseError says what went wrong and shows the forms expected."""
    phrase = re.sub(
        r"\s+",
        " ",
        text.casefold()
        .replace("'", "")
        .replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
        .replace("\N{NARROW NO-BREAK SPACE}", " "),
    ).strip()
    phrase = _LEAD.sub("", phrase.rstrip(".!")).replace("a.m", "am").replace("p.m", "pm")
    phrase = phrase.rstrip(".")
    if phrase in _NAMED:
        return ClockTime(*_NAMED[phrase])
    spoken = _SPOKEN.fullmatch(phrase)
    if spoken is not None:
        hour = _clock_hour(spoken["hour"], spoken["suffix"])
        part = spoken["part"]
        minutes = _PART[part] if part in _PART else int(part)
        if not 0 < minutes < 60:
            raise ParseError(f"Please send a time such as {EXAMPLES}.")
        total = hour * 60 + (minutes if spoken["direction"] in {"past", "after"} else -minutes)
        return ClockTime(*divmod(total % (24 * 60), 60))
    digital = _DIGITAL.fullmatch(phrase)
    if digital is None:
        raise ParseError(f"Please send a time such as {EXAMPLES}.")
    hour = _clock_hour(digital["hour"], digital["suffix"])
    minute = int(digital["minute"] or 0)
    if minute > 59:
        raise ParseError(f"Minutes go from 00 to 59: send e.g. {EXAMPLES}.")
    return ClockTime(hour, minute)


def _clock_hour(text: str, suffix: str | None) -> int:
    hour = _WORD_HOURS.get(text) or int(text)
    if suffix:
        if not 1 <= hour <= 12:
            raise ParseError("With am/pm the hour goes from 1 to 12, e.g. “9am” or “7:30pm”.")
        return hour % 12 + (12 if suffix.replace(" ", "") == "pm" else 0)
    if not 0 <= hour <= 23:
        raise ParseError(f"The hour goes from 0 to 23: send e.g. {EXAMPLES}.")
    return hour
