"""Tests for reading typed dates, times, hiring timelines and nudge hours."""

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.time.date_guess import NO_TIMELINE, guess_timeline, guess_when
from bot.domain.time.timeparse import (
    ParseError,
    parse_timeline,
    parse_when_future,
    read_timeline,
    read_when,
)
from bot.domain.time.timing import local_at

BERLIN = "Europe/Berlin"
# Wednesday 25 November 2026, 15:37 in Berlin (CET, UTC+1).
NOW = datetime(2026, 11, 25, 15, 37, 12, tzinfo=ZoneInfo(BERLIN))


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(BERLIN))


def parse_when(text: str, *, now: datetime, tz: str | ZoneInfo) -> datetime:
    """What the debrief stores at once: read_when's reading when it is sure. An unsure one
    is echoed back for a Yes there; here it is refused, so a test expecting a plain
    reading fails on it."""
    reading = read_when(text, now=now, tz=tz)
    if not reading.sure:
        raise ParseError(f"Unsure reading {reading.at:%Y-%m-%d %H:%M}; type it plainly, e.g. 9am.")
    return reading.at


def assert_friendly(error: ParseError) -> None:
    message = str(error)
    assert message == error.message
    assert "e.g." in message
    assert len(message) <= 160


# --- parse_when ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "today" without a time: the current hour or 10:00, whichever is earlier.
        ("today", berlin(2026, 11, 25, 10)),
        ("Today", berlin(2026, 11, 25, 10)),
        ("yesterday", berlin(2026, 11, 24, 10)),
        ("today 2pm", berlin(2026, 11, 25, 14)),
        ("2pm today", berlin(2026, 11, 25, 14)),
        ("yesterday 14:30", berlin(2026, 11, 24, 14, 30)),
        ("yesterday at 2:30 p.m.", berlin(2026, 11, 24, 14, 30)),
        ("yesterday morning", berlin(2026, 11, 24, 9)),
        ("yesterday afternoon", berlin(2026, 11, 24, 14)),
        ("yesterday evening", berlin(2026, 11, 24, 18)),
        ("yesterday noon", berlin(2026, 11, 24, 12)),
        ("yesterday at midday", berlin(2026, 11, 24, 12)),
        ("this morning", berlin(2026, 11, 25, 9)),
        ("this afternoon", berlin(2026, 11, 25, 14)),
        ("last night", berlin(2026, 11, 24, 18)),
        ("the day before yesterday", berlin(2026, 11, 23, 10)),
        ("tuesday 3pm", berlin(2026, 11, 24, 15)),
        ("tue 15:00", berlin(2026, 11, 24, 15)),
        ("Tues. at 9am", berlin(2026, 11, 24, 9)),
        ("on Monday at 10:30 a.m.", berlin(2026, 11, 23, 10, 30)),
        # Today's weekday counts if that time has passed, else it is last week's.
        ("wednesday 3pm", berlin(2026, 11, 25, 15)),
        ("wednesday 4pm", berlin(2026, 11, 18, 16)),
        ("wednesday", berlin(2026, 11, 25, 10)),
        ("thursday", berlin(2026, 11, 19, 10)),
        ("last friday", berlin(2026, 11, 20, 10)),
        ("last wednesday", berlin(2026, 11, 18, 10)),
        ("2026-11-20 14:00", berlin(2026, 11, 20, 14)),
        ("2026-11-20T14:00", berlin(2026, 11, 20, 14)),
        ("2026-11-20", berlin(2026, 11, 20, 10)),
        ("20 Nov 14:00", berlin(2026, 11, 20, 14)),
        ("20 November 2026 14:00", berlin(2026, 11, 20, 14)),
        ("Nov 20 2pm", berlin(2026, 11, 20, 14)),
        ("November 20th, 2026 at 2 p.m.", berlin(2026, 11, 20, 14)),
        ("the 20th of November", berlin(2026, 11, 20, 10)),
        ("Fri 20 Nov 9:15", berlin(2026, 11, 20, 9, 15)),
        ("20/11", berlin(2026, 11, 20, 10)),
        ("20/11/26 16:00", berlin(2026, 11, 20, 16)),
        ("11/20", berlin(2026, 11, 20, 10)),
        ("20.11.2026 9:30", berlin(2026, 11, 20, 9, 30)),
        ("20.11. 9.30am", berlin(2026, 11, 20, 9, 30)),
        ("14h30 yesterday", berlin(2026, 11, 24, 14, 30)),
        ("3 days ago", berlin(2026, 11, 22, 10)),
        ("three days ago at 4pm", berlin(2026, 11, 22, 16)),
        ("a week ago", berlin(2026, 11, 18, 10)),
        ("2 hours ago", berlin(2026, 11, 25, 13, 37)),
        ("an hour ago", berlin(2026, 11, 25, 14, 37)),
        ("30 minutes ago", berlin(2026, 11, 25, 15, 7)),
        ("just now", berlin(2026, 11, 25, 15, 37)),
        # A bare time is the latest such time already past.
        ("2pm", berlin(2026, 11, 25, 14)),
        ("5pm", berlin(2026, 11, 24, 17)),
        # Dates without a year are the most recent such date.
        ("Dec 1", berlin(2025, 12, 1, 10)),
        ("25 Nov", berlin(2026, 11, 25, 10)),
        ("  yesterday    14:30  ", berlin(2026, 11, 24, 14, 30)),
    ],
)
def test_parse_when_reads_past_interview_times(text: str, expected: datetime) -> None:
    result = parse_when(text, now=NOW, tz=BERLIN)
    assert result == expected
    assert result.tzinfo is UTC


def test_parse_when_today_early_in_the_morning_is_the_current_hour() -> None:
    now = berlin(2026, 11, 25, 8, 20)
    assert parse_when("today", now=now, tz=BERLIN) == berlin(2026, 11, 25, 8)


def test_parse_when_still_reads_future_phrases_and_leaves_refusing_them_to_the_caller() -> None:
    assert parse_when("tomorrow 10am", now=NOW, tz=BERLIN) == berlin(2026, 11, 26, 10)
    assert parse_when("next friday", now=NOW, tz=BERLIN) == berlin(2026, 11, 27, 10)


def test_parse_when_accepts_a_zoneinfo() -> None:
    assert parse_when("yesterday 9am", now=NOW, tz=ZoneInfo(BERLIN)) == berlin(2026, 11, 24, 9)


def test_parse_when_reads_the_day_in_the_users_zone() -> None:
    # 23:30 UTC on the 25th is already the 26th in Kolkata: "yesterday" is the 25th there.
    now = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    result = parse_when("yesterday 14:00", now=now, tz="Asia/Kolkata")
    assert result == datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Monday 9 March 2026, the day after New York sprang forward.
        ("yesterday 14:00", datetime(2026, 3, 8, 18, tzinfo=UTC)),  # EDT
        ("2 days ago 14:00", datetime(2026, 3, 7, 19, tzinfo=UTC)),  # EST
        ("saturday 9am", datetime(2026, 3, 7, 14, tzinfo=UTC)),
        # 02:30 never happened that night; the clocks jumped to 03:00.
        ("yesterday 2:30am", datetime(2026, 3, 8, 7, tzinfo=UTC)),
        ("2 hours ago", datetime(2026, 3, 9, 14, tzinfo=UTC)),
    ],
)
def test_parse_when_across_the_us_spring_forward(text: str, expected: datetime) -> None:
    now = datetime(2026, 3, 9, 12, tzinfo=ZoneInfo("America/New_York"))
    assert parse_when(text, now=now, tz="America/New_York") == expected


def test_parse_when_in_the_repeated_eu_hour_takes_the_first_occurrence() -> None:
    now = datetime(2026, 10, 26, 12, tzinfo=UTC)
    result = parse_when("2026-10-25 02:30", now=now, tz=BERLIN)
    assert result == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_parse_when_in_a_half_hour_zone() -> None:
    now = datetime(2026, 4, 6, 3, tzinfo=UTC)  # Monday 12:30 in Adelaide (ACST)
    result = parse_when("yesterday 9am", now=now, tz="Australia/Adelaide")
    # Sunday 5 April, the morning after ACDT (+10:30) ended.
    assert result == datetime(2026, 4, 4, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("banana", "couldn't read that date"),
        ("next blursday", "couldn't read that date"),
        ("", "Please type a date"),
        ("   ", "Please type a date"),
        ("31 feb", "no such date"),
        ("2026-02-30", "no such date"),
        ("25:00", "not a time of day"),
        ("yesterday 13pm", "not a time of day"),
        ("yesterday 14:75", "not a time of day"),
        ("2pm 3pm", "more than one time"),
        ("tue 25 nov 2026", "is a Wednesday, not a Tuesday"),
    ],
)
def test_parse_when_explains_what_it_could_not_read(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_when(text, now=NOW, tz=BERLIN)
    assert_friendly(caught.value)


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"Try e\.g\."):
        parse_when("soonish", now=NOW, tz=BERLIN)


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    tz=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Adelaide", "UTC"]),
)
def test_parse_when_iso_round_trips(day: date, hour: int, minute: int, tz: str) -> None:
    text = f"{day.isoformat()} {hour:02d}:{minute:02d}"
    assert parse_when(text, now=NOW, tz=tz) == local_at(day, hour, tz, minute=minute)


@given(text=st.text(max_size=40))
def test_parse_when_only_ever_raises_parse_error(text: str) -> None:
    try:
        result = parse_when(text, now=NOW, tz=BERLIN)
    except ParseError:
        return
    assert result.tzinfo is UTC


# --- parse_when_future ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 10am", berlin(2026, 11, 26, 10)),
        ("tomorrow", berlin(2026, 11, 26, 10)),
        ("the day after tomorrow 9:00", berlin(2026, 11, 27, 9)),
        ("friday 3pm", berlin(2026, 11, 27, 15)),
        ("fri", berlin(2026, 11, 27, 10)),
        # Today's weekday counts only while that time is still ahead.
        ("wednesday 4pm", berlin(2026, 11, 25, 16)),
        ("wednesday 3pm", berlin(2026, 12, 2, 15)),
        ("tuesday 3pm", berlin(2026, 12, 1, 15)),
        ("next tuesday 9:00", berlin(2026, 12, 1, 9)),
        ("next wednesday", berlin(2026, 12, 2, 10)),
        ("this friday at noon", berlin(2026, 11, 27, 12)),
        ("2026-12-03 14:00", berlin(2026, 12, 3, 14)),
        ("in 3 days", berlin(2026, 11, 28, 10)),
        ("in a week at 11:00", berlin(2026, 12, 2, 11)),
        ("in 2 hours", berlin(2026, 11, 25, 17, 37)),
        ("Dec 3 2pm", berlin(2026, 12, 3, 14)),
        ("3 December", berlin(2026, 12, 3, 10)),
        # Dates without a year are the next such date.
        ("Nov 20", berlin(2027, 11, 20, 10)),
        ("25 Nov 18:00", berlin(2026, 11, 25, 18)),
        ("5/1 10am", berlin(2027, 1, 5, 10)),
        # A bare time is the next such time.
        ("4pm", berlin(2026, 11, 25, 16)),
        ("9am", berlin(2026, 11, 26, 9)),
    ],
)
def test_parse_when_future_reads_upcoming_interview_times(text: str, expected: datetime) -> None:
    assert parse_when_future(text, now=NOW, tz=BERLIN) == expected


def test_parse_when_future_over_the_us_fall_back() -> None:
    now = datetime(2026, 10, 30, 12, tzinfo=ZoneInfo("America/New_York"))  # Friday, EDT
    result = parse_when_future("monday 9am", now=now, tz="America/New_York")
    assert result == datetime(2026, 11, 2, 14, tzinfo=UTC)  # EST


def test_parse_when_future_feb_29_without_a_year_is_the_next_leap_day() -> None:
    assert parse_when_future("29 Feb", now=NOW, tz=BERLIN) == berlin(2028, 2, 29, 10)


def test_parse_when_future_error_gives_future_examples() -> None:
    with pytest.raises(ParseError, match="tomorrow 10am") as caught:
        parse_when_future("whenever", now=NOW, tz=BERLIN)
    assert_friendly(caught.value)


# --- parse_timeline ------------------------------------------------------------------

# Wednesday 25 November 2026.
HELD_ON = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 week", date(2026, 12, 2)),
        ("a week", date(2026, 12, 2)),
        ("within a week", date(2026, 12, 2)),
        ("2 weeks", date(2026, 12, 9)),
        ("two weeks", date(2026, 12, 9)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("in the next 2 weeks", date(2026, 12, 9)),
        ("2 weeks or so", date(2026, 12, 9)),
        ("about 2 weeks max", date(2026, 12, 9)),
        ("a couple of weeks", date(2026, 12, 9)),
        ("a fortnight", date(2026, 12, 9)),
        ("a month", date(2026, 12, 25)),
        ("1 month", date(2026, 12, 25)),
        ("10 days", date(2026, 12, 5)),
        ("few days", date(2026, 11, 28)),
        ("a few days", date(2026, 11, 28)),
        ("within 48 hours", date(2026, 11, 27)),
        ("36h", date(2026, 11, 27)),
        ("3-4 weeks", date(2026, 12, 23)),
        ("3\N{EN DASH}4 weeks", date(2026, 12, 23)),
        ("3 to 4 weeks", date(2026, 12, 23)),
        ("2 or 3 days", date(2026, 11, 28)),
        ("a week or two", date(2026, 12, 9)),
        ("within a day or two", date(2026, 11, 27)),
        # Business days skip the weekend: Thu, Fri, Mon, Tue, Wed.
        ("5 business days", date(2026, 12, 2)),
        ("by Dec 15", date(2026, 12, 15)),
        ("by 15 December", date(2026, 12, 15)),
        ("December 15", date(2026, 12, 15)),
        ("Dec 15th", date(2026, 12, 15)),
        ("before the 15th of December", date(2026, 12, 15)),
        ("2026-12-15", date(2026, 12, 15)),
        ("15/12", date(2026, 12, 15)),
        ("15.12.2026", date(2026, 12, 15)),
        # Without a year: the next such date on or after the interview.
        ("by Jan 8", date(2027, 1, 8)),
        ("Nov 25", date(2026, 11, 25)),
        ("today", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 26)),
        ("end of the week", date(2026, 11, 27)),
        ("by the end of this week", date(2026, 11, 27)),
        ("this week", date(2026, 11, 27)),
        ("end of next week", date(2026, 12, 4)),
        ("next week", date(2026, 12, 4)),
        ("end of the month", date(2026, 11, 30)),
        ("by the end of the month", date(2026, 11, 30)),
        ("end of next month", date(2026, 12, 31)),
        ("next month", date(2026, 12, 31)),
        ("early next month", date(2026, 12, 10)),
        ("early January", date(2027, 1, 10)),
        ("beginning of January", date(2027, 1, 10)),
        ("mid January", date(2027, 1, 15)),
        ("mid-January", date(2027, 1, 15)),
        ("late January", date(2027, 1, 25)),
        ("end of January", date(2027, 1, 31)),
        ("January", date(2027, 1, 31)),
        ("late December", date(2026, 12, 25)),
        # Late this month, but the interview was already past the 25th: not before it.
        ("late November", date(2026, 11, 25)),
        ("by Friday", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("by Wednesday", date(2026, 12, 2)),
        ("by next Friday", date(2026, 12, 4)),
        ("next monday", date(2026, 11, 30)),
    ],
)
def test_parse_timeline_reads_typed_timelines(text: str, expected: date) -> None:
    assert parse_timeline(text, held_on=HELD_ON, today=HELD_ON) == expected


@pytest.mark.parametrize(
    ("held_on", "text", "expected"),
    [
        # Held on a Friday: "end of the week" is that day, "next week" a week on.
        (date(2026, 11, 27), "end of the week", date(2026, 11, 27)),
        (date(2026, 11, 27), "end of next week", date(2026, 12, 4)),
        (date(2026, 11, 27), "by Friday", date(2026, 12, 4)),
        # Held on a Sunday: "this week" can only mean the coming one.
        (date(2026, 11, 29), "end of the week", date(2026, 12, 4)),
        (date(2026, 11, 29), "next week", date(2026, 12, 4)),
        # A month from 31 January ends on the last day of February.
        (date(2026, 1, 31), "a month", date(2026, 2, 28)),
        (date(2026, 12, 20), "end of next month", date(2027, 1, 31)),
        (date(2026, 12, 20), "by 5 Jan", date(2027, 1, 5)),
    ],
)
def test_parse_timeline_counts_from_the_interview_day(
    held_on: date, text: str, expected: date
) -> None:
    assert parse_timeline(text, held_on=held_on, today=HELD_ON) == expected


def test_parse_timeline_counts_from_the_interview_not_from_today() -> None:
    held_on = date(2026, 11, 10)
    assert parse_timeline("2 weeks", held_on=held_on, today=HELD_ON) == date(2026, 11, 24)


@pytest.mark.parametrize(
    "text",
    [
        "They didn't say",
        "they didn\N{RIGHT SINGLE QUOTATION MARK}t say",
        "I didn't ask",
        "don't know",
        "Not sure",
        "no idea",
        "idk",
        "unknown",
        "n/a",
    ],
)
def test_parse_timeline_returns_none_when_the_user_does_not_know(text: str) -> None:
    assert parse_timeline(text, held_on=HELD_ON, today=HELD_ON) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("banana", "couldn't read that timeline"),
        ("soon", "couldn't read that timeline"),
        ("", "Please type the timeline"),
        ("31 feb", "no such date"),
        ("2025-12-01", "before the interview"),
        ("2036-12-01", "more than a year away"),
        ("18 months", "more than a year away"),
    ],
)
def test_parse_timeline_explains_what_it_could_not_read(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_timeline(text, held_on=HELD_ON, today=HELD_ON)
    assert_friendly(caught.value)


@given(text=st.text(max_size=40))
def test_parse_timeline_only_ever_raises_parse_error(text: str) -> None:
    try:
        result = parse_timeline(text, held_on=HELD_ON, today=HELD_ON)
    except ParseError:
        return
    assert result is None or result >= HELD_ON


# No deadline: the first example loads dateparser (timed by hand, not by a test).
@settings(deadline=None)
@given(text=st.text(max_size=40), language=st.sampled_from(["de", "es"]))
def test_the_fallback_never_raises(text: str, language: str) -> None:
    guessed = guess_when(text, now=NOW, tz=BERLIN, languages=("en", language))
    assert guessed is None or guessed.tzinfo is not None
    end = guess_timeline(text, held_on=NOW.date(), today=NOW.date(), languages=("en", language))
    assert end is None or end >= NOW.date() or end == NO_TIMELINE


def test_the_bot_starts_without_loading_dateparser() -> None:
    code = "import sys, bot.app; print('dateparser' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- how people write dates in a chat ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yday 2pm", berlin(2026, 11, 24, 14)),
        ("yest at 3pm", berlin(2026, 11, 24, 15)),
        ("ystd", berlin(2026, 11, 24, 10)),
        ("Yday afternoon", berlin(2026, 11, 24, 14)),
        ("2day 10am", berlin(2026, 11, 25, 10)),
        ("tdy at 9", berlin(2026, 11, 25, 9)),
        ("tues 3pm", berlin(2026, 11, 24, 15)),
        ("Tues. 11am", berlin(2026, 11, 24, 11)),
        ("thurs 9:30", berlin(2026, 11, 19, 9, 30)),
        ("weds 10am", berlin(2026, 11, 25, 10)),
        ("had it yday at 2pm", berlin(2026, 11, 24, 14)),
    ],
)
def test_chat_abbreviations_of_past_days_are_read(text: str, expected: datetime) -> None:
    assert parse_when(text, now=NOW, tz=BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tmrw 3pm", berlin(2026, 11, 26, 15)),
        ("tmr 10am", berlin(2026, 11, 26, 10)),
        ("2moro at 9", berlin(2026, 11, 26, 9)),
        ("tomorow 11:00", berlin(2026, 11, 26, 11)),
        ("tmrw morning", berlin(2026, 11, 26, 9)),
        ("2nite 7pm", berlin(2026, 11, 25, 19)),
        ("nxt weds 2pm", berlin(2026, 12, 2, 14)),
        ("thurs 9:30", berlin(2026, 11, 26, 9, 30)),
    ],
)
def test_chat_abbreviations_of_coming_days_are_read(text: str, expected: datetime) -> None:
    assert parse_when_future(text, now=NOW, tz=BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tmrw", date(2026, 11, 26)),
        ("by eod tmrw", date(2026, 11, 26)),
        ("2-3 wks", date(2026, 12, 16)),
        ("end of nxt wk", date(2026, 12, 4)),
        ("by thurs", date(2026, 11, 26)),
    ],
)
def test_chat_abbreviations_in_a_timeline_are_read(text: str, expected: date) -> None:
    assert parse_timeline(text, held_on=HELD_ON, today=HELD_ON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the first week of January", date(2027, 1, 7)),
        ("2nd week of jan", date(2027, 1, 14)),
        ("by the last week of February", date(2027, 2, 28)),
        ("first half of March", date(2027, 3, 15)),
        ("a couple of weeks into January", date(2027, 1, 15)),
        ("by the end of the month of January", date(2027, 1, 31)),
    ],
)
def test_a_part_of_a_named_month_is_read_in_that_month(text: str, expected: date) -> None:
    assert parse_timeline(text, held_on=HELD_ON, today=HELD_ON) == expected


MONTH_TIMELINES = (
    "they'll decide by the {nth} week of {month}",
    "the {nth} week of {month}",
    "{nth} week in {month}",
    "end of the {nth} week of {month}",
    "by mid-{month}",
    "towards the end of {month}",
    "sometime in {month}",
    "early in {month}",
    "end of {short}",
    "by the end of the month of {month}",
    "a couple of weeks into {month}",
    "the {nth} half of {month}",
    "week of {month} 12",
    "the 12th of {month}",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan said 2 weeks", date(2026, 12, 9)),
        ("April from HR said end of next week", date(2026, 12, 4)),
        ("they may decide by end of next week", date(2026, 12, 4)),
    ],
)
def test_a_name_like_a_month_leaves_the_timeline_as_read(text: str, expected: date) -> None:
    assert read_timeline(text, held_on=HELD_ON, today=HELD_ON).end == expected


@pytest.mark.parametrize("template", MONTH_TIMELINES)
def test_a_timeline_naming_a_month_is_never_read_as_a_date_in_another_month(
    template: str,
) -> None:
    months = ("january", "february", "march", "april", "june", "july", "august")
    months += ("september", "october", "november", "december")
    offered = []
    for held_on in (date(2026, 1, 1) + timedelta(days=day) for day in range(0, 365, 9)):
        for month in months:
            for nth in ("first", "2nd", "third", "last"):
                text = template.format(month=month, short=month[:3], nth=nth)
                try:
                    end = read_timeline(text, held_on=held_on, today=held_on).end
                except ParseError:
                    continue
                if end is not None and end.strftime("%B").casefold() != month:
                    offered.append((held_on, text, end))
                if "{nth}" not in template:
                    break
    assert offered == []


@pytest.mark.parametrize(
    ("language", "templates"),
    [
        ("en", ("first week of {en}", "by the 2nd week in {en}", "mid-{en}", "week 2 of {en}")),
        ("de", ("erste woche im {de}", "bis mitte {de}", "ende {de}", "in der zweiten {de}woche")),
        ("es", ("primera semana de {es}", "a mediados de {es}", "finales de {es}")),
    ],
)
def test_the_fallback_never_guesses_a_named_month_as_another(
    language: str, templates: tuple[str, ...]
) -> None:
    months = {
        "en": ("january", "march", "june", "october"),
        "de": ("januar", "märz", "juni", "oktober"),
        "es": ("enero", "marzo", "junio", "octubre"),
    }
    wanted = (1, 3, 6, 10)
    for held_on in (date(2026, 2, 20), date(2026, 9, 28), date(2026, 12, 10)):
        for template in templates:
            for index, number in enumerate(wanted):
                text = template.format(**{language: months[language][index]})
                end = guess_timeline(
                    text, held_on=held_on, today=held_on, languages=("en", language)
                )
                assert end in {None, NO_TIMELINE} or end.month == number, (held_on, text, end)
