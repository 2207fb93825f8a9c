"""Talking points as people type them: clean topics go to the note, the rest stays with the user."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading import reading_en as r
from bot.domain.reading.points import (
    Point,
    kept_points,
    note_points,
    points_from_json,
    points_to_json,
    read_points,
)


def split(raw: str, known: tuple[str, ...] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    points = read_points(raw, known=known)
    kept = [(point.text, point.why or "") for point in kept_points(points)]
    return list(note_points(points)), kept


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("we talked about their Kubernetes migration", ["your Kubernetes migration"]),
        ("we went deep on token bucket vs sliding window", ["token bucket versus sliding window"]),
        (
            "he asked about my team lead experience",
            ["your question about my team-lead experience"],
        ),
        ("asked abt experience w/ SAP", ["your question about my experience with SAP"]),
        ("grilled me on IFRS 9", ["your questions about IFRS 9"]),
        ("tenant complaints process", ["the tenant complaints process"]),
        ("experience in audit", ["experience in audit"]),
        ("sdr to ae ratio", ["the SDR to AE ratio"]),
        ("designing a rate limiter", ["designing a rate limiter"]),
        ("stress testing the platform", ["stress testing the platform"]),
        (
            "she asked how i'd handle a disruptive class",
            ["your question about how I'd handle a disruptive class"],
        ),
        (
            "managing 3 bldgs w/ approx 400 apts",
            ["managing 3 buildings with approximately 400 apartments"],
        ),
        ("their 7 day service", ["your 7-day service"]),
        ("his team's roadmap", ["your team's roadmap"]),
        ("their hiring plans, infrastructure costs", ["your hiring plans", "infrastructure costs"]),
        ("their sprint rhythm and sync meetings", ["your sprint rhythm and sync meetings"]),
        ("the falls audit they ran last year", ["the falls audit you ran last year"]),
        ("how they run deal reviews", ["how you run deal reviews"]),
        ("Team structure", ["the team structure"]),
        (
            "- hiring plans\n- onboarding\n1. code review",
            ["hiring plans", "onboarding", "code review"],
        ),
        ("Kubernetes, kubernetes; KUBERNETES", ["Kubernetes"]),
        ("their roadmap, the roadmap, roadmap", ["your roadmap"]),
        ("their on-call rotation (follow-the-sun)", ["your on-call rotation (follow-the-sun)"]),
        (
            "he asked me to describe a time i had to give tough feedback",
            ["your question about a time I had to give tough feedback"],
        ),
        ("remote monitoring tools", ["remote monitoring tools"]),
        ("month end close", ["month-end close"]),
        # Words that only look private: a rate limiter, screen readers, heart rate, benefits of.
        ("rate limiter for the public API", ["rate limiter for the public API"]),
        (
            "screen reader support, heart rate monitoring",
            ["screen reader support", "heart rate monitoring"],
        ),
        ("the benefits of pair programming", ["the benefits of pair programming"]),
        ("then about their process for pitching", ["your process for pitching"]),
        ("i asked about progression", ["progression"]),
        ("i asked what a good first year looks like", ["what a good first year looks like"]),
    ],
)
def test_clean_topics_go_to_the_note_written_as_the_note_says_them(
    raw: str, note: list[str]
) -> None:
    assert split(raw)[0] == note


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("nervous", r.WHY_HOW_IT_WENT),
        ("i think i blew it", r.WHY_HOW_IT_WENT),
        ("went well", r.WHY_HOW_IT_WENT),
        ("I got stuck on the eviction edge case", r.WHY_HOW_IT_WENT),
        ("needed a hint on the last one", r.WHY_HOW_IT_WENT),
        ("she was super friendly", r.WHY_PERSON),
        ("seemed distracted", r.WHY_PERSON),
        ("kept checking the time", r.WHY_PERSON),
        ("her kids go to the same school lol", r.WHY_PERSON),
        ("agency staff not pulling their weight", r.WHY_PERSON),
        ("she said the team is short staffed", r.WHY_CONFIDED),
        ("he mentioned they might lose the contract", r.WHY_CONFIDED),
        ("between us the roadmap is a mess", r.WHY_CONFIDED),
        ("OTE range and the 50/50 split", r.WHY_PAY),
        ("shift pay", r.WHY_PAY),
        ("equity", r.WHY_PAY),
        ("background check", r.WHY_LOGISTICS),
        ("drug test", r.WHY_LOGISTICS),
        ("start date", r.WHY_LOGISTICS),
        ("relocation", r.WHY_LOGISTICS),
        ("visa sponsorship", r.WHY_LOGISTICS),
        ("travel is 40%", r.WHY_LOGISTICS),
        ("remote 2 days a week", r.WHY_LOGISTICS),
        ("notice period", r.WHY_LOGISTICS),
        ("45 min on teams", r.WHY_LOGISTICS),
        ("asked about my biggest weakness", r.WHY_WEAK_SPOT),
        ("a time i had a conflict with my manager", r.WHY_WEAK_SPOT),
        ("why I'm leaving my current job", r.WHY_WEAK_SPOT),
        ("asked about gaps in my cv", r.WHY_WEAK_SPOT),
        ("asked why i was made redundant", r.WHY_WEAK_SPOT),
        ("asked what i would do differently", r.WHY_WEAK_SPOT),
        ("the team is growing fast", r.WHY_NOT_A_PHRASE),
        ("the team works remotely", r.WHY_NOT_A_PHRASE),
        ("how do they onboard?", r.WHY_NOT_A_PHRASE),
        ("the usual", r.WHY_TOO_GENERAL),
        ("his recent surgery", r.WHY_PERSON),
        ("the previous manager", r.WHY_CONFIDED),
        ("sick days", r.WHY_PAY),
        ("how many people applied", r.WHY_LOGISTICS),
        ("when they will decide", r.WHY_LOGISTICS),
        ("what they think of me", r.WHY_HOW_IT_WENT),
        ("how i did", r.WHY_HOW_IT_WENT),
        ("what went wrong with the last launch", r.WHY_CONFIDED),
        ("how long the process takes", r.WHY_LOGISTICS),
        ("how much i would earn", r.WHY_PAY),
        ("project for new warehouse", r.WHY_NOT_A_PHRASE),
        ("working with client", r.WHY_NOT_A_PHRASE),
        ("their mngmt style", r.WHY_SHORTHAND),
        ("rly good onboarding", r.WHY_SHORTHAND),
        ("how she built the team", r.WHY_NOT_A_PHRASE),
        ("working with him on the audit", r.WHY_NOT_A_PHRASE),
        ("we chatted about football lol", r.WHY_SMALL_TALK),
        ("he talked a lot about his own career", r.WHY_PERSON),
        ("fully remote", r.WHY_LOGISTICS),
        ("great chat", r.WHY_HOW_IT_WENT),
        ("really tough questions", r.WHY_HOW_IT_WENT),
        ("promising!", r.WHY_HOW_IT_WENT),
        ("redundancies last year", r.WHY_CONFIDED),
        ("their ofsted rating (requires improvement)", r.WHY_CONFIDED),
        ("2 vacancies", r.WHY_CONFIDED),
        ("unlimited holiday", r.WHY_PAY),
        ("company car", r.WHY_PAY),
        ("psychometric tests", r.WHY_LOGISTICS),
        ("reasonable adjustments for my dyslexia", r.WHY_PERSON),
        ("my career break", r.WHY_WEAK_SPOT),
        ("looking for someone w/ sap exp", r.WHY_NOT_A_PHRASE),
    ],
)
def test_everything_else_is_kept_for_the_user_with_a_reason(raw: str, why: str) -> None:
    note, kept = split(raw)
    assert note == []
    assert [reason for _, reason in kept] == [why]


def test_a_kept_remark_shows_what_the_user_typed_and_cannot_be_moved() -> None:
    (point,) = read_points("hes lovely lol")
    assert point == Point("hes lovely lol", False, r.WHY_PERSON, movable=False)
    assert point.moved() == point


def test_kept_pay_or_logistics_that_reads_as_a_phrase_can_be_moved_as_the_note_says_it() -> None:
    (point,) = read_points("start date 4 jan")
    assert point == Point("start date 4 January", False, r.WHY_LOGISTICS)
    assert point.moved().for_note


def test_an_aside_joins_the_private_remark_it_follows() -> None:
    _, kept = split("they asked me about my notice period - 8 weeks")
    assert kept == [("they asked me about my notice period - 8 weeks", r.WHY_LOGISTICS)]


def test_a_topic_the_user_stumbled_on_is_kept_as_a_weak_spot() -> None:
    note, kept = split("excel test - messed up the vlookup")
    assert note == []
    assert kept == [
        ("the Excel test", r.WHY_WEAK_SPOT),
        ("messed up the vlookup", r.WHY_HOW_IT_WENT),
    ]


@pytest.mark.parametrize(
    ("raw", "note", "kept"),
    [
        ("their roadmap and salary", ["your roadmap"], ["salary"]),
        (
            "how they develop deputy managers and their bonus scheme",
            ["how you develop deputy managers"],
            ["your bonus scheme"],
        ),
        ("the pay and progression framework", [], ["the pay and progression framework"]),
        ("bonus scheme and car allowance", [], ["bonus scheme and car allowance"]),
    ],
)
def test_a_topic_joined_to_a_private_word_splits_off_when_it_stands_alone(
    raw: str, note: list[str], kept: list[str]
) -> None:
    assert split(raw)[0] == note
    assert [text for text, _ in split(raw)[1]] == kept


def test_a_remark_after_a_topic_splits_off() -> None:
    note, kept = split(
        "we went deep on token bucket vs sliding window and she liked my point about limits"
    )
    assert note == ["token bucket versus sliding window"]
    assert [text for text, _ in kept] == ["she liked my point about limits"]


def test_an_idiom_about_people_never_becomes_your() -> None:
    points = read_points("ppl not pulling their weight")
    assert not any("your weight" in point.text for point in points)
    assert note_points(points) == ()


@pytest.mark.parametrize(
    ("raw", "known", "note"),
    [
        ("their move to epic ehr in march", (), ["your move to Epic EHR in March"]),
        ("the may release", (), ["the may release"]),
        ("onboarding at brightwave", ("Brightwave", "AE"), ["onboarding at Brightwave"]),
        ("sql tuning, then SQL reviews", (), ["SQL tuning", "SQL reviews"]),
        (
            "the Oatly brief, oatly's tone of voice",
            (),
            ["the Oatly brief", "Oatly's tone of voice"],
        ),
        ("kpis for sdrs", (), ["KPIs for SDRs"]),
        ("ich gcp e6 r3 changes", (), ["ICH GCP E6 R3 changes"]),
        ("tiktok vs print", (), ["TikTok versus print"]),
        ("their new warehouse in daventry", (), ["your new warehouse in Daventry"]),
        ("the leeds stores", (), ["the Leeds stores"]),
        ("experience in mobile", (), ["experience in mobile"]),
        ("their Process, process mapping", (), ["your Process", "process mapping"]),
        (
            "new science curriculum",
            ("Oakfield Academy", "Science Teacher"),
            ["the new science curriculum"],
        ),
    ],
)
def test_case_is_mended_where_it_can_be_known(
    raw: str, known: tuple[str, ...], note: list[str]
) -> None:
    assert split(raw, known)[0] == note


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("data pipline", ["the data pipeline"]),
        ("thier managment style", ["your management style"]),
        ("w/ the team lol", []),
        ("honestly their design system tbh", ["your design system"]),
        ("api work haha 🚀", ["API work"]),
        ("THEIR ROADMAP", ["your roadmap"]),
        ("AWS MIGRATION", ["the AWS migration"]),
        ("i.e. the qa process", ["the QA process"]),
    ],
)
def test_typos_shorthand_and_chat_never_reach_the_note(raw: str, note: list[str]) -> None:
    assert split(raw)[0] == note


def test_points_survive_json() -> None:
    points = read_points("their roadmap, salary band, hes lovely")
    assert points_from_json(points_to_json(points)) == points


_CHAT = re.compile(r"(?<!\w)(?:lol|tbh|haha|rn|w/|yrs|abt|ppl|mgmt|omg)(?!\w)", re.IGNORECASE)


@given(st.text(max_size=300))
def test_any_text_reads_without_error_and_a_note_point_is_a_short_clean_phrase(raw: str) -> None:
    points = read_points(raw)
    texts = [point.text.casefold() for point in points]
    assert len(texts) == len(set(texts))
    for text in note_points(points):
        assert text.strip()
        assert len(text) <= r.POINT_LIMIT
        assert not _CHAT.search(text)
        assert "?" not in text


# Private remarks as people type them, each with a word that must never reach a note.
PRIVATE_REMARKS = {
    "nervous lol": "nervous",
    "salary 60k": "60k",
    "she said morale is low": "morale",
    "background check": "background",
    "i blanked": "blanked",
    "seemed bored": "bored",
    "he was 20 minutes late": "late",
    "OTE is 120k 50/50 split": "ote",
    "kept checking her phone": "phone",
    "his daughter's wedding": "wedding",
    "the old mgr got let go apparently": "let go",
    "travel is like 60%": "travel",
    "start date early feb": "start date",
    "asked why i want to leave": "leave",
    "she has a toddler": "toddler",
    "i think i blew it": "blew",
    "their 4 day week": "4-day",
    "ppl not pulling their weight": "weight",
    "pension is amazing": "pension",
    "drug test": "drug",
    "they lost 3 big clients": "clients",
    "couldnt answer the section 8 question": "section 8",
    "redundancies last year": "redundanc",
    "how many people applied": "applied",
    "his recent surgery": "surgery",
    "great chat": "chat",
    "the weather": "weather",
}
TOPICS = ["their roadmap", "how they deploy", "the new EHR", "he asked about my Go experience"]


@given(st.lists(st.sampled_from(sorted(PRIVATE_REMARKS) + TOPICS), max_size=8), st.booleans())
def test_mixed_notes_keep_every_private_remark_out_of_the_note(
    parts: list[str], lines: bool
) -> None:
    raw = ("\n" if lines else ", ").join(parts)
    note = " ".join(note_points(read_points(raw))).casefold()
    for part in parts:
        if part in PRIVATE_REMARKS:
            assert PRIVATE_REMARKS[part] not in note, (part, note)


@given(st.text(max_size=200), st.lists(st.text(max_size=40), max_size=3))
def test_any_names_typed_elsewhere_are_read_without_error(raw: str, known: list[str]) -> None:
    for point in read_points(raw, known=known):
        assert point.text.strip()
