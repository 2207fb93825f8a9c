"""Matching what a user types ("Berlin", "new york", "UTC+2") to IANA time zones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

TimeZone = str | ZoneInfo

MAX_CANDIDATES = 5

COMMON_ZONES: tuple[str, ...] = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
)

# Regions whose last path component names a city (or island) people would type.
_GEOGRAPHIC_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)

# There is no Etc zone for offsets that are not whole hours, so these map to the
# places that keep that offset as standard time.
_HALF_HOUR_OFFSETS: dict[int, tuple[str, ...]] = {
    -(9 * 60 + 30): ("Pacific/Marquesas",),
    -(3 * 60 + 30): ("America/St_Johns",),
    3 * 60 + 30: ("Asia/Tehran",),
    4 * 60 + 30: ("Asia/Kabul",),
    5 * 60 + 30: ("Asia/Kolkata", "Asia/Colombo"),
    5 * 60 + 45: ("Asia/Kathmandu",),
    6 * 60 + 30: ("Asia/Yangon", "Indian/Cocos"),
    8 * 60 + 45: ("Australia/Eucla",),
    9 * 60 + 30: ("Australia/Darwin", "Australia/Adelaide"),
    10 * 60 + 30: ("Australia/Lord_Howe",),
    12 * 60 + 45: ("Pacific/Chatham",),
}

# Abbreviations are ambiguous ("IST" is India, Ireland and Israel); the most
# likely reading comes first. They also shadow legacy IANA names such as "EST",
# which are fixed offsets without daylight saving.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "gmt": ("UTC", "Europe/London"),
    "bst": ("Europe/London",),
    "wet": ("Europe/Lisbon",),
    "west": ("Europe/Lisbon",),
    "cet": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw"),
    "cest": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw"),
    "met": ("Europe/Berlin",),
    "eet": ("Europe/Athens", "Europe/Kyiv", "Europe/Bucharest", "Europe/Helsinki"),
    "eest": ("Europe/Athens", "Europe/Kyiv", "Europe/Bucharest", "Europe/Helsinki"),
    "msk": ("Europe/Moscow",),
    "et": ("America/New_York",),
    "est": ("America/New_York", "America/Toronto"),
    "edt": ("America/New_York", "America/Toronto"),
    "ct": ("America/Chicago",),
    "cst": ("America/Chicago", "America/Mexico_City", "Asia/Shanghai"),
    "cdt": ("America/Chicago",),
    "mt": ("America/Denver",),
    "mst": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "mdt": ("America/Denver", "America/Edmonton"),
    "pt": ("America/Los_Angeles",),
    "pst": ("America/Los_Angeles", "America/Vancouver"),
    "pdt": ("America/Los_Angeles", "America/Vancouver"),
    "akst": ("America/Anchorage",),
    "akdt": ("America/Anchorage",),
    "hst": ("Pacific/Honolulu",),
    "ast": ("America/Halifax",),
    "adt": ("America/Halifax",),
    "nst": ("America/St_Johns",),
    "ndt": ("America/St_Johns",),
    "brt": ("America/Sao_Paulo",),
    "art": ("America/Argentina/Buenos_Aires",),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "pkt": ("Asia/Karachi",),
    "ict": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
    "wib": ("Asia/Jakarta",),
    "sgt": ("Asia/Singapore",),
    "hkt": ("Asia/Hong_Kong",),
    "pht": ("Asia/Manila",),
    "jst": ("Asia/Tokyo",),
    "kst": ("Asia/Seoul",),
    "awst": ("Australia/Perth",),
    "acst": ("Australia/Adelaide", "Australia/Darwin"),
    "acdt": ("Australia/Adelaide",),
    "aest": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
    "aedt": ("Australia/Sydney", "Australia/Melbourne"),
    "nzst": ("Pacific/Auckland",),
    "nzdt": ("Pacific/Auckland",),
    "sast": ("Africa/Johannesburg",),
    "wat": ("Africa/Lagos",),
    "cat": ("Africa/Maputo",),
    "eat": ("Africa/Nairobi",),
}

# Big places that are not the city part of an IANA name, countries and a few
# former city names. Countries with several zones list the most populous first.
_ALIASES: dict[str, tuple[str, ...]] = {
    # United States
    "usa": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
    ),
    "us": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
    ),
    "united states": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
    ),
    "america": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
    ),
    "san francisco": ("America/Los_Angeles",),
    "sf": ("America/Los_Angeles",),
    "bay area": ("America/Los_Angeles",),
    "silicon valley": ("America/Los_Angeles",),
    "san jose": ("America/Los_Angeles", "America/Costa_Rica"),
    "seattle": ("America/Los_Angeles",),
    "portland": ("America/Los_Angeles",),
    "san diego": ("America/Los_Angeles",),
    "las vegas": ("America/Los_Angeles",),
    "california": ("America/Los_Angeles",),
    "nyc": ("America/New_York",),
    "boston": ("America/New_York",),
    "washington": ("America/New_York",),
    "washington dc": ("America/New_York",),
    "dc": ("America/New_York",),
    "philadelphia": ("America/New_York",),
    "atlanta": ("America/New_York",),
    "miami": ("America/New_York",),
    "pittsburgh": ("America/New_York",),
    "florida": ("America/New_York",),
    "austin": ("America/Chicago",),
    "dallas": ("America/Chicago",),
    "houston": ("America/Chicago",),
    "texas": ("America/Chicago",),
    "minneapolis": ("America/Chicago",),
    "nashville": ("America/Chicago",),
    "salt lake city": ("America/Denver",),
    "colorado": ("America/Denver",),
    "arizona": ("America/Phoenix",),
    "hawaii": ("Pacific/Honolulu",),
    "alaska": ("America/Anchorage",),
    # Canada and Latin America
    "canada": (
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
    ),
    "montreal": ("America/Toronto",),
    "ottawa": ("America/Toronto",),
    "calgary": ("America/Edmonton",),
    "mexico": ("America/Mexico_City", "America/Cancun", "America/Tijuana"),
    "brazil": ("America/Sao_Paulo", "America/Manaus", "America/Recife"),
    "rio de janeiro": ("America/Sao_Paulo",),
    "rio": ("America/Sao_Paulo",),
    "brasilia": ("America/Sao_Paulo",),
    "argentina": ("America/Argentina/Buenos_Aires",),
    "chile": ("America/Santiago",),
    "colombia": ("America/Bogota",),
    "peru": ("America/Lima",),
    # Europe
    "uk": ("Europe/London",),
    "united kingdom": ("Europe/London",),
    "great britain": ("Europe/London",),
    "britain": ("Europe/London",),
    "england": ("Europe/London",),
    "scotland": ("Europe/London",),
    "wales": ("Europe/London",),
    "manchester": ("Europe/London",),
    "edinburgh": ("Europe/London",),
    "ireland": ("Europe/Dublin",),
    "germany": ("Europe/Berlin",),
    "munich": ("Europe/Berlin",),
    "munchen": ("Europe/Berlin",),
    "hamburg": ("Europe/Berlin",),
    "frankfurt": ("Europe/Berlin",),
    "cologne": ("Europe/Berlin",),
    "koln": ("Europe/Berlin",),
    "france": ("Europe/Paris",),
    "lyon": ("Europe/Paris",),
    "spain": ("Europe/Madrid",),
    "barcelona": ("Europe/Madrid",),
    "valencia": ("Europe/Madrid",),
    "portugal": ("Europe/Lisbon",),
    "porto": ("Europe/Lisbon",),
    "italy": ("Europe/Rome",),
    "milan": ("Europe/Rome",),
    "milano": ("Europe/Rome",),
    "netherlands": ("Europe/Amsterdam",),
    "holland": ("Europe/Amsterdam",),
    "rotterdam": ("Europe/Amsterdam",),
    "belgium": ("Europe/Brussels",),
    "switzerland": ("Europe/Zurich",),
    "geneva": ("Europe/Zurich",),
    "austria": ("Europe/Vienna",),
    "poland": ("Europe/Warsaw",),
    "krakow": ("Europe/Warsaw",),
    "czechia": ("Europe/Prague",),
    "czech republic": ("Europe/Prague",),
    "sweden": ("Europe/Stockholm",),
    "norway": ("Europe/Oslo",),
    "denmark": ("Europe/Copenhagen",),
    "finland": ("Europe/Helsinki",),
    "greece": ("Europe/Athens",),
    "romania": ("Europe/Bucharest",),
    "ukraine": ("Europe/Kyiv",),
    "kiev": ("Europe/Kyiv",),
    "russia": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
    "st petersburg": ("Europe/Moscow",),
    "saint petersburg": ("Europe/Moscow",),
    "turkey": ("Europe/Istanbul",),
    "iceland": ("Atlantic/Reykjavik",),
    "turkiye": ("Europe/Istanbul",),
    "ankara": ("Europe/Istanbul",),
    # Middle East and Africa
    "israel": ("Asia/Jerusalem",),
    "tel aviv": ("Asia/Jerusalem",),
    "uae": ("Asia/Dubai",),
    "abu dhabi": ("Asia/Dubai",),
    "saudi arabia": ("Asia/Riyadh",),
    "egypt": ("Africa/Cairo",),
    "iran": ("Asia/Tehran",),
    "nigeria": ("Africa/Lagos",),
    "abuja": ("Africa/Lagos",),
    "kenya": ("Africa/Nairobi",),
    "south africa": ("Africa/Johannesburg",),
    "cape town": ("Africa/Johannesburg",),
    "ghana": ("Africa/Accra",),
    "morocco": ("Africa/Casablanca",),
    # Asia and Oceania
    "india": ("Asia/Kolkata",),
    "bangalore": ("Asia/Kolkata",),
    "bengaluru": ("Asia/Kolkata",),
    "mumbai": ("Asia/Kolkata",),
    "bombay": ("Asia/Kolkata",),
    "delhi": ("Asia/Kolkata",),
    "new delhi": ("Asia/Kolkata",),
    "hyderabad": ("Asia/Kolkata",),
    "chennai": ("Asia/Kolkata",),
    "pune": ("Asia/Kolkata",),
    "calcutta": ("Asia/Kolkata",),
    "pakistan": ("Asia/Karachi",),
    "lahore": ("Asia/Karachi",),
    "bangladesh": ("Asia/Dhaka",),
    "sri lanka": ("Asia/Colombo",),
    "nepal": ("Asia/Kathmandu",),
    "china": ("Asia/Shanghai",),
    "beijing": ("Asia/Shanghai",),
    "shenzhen": ("Asia/Shanghai",),
    "hong kong": ("Asia/Hong_Kong",),
    "taiwan": ("Asia/Taipei",),
    "japan": ("Asia/Tokyo",),
    "osaka": ("Asia/Tokyo",),
    "south korea": ("Asia/Seoul",),
    "korea": ("Asia/Seoul",),
    "singapore": ("Asia/Singapore",),
    "malaysia": ("Asia/Kuala_Lumpur",),
    "thailand": ("Asia/Bangkok",),
    "vietnam": ("Asia/Ho_Chi_Minh",),
    "saigon": ("Asia/Ho_Chi_Minh",),
    "hanoi": ("Asia/Bangkok",),
    "philippines": ("Asia/Manila",),
    "indonesia": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
    "bali": ("Asia/Makassar",),
    "australia": (
        "Australia/Sydney",
        "Australia/Melbourne",
        "Australia/Brisbane",
        "Australia/Perth",
        "Australia/Adelaide",
    ),
    "canberra": ("Australia/Sydney",),
    "new zealand": ("Pacific/Auckland",),
    "wellington": ("Pacific/Auckland",),
}

_OFFSET = re.compile(
    r"^(?:utc|gmt|z)?\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$"
)


def as_zone(tz: TimeZone) -> ZoneInfo:
    """Return `tz` as a ZoneInfo, accepting an IANA name or a ZoneInfo."""
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def match_timezone(text: str) -> list[str]:
    """Return up to 5 IANA zones matching a typed place, zone or offset, best first."""
    typed = _normalise(text)
    if not typed:
        return []
    for candidate in (typed, *_parts(typed)):
        found = _match_one(candidate)
        if found:
            return found[:MAX_CANDIDATES]
    return []


def zone_label(tz: TimeZone, *, now: datetime) -> str:
    """Describe a zone for the user, e.g. "Europe/Berlin (UTC+01:00, now 14:05)"."""
    zone = as_zone(tz)
    local = now.astimezone(zone)
    return f"{zone.key} (UTC{_format_offset(local.utcoffset())}, now {local:%H:%M})"


def _match_one(typed: str) -> list[str]:
    offset = _OFFSET.match(typed.replace("\N{MINUS SIGN}", "-"))
    if offset is not None:
        return _offset_zones(offset)
    if typed in {"utc", "z", "zulu", "universal", "utc0", "gmt0"}:
        return ["UTC"]
    for table in (_ABBREVIATIONS, _ALIASES):
        if typed in table:
            return _available(table[typed])
    exact = _exact_names().get(typed.replace(" ", "_"))
    if exact is not None:
        return [exact]
    return _city_matches(typed)


def _offset_zones(offset: re.Match[str]) -> list[str]:
    minutes = int(offset["hours"]) * 60 + int(offset["minutes"] or 0)
    if offset["sign"] == "-":
        minutes = -minutes
    if minutes == 0:
        return ["UTC"]
    if minutes % 60 == 0:
        # POSIX-style Etc names have the sign inverted: UTC+2 is Etc/GMT-2.
        hours = minutes // 60
        return _available((f"Etc/GMT{-hours:+d}",))
    return _available(_HALF_HOUR_OFFSETS.get(minutes, ()))


def _city_matches(typed: str) -> list[str]:
    """Match the city part of IANA names and the aliases: exact, by prefix, then typos."""
    cities = _city_index()
    if typed in cities:
        return [cities[typed]]
    keys = [*cities, *_ALIASES]
    if len(typed) >= 3:
        prefixed = sorted(
            key for key in keys if any(word.startswith(typed) for word in _suffixes(key))
        )
        if prefixed:
            return _dedupe(zone for key in prefixed for zone in _zones_for(key))
    allowed = 1 if len(typed) <= 5 else 2
    distances = ((_edit_distance(typed, key, allowed), key) for key in keys)
    close = sorted((distance, key) for distance, key in distances if distance <= allowed)
    return _dedupe(zone for _, key in close for zone in _zones_for(key))


def _zones_for(key: str) -> list[str]:
    if key in _ALIASES:
        return _available(_ALIASES[key])
    return [_city_index()[key]]


def _suffixes(key: str) -> list[str]:
    """Return the key and each tail of it that starts at a word ("new york" → "york")."""
    words = key.split(" ")
    return [" ".join(words[index:]) for index in range(len(words))]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _dedupe(zones: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(zones))


def _available(zones: tuple[str, ...]) -> list[str]:
    known = _known_zones()
    return [zone for zone in zones if zone in known]


@cache
def _known_zones() -> frozenset[str]:
    # "localtime" and "Factory" are files in some zoneinfo trees, not places.
    return frozenset(available_timezones() - {"localtime", "Factory"})


@cache
def _exact_names() -> dict[str, str]:
    return {name.casefold(): name for name in _known_zones()}


@cache
def _city_index() -> dict[str, str]:
    """Map "new york" → "America/New_York" for every zone in a geographic area."""
    index: dict[str, str] = {}
    # Deeper names first: "America/Argentina/Buenos_Aires" is canonical, the
    # shorter "America/Buenos_Aires" only a backward-compatible link.
    for name in sorted(_known_zones(), key=lambda zone: (-zone.count("/"), zone)):
        area, _, rest = name.partition("/")
        if area in _GEOGRAPHIC_AREAS and rest:
            index.setdefault(_normalise(rest.rsplit("/", 1)[-1]), name)
    return index


def _parts(typed: str) -> list[str]:
    """Split "berlin, germany" into its parts, tried when the whole finds nothing."""
    return [part.strip() for part in typed.split(",") if part.strip()] if "," in typed else []


def _normalise(text: str) -> str:
    """Casefold, drop accents and turn underscores and runs of spaces into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("_", " ").replace(".", "").replace("'", "")
    return re.sub(r"\s+", " ", plain).strip()


def _format_offset(offset: timedelta | None) -> str:
    total = int((offset or timedelta()).total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
