"""The pitch as typed becomes clean first-person sentences a letter can use as they are."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading.pitch import read_pitch


@pytest.mark.parametrize(
    ("raw", "sentences"),
    [
        (
            "8 yrs go and postgres, led the rate-limiting rewrite at monzo",
            (
                "I have eight years of experience in Go and Postgres.",
                "I led the rate-limiting rewrite at monzo.",
            ),
        ),
        ("5 yrs warehouse exp", ("I have five years of warehouse experience.",)),
        ("b2b saas 4 yrs", ("I have four years of experience in B2B SaaS.",)),
        ("1 year as a barista", ("I have one year of experience as a barista.",)),
        ("10+ years in retail", ("I have more than ten years of experience in retail.",)),
        ("promoted twice in 3 years", ("I was promoted twice in three years.",)),
        ("CIMA qualified", ("I am CIMA qualified.",)),
        ("v strong in sql", ("I am very strong in SQL.",)),
        ("comfortable with RTOS", ("I am comfortable with RTOS.",)),
        ("mentor for student nurses", ("I am a mentor for student nurses.",)),
        ("experienced React developer", ("I am an experienced React developer.",)),
        ("forklift licence", ("I hold a forklift licence.",)),
        ("MEng from Sheffield", ("I hold an MEng from Sheffield.",)),
        ("summer internship at kpmg", ("I completed a summer internship at KPMG.",)),
        ("i managed team of 12 ppl", ("I managed a team of 12 people.",)),
        ("im on call for payments", ("I'm on call for payments.",)),
        ("built a event pipeline", ("I built an event pipeline.",)),
        ("speak english, polish and german", ("I speak English, Polish and German.",)),
        ("coached 8 SDRs, 3 of them now AEs", ("I coached 8 SDRs, 3 of them now AEs.",)),
        (
            "I have taught GCSE maths for five years",
            ("I have taught GCSE maths for five years.",),
        ),
        ("my Year 11 set got the best results", ("My Year 11 set got the best results.",)),
        ("strong excel and sql skills", ("I have strong Excel and SQL skills.",)),
        ("good at excel", ("I am good at Excel.",)),
        ("i excel at sales", ("I excel at sales.",)),
        ("native french speaker", ("I am a native French speaker.",)),
        ("customer focused", ("I am customer-focused.",)),
        ("own car", ("I own a car.",)),
        ("fluent spanish", ("I am fluent in Spanish.",)),
        ("managed £2m budget", ("I managed a £2m budget.",)),
        ("prince2 practitioner", ("I am a PRINCE2 practitioner.",)),
        (
            "over 10 yrs in hospitality",
            ("I have more than ten years of experience in hospitality.",),
        ),
        ("nearly 4 years in retail", ("I have nearly four years of experience in retail.",)),
        ("2 yrs freelance", ("I have two years of experience in freelancing.",)),
        ("promoted to team lead after 1 year", ("I was promoted to team lead after one year.",)),
    ],
)
def test_fragments_are_completed_as_first_person_sentences(
    raw: str, sentences: tuple[str, ...]
) -> None:
    assert read_pitch(raw) == sentences


@pytest.mark.parametrize(
    "raw",
    [
        "really need this job tbh",
        "desperate for anything rn",
        "qts 2021",
        "i am a",
        "i am",
        "i rly love data",
        "i can start asap",
        "need visa sponsorship",
        "bsc nursing 2019",
        "strong typography and motion",
        "and",
        "lol",
        "",
        "   ",
        None,
    ],
)
def test_what_cannot_be_completed_or_sounds_desperate_is_left_out(raw: str | None) -> None:
    assert read_pitch(raw) == ()


def test_a_desperate_fragment_goes_and_the_rest_stays() -> None:
    assert read_pitch("3 yrs acute medicine, really need this job, mentor for students") == (
        "I have three years of experience in acute medicine.",
        "I am a mentor for students.",
    )


def test_emoji_are_dropped_and_markup_kept() -> None:
    assert read_pitch("I write <i>Rust</i> ❤️") == ("I write <i>Rust</i>.",)


def test_a_claim_the_user_doubts_is_left_out() -> None:
    # Read as the hiring manager: "I'm good with numbers." from "…i guess??" is a claim the
    # candidate did not make; a hedged fragment stays with the user, the rest is kept.
    assert read_pitch("idk, i'm good with numbers i guess??") == ()
    assert read_pitch("maybe good at sql; led the month-end close") == (
        "I led the month-end close.",
    )


def test_chat_words_are_dropped_from_a_claim() -> None:
    assert read_pitch("i led the month-end close lol") == ("I led the month-end close.",)


def test_the_company_is_written_as_typed_elsewhere() -> None:
    assert read_pitch("i love brightwave's product", known=("Brightwave", "AE")) == (
        "I love Brightwave's product.",
    )


def test_the_same_sentence_is_given_once() -> None:
    assert read_pitch("led the migration; Led the migration.") == ("I led the migration.",)


@given(st.text(max_size=300))
def test_any_text_gives_complete_sentences(raw: str) -> None:
    for sentence in read_pitch(raw):
        assert sentence.endswith(".")
        assert sentence[:1].isupper()
        assert not sentence.startswith(("I am and", "I am.", "I have and"))


@given(st.text(max_size=200), st.lists(st.text(max_size=40), max_size=3))
def test_any_names_typed_elsewhere_are_read_without_error(raw: str, known: list[str]) -> None:
    for sentence in read_pitch(raw, known=known):
        assert sentence.endswith(".")
