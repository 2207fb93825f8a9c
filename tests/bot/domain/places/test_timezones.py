"""Tests for matching typed places, abbreviations and offsets to IANA time zones."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.places.timezones import COMMON_ZONES, match_timezone, match_zone, zone_label

US_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Exact IANA names, in any case.
        ("Europe/Lisbon", ["Europe/Lisbon"]),
        ("europe/lisbon", ["Europe/Lisbon"]),
        ("  EUROPE/LISBON ", ["Europe/Lisbon"]),
        ("america/new york", ["America/New_York"]),
        ("America/Argentina/Buenos_Aires", ["America/Argentina/Buenos_Aires"]),
        # The city part of IANA names.
        ("Berlin", ["Europe/Berlin"]),
        ("new york", ["America/New_York"]),
        ("New_York", ["America/New_York"]),
        ("Los Angeles", ["America/Los_Angeles"]),
        ("sao paulo", ["America/Sao_Paulo"]),
        ("São Paulo", ["America/Sao_Paulo"]),
        ("Kolkata", ["Asia/Kolkata"]),
        ("Melbourne", ["Australia/Melbourne"]),
        ("Toronto", ["America/Toronto"]),
        ("Adelaide", ["Australia/Adelaide"]),
        ("Kyiv", ["Europe/Kyiv"]),
        ("buenos aires", ["America/Argentina/Buenos_Aires"]),
        ("Indianapolis", ["America/Indiana/Indianapolis"]),
        # Part of a longer answer.
        ("Berlin, Germany", ["Europe/Berlin"]),
        # Cities that are not IANA names.
        ("San Francisco", ["America/Los_Angeles"]),
        ("Seattle", ["America/Los_Angeles"]),
        ("Boston", ["America/New_York"]),
        ("Washington", ["America/New_York"]),
        ("Munich", ["Europe/Berlin"]),
        ("München", ["Europe/Berlin"]),
        ("Hamburg", ["Europe/Berlin"]),
        ("Barcelona", ["Europe/Madrid"]),
        ("Bangalore", ["Asia/Kolkata"]),
        ("Bengaluru", ["Asia/Kolkata"]),
        ("Mumbai", ["Asia/Kolkata"]),
        ("Delhi", ["Asia/Kolkata"]),
        ("Beijing", ["Asia/Shanghai"]),
        ("Kiev", ["Europe/Kyiv"]),
        # Countries; those with one zone.
        ("India", ["Asia/Kolkata"]),
        ("Germany", ["Europe/Berlin"]),
        ("UK", ["Europe/London"]),
        ("Japan", ["Asia/Tokyo"]),
        ("France", ["Europe/Paris"]),
        ("Spain", ["Europe/Madrid"]),
        ("Italy", ["Europe/Rome"]),
        ("Netherlands", ["Europe/Amsterdam"]),
        ("Poland", ["Europe/Warsaw"]),
        ("Ukraine", ["Europe/Kyiv"]),
        ("Israel", ["Asia/Jerusalem"]),
        ("Turkey", ["Europe/Istanbul"]),
        ("Argentina", ["America/Argentina/Buenos_Aires"]),
        ("Nigeria", ["Africa/Lagos"]),
        ("Kenya", ["Africa/Nairobi"]),
        ("South Africa", ["Africa/Johannesburg"]),
        ("Singapore", ["Asia/Singapore"]),
        ("Philippines", ["Asia/Manila"]),
        # Abbreviations, best guess first; they beat legacy names such as "EST".
        ("CET", ["Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw"]),
        ("EST", ["America/New_York", "America/Toronto"]),
        ("PST", ["America/Los_Angeles", "America/Vancouver"]),
        ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
        ("jst", ["Asia/Tokyo"]),
        # Offsets: Etc names have the sign inverted.
        ("UTC", ["UTC"]),
        ("utc", ["UTC"]),
        ("Z", ["UTC"]),
        ("GMT", ["UTC", "Europe/London"]),
        ("UTC+0", ["UTC"]),
        ("UTC+2", ["Etc/GMT-2"]),
        ("utc +2", ["Etc/GMT-2"]),
        ("GMT-5", ["Etc/GMT+5"]),
        ("UTC+02:00", ["Etc/GMT-2"]),
        ("UTC\N{MINUS SIGN}3", ["Etc/GMT+3"]),
        ("+3", ["Etc/GMT-3"]),
        ("UTC+14", ["Etc/GMT-14"]),
        ("UTC-12", ["Etc/GMT+12"]),
        # No Etc zone for half hours: a real zone with that standard offset.
        ("GMT+5:30", ["Asia/Kolkata", "Asia/Colombo"]),
        ("UTC+0530", ["Asia/Kolkata", "Asia/Colombo"]),
        ("UTC+5:45", ["Asia/Kathmandu"]),
        ("UTC+9:30", ["Australia/Darwin", "Australia/Adelaide"]),
        ("UTC-3:30", ["America/St_Johns"]),
        ("UTC-05:30", []),
        ("UTC+15", []),
        # Typos.
        ("Berln", ["Europe/Berlin"]),
        ("Londn", ["Europe/London"]),
        ("new yrok", ["America/New_York"]),
        ("sydny", ["Australia/Sydney"]),
        ("Amsterdamm", ["Europe/Amsterdam"]),
        ("Bangalor", ["Asia/Kolkata"]),
        # Nothing.
        ("", []),
        ("   ", []),
        ("xyzzy", []),
        ("Narnia", []),
        ("🙂", []),
    ],
)
def test_match_timezone(text: str, expected: list[str]) -> None:
    assert match_timezone(text) == expected


@pytest.mark.parametrize("text", ["USA", "usa", "United States", "US"])
def test_a_country_with_several_zones_offers_them_all(text: str) -> None:
    assert match_timezone(text) == US_ZONES


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Australia", "Australia/Sydney"),
        ("Canada", "America/Toronto"),
        ("Brazil", "America/Sao_Paulo"),
        ("Mexico", "America/Mexico_City"),
        ("Indonesia", "Asia/Jakarta"),
    ],
)
def test_a_country_offers_its_most_populous_zone_first(text: str, first: str) -> None:
    candidates = match_timezone(text)
    assert candidates[0] == first
    assert len(candidates) > 1


def test_a_prefix_finds_the_cities_it_starts() -> None:
    assert match_timezone("sao") == ["America/Sao_Paulo", "Africa/Sao_Tome"]


@pytest.mark.parametrize("text", ["St Johns", "St. John's"])
def test_a_name_shared_by_places_with_other_clocks_is_asked_about(text: str) -> None:
    found = match_zone(text)
    assert not found.sure
    assert found.choices[0].zone == "America/St_Johns"


def test_a_name_several_places_share_is_asked_about() -> None:
    found = match_zone("york")
    assert not found.sure
    assert {"Europe/London", "America/New_York"} <= {choice.zone for choice in found.choices}


@given(text=st.text(max_size=30))
def test_match_timezone_returns_at_most_five_real_zones(text: str) -> None:
    candidates = match_timezone(text)
    assert len(candidates) <= 5
    assert len(set(candidates)) == len(candidates)
    assert set(candidates) <= available_timezones()


@given(offset_minutes=st.integers(-14 * 60, 14 * 60), prefix=st.sampled_from(["UTC", "GMT", ""]))
def test_every_offset_either_matches_that_offset_or_nothing(
    offset_minutes: int, prefix: str
) -> None:
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    candidates = match_timezone(f"{prefix}{sign}{hours}:{minutes:02d}")
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    for zone in candidates:
        # Standard offset: the smaller of the winter and summer offsets.
        offsets = [moment.astimezone(ZoneInfo(zone)).utcoffset() for moment in (winter, summer)]
        assert min(o.total_seconds() for o in offsets if o is not None) == offset_minutes * 60


def test_common_zones_are_eight_real_zones() -> None:
    assert len(COMMON_ZONES) == 8
    assert set(COMMON_ZONES) <= available_timezones()
    assert "Asia/Kolkata" in COMMON_ZONES


@pytest.mark.parametrize(
    ("tz", "now", "expected"),
    [
        (
            "Europe/Berlin",
            datetime(2026, 1, 5, 13, 5, tzinfo=UTC),
            "Europe/Berlin (UTC+01:00, now 14:05)",
        ),
        (
            "Europe/Berlin",
            datetime(2026, 7, 5, 13, 5, tzinfo=UTC),
            "Europe/Berlin (UTC+02:00, now 15:05)",
        ),
        (
            "Asia/Kolkata",
            datetime(2026, 1, 5, 13, 5, tzinfo=UTC),
            "Asia/Kolkata (UTC+05:30, now 18:35)",
        ),
        (
            "America/St_Johns",
            datetime(2026, 1, 5, 13, 5, tzinfo=UTC),
            "America/St_Johns (UTC-03:30, now 09:35)",
        ),
        ("UTC", datetime(2026, 1, 5, 13, 5, tzinfo=UTC), "UTC (UTC+00:00, now 13:05)"),
        ("Etc/GMT-2", datetime(2026, 1, 5, 23, 5, tzinfo=UTC), "Etc/GMT-2 (UTC+02:00, now 01:05)"),
    ],
)
def test_zone_label_shows_the_offset_and_local_time(tz: str, now: datetime, expected: str) -> None:
    assert zone_label(tz, now=now) == expected
