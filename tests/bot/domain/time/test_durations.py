"""Reading how long an interview takes, as typed: minutes, hours, or both."""

from __future__ import annotations

import pytest

from bot.domain.time.durations import parse_minutes


def test_minutes_hours_and_both_are_read() -> None:
    assert [parse_minutes(text) for text in ("45", "45 min", "1h", "1.5 hours", "1h30", "x")] == [
        45,
        45,
        60,
        90,
        90,
        None,
    ]


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        (" 90 Minutes ", 90),
        ("1 minute", 1),
        ("2 hrs", 120),
        ("1,5h", 90),
        ("0.75 hours", 45),
        ("1 hr 15", 75),
        ("1h 5min", 65),
        ("2 hours 30 mins", 150),
    ],
)
def test_the_ways_a_length_is_typed(typed: str, minutes: int) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["", "an hour", "1.5", "1h300", "-5", "45 sec", "1:30", "h"])
def test_what_is_not_a_length_reads_as_none(typed: str) -> None:
    assert parse_minutes(typed) is None
