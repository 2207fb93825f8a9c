"""Dates and timelines as people type them, in English, German and Spanish: a table of answers.

Each answer goes through the debrief's own readers (bot/debrief/steps.py: our parser,
then the dateparser fallback) at a fixed now in Berlin, with the sender's language. An
answer is *right* when the value stored, or offered for a confirmation, is the expected
one (or it is refused when it should be); *silently wrong* when a value other than the
expected one is stored without asking. The figures are printed (`pytest -s`); the test
holds silently wrong at 0 and the right counts at what was measured.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from bot.debrief.steps import STEPS, Context, Guess, Step
from bot.domain.debrief import DebriefAnswers
from bot.domain.time.timeparse import ParseError, read_timeline, read_when

BERLIN = "Europe/Berlin"
# Wednesday 25 November 2026, 15:37 in Berlin; the interview was today.
NOW = dt.datetime(2026, 11, 25, 15, 37, tzinfo=ZoneInfo(BERLIN))
HELD_AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(BERLIN))
REFUSE = "refuse"
NONE_GIVEN = "none given"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ZoneInfo(BERLIN))


def on(day: int, month: int = 12, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


Expected = dt.datetime | dt.date | str

WHEN: list[tuple[str, str, Expected]] = [
    # English: the forms of issue 14 first.
    ("en", "this morning around 10:30", at(25, 10, 30)),
    ("en", "today at 11", at(25, 11)),
    ("en", "yesterday at 11", at(24, 11)),
    ("en", "yesterday, half past two", at(24, 14, 30)),
    ("en", "the day before yesterday at 9.15", at(23, 9, 15)),
    ("en", "yesterday afternoon at 1", at(24, 13)),
    ("en", "earlier today", at(25, 10)),
    ("en", "I had the interview yesterday at 3pm", at(24, 15)),
    ("en", "it was on monday at 10am", at(23, 10)),
    ("en", "with the CTO on monday at 2pm", at(23, 14)),
    ("en", "yesterday 14:30", at(24, 14, 30)),
    ("en", "tuesday 3pm", at(24, 15)),
    ("en", "2026-11-20 14:00", at(20, 14)),
    ("en", "last friday at 4pm", at(20, 16)),
    ("en", "monday morning", at(23, 9)),
    ("en", "this afternoon at 2", at(25, 14)),
    ("en", "yesterday at 3", at(24, 15)),
    ("en", "yesterday at 7", at(24, 19)),
    ("en", "yesterday 2:30", at(24, 14, 30)),
    ("en", "20 Nov 9:15", at(20, 9, 15)),
    ("en", "Nov 20th at 2 p.m.", at(20, 14)),
    ("en", "3 days ago", at(22, 10)),
    ("en", "2 hours ago", at(25, 13, 37)),
    ("en", "just now", at(25, 15, 37)),
    ("en", "last night", at(24, 18)),
    ("en", "yesterday evening at 6", at(24, 18)),
    ("en", "monday at quarter to three", at(23, 14, 45)),
    ("en", "yesterday around noon", at(24, 12)),
    ("en", "yesterday at 11 o'clock", at(24, 11)),
    ("en", "we spoke yesterday around 4pm", at(24, 16)),
    ("en", "the call was this morning at 9", at(25, 9)),
    ("en", "20/11 at 10", at(20, 10)),
    ("en", "tue 24 nov 11am", at(24, 11)),
    ("en", "yesterday 3pm-ish", at(24, 15)),
    ("en", "Monday 23 Nov, 14:30", at(23, 14, 30)),
    ("en", "tomorrow 10am", REFUSE),  # ahead: that is /upcoming
    ("en", "soonish", REFUSE),
    ("en", "midnight 0001-01-01", REFUSE),
    ("en", "in 9999999 months", REFUSE),
    ("en", "9999999999 weeks", REFUSE),
    ("en", "yesterday 25:00", REFUSE),
    ("en", "2025-01-01 10:00", REFUSE),  # more than a year ago
    ("en", "yesterday at 2pm or 3pm", REFUSE),
    # German
    ("de", "gestern 14 Uhr", at(24, 14)),
    ("de", "gestern um 14:30", at(24, 14, 30)),
    ("de", "vorgestern 9 Uhr", at(23, 9)),
    ("de", "Montag 15 Uhr", at(23, 15)),
    ("de", "am Montag um 15 Uhr", at(23, 15)),
    ("de", "24. November 14:00", at(24, 14)),
    ("de", "23.11. um 14 Uhr", at(23, 14)),
    ("de", "heute Vormittag", at(25, 9)),
    ("de", "gestern Nachmittag", at(24, 14)),
    ("de", "vor 3 Tagen", at(22, 10)),
    ("de", "heute um 9", at(25, 9)),
    ("de", "letzten Freitag um 10 Uhr", at(20, 10)),
    ("de", "gestern Abend", at(24, 18)),
    ("de", "gestern 25 Uhr", REFUSE),
    ("de", "morgen um 10 Uhr", REFUSE),
    # Spanish
    ("es", "ayer a las 15:00", at(24, 15)),
    ("es", "ayer a las 3 de la tarde", at(24, 15)),
    ("es", "el lunes a las 10", at(23, 10)),
    ("es", "hace 2 días", at(23, 10)),
    ("es", "ayer por la tarde", at(24, 14)),
    ("es", "23 de noviembre 11:00", at(23, 11)),
    ("es", "el 23 de noviembre a las 11", at(23, 11)),
    ("es", "hoy a las 11", at(25, 11)),
    ("es", "anteayer", at(23, 10)),
    ("es", "el viernes pasado", at(20, 10)),
    ("es", "ayer 14 horas", at(24, 14)),
    ("es", "ayer a las 9 de la mañana", at(24, 9)),
    ("es", "mañana a las 10", REFUSE),
]
# Written after the readers were, and measured before any change for them (held out).
WHEN_HELD_OUT: list[tuple[str, str, Expected]] = [
    ("en", "Tuesday around 2:30pm", at(24, 14, 30)),
    ("en", "yesterday at about 4", at(24, 16)),
    ("en", "Monday at noon", at(23, 12)),
    ("en", "this morning at 8:45", at(25, 8, 45)),
    ("en", "the interview was yesterday at 10 am", at(24, 10)),
    ("en", "on the 20th at 3pm", at(20, 15)),
    ("en", "last thursday afternoon", at(19, 14)),
    ("en", "yesterday at 9:00 with the hiring manager", at(24, 9)),
    ("en", "about an hour ago", at(25, 14, 37)),
    ("en", "today 1pm", at(25, 13)),
    ("en", "Mon 23/11 at 16:00", at(23, 16)),
    ("en", "2 days ago in the morning", at(23, 9)),
    ("de", "gestern um 10", at(24, 10)),
    ("de", "heute Morgen um 9 Uhr", at(25, 9)),
    ("de", "Dienstag um 14 Uhr", at(24, 14)),
    ("de", "am 20.11. um 15:30", at(20, 15, 30)),
    ("de", "vor zwei Tagen", at(23, 10)),
    ("es", "ayer sobre las 11", at(24, 11)),
    ("es", "el martes a las 16:00", at(24, 16)),
    ("es", "hoy por la mañana", at(25, 9)),
    ("es", "el 20 de noviembre", at(20, 10)),
    ("es", "hace tres días", at(22, 10)),
]

TIMELINE: list[tuple[str, str, Expected]] = [
    # English
    ("en", "recruiter said they'd get back by end of next week", on(4)),
    ("en", "should hear back in about 10 days", on(5)),
    ("en", "a week or two", on(9)),
    ("en", "before Christmas", on(24)),
    ("en", "early next month", on(10)),
    ("en", "end of Q1", on(31, 3, 2027)),
    ("en", "2 weeks", on(9)),
    ("en", "by Dec 15", on(15)),
    ("en", "end of next week", on(4)),
    ("en", "within 3-5 business days", on(2)),
    ("en", "by friday", on(27, 11)),
    ("en", "next friday", on(4)),
    ("en", "end of the month", on(30, 11)),
    ("en", "mid december", on(15)),
    ("en", "early january", on(10, 1, 2027)),
    ("en", "they said 2-3 weeks", on(16)),
    ("en", "in a couple of weeks", on(9)),
    ("en", "a month", on(25)),
    ("en", "by the end of the year", on(31)),
    ("en", "after the holidays", on(10, 1, 2027)),
    ("en", "Q1 2027", on(31, 3, 2027)),
    ("en", "they'll let me know next week", on(4)),
    ("en", "hopefully within 10 days", on(5)),
    ("en", "end of next month", on(31)),
    ("en", "they said 2 weeks but maybe longer", on(9)),
    ("en", "next thursday", on(3)),
    ("en", "10 days", on(5)),
    ("en", "a fortnight", on(9)),
    ("en", "by thanksgiving", on(26, 11)),
    ("en", "they didn't say", NONE_GIVEN),
    ("en", "no idea", NONE_GIVEN),
    ("en", "9999999999 weeks", REFUSE),
    ("en", "in 9999999 months", REFUSE),
    ("en", "blah", REFUSE),
    ("en", "by Nov 2", REFUSE),  # before the interview
    # German
    ("de", "in 2 Wochen", on(9)),
    ("de", "in zwei Wochen", on(9)),
    ("de", "nächste Woche", on(4)),
    ("de", "Ende nächster Woche", on(4)),
    ("de", "bis 15. Dezember", on(15)),
    ("de", "Anfang Januar", on(10, 1, 2027)),
    ("de", "bis Weihnachten", on(24)),
    ("de", "innerhalb von 10 Tagen", on(5)),
    ("de", "in einem Monat", on(25)),
    ("de", "Ende des Monats", on(30, 11)),
    ("de", "keine Ahnung", NONE_GIVEN),
    # Spanish
    ("es", "en dos semanas", on(9)),
    ("es", "en 10 días", on(5)),
    ("es", "la próxima semana", on(4)),
    ("es", "finales de diciembre", on(31)),
    ("es", "antes de Navidad", on(24)),
    ("es", "a principios de enero", on(10, 1, 2027)),
    ("es", "en un mes", on(25)),
    ("es", "el 15 de diciembre", on(15)),
    ("es", "fin de mes", on(30, 11)),
    ("es", "no lo dijeron", NONE_GIVEN),
]
TIMELINE_HELD_OUT: list[tuple[str, str, Expected]] = [
    ("en", "they should get back to me within two weeks", on(9)),
    ("en", "by early December", on(10)),
    ("en", "3 weeks max", on(16)),
    ("en", "end of this week", on(27, 11)),
    ("en", "they'll decide by the 10th", on(10)),
    ("en", "around mid-January", on(15, 1, 2027)),
    ("en", "a couple of days", on(27, 11)),
    ("en", "next Monday", on(30, 11)),
    ("de", "bis Ende der Woche", on(27, 11)),
    ("de", "in drei Wochen", on(16)),
    ("de", "Mitte Dezember", on(15)),
    ("de", "bis Freitag", on(27, 11)),
    ("es", "en tres semanas", on(16)),
    ("es", "a mediados de diciembre", on(15)),
    ("es", "el viernes", on(27, 11)),
    ("es", "hasta el 10 de diciembre", on(10)),
]


@dataclass(frozen=True)
class Outcome:
    """What the bot did with an answer: stored it, offered it for a Yes, or refused it."""

    how: str  # "stored", "confirm" or "refused"
    value: Expected | None = None


def _context(language: str) -> Context:
    return Context(tz=BERLIN, now=NOW, languages=("en",) if language == "en" else ("en", language))


def _answers() -> DebriefAnswers:
    answers = DebriefAnswers()
    answers.held_at = HELD_AT
    return answers


def _stored(answers: DebriefAnswers, step: Step) -> Expected:
    if step is Step.WHEN:
        assert answers.held_at is not None
        return answers.held_at
    return answers.timeline_date or NONE_GIVEN


def _guessed(guess: Guess) -> Expected:
    if guess.step is Step.WHEN:
        return dt.datetime.fromisoformat(guess.value)
    return dt.date.fromisoformat(guess.value) if guess.value else NONE_GIVEN


def through_the_debrief(step: Step, language: str, text: str) -> Outcome:
    """The answer read as the debrief reads it: our parser, then the fallback."""
    read = STEPS[step].read
    assert read is not None
    answers = _answers()
    result = read(answers, text, _context(language))
    if isinstance(result, Guess):
        return Outcome("confirm", _guessed(result))
    if isinstance(result, str):
        return Outcome("refused")
    return Outcome("stored", _stored(answers, step))


def our_parser_alone(step: Step, language: str, text: str) -> Outcome:
    """The answer read by our parser only (the range checks of the debrief included)."""
    try:
        if step is Step.WHEN:
            reading = read_when(text, now=NOW, tz=BERLIN)
            ahead = reading.at > NOW + dt.timedelta(minutes=5)
            if ahead or reading.at < NOW - dt.timedelta(days=366):
                return Outcome("refused")
            return Outcome("stored" if reading.sure else "confirm", reading.at)
        timeline = read_timeline(text, held_on=HELD_AT.date(), today=NOW.date())
    except ParseError:
        return Outcome("refused")
    value: Expected = timeline.end or NONE_GIVEN
    return Outcome("stored" if timeline.sure else "confirm", value)


def verdict(outcome: Outcome, expected: Expected) -> str:
    if expected == REFUSE:
        if outcome.how == "refused":
            return "right"
        return "silently wrong" if outcome.how == "stored" else "wrong guess"
    if outcome.how == "refused":
        return "refused"
    if outcome.value == expected:
        return "right" if outcome.how == "stored" else "right after a Yes"
    return "silently wrong" if outcome.how == "stored" else "wrong guess"


WHEN_ROWS = [(Step.WHEN, *row) for row in WHEN + WHEN_HELD_OUT]
TIMELINE_ROWS = [(Step.TIMELINE_OTHER, *row) for row in TIMELINE + TIMELINE_HELD_OUT]
ROWS = WHEN_ROWS + TIMELINE_ROWS


def _tally(reader: object) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for step, language, text, expected in ROWS:
        outcome = reader(step, language, text)  # type: ignore[operator]
        found = verdict(outcome, expected)
        counts[found] += 1
        counts[f"{language} {found}"] += 1
        if found == "silently wrong":
            wrong.append(f"{text!r} → {outcome.value} (expected {expected})")
    return counts, wrong


def _right(counts: Counter[str], prefix: str = "") -> int:
    return counts[f"{prefix}right"] + counts[f"{prefix}right after a Yes"]


def test_the_table_covers_dates_and_timelines_in_three_languages() -> None:
    languages = Counter(language for _, language, _, _ in ROWS)
    assert len(ROWS) >= 150
    assert min(languages["de"], languages["es"]) >= 20
    assert len({(step, text) for step, _, text, _ in ROWS}) == len(ROWS)


def test_no_answer_is_ever_stored_wrong_without_asking() -> None:
    ours, ours_wrong = _tally(our_parser_alone)
    full, full_wrong = _tally(through_the_debrief)
    print(f"\n{len(ROWS)} answers ({len(WHEN_ROWS)} dates, {len(TIMELINE_ROWS)} timelines)")
    for name, counts in (("our parser alone", ours), ("with the fallback", full)):
        per_language = ", ".join(
            f"{language} {_right(counts, language + ' ')}" for language in ("en", "de", "es")
        )
        print(
            f"{name}: right {_right(counts)} (of which after a Yes "
            f"{counts['right after a Yes']}; {per_language}), refused {counts['refused']}, "
            f"wrong guess offered {counts['wrong guess']}, "
            f"silently wrong {counts['silently wrong']}"
        )
    assert ours_wrong == []
    assert full_wrong == []
    # The figures measured when the table was written: a drop is a regression.
    assert _right(ours) >= 99
    assert _right(full) >= 162


@pytest.mark.parametrize(("step", "language", "text", "expected"), ROWS)
def test_an_answer_is_right_or_refused_or_offered_for_a_yes(
    step: Step, language: str, text: str, expected: Expected
) -> None:
    outcome = through_the_debrief(step, language, text)
    assert verdict(outcome, expected) != "silently wrong", outcome
