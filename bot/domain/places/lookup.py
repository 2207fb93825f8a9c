"""Place names (countries, US states, cities) to time zones, from a small committed index.

The index (places.sqlite beside this file) is built from GeoNames and Babel by
tools/build_places.py and read on the first lookup, never at start-up.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INDEX_PATH = Path(__file__).with_name("places.sqlite")

# Letters that do not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "\N{LATIN SMALL LETTER DOTLESS I}": "i",
        "þ": "th",
        "ð": "d",
    }
)


def normalise(text: str) -> str:
    """Casefold, drop accents, and turn punctuation and runs of spaces into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "").replace(".", "")
    plain = re.sub("[_\\-\N{HYPHEN}\N{EN DASH}\N{EM DASH}/(),;]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """A country, US state or city, with its zones (most people first) and their share."""

    kind: str  # "country", "state" or "city"
    label: str
    country: str
    admin1: str
    population: int
    zones: tuple[tuple[str, float], ...]


@cache
def _db() -> sqlite3.Connection:
    # Read-only and immutable: lookups read a few pages; nothing is loaded up front.
    return sqlite3.connect(
        f"file:{INDEX_PATH}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )


def find(key: str) -> list[Place]:
    """Every place with this normalised name, biggest first."""
    rows = _db().execute(
        "SELECT p.kind, p.label, p.country, p.admin1, p.population, p.zones FROM names n "
        "JOIN places p ON p.id = n.place WHERE n.key = ? ORDER BY p.id",
        (key,),
    )
    return [
        Place(kind, label, country, admin1, population, tuple(map(tuple, json.loads(zones))))
        for kind, label, country, admin1, population, zones in rows
    ]


def state_code(text: str) -> str | None:
    """The US state a postal code ("az") or a state's name stands for, as its code."""
    if len(text) == 2:
        row = (
            _db()
            .execute(
                "SELECT admin1 FROM places WHERE kind = 'state' AND admin1 = ?", (text.upper(),)
            )
            .fetchone()
        )
        return str(row[0]) if row else None
    states = [place for place in find(text) if place.kind == "state"]
    return states[0].admin1 if states else None


@cache
def typo_names() -> tuple[str, ...]:
    """The names typos are matched against: countries, states and the bigger cities."""
    return tuple(key for (key,) in _db().execute("SELECT key FROM fuzzy"))
