"""Tests for the follow-up timing rules: business days, nudge hours, zones and DST."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.time.timing import (
    LATE_THANK_YOU_AFTER,
    Snooze,
    call_after_notes,
    call_due,
    chase_due,
    is_late_thank_you,
    local_at,
    next_business_morning,
    no_answer_retry_due,
    snooze_choices,
    snooze_due,
    thank_you_due,
    timeline_end,
)

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
)

# A plain week in November 2026: Monday the 23rd to Sunday the 29th.
MONDAY = date(2026, 11, 23)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz))


def wall_time_exists(day: date, hour: int, tz: str) -> bool:
    wall = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(tz))
    return wall.astimezone(UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None) == wall.replace(
        tzinfo=None
    )


# --- local_at ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "hour", "tz", "expected"),
    [
        (date(2026, 1, 15), 9, "Europe/Berlin", utc(2026, 1, 15, 8)),
        (date(2026, 7, 15), 9, "Europe/Berlin", utc(2026, 7, 15, 7)),
        (date(2026, 1, 15), 9, "America/New_York", utc(2026, 1, 15, 14)),
        (date(2026, 7, 15), 9, "America/New_York", utc(2026, 7, 15, 13)),
        (date(2026, 1, 15), 9, "Asia/Kolkata", utc(2026, 1, 15, 3, 30)),
        (date(2026, 1, 15), 9, "Asia/Kathmandu", utc(2026, 1, 15, 3, 15)),
        (date(2026, 1, 15), 9, "Australia/Adelaide", utc(2026, 1, 14, 22, 30)),
        (date(2026, 7, 15), 9, "Australia/Adelaide", utc(2026, 7, 14, 23, 30)),
        (date(2026, 1, 15), 0, "UTC", utc(2026, 1, 15, 0)),
    ],
)
def test_local_at_converts_local_wall_time_to_utc(
    day: date, hour: int, tz: str, expected: datetime
) -> None:
    result = local_at(day, hour, tz)
    assert result == expected
    assert result.tzinfo is UTC


def test_local_at_accepts_a_zoneinfo_and_minutes() -> None:
    assert local_at(date(2026, 1, 15), 14, ZoneInfo("Asia/Kolkata"), minute=45) == utc(
        2026, 1, 15, 9, 15
    )


@pytest.mark.parametrize(
    ("day", "hour", "tz", "expected"),
    [
        # 02:00 does not exist: clocks jump to 03:00, which is the instant returned.
        (date(2026, 3, 8), 2, "America/New_York", utc(2026, 3, 8, 7)),
        (date(2026, 3, 29), 2, "Europe/Berlin", utc(2026, 3, 29, 1)),
        (date(2026, 10, 4), 2, "Australia/Adelaide", utc(2026, 10, 3, 16, 30)),
        # Lord Howe springs forward by only 30 minutes, 02:00 -> 02:30.
        (date(2026, 10, 4), 2, "Australia/Lord_Howe", utc(2026, 10, 3, 15, 30)),
    ],
)
def test_local_at_resolves_a_spring_forward_gap_to_the_end_of_the_gap(
    day: date, hour: int, tz: str, expected: datetime
) -> None:
    assert local_at(day, hour, tz) == expected


def test_local_at_resolves_a_time_inside_a_half_hour_gap_to_the_end_of_the_gap() -> None:
    assert local_at(date(2026, 10, 4), 2, "Australia/Lord_Howe", minute=15) == utc(
        2026, 10, 3, 15, 30
    )


@pytest.mark.parametrize(
    ("day", "hour", "tz", "expected"),
    [
        # 01:00 happens twice; the first time is still daylight time.
        (date(2026, 11, 1), 1, "America/New_York", utc(2026, 11, 1, 5)),
        (date(2026, 10, 25), 2, "Europe/Berlin", utc(2026, 10, 25, 0)),
        (date(2026, 4, 5), 2, "Australia/Adelaide", utc(2026, 4, 4, 15, 30)),
    ],
)
def test_local_at_resolves_a_repeated_fall_back_hour_to_its_first_occurrence(
    day: date, hour: int, tz: str, expected: datetime
) -> None:
    assert local_at(day, hour, tz) == expected


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    hour=st.integers(0, 23),
    tz=st.sampled_from(ZONES),
)
def test_local_at_lands_on_the_requested_hour_unless_it_does_not_exist(
    day: date, hour: int, tz: str
) -> None:
    result = local_at(day, hour, tz).astimezone(ZoneInfo(tz))
    if wall_time_exists(day, hour, tz):
        assert (result.date(), result.hour, result.minute) == (day, hour, 0)
    else:
        assert result.date() == day
        assert result.hour > hour


# --- thank-you ---------------------------------------------------------------------


def test_thank_you_is_due_right_away() -> None:
    now = local("Europe/Berlin", 2026, 11, 25, 15, 30)
    due = thank_you_due(now=now)
    assert due == now
    assert due.tzinfo is UTC


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        thank_you_due(now=datetime(2026, 11, 25, 15, 30))


@pytest.mark.parametrize(
    ("elapsed", "late"),
    [
        (timedelta(hours=1), False),
        (timedelta(hours=47, minutes=59), False),
        (LATE_THANK_YOU_AFTER, False),
        (LATE_THANK_YOU_AFTER + timedelta(seconds=1), True),
        (timedelta(days=5), True),
    ],
)
def test_a_thank_you_is_late_only_after_48_hours(elapsed: timedelta, late: bool) -> None:
    held_at = utc(2026, 11, 20, 14)
    assert is_late_thank_you(held_at=held_at, now=held_at + elapsed) is late


def test_late_thank_you_compares_instants_across_zones() -> None:
    held_at = local("Asia/Kolkata", 2026, 11, 20, 14)
    assert not is_late_thank_you(held_at=held_at, now=local("America/New_York", 2026, 11, 22, 3))
    assert is_late_thank_you(held_at=held_at, now=local("America/New_York", 2026, 11, 22, 4))


# --- chase ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent_at", "expected"),
    [
        # 04:00 + 4h = 08:00, before 09:00: the same morning.
        (local("Europe/Berlin", 2026, 11, 25, 4), local("Europe/Berlin", 2026, 11, 25, 9)),
        # Exactly 4 hours before the nudge hour still counts.
        (local("Europe/Berlin", 2026, 11, 25, 5), local("Europe/Berlin", 2026, 11, 25, 9)),
        (local("Europe/Berlin", 2026, 11, 25, 5, 1), local("Europe/Berlin", 2026, 11, 26, 9)),
        (local("Europe/Berlin", 2026, 11, 25, 15), local("Europe/Berlin", 2026, 11, 26, 9)),
        # Weekends count: the chase is about the user's own note.
        (local("Europe/Berlin", 2026, 11, 27, 16), local("Europe/Berlin", 2026, 11, 28, 9)),
    ],
)
def test_chase_is_the_first_nudge_hour_at_least_four_hours_later(
    sent_at: datetime, expected: datetime
) -> None:
    assert chase_due(sent_at=sent_at, tz="Europe/Berlin", nudge_hour=9) == expected


def test_chase_over_the_us_spring_forward_night_keeps_the_local_hour() -> None:
    sent_at = local("America/New_York", 2026, 3, 7, 18)
    assert chase_due(sent_at=sent_at, tz="America/New_York", nudge_hour=9) == utc(2026, 3, 8, 13)


def test_chase_at_a_nudge_hour_inside_the_eu_gap_comes_when_the_clocks_jump() -> None:
    sent_at = local("Europe/Berlin", 2026, 3, 28, 20)
    assert chase_due(sent_at=sent_at, tz="Europe/Berlin", nudge_hour=2) == utc(2026, 3, 29, 1)


@given(
    sent_at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
    tz=st.sampled_from(ZONES),
    nudge_hour=st.integers(0, 23),
)
def test_chase_property_at_least_four_hours_later_and_the_first_such_nudge(
    sent_at: datetime, tz: str, nudge_hour: int
) -> None:
    sent = sent_at.replace(tzinfo=UTC)
    due = chase_due(sent_at=sent, tz=tz, nudge_hour=nudge_hour)
    earliest = sent + timedelta(hours=4)
    assert due >= earliest
    day = due.astimezone(ZoneInfo(tz)).date()
    assert local_at(day, nudge_hour, tz) == due
    assert local_at(day - timedelta(days=1), nudge_hour, tz) < earliest


# --- timeline end and the call nudge -------------------------------------------------


def test_timeline_end_is_the_given_date() -> None:
    end = timeline_end(
        held_at=utc(2026, 11, 20, 14),
        tz="Europe/Berlin",
        timeline_date=date(2026, 12, 15),
        default_wait_days=14,
    )
    assert end == date(2026, 12, 15)


def test_timeline_end_defaults_to_the_wait_counted_from_the_local_interview_day() -> None:
    # 20:00 UTC on the 20th is already the 21st in Kolkata.
    end = timeline_end(
        held_at=utc(2026, 11, 20, 20),
        tz="Asia/Kolkata",
        timeline_date=None,
        default_wait_days=14,
    )
    assert end == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("end", "expected_day"),
    [
        (MONDAY, date(2026, 11, 24)),
        (MONDAY + timedelta(days=1), date(2026, 11, 25)),
        (MONDAY + timedelta(days=2), date(2026, 11, 26)),
        (MONDAY + timedelta(days=3), date(2026, 11, 27)),
        (MONDAY + timedelta(days=4), date(2026, 11, 30)),  # Friday -> Monday
        (MONDAY + timedelta(days=5), date(2026, 11, 30)),  # Saturday -> Monday
        (MONDAY + timedelta(days=6), date(2026, 11, 30)),  # Sunday -> Monday
    ],
    ids=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
)
def test_call_is_due_the_first_business_day_after_the_timeline_ends(
    end: date, expected_day: date
) -> None:
    due = call_due(timeline_end=end, tz="Europe/Berlin", nudge_hour=9)
    assert due == local_at(expected_day, 9, "Europe/Berlin")


def test_call_without_the_weekday_rule_is_the_very_next_day() -> None:
    due = call_due(timeline_end=date(2026, 11, 27), tz="UTC", nudge_hour=9, weekday_only=False)
    assert due == utc(2026, 11, 28, 9)


@pytest.mark.parametrize(
    ("end", "tz", "expected"),
    [
        # US: clocks spring forward on Sunday 8 March; Monday 09:00 is EDT (UTC-4).
        (date(2026, 3, 6), "America/New_York", utc(2026, 3, 9, 13)),
        # The Friday before, still EST (UTC-5).
        (date(2026, 3, 5), "America/New_York", utc(2026, 3, 6, 14)),
        # US: back to EST on Sunday 1 November.
        (date(2026, 10, 30), "America/New_York", utc(2026, 11, 2, 14)),
        # EU: CEST from Sunday 29 March, CET from Sunday 25 October.
        (date(2026, 3, 27), "Europe/Berlin", utc(2026, 3, 30, 7)),
        (date(2026, 10, 23), "Europe/Berlin", utc(2026, 10, 26, 8)),
        # Adelaide: ACDT (+10:30) ends 5 April, ACST (+9:30) ends 4 October.
        (date(2026, 4, 3), "Australia/Adelaide", utc(2026, 4, 5, 23, 30)),
        (date(2026, 10, 2), "Australia/Adelaide", utc(2026, 10, 4, 22, 30)),
        (date(2026, 11, 27), "Asia/Kolkata", utc(2026, 11, 30, 3, 30)),
    ],
)
def test_call_keeps_the_local_nudge_hour_across_dst_changes(
    end: date, tz: str, expected: datetime
) -> None:
    assert call_due(timeline_end=end, tz=tz, nudge_hour=9) == expected


@pytest.mark.parametrize(
    ("end", "tz", "expected"),
    [
        (date(2026, 3, 7), "America/New_York", utc(2026, 3, 8, 7)),
        (date(2026, 3, 28), "Europe/Berlin", utc(2026, 3, 29, 1)),
        (date(2026, 10, 24), "Europe/Berlin", utc(2026, 10, 25, 0)),
        (date(2026, 10, 3), "Australia/Adelaide", utc(2026, 10, 3, 16, 30)),
    ],
)
def test_call_at_nudge_hour_two_on_a_dst_sunday(end: date, tz: str, expected: datetime) -> None:
    assert call_due(timeline_end=end, tz=tz, nudge_hour=2, weekday_only=False) == expected


@given(
    end=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    tz=st.sampled_from(ZONES),
    nudge_hour=st.integers(0, 23),
)
def test_call_property_never_before_the_timeline_has_passed(
    end: date, tz: str, nudge_hour: int
) -> None:
    due = call_due(timeline_end=end, tz=tz, nudge_hour=nudge_hour)
    local_due = due.astimezone(ZoneInfo(tz))
    assert local_due.date() > end
    assert local_due.weekday() < 5
    assert (local_due.date() - end).days <= 3
    if wall_time_exists(local_due.date(), nudge_hour, tz):
        assert (local_due.hour, local_due.minute) == (nudge_hour, 0)
    # Strictly after the whole local day on which the timeline ends.
    assert due >= local_at(end + timedelta(days=1), 0, tz)


def test_call_rejects_an_impossible_hour() -> None:
    with pytest.raises(ValueError, match=r"0\.\.23"):
        call_due(timeline_end=MONDAY, tz="UTC", nudge_hour=24)


# --- no answer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected_day"),
    [
        (MONDAY, date(2026, 11, 26)),  # Mon -> Thu
        (MONDAY + timedelta(days=1), date(2026, 11, 27)),  # Tue -> Fri
        (MONDAY + timedelta(days=2), date(2026, 11, 30)),  # Wed -> Mon
        (MONDAY + timedelta(days=3), date(2026, 12, 1)),  # Thu -> Tue
        (MONDAY + timedelta(days=4), date(2026, 12, 2)),  # Fri -> Wed
        (MONDAY + timedelta(days=5), date(2026, 12, 2)),  # Sat -> Wed
        (MONDAY + timedelta(days=6), date(2026, 12, 2)),  # Sun -> Wed
    ],
    ids=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
)
def test_no_answer_retry_is_three_business_days_later(today: date, expected_day: date) -> None:
    now = local("America/Los_Angeles", today.year, today.month, today.day, 16)
    due = no_answer_retry_due(now=now, tz="America/Los_Angeles", nudge_hour=10)
    assert due == local_at(expected_day, 10, "America/Los_Angeles")


def test_no_answer_counts_days_in_the_users_zone_not_utc() -> None:
    # Thursday 23:30 in New York is already Friday in UTC.
    now = local("America/New_York", 2026, 11, 26, 23, 30)
    due = no_answer_retry_due(now=now, tz="America/New_York", nudge_hour=9)
    assert due == local("America/New_York", 2026, 12, 1, 9)


def test_no_answer_retry_across_the_us_fall_back() -> None:
    now = local("America/New_York", 2026, 10, 29, 12)  # Thursday, EDT
    due = no_answer_retry_due(now=now, tz="America/New_York", nudge_hour=9)
    assert due == utc(2026, 11, 3, 14)  # Tuesday 09:00 EST


# --- snooze --------------------------------------------------------------------------


def test_snooze_values_are_short_for_callback_data() -> None:
    # Stored in buttons already sent: the old values stay, new ones are appended.
    assert {"1d", "3d", "mon"} <= {option.value for option in Snooze}
    assert all(len(option.value) <= 3 for option in Snooze)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (Snooze.THIS_EVENING, local("Europe/Berlin", 2026, 11, 25, 19)),
        (Snooze.TOMORROW_MORNING, local("Europe/Berlin", 2026, 11, 26, 9)),
    ],
)
def test_this_evening_and_tomorrow_morning_for_a_note(option: Snooze, expected: datetime) -> None:
    now = local("Europe/Berlin", 2026, 11, 25, 13)
    assert snooze_due(now=now, tz="Europe/Berlin", nudge_hour=9, option=option) == expected


def test_tomorrow_morning_is_a_morning_even_for_an_evening_nudge_hour() -> None:
    now = local("Europe/Berlin", 2026, 11, 25, 13)
    due = snooze_due(now=now, tz="Europe/Berlin", nudge_hour=19, option=Snooze.TOMORROW_MORNING)
    assert due == local("Europe/Berlin", 2026, 11, 26, 9)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        # Friday 13:00: "tomorrow" and "in 3 days" land on a weekend and move to Monday.
        (Snooze.TOMORROW_MORNING, local("America/New_York", 2026, 11, 30, 10)),
        (Snooze.THREE_DAYS, local("America/New_York", 2026, 11, 30, 10)),
        (Snooze.NEXT_MONDAY, local("America/New_York", 2026, 11, 30, 10)),
    ],
)
def test_a_business_snooze_lands_on_a_weekday_at_the_call_hour(
    option: Snooze, expected: datetime
) -> None:
    now = local("America/New_York", 2026, 11, 27, 13)
    due = snooze_due(now=now, tz="America/New_York", nudge_hour=10, option=option, business=True)
    assert due == expected


def test_the_choices_offered_leave_out_the_evening_for_calls_and_late_in_the_day() -> None:
    afternoon = local("Europe/Berlin", 2026, 11, 25, 13)
    late = local("Europe/Berlin", 2026, 11, 25, 18, 30)
    assert snooze_choices(now=afternoon, tz="Europe/Berlin", business=False)[0] == (
        Snooze.THIS_EVENING
    )
    assert Snooze.THIS_EVENING not in snooze_choices(now=late, tz="Europe/Berlin", business=False)
    assert Snooze.THIS_EVENING not in snooze_choices(
        now=afternoon, tz="Europe/Berlin", business=True
    )
    assert Snooze.ONE_DAY not in snooze_choices(now=afternoon, tz="Europe/Berlin", business=False)


def test_a_call_never_comes_before_the_notes_have_had_a_day() -> None:
    now = local("Europe/Berlin", 2026, 11, 27, 15)  # Friday
    long_past = local("Europe/Berlin", 2026, 11, 2, 10)
    # The timeline passed weeks ago: the call is due, but the notes go first.
    assert call_after_notes(due=long_past, now=now, tz="Europe/Berlin", call_hour=10) == local(
        "Europe/Berlin", 2026, 11, 30, 10
    )
    ahead = local("Europe/Berlin", 2026, 12, 9, 10)
    assert call_after_notes(due=ahead, now=now, tz="Europe/Berlin", call_hour=10) == ahead


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (Snooze.ONE_DAY, local("Europe/Berlin", 2026, 11, 26, 9)),
        (Snooze.THREE_DAYS, local("Europe/Berlin", 2026, 11, 28, 9)),
        (Snooze.NEXT_MONDAY, local("Europe/Berlin", 2026, 11, 30, 9)),
    ],
)
def test_snooze_options_from_a_wednesday(option: Snooze, expected: datetime) -> None:
    now = local("Europe/Berlin", 2026, 11, 25, 7)
    assert snooze_due(now=now, tz="Europe/Berlin", nudge_hour=9, option=option) == expected


@pytest.mark.parametrize("offset", range(7), ids=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
def test_snooze_to_next_monday_from_every_weekday(offset: int) -> None:
    today = MONDAY + timedelta(days=offset)
    now = local("Asia/Kolkata", today.year, today.month, today.day, 12)
    due = snooze_due(now=now, tz="Asia/Kolkata", nudge_hour=9, option=Snooze.NEXT_MONDAY)
    # On a Monday, "next Monday" is a week on.
    assert due == local("Asia/Kolkata", 2026, 11, 30, 9)


def test_snooze_one_day_over_the_us_spring_forward_keeps_the_hour() -> None:
    now = local("America/New_York", 2026, 3, 7, 9)
    due = snooze_due(now=now, tz="America/New_York", nudge_hour=9, option=Snooze.ONE_DAY)
    assert due == utc(2026, 3, 8, 13)


def test_snooze_three_days_over_the_adelaide_spring_forward_keeps_the_hour() -> None:
    now = local("Australia/Adelaide", 2026, 10, 2, 9)
    due = snooze_due(now=now, tz="Australia/Adelaide", nudge_hour=9, option=Snooze.THREE_DAYS)
    assert due == utc(2026, 10, 4, 22, 30)


def test_snooze_one_day_lands_in_the_eu_gap_when_the_nudge_hour_is_two() -> None:
    now = local("Europe/Berlin", 2026, 3, 28, 2)
    due = snooze_due(now=now, tz="Europe/Berlin", nudge_hour=2, option=Snooze.ONE_DAY)
    assert due == utc(2026, 3, 29, 1)


# --- next business morning -----------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (local("Europe/London", 2026, 11, 25, 8), local("Europe/London", 2026, 11, 25, 9)),
        # Strictly after: exactly at the nudge hour moves on to the next day.
        (local("Europe/London", 2026, 11, 25, 9), local("Europe/London", 2026, 11, 26, 9)),
        (local("Europe/London", 2026, 11, 27, 10), local("Europe/London", 2026, 11, 30, 9)),
        (local("Europe/London", 2026, 11, 28, 8), local("Europe/London", 2026, 11, 30, 9)),
        (local("Europe/London", 2026, 11, 29, 23), local("Europe/London", 2026, 11, 30, 9)),
    ],
)
def test_next_business_morning(after: datetime, expected: datetime) -> None:
    assert next_business_morning(after=after, tz="Europe/London", nudge_hour=9) == expected


def test_next_business_morning_uses_the_users_zone_not_the_instants_zone() -> None:
    # Friday 20:00 in Los Angeles is Saturday 04:00 UTC; the user's Friday is over.
    after = local("America/Los_Angeles", 2026, 11, 27, 20)
    due = next_business_morning(after=after, tz="America/Los_Angeles", nudge_hour=9)
    assert due == local("America/Los_Angeles", 2026, 11, 30, 9)


@given(
    after=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
    tz=st.sampled_from(ZONES),
    nudge_hour=st.integers(0, 23),
)
def test_next_business_morning_property(after: datetime, tz: str, nudge_hour: int) -> None:
    start = after.replace(tzinfo=UTC)
    due = next_business_morning(after=start, tz=tz, nudge_hour=nudge_hour)
    assert due > start
    assert due - start <= timedelta(days=4)
    local_due = due.astimezone(ZoneInfo(tz))
    assert local_due.weekday() < 5
    assert local_at(local_due.date(), nudge_hour, tz) == due
