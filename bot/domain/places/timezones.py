"""Matching what a user types ("Berlin", "Roma", "phoenix az", "UTC+2") to IANA time zones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.domain.places import lookup as places

TimeZone = str | ZoneInfo

MAX_CANDIDATES = 5
_SAMPLE_MOMENTS = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))

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
    # Provinces and regions people answer with (GeoNames has their cities, not them);
    # some share a name with a city elsewhere (Ontario, California).
    "ontario": ("America/Toronto",),
    "quebec": ("America/Toronto",),
    "british columbia": ("America/Vancouver",),
    "alberta": ("America/Edmonton",),
    "manitoba": ("America/Winnipeg",),
    "nova scotia": ("America/Halifax",),
    "new south wales": ("Australia/Sydney",),
    "nsw": ("Australia/Sydney",),
    "queensland": ("Australia/Brisbane",),
    "western australia": ("Australia/Perth",),
    "bavaria": ("Europe/Berlin",),
    "bayern": ("Europe/Berlin",),
    "catalonia": ("Europe/Madrid",),
    "catalunya": ("Europe/Madrid",),
    "cataluna": ("Europe/Madrid",),
    "mallorca": ("Europe/Madrid",),
    "majorca": ("Europe/Madrid",),
    "sicily": ("Europe/Rome",),
    "sicilia": ("Europe/Rome",),
    "sizilien": ("Europe/Rome",),
    "schottland": ("Europe/London",),
    "escocia": ("Europe/London",),
    "ecosse": ("Europe/London",),
    "inglaterra": ("Europe/London",),
    "angleterre": ("Europe/London",),
    "kalifornien": ("America/Los_Angeles",),
    "grossbritannien": ("Europe/London",),
    "gran bretana": ("Europe/London",),
    "grande bretagne": ("Europe/London",),
}

_OFFSET = re.compile(
    r"^(?:utc|gmt|z)?\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$"
)


def as_zone(tz: TimeZone) -> ZoneInfo:
    """Return `tz` as a ZoneInfo, accepting an IANA name or a ZoneInfo."""
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """One zone offered for what the user typed, with the place it stands for."""

    zone: str
    label: str


@dataclass(frozen=True, slots=True)
class ZoneMatch:
    """What a typed place resolved to: one zone read for sure, or choices to offer as buttons."""

    choices: tuple[ZoneChoice, ...] = ()
    sure: bool = False

    @property
    def zone(self) -> str | None:
        """The zone to use without asking, if the answer was unambiguous."""
        return self.choices[0].zone if self.sure and self.choices else None


NO_MATCH = ZoneMatch()
# A city this many times bigger than any namesake with another clock is the one meant.
_DOMINANT = 10
# A country or state whose main zone holds this share of its people is that zone.
_MAIN_ZONE_SHARE = 0.9
_MINOR_ZONE_SHARE = 0.05

# "I live in Madrid", "ich wohne in Wien", "vivo en Sevilla": the place is what follows.
_FILLER = re.compile(
    r"^(?:(?:hi|hello|hey|hallo|hola|ola|salut|ciao)\b\W*)?"
    r"(?:(?:i\s*(?:am|m)|im|i\s*live|i\s*m\s*based|im\s*based|i\s*am\s*based|based|living|"
    r"ich\s*(?:wohne|lebe|bin)|wohne|lebe|"
    r"vivo|estoy|soy\s*de|je\s*(?:suis|vis)|j\s*habite|habite|moro|sono|abito|"
    r"mieszkam|woon|ik\s*woon|bor|jag\s*bor|"
    r"near|close\s*to|around|nahe|bei|cerca\s*de|pres\s*de|perto\s*de|vicino\s*a)"
    r"\s+)*(?:(?:in|im|en|em|a|w|at|i|au|aux|na|no|nel|nella)\s+)?"
    r"(?:(?:the|die|der|den|la|el|le|les|los|las|il|lo|o)\s+)?",
)


def match_timezone(text: str) -> list[str]:
    """Return up to 5 IANA zones matching a typed place, zone or offset, best first."""
    return _dedupe(choice.zone for choice in match_zone(text).choices)[:MAX_CANDIDATES]


def match_zone(text: str) -> ZoneMatch:
    """Resolve a typed place, zone, abbreviation or offset: sure, or choices to confirm.

    Order: offsets, abbreviations, our aliases and IANA names; then countries and US
    states (so "India" is the country, not a town of that name); then cities, with a
    qualifier such as "phoenix az" or "London, Canada"; a typo or a prefix is only ever
    offered, never picked.
    """
    typed = _normalise(text)
    if not typed:
        return NO_MATCH
    stripped = _normalise(_FILLER.sub("", places.normalise(text), count=1))
    for candidate in dict.fromkeys((typed, stripped)):
        if candidate:
            found = _exact(candidate)
            if found.choices:
                return found
    for candidate in dict.fromkeys((typed, stripped)):
        if candidate:
            found = _close(candidate)
            if found.choices:
                return found
    return NO_MATCH


def zone_label(tz: TimeZone, *, now: datetime) -> str:
    """Describe a zone for the user, e.g. "Europe/Berlin (UTC+01:00, now 14:05)"."""
    zone = as_zone(tz)
    local = now.astimezone(zone)
    return f"{zone.key} (UTC{_format_offset(local.utcoffset())}, now {local:%H:%M})"


def _zones_match(zones: list[str], *, label: str | None = None) -> ZoneMatch:
    choices = tuple(ZoneChoice(zone, label or zone.replace("_", " ")) for zone in zones)
    return ZoneMatch(choices[:MAX_CANDIDATES], sure=len(choices) == 1)


def _exact(typed: str) -> ZoneMatch:
    """What the words typed name exactly, whole or as "place, qualifier"."""
    known = _known_name(typed)
    if known:
        return _zones_match(known)
    key = places.normalise(typed)
    found = _gazetteer(key, regions_only=True)
    if found.choices:
        return found
    found = _gazetteer(key)
    if found.choices:
        return found
    city = _city_index().get(typed)
    if city is not None:
        return _zones_match([city])
    for head, tail in _qualified(places.normalise(typed)):
        found = _gazetteer(head, qualifier=tail)
        if found.choices:
            return found
    for part in _parts(typed):
        found = _exact(part)
        if found.choices:
            return found
    return NO_MATCH


def _known_name(typed: str) -> list[str]:
    offset = _OFFSET.match(typed.replace("\N{MINUS SIGN}", "-"))
    if offset is not None:
        return _offset_zones(offset)
    if typed in {"utc", "z", "zulu", "universal", "utc0", "gmt0"}:
        return ["UTC"]
    for table in (_ABBREVIATIONS, _ALIASES):
        if typed in table:
            return _available(table[typed])
    exact = _exact_names().get(typed.replace(" ", "_"))
    return [exact] if exact is not None else []


def _gazetteer(key: str, *, qualifier: str | None = None, regions_only: bool = False) -> ZoneMatch:
    found = [place for place in places.find(key) if place.zones[0][0] in _known_zones()]
    if qualifier is not None:
        found = _qualify(found, qualifier)
    regions = [place for place in found if place.kind != "city"]
    if regions:
        return _regions_match(regions)
    return NO_MATCH if regions_only else _cities_match(found)


def _qualify(found: list[places.Place], qualifier: str) -> list[places.Place]:
    """Keep the cities in the country or US state named by `qualifier`."""
    state = places.state_code(qualifier)
    countries = {place.country for place in places.find(qualifier) if place.kind == "country"}
    return [
        place
        for place in found
        if place.kind == "city"
        and (
            place.country in countries or (state and (place.country, place.admin1) == ("US", state))
        )
    ]


def _regions_match(regions: list[places.Place]) -> ZoneMatch:
    if len(regions) == 1 and regions[0].zones[0][1] >= _MAIN_ZONE_SHARE:
        place = regions[0]
        return ZoneMatch((ZoneChoice(place.zones[0][0], place.label),), sure=True)
    choices = [
        ZoneChoice(zone, f"{place.label} · {_city_of(zone)}")
        for place in regions
        for zone, share in place.zones
        if share >= _MINOR_ZONE_SHARE or zone == place.zones[0][0]
    ]
    return ZoneMatch(tuple(choices[:MAX_CANDIDATES]), sure=False)


def _cities_match(cities: list[places.Place]) -> ZoneMatch:
    if not cities:
        return NO_MATCH
    ranked = sorted(cities, key=lambda place: -place.population)
    top = ranked[0]
    rivals = [place for place in ranked if _clock(place.zones[0][0]) != _clock(top.zones[0][0])]
    if not rivals or top.population >= _DOMINANT * rivals[0].population:
        return ZoneMatch((ZoneChoice(top.zones[0][0], top.label),), sure=True)
    choices: dict[str, ZoneChoice] = {}
    for place in ranked:
        zone = place.zones[0][0]
        choices.setdefault(zone, ZoneChoice(zone, f"{place.label} · {_city_of(zone)}"))
    return ZoneMatch(tuple(list(choices.values())[:MAX_CANDIDATES]), sure=False)


def _qualified(key: str) -> list[tuple[str, str]]:
    """Ways to read "phoenix az" or "london canada" as a place and a country or state."""
    words = key.split(" ")
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(len(words) - 1, 0, -1)]


def _close(typed: str) -> ZoneMatch:
    """Prefixes and typos: offered as choices, never picked."""
    key = places.normalise(typed)
    keys = [*_city_index(), *_ALIASES]
    if len(key) >= 3:
        prefixed = sorted(k for k in keys if any(word.startswith(key) for word in _suffixes(k)))
        if prefixed:
            zones = _dedupe(zone for k in prefixed for zone in _zones_for(k))
            return ZoneMatch(_zones_match(zones).choices, sure=False)
    if len(key) < 4:
        return NO_MATCH
    allowed = 1 if len(key) <= 7 else 2
    close = sorted(
        (distance, k)
        for k in dict.fromkeys((*keys, *places.typo_names()))
        if (distance := _edit_distance(key, k, allowed)) <= allowed
    )
    choices: dict[str, ZoneChoice] = {}
    for _, k in close:
        for choice in _choices_for(k):
            choices.setdefault(choice.zone, choice)
    return ZoneMatch(tuple(list(choices.values())[:MAX_CANDIDATES]), sure=False)


def _choices_for(key: str) -> tuple[ZoneChoice, ...]:
    if key in _ALIASES or key in _city_index():
        return tuple(ZoneChoice(zone, zone.replace("_", " ")) for zone in _zones_for(key))
    found = _gazetteer(key)
    return found.choices


def _city_of(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def _clock(zone: str) -> tuple[timedelta | None, ...]:
    """What the zone's clocks say in January and July: zones that agree are the same choice."""
    return tuple(moment.astimezone(as_zone(zone)).utcoffset() for moment in _SAMPLE_MOMENTS)


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


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on land, or None (at sea, or out of range)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    # Imported here: its polygons take ~70 ms and ~34 MB, paid only when someone shares a location.
    import tzfpy

    zone = str(tzfpy.get_tz(longitude, latitude))
    if zone.startswith("Etc/") or zone not in _known_zones():
        return None
    return zone
