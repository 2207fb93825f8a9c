"""Typed places in several languages → time zones: right first, and never a wrong automatic pick.

Each row is what a user might type and either the zone we must pick by ourselves or
ASK with the zones one of the offered buttons must hold. Run with `-s` to see the counts.
"""

from __future__ import annotations

import pytest

from bot.domain.places import lookup as places
from bot.domain.places.timezones import ZoneMatch, match_zone

ASK = "ask"

# (typed, expected zone) or (typed, ASK, zones that must be among the choices)
PLACES: list[tuple[str, ...]] = [
    # English
    ("Berlin", "Europe/Berlin"),
    ("London", "Europe/London"),
    ("New York", "America/New_York"),
    ("NYC", "America/New_York"),
    ("San Francisco", "America/Los_Angeles"),
    ("phoenix az", "America/Phoenix"),
    ("Phoenix, Arizona", "America/Phoenix"),
    ("Denver", "America/Denver"),
    ("Chicago", "America/Chicago"),
    ("Toronto", "America/Toronto"),
    ("Vancouver", "America/Vancouver"),
    ("Sydney", "Australia/Sydney"),
    ("Perth", "Australia/Perth"),
    ("Dublin", "Europe/Dublin"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Nice", "Europe/Paris"),
    ("Rome", "Europe/Rome"),
    ("Munich", "Europe/Berlin"),
    ("Cape Town", "Africa/Johannesburg"),
    ("Lagos", "Africa/Lagos"),
    ("Nairobi", "Africa/Nairobi"),
    ("Tokyo", "Asia/Tokyo"),
    ("Seoul", "Asia/Seoul"),
    ("Bangalore", "Asia/Kolkata"),
    ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"),
    ("Dubai", "Asia/Dubai"),
    ("Tel Aviv", "Asia/Jerusalem"),
    ("Edinburgh", "Europe/London"),
    ("Austin, Texas", "America/Chicago"),
    ("Salt Lake City", "America/Denver"),
    ("Honolulu", "Pacific/Honolulu"),
    ("Auckland", "Pacific/Auckland"),
    ("Reykjavik", "Atlantic/Reykjavik"),
    ("London, Canada", "America/Toronto"),
    ("Paris, Texas", "America/Chicago"),
    ("I live in Madrid", "Europe/Madrid"),
    ("I'm in Lisbon", "Europe/Lisbon"),
    ("near Boston", "America/New_York"),
    ("India", "Asia/Kolkata"),
    ("Germany", "Europe/Berlin"),
    ("Japan", "Asia/Tokyo"),
    ("Spain", "Europe/Madrid"),
    ("Poland", "Europe/Warsaw"),
    ("Kenya", "Africa/Nairobi"),
    ("Argentina", "America/Argentina/Buenos_Aires"),
    ("Europe/Lisbon", "Europe/Lisbon"),
    ("UTC+2", "Etc/GMT-2"),
    ("CET", ASK, "Europe/Berlin"),
    ("Georgia", ASK, "Asia/Tbilisi", "America/New_York"),
    ("USA", ASK, "America/New_York", "America/Los_Angeles"),
    ("Russia", ASK, "Europe/Moscow"),
    ("Australia", ASK, "Australia/Sydney", "Australia/Perth"),
    ("Cambridge", ASK, "Europe/London", "America/New_York"),
    ("Birmingham", ASK, "Europe/London", "America/Chicago"),
    ("Berln", ASK, "Europe/Berlin"),
    ("Amsterdamm", ASK, "Europe/Amsterdam"),
    # German
    ("München", "Europe/Berlin"),
    ("Köln", "Europe/Berlin"),
    ("Wien", "Europe/Vienna"),
    ("Zürich", "Europe/Zurich"),
    ("Mailand", "Europe/Rome"),
    ("Rom", "Europe/Rome"),
    ("Moskau", "Europe/Moscow"),
    ("Kopenhagen", "Europe/Copenhagen"),
    ("Warschau", "Europe/Warsaw"),
    ("Prag", "Europe/Prague"),
    ("Deutschland", "Europe/Berlin"),
    ("Österreich", "Europe/Vienna"),
    ("die Schweiz", "Europe/Zurich"),
    ("Spanien", "Europe/Madrid"),
    ("Frankreich", "Europe/Paris"),
    ("Ich wohne in Hamburg", "Europe/Berlin"),
    ("Vereinigte Staaten", ASK, "America/New_York"),
    # Spanish
    ("Londres", "Europe/London"),
    ("Nueva York", "America/New_York"),
    ("Ciudad de México", "America/Mexico_City"),
    ("Sevilla", "Europe/Madrid"),
    ("Bogotá", "America/Bogota"),
    ("Lima", "America/Lima"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Alemania", "Europe/Berlin"),
    ("Francia", "Europe/Paris"),
    ("Italia", "Europe/Rome"),
    ("Japón", "Asia/Tokyo"),
    ("vivo en Valencia", "Europe/Madrid"),
    ("Estados Unidos", ASK, "America/New_York"),
    ("México", ASK, "America/Mexico_City"),
    # French, Italian, Portuguese, Dutch, Polish, Russian
    ("Genève", "Europe/Zurich"),
    ("Bruxelles", "Europe/Brussels"),
    ("Allemagne", "Europe/Berlin"),
    ("Roma", "Europe/Rome"),
    ("Firenze", "Europe/Rome"),
    ("Napoli", "Europe/Rome"),
    ("Lisboa", "Europe/Lisbon"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Alemanha", "Europe/Berlin"),
    ("Den Haag", "Europe/Amsterdam"),
    ("Duitsland", "Europe/Berlin"),
    ("Warszawa", "Europe/Warsaw"),
    ("Kraków", "Europe/Warsaw"),
    ("Niemcy", "Europe/Berlin"),
    ("Москва", "Europe/Moscow"),
    ("Киев", "Europe/Kyiv"),
    ("Германия", "Europe/Berlin"),
    # More German and Spanish, regions, and names shared by several places
    ("Lissabon", "Europe/Lisbon"),
    ("Nizza", "Europe/Paris"),
    ("Genf", "Europe/Zurich"),
    ("Kairo", "Africa/Cairo"),
    ("Neuseeland", "Pacific/Auckland"),
    ("Südafrika", "Africa/Johannesburg"),
    ("Estambul", "Europe/Istanbul"),
    ("Pekín", "Asia/Shanghai"),
    ("Nueva Zelanda", "Pacific/Auckland"),
    ("Inglaterra", "Europe/London"),
    ("Ontario", "America/Toronto"),
    ("Bayern", "Europe/Berlin"),
    ("Seattle, WA", "America/Los_Angeles"),
    ("Portland, Maine", "America/New_York"),
    ("Kanada", ASK, "America/Toronto", "America/Vancouver"),
    ("Springfield", ASK, "America/Chicago", "America/New_York"),
    ("Santiago", ASK, "America/Santiago"),
    ("Córdoba", ASK, "America/Argentina/Cordoba", "Europe/Madrid"),
    ("Odessa", ASK, "Europe/Kyiv", "America/Chicago"),
    # Written down without trying them first (their first run: 98 of 102 right, 3 asked,
    # 1 missed, 0 wrong picks); only "Großbritannien" was fixed after, by an alias.
    ("Frankfurt am Main", "Europe/Berlin"),
    ("Düsseldorf", "Europe/Berlin"),
    ("Stuttgart", "Europe/Berlin"),
    ("Leipzig", "Europe/Berlin"),
    ("Graz", "Europe/Vienna"),
    ("Basel", "Europe/Zurich"),
    ("Luxemburg", "Europe/Luxembourg"),
    ("Brüssel", "Europe/Brussels"),
    ("Antwerpen", "Europe/Brussels"),
    ("Rotterdam", "Europe/Amsterdam"),
    ("Utrecht", "Europe/Amsterdam"),
    ("Stockholm", "Europe/Stockholm"),
    ("Göteborg", "Europe/Stockholm"),
    ("Oslo", "Europe/Oslo"),
    ("Helsinki", "Europe/Helsinki"),
    ("Tallinn", "Europe/Tallinn"),
    ("Riga", "Europe/Riga"),
    ("Vilnius", "Europe/Vilnius"),
    ("Budapest", "Europe/Budapest"),
    ("Bukarest", "Europe/Bucharest"),
    ("Sofía", "Europe/Sofia"),
    ("Belgrado", "Europe/Belgrade"),
    ("Zagreb", "Europe/Zagreb"),
    ("Ljubljana", "Europe/Ljubljana"),
    ("Atenas", "Europe/Athens"),
    ("Estocolmo", "Europe/Stockholm"),
    ("Ginebra", "Europe/Zurich"),
    ("Múnich", "Europe/Berlin"),
    ("Colonia", "Europe/Berlin"),
    ("Milán", "Europe/Rome"),
    ("Turín", "Europe/Rome"),
    ("Oporto", "Europe/Lisbon"),
    ("Bilbao", "Europe/Madrid"),
    ("Málaga", "Europe/Madrid"),
    ("Zaragoza", "Europe/Madrid"),
    ("Guadalajara", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Medellín", "America/Bogota"),
    ("Quito", "America/Guayaquil"),
    ("Caracas", "America/Caracas"),
    ("Montevideo", "America/Montevideo"),
    ("La Paz", ASK, "America/La_Paz"),
    ("Asunción", "America/Asuncion"),
    ("San Juan", ASK, "America/Puerto_Rico"),
    ("Chicago, IL", "America/Chicago"),
    ("Atlanta GA", "America/New_York"),
    ("Raleigh", "America/New_York"),
    ("Charlotte", "America/New_York"),
    ("Detroit", "America/Detroit"),
    ("Columbus, Ohio", "America/New_York"),
    ("Kansas City", "America/Chicago"),
    ("Omaha", "America/Chicago"),
    ("Albuquerque", "America/Denver"),
    ("Boise", "America/Boise"),
    ("Sacramento", "America/Los_Angeles"),
    ("Oakland", "America/Los_Angeles"),
    ("Palo Alto", "America/Los_Angeles"),
    ("Mountain View", "America/Los_Angeles"),
    ("Brooklyn", "America/New_York"),
    ("Jersey City", "America/New_York"),
    ("Halifax", ASK, "America/Halifax"),
    ("Winnipeg", "America/Winnipeg"),
    ("Edmonton", "America/Edmonton"),
    ("Ottawa", "America/Toronto"),
    ("Brisbane", "Australia/Brisbane"),
    ("Adelaide", "Australia/Adelaide"),
    ("Canberra", "Australia/Sydney"),
    ("Christchurch", "Pacific/Auckland"),
    ("Shanghai", "Asia/Shanghai"),
    ("Shenzhen", "Asia/Shanghai"),
    ("Taipei", "Asia/Taipei"),
    ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("Karachi", "Asia/Karachi"),
    ("Dhaka", "Asia/Dhaka"),
    ("Colombo", "Asia/Colombo"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Riyadh", "Asia/Riyadh"),
    ("Doha", "Asia/Qatar"),
    ("Amman", "Asia/Amman"),
    ("Beirut", "Asia/Beirut"),
    ("Casablanca", "Africa/Casablanca"),
    ("Tunis", "Africa/Tunis"),
    ("Accra", "Africa/Accra"),
    ("Addis Ababa", "Africa/Addis_Ababa"),
    ("Kampala", "Africa/Kampala"),
    ("Johannesburg", "Africa/Johannesburg"),
    ("Durban", "Africa/Johannesburg"),
    ("Санкт-Петербург", "Europe/Moscow"),
    ("Новосибирск", "Asia/Novosibirsk"),
    ("Минск", "Europe/Minsk"),
    ("Варшава", "Europe/Warsaw"),
    ("Nürnberg", "Europe/Berlin"),
    ("Wroclaw", "Europe/Warsaw"),
    ("Gdańsk", "Europe/Warsaw"),
    ("Brno", "Europe/Prague"),
    ("Bratislava", "Europe/Bratislava"),
    ("Hong Kong SAR", "Asia/Hong_Kong"),
    ("Schweiz", "Europe/Zurich"),
    ("Suiza", "Europe/Zurich"),
    ("Países Bajos", "Europe/Amsterdam"),
    ("Niederlande", "Europe/Amsterdam"),
    ("Reino Unido", "Europe/London"),
    ("Großbritannien", "Europe/London"),
    ("Irlanda", "Europe/Dublin"),
    ("Türkei", "Europe/Istanbul"),
    ("Portugal", "Europe/Lisbon"),
    ("Brasil", "America/Sao_Paulo"),
]


def _outcome(row: tuple[str, ...], found: ZoneMatch) -> str:
    """Right, asked (the right zone offered, not picked), a wrong pick, or missed."""
    _, expected, *zones = row
    offered = [choice.zone for choice in found.choices]
    if expected == ASK:
        if not found.sure and set(zones) <= set(offered):
            return "right"
        return "wrong pick" if found.sure else "missed"
    if found.sure:
        return "right" if found.zone == expected else "wrong pick"
    return "asked" if expected in offered else "missed"


def test_typed_places_are_right_first_and_never_wrongly_picked() -> None:
    outcomes = {row[0]: _outcome(row, match_zone(row[0])) for row in PLACES}
    counts = {
        kind: list(outcomes.values()).count(kind)
        for kind in ("right", "asked", "missed", "wrong pick")
    }
    print(f"\n{len(PLACES)} typed places: {counts}")
    assert len(PLACES) >= 90
    assert [typed for typed, kind in outcomes.items() if kind == "wrong pick"] == []
    assert counts["right"] / len(PLACES) >= 0.93, {
        t: k for t, k in outcomes.items() if k != "right"
    }


@pytest.mark.parametrize("row", PLACES, ids=[row[0] for row in PLACES])
def test_each_place(row: tuple[str, ...]) -> None:
    assert _outcome(row, match_zone(row[0])) in {"right", "asked"}


def test_a_country_comes_before_a_town_of_the_same_name() -> None:
    # "Mexico" is also a town in the Philippines; the country is what is meant.
    assert any(place.country == "PH" for place in places.find("mexico"))
    found = match_zone("Mexico")
    assert found.choices[0].zone == "America/Mexico_City"
    assert "Asia/Manila" not in [choice.zone for choice in found.choices]


def test_a_typo_is_offered_never_picked() -> None:
    found = match_zone("Munchn")
    assert not found.sure
    assert "Europe/Berlin" in [choice.zone for choice in found.choices]


def test_ambiguous_choices_say_which_place_each_is() -> None:
    labels = [choice.label for choice in match_zone("Georgia").choices]
    assert labels == ["Georgia · Tbilisi", "Georgia, US · New York"]


@pytest.mark.parametrize("typed", ["", "   ", "🙂", "xyzzy", "a" * 200, "12345"])
def test_nonsense_finds_nothing_sure(typed: str) -> None:
    assert match_zone(typed).zone is None
