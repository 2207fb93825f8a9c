"""Phrases join as prose; the old topic reading is the talking points' default split."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading import reading_en as r
from bot.domain.reading.points import kept_points, note_points, read_points
from bot.domain.reading.topics import join_phrases, lower_ordinary_first_word, read_topics, shorten


@pytest.mark.parametrize(
    ("phrases", "joined"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
    ],
)
def test_phrases_join_the_way_people_write_them(phrases: list[str], joined: str) -> None:
    assert join_phrases(phrases) == joined


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    cut = shorten("one two three four five six seven", 20)
    assert cut == "one two three four…"
    assert len(cut) <= 20


@given(st.text(max_size=300), st.integers(min_value=2, max_value=300))
def test_shorten_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("Team structure", "team structure"),
        ("Kubernetes migration", "Kubernetes migration"),
        ("I led the team", "I led the team"),
        ("SQL tuning", "SQL tuning"),
    ],
)
def test_only_an_ordinary_first_word_is_lowered(text: str, lowered: str) -> None:
    assert lower_ordinary_first_word(text) == lowered


def test_read_topics_is_the_default_split_of_the_talking_points() -> None:
    raw = "their roadmap, salary band 75-85k, I got stuck on the eviction edge case"
    reading = read_topics(raw)
    points = read_points(raw)
    assert reading.points == note_points(points) == ("your roadmap",)
    assert [(item.text, item.reason) for item in reading.left_out] == [
        ("salary band 75-85k", r.WHY_PAY),
        ("I got stuck on the eviction edge case", r.WHY_HOW_IT_WENT),
    ]
    assert len(reading.left_out) == len(kept_points(points))


@given(st.text(max_size=300))
def test_read_topics_never_raises(raw: str) -> None:
    reading = read_topics(raw)
    assert all(point.strip() for point in reading.points)
