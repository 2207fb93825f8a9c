"""Reading a reminder time ("7:30pm", "19:30", "half past 8") and timing to the minute."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.time import timing
from bot.domain.time.hours import ClockTime, parse_clock
from bot.domain.time.timeparse import ParseError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9", ClockTime(9)),
        ("9am", ClockTime(9)),
        ("9 AM", ClockTime(9)),
        ("7:30pm", ClockTime(19, 30)),
        ("7:30 p.m.", ClockTime(19, 30)),
        ("19:30", ClockTime(19, 30)),
        ("19.30", ClockTime(19, 30)),
        ("19h30", ClockTime(19, 30)),
        ("18:00", ClockTime(18)),
        ("half past 8", ClockTime(8, 30)),
        ("half past 8pm", ClockTime(20, 30)),
        ("quarter to 9", ClockTime(8, 45)),
        ("quarter past seven", ClockTime(7, 15)),
        ("twenty past six", ClockTime(6, 20)),
        ("8 o'clock", ClockTime(8)),
        ("at 9", ClockTime(9)),
        ("around 10:15", ClockTime(10, 15)),
        ("um 9 Uhr", ClockTime(9)),
        ("noon", ClockTime(12)),
        ("midnight", ClockTime(0)),
        ("12am", ClockTime(0)),
        ("12pm", ClockTime(12)),
        ("0", ClockTime(0)),
    ],
)
def test_times_people_type(typed: str, expected: ClockTime) -> None:
    assert parse_clock(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("25", "0 to 23"),
        ("13pm", "1 to 12"),
        ("9:75", "00 to 59"),
        ("²", "such as"),
        ("٩", "such as"),
        ("soon", "such as"),
        ("x" * 300, "such as"),
        ("", "such as"),
    ],
)
def test_odd_times_say_the_form_expected(typed: str, says: str) -> None:
    with pytest.raises(ParseError, match=says):
        parse_clock(typed)


def test_the_chase_and_the_checklist_come_at_the_minute() -> None:
    sent = dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC)  # Wed 07:00 in Berlin
    chase = timing.chase_due(sent_at=sent, tz="Europe/Berlin", nudge_hour=8, nudge_minute=30)
    assert chase == dt.datetime(2026, 11, 26, 7, 30, tzinfo=dt.UTC)  # Thu 08:30 Berlin
    starts = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
    checklist = timing.checklist_due(
        starts_at=starts, tz="Europe/Berlin", nudge_hour=9, nudge_minute=15, now=sent
    )
    assert checklist == dt.datetime(2026, 11, 27, 8, 15, tzinfo=dt.UTC)


def test_a_snooze_comes_back_at_the_minute_but_a_call_at_the_call_hour() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    note = timing.snooze_due(
        now=now,
        tz="Europe/Berlin",
        nudge_hour=9,
        nudge_minute=45,
        option=timing.Snooze.THREE_DAYS,
    )
    assert note == dt.datetime(2026, 11, 28, 8, 45, tzinfo=dt.UTC)
    morning = timing.snooze_due(
        now=now,
        tz="Europe/Berlin",
        nudge_hour=19,
        nudge_minute=30,
        option=timing.Snooze.TOMORROW_MORNING,
    )
    assert morning.astimezone(dt.timezone(dt.timedelta(hours=1))).minute == 0


# The hours the old on-the-hour parser read (removed as dead code: the bot reads a clock
# time everywhere) are read the same by parse_clock, on the hour.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", 9),
        ("09", 9),
        ("9am", 9),
        ("9 AM", 9),
        ("9 a.m.", 9),
        ("09:00", 9),
        ("9.00", 9),
        ("6pm", 18),
        ("6:00 pm", 18),
        ("18", 18),
        ("18h", 18),
        ("0", 0),
        ("12am", 0),
        ("12pm", 12),
        ("noon", 12),
        (" 23 ", 23),
    ],
)
def test_parse_clock_reads_an_hour_of_the_day(text: str, expected: int) -> None:
    assert parse_clock(text) == ClockTime(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("24", "0 to 23"),
        ("13pm", "1 to 12"),
        ("0am", "1 to 12"),
        ("", "send a time"),
        ("-1", "send a time"),
    ],
)
def test_parse_clock_explains_an_hour_it_could_not_read(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_clock(text)
    assert "e.g." in str(caught.value) or "such as" in str(caught.value)
