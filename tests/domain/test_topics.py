"""Topics as people type them become clean phrases; phrases join as prose."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.topics import join_phrases, normalise_topics, private_reason, read_topics, shorten


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


# --- What is for the user only (issue 13) ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "points", "left_out"),
    [
        (
            "we went deep on token bucket vs sliding window and she liked my point about "
            "per-merchant limits",
            ["token bucket vs sliding window"],
            [("she liked my point about per-merchant limits", "how it went, for you only")],
        ),
        (
            "LRU cache w/ TTL in Go, I got stuck on the eviction edge case",
            ["LRU cache with TTL in Go"],
            [("I got stuck on the eviction edge case", "how it went, for you only")],
        ),
        (
            "talking with you about quick 30 min screen",
            [],
            [("talking with you about quick 30 min screen", "interview logistics")],
        ),
        (
            "OTE range and the 50/50 split",
            [],
            [("OTE range and the 50/50 split", "pay and benefits")],
        ),
        (
            "the reaction wheel controller rewrite, which has slipped twice",
            ["the reaction wheel controller rewrite, which has slipped twice"],
            [],
        ),
        (
            "falls prevention audit they ran last year\n"
            "they asked me about my notice period - 8 weeks",
            ["the falls prevention audit you ran last year"],
            [
                (
                    "they asked me about my notice period - 8 weeks",
                    "notice period or reasons for leaving",
                )
            ],
        ),
        (
            "salary band 75-85k, the board pack",
            ["the board pack"],
            [("salary band 75-85k", "pay and benefits")],
        ),
        (
            "why I'm leaving my current school",
            [],
            [("why I'm leaving my current school", "notice period or reasons for leaving")],
        ),
        (
            "video call kept dropping; research ops",
            ["research ops"],
            [("video call kept dropping", "interview logistics")],
        ),
        (
            "my lesson on fractions - the kids liked it",
            ["my lesson on fractions"],
            [("the kids liked it", "how it went, for you only")],
        ),
        ("Went well I think", [], [("Went well I think", "how it went, for you only")]),
        (
            "I messed up the metrics question. design crits",
            ["design crits"],
            [("I messed up the metrics question", "how it went, for you only")],
        ),
        ("equity partnership track", [], [("equity partnership track", "pay and benefits")]),
        # Words that only look private stay: a rate limiter, screen readers, heart rate.
        ("rate limiter for the public API", ["rate limiter for the public API"], []),
        (
            "screen reader support, heart rate monitoring",
            ["screen reader support", "heart rate monitoring"],
            [],
        ),
        ("the benefits of pair programming", ["the benefits of pair programming"], []),
        ("12-hour shift patterns on the ward", ["12-hour shift patterns on the ward"], []),
        ("then about their process for pitching", ["your process for pitching"], []),
    ],
)
def test_private_notes_are_left_out_with_a_reason(
    raw: str, points: list[str], left_out: list[tuple[str, str]]
) -> None:
    reading = read_topics(raw)
    assert list(reading.points) == points
    assert [(item.text, item.reason) for item in reading.left_out] == left_out


@given(st.text(max_size=300))
def test_reading_never_raises_and_keeps_nothing_private(raw: str) -> None:
    reading = read_topics(raw)
    for point in reading.points:
        assert point.strip()
        assert private_reason(point) is None
