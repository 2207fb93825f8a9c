"""Typed text cut to a length; the talking points' default split, as the summary shows it."""

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading import reading_en as r
from bot.domain.reading.points import kept_points, note_points, read_points
from bot.domain.reading.typed_text import shorten


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    cut = shorten("one two three four five six seven", 20)
    assert cut == "one two three four…"
    assert len(cut) <= 20


@given(st.text(max_size=300), st.integers(min_value=2, max_value=300))
def test_shorten_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(shorten(text, limit)) <= limit


def test_the_default_split_of_the_talking_points() -> None:
    raw = "their roadmap, salary band 75-85k, I got stuck on the eviction edge case"
    points = read_points(raw)
    assert note_points(points) == ("your roadmap",)
    assert [(item.text, item.why) for item in kept_points(points)] == [
        ("salary band 75-85k", r.WHY_PAY),
        ("I got stuck on the eviction edge case", r.WHY_HOW_IT_WENT),
    ]


@given(st.text(max_size=300))
def test_reading_points_never_raises(raw: str) -> None:
    assert all(point.strip() for point in note_points(read_points(raw)))
