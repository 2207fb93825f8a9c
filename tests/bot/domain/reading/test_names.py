"""Names as people write them: proper case when typed in one case, and a title split off."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading.names import proper_case, split_name_title


@pytest.mark.parametrize(
    ("typed", "cased"),
    [
        ("priya raman", "Priya Raman"),
        ("PRIYA RAMAN", "Priya Raman"),
        ("grace mcdonald", "Grace McDonald"),
        ("kelly o'neill", "Kelly O'Neill"),
        ("sam o\u2019connor", "Sam O\u2019Connor"),
        ("james van der berg", "James van der Berg"),
        ("jean-luc picard", "Jean-Luc Picard"),
        ("dr. ana silva", "Dr. Ana Silva"),
        ("prof. richard hale", "Prof. Richard Hale"),
        ("léa dubois", "Léa Dubois"),
        ("  priya   raman ", "Priya Raman"),
        # Typed with capitals: the user knows best.
        ("McDonald", "McDonald"),
        ("Anna van der Berg", "Anna van der Berg"),
        ("danah boyd-Smith", "danah boyd-Smith"),
        ("Mackenzie Lee", "Mackenzie Lee"),
        ("", ""),
        ("r2d2", "r2d2"),
    ],
)
def test_proper_case(typed: str, cased: str) -> None:
    assert proper_case(typed) == cased


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("Aisha Okafor - staff engineer", ("Aisha Okafor", "staff engineer")),
        ("Aisha Okafor — Staff Engineer", ("Aisha Okafor", "Staff Engineer")),
        ("Linda Tran, the nurse manager", ("Linda Tran", "nurse manager")),
        ("Tom Lee (CFO)", ("Tom Lee", "CFO")),
        ("Ana Silva | Head of Design", ("Ana Silva", "Head of Design")),
        ("Jo Bloggs, Recruiter", ("Jo Bloggs", "Recruiter")),
        ("Ana Silva", ("Ana Silva", None)),
        ("Mary-Jane Watson", ("Mary-Jane Watson", None)),
        ("Smith, John", ("Smith, John", None)),
        ("Jo -", ("Jo -", None)),
        ("O'Brien-Smith", ("O'Brien-Smith", None)),
    ],
)
def test_split_name_title(typed: str, split: tuple[str, str | None]) -> None:
    assert split_name_title(typed) == split


@given(st.text(max_size=60))
def test_never_raises_and_keeps_the_letters(text: str) -> None:
    cased = proper_case(text)
    assert cased.casefold() == " ".join(text.split()).casefold() or len(cased) == len(
        " ".join(text.split())
    )
    name, title = split_name_title(text)
    assert name or not text.strip()
    assert title is None or title.strip()
