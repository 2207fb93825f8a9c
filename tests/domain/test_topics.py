"""Topics as people type them become clean phrases; phrases join as prose."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.topics import join_phrases, normalise_topics, shorten


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "we talked about their Kubernetes migration and on-call",
            ["your Kubernetes migration", "on-call"],
        ),
        ("- a\n- b\n1. c\n2) Team structure.", ["a", "b", "c", "team structure"]),
        (
            "I explained my work on the payments API; they asked me about incident reviews.",
            ["my work on the payments API", "incident reviews"],
        ),
        ("System design, testing, Kafka.", ["system design", "testing", "Kafka"]),
        ("pros and cons of microservices", ["pros and cons of microservices"]),
        (
            "How designers and clinicians work together",
            ["how designers and clinicians work together"],
        ),
        (
            "Discussed: roadmap for 2025, scaling to 1,000,000 users",
            ["roadmap for 2025", "scaling to 1,000,000 users"],
        ),
        (
            "We went over how they do code review. Then she asked about my experience with Go.",
            ["how you do code review", "my experience with Go"],
        ),
        ("we had a long chat about career growth", ["career growth"]),
        (
            "• Hiring plans\n• Onboarding\n• The on-call rota etc.",
            ["hiring plans", "onboarding", "the on-call rota"],
        ),
        ("We also discussed salary expectations too.", ["salary expectations"]),
        ("migration to EKS (AWS) and more", ["migration to EKS (AWS)"]),
        ("Kubernetes, kubernetes; KUBERNETES", ["Kubernetes"]),
        ("the SQL test and the take-home", ["the SQL test", "the take-home"]),
        ("stuff, etc.", []),
        ("   ", []),
        ("", []),
        (None, []),
    ],
)
def test_topics_are_normalised_into_clean_phrases(raw: str | None, expected: list[str]) -> None:
    assert normalise_topics(raw) == expected


def test_proper_nouns_keep_the_users_capitals() -> None:
    assert normalise_topics("Kubernetes\nPostgreSQL tuning\nTeam rituals") == [
        "Kubernetes",
        "PostgreSQL tuning",
        "team rituals",
    ]


def test_user_text_is_kept_verbatim_apart_from_the_cleaning() -> None:
    assert normalise_topics("<b>R&D</b> budget 🚀") == ["<b>R&D</b> budget 🚀"]


def test_curly_apostrophes_are_understood() -> None:
    curly = "they\u2019re moving to Rust"
    assert normalise_topics(curly) == ["you\u2019re moving to Rust"]


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


@given(st.text(max_size=1000))
def test_any_text_gives_clean_unique_phrases(raw: str) -> None:
    phrases = normalise_topics(raw)
    folded = [phrase.casefold() for phrase in phrases]
    assert len(folded) == len(set(folded))
    for phrase in phrases:
        assert phrase
        assert phrase == phrase.strip()
        assert "\n" not in phrase


@given(st.text(max_size=300), st.integers(min_value=2, max_value=300))
def test_shorten_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(shorten(text, limit)) <= limit
