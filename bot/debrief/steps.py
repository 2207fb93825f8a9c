"""The debrief as one table: for each step, how a typed answer is read and what comes next.

Adding a step: a number in `Step` (append; stored conversations keep theirs), its question
in views.question, and a row in STEPS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from zoneinfo import ZoneInfo

from bot.domain.debrief import MAX_INTERVIEWERS, DebriefAnswers
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.time.date_guess import NO_TIMELINE, guess_timeline, guess_when
from bot.domain.time.timeparse import ParseError, read_timeline, read_when
from bot.ui.display import when
from bot.ui.inputs import valid_contact


class Step(IntEnum):
    """The conversation's states; stored in conversation_states, so append, never renumber."""

    COMPANY = 1
    ROLE = 2
    WHEN = 3
    PERSON_NAME = 4
    PERSON_TITLE = 5
    PERSON_CONTACT = 6
    PERSON_TOPICS = 7
    MORE = 8
    PITCH = 9
    TIMELINE = 10
    TIMELINE_OTHER = 11
    SUMMARY = 12
    EDIT_PICK = 13
    EDIT_PERSON = 14
    WHEN_GUESS = 15  # "Monday 23 Nov, 15:00 — right?" with Yes / No, type it again
    TIMELINE_GUESS = 16
    # After the topics: what goes into this interviewer's note, what is kept for the user.
    PERSON_POINTS = 17
    # "Is “Bo Chen” their job title?": the answer repeats the one before (the question
    # after it may never have arrived), so it is confirmed before it is stored.
    PERSON_TITLE_GUESS = 18
    PERSON_TOPICS_GUESS = 19


@dataclass(frozen=True, slots=True)
class Context:
    """What reading an answer may depend on besides the answers themselves."""

    tz: str
    now: dt.datetime
    # What the fallback may read besides English: the sender's Telegram language.
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True, slots=True)
class Guess:
    """An answer read as a guess: echoed back with Yes / No, and stored only on Yes."""

    step: Step  # the step the answer belongs to
    typed: str
    value: str  # the moment (ISO 8601), the timeline's last day (ISO date); "": none given


@dataclass(frozen=True, slots=True)
class TextField:
    """A step answered by typing: what is expected, where it goes and what is allowed."""

    key: str  # the attribute of DebriefAnswers (or of the interviewer, `of_person`)
    what: str
    limit: int
    optional: bool
    of_person: bool = False


# Reads a typed answer into the answers; returns what to tell the user when it can't, or
# a guess to confirm before anything is stored.
Reader = Callable[[DebriefAnswers, str, Context], str | Guess | None]
# The step after an accepted answer, and a line to say before its question.
Next = Callable[[DebriefAnswers], tuple[Step, str]]


@dataclass(frozen=True, slots=True)
class StepRow:
    """One row of the table. A step without a field is answered with its buttons only."""

    field: TextField | None = None
    read: Reader | None = None  # when storing the text as typed is not enough
    next: Next | None = None
    typed_is: Step | None = None  # a typed answer here answers that step instead
    typed_note: str = ""  # said before what follows such a typed answer
    # An answer changed from the summary's Edit goes on to `next` (a review of it) rather
    # than straight back to the summary.
    on_while_editing: bool = False


def store(answers: DebriefAnswers, field: TextField, value: str | None) -> None:
    """An answer as typed (or None when skipped) into its place."""
    if field.of_person:
        answers.set_person_field(field.key, value)
    else:
        setattr(answers, field.key, value)


def _read_when(answers: DebriefAnswers, typed: str, context: Context) -> str | Guess | None:
    try:
        reading = read_when(typed, now=context.now, tz=context.tz)
    except ParseError as error:
        guess = guess_when(typed, now=context.now, tz=context.tz, languages=context.languages)
        if guess is None or _when_refusal(guess, context) is not None:
            return str(error)
        return Guess(Step.WHEN, typed, guess.isoformat())
    refusal = _when_refusal(reading.at, context)
    if refusal is not None:
        return refusal
    if not reading.sure:
        return Guess(Step.WHEN, typed, reading.at.isoformat())
    answers.set_held_at(reading.at, context.tz)
    return None


def _when_refusal(held_at: dt.datetime, context: Context) -> str | None:
    if held_at > context.now + dt.timedelta(minutes=5):
        return (
            f"{when(held_at, context.tz, now=context.now)} is still ahead. To register an "
            "upcoming interview, finish or /cancel this debrief and use /upcoming. When did "
            "the interview you're telling me about take place?"
        )
    if held_at < context.now - dt.timedelta(days=366):
        return "That's more than a year ago; is the year right? Please type the date again."
    return None


def _read_name(answers: DebriefAnswers, typed: str, context: Context) -> None:
    """ "aisha okafor - staff engineer": the name "Aisha Okafor", the title "staff engineer"."""
    name, title = split_name_title(typed)
    answers.set_person_field("name", proper_case(name))
    if title is not None:
        answers.set_person_field("title", title)
    return None


def _after_name(answers: DebriefAnswers) -> tuple[Step, str]:
    """The title was typed with the name: not asked again."""
    title = answers.person_in_question().title
    if title:
        return Step.PERSON_CONTACT, f"Title noted: {title}.\n\n"
    return Step.PERSON_TITLE, ""


def _read_contact(answers: DebriefAnswers, typed: str, context: Context) -> str | None:
    if not valid_contact(typed):
        return (
            "That doesn't look like an email address, a phone number or a LinkedIn profile. "
            "Please send e.g. “ana@example.com”, “+49 30 1234567”, "
            "“linkedin.com/in/ana-lima” or several with commas, or /skip."
        )
    answers.set_person_field("contact", typed)
    return None


def _read_timeline(answers: DebriefAnswers, typed: str, context: Context) -> str | Guess | None:
    today = context.now.astimezone(ZoneInfo(context.tz)).date()
    held_on = answers.interview_day(context.tz)
    try:
        reading = read_timeline(typed, held_on=held_on, today=today)
    except ParseError as error:
        end = guess_timeline(typed, held_on=held_on, today=today, languages=context.languages)
        if end is None:
            return str(error)
        return Guess(Step.TIMELINE_OTHER, typed, "" if end == NO_TIMELINE else end.isoformat())
    if not reading.sure:
        assert reading.end is not None
        return Guess(Step.TIMELINE_OTHER, typed, reading.end.isoformat())
    answers.set_timeline_text(typed, reading.end, context.tz)
    return None


def _same_answer(typed: str, before: str | None) -> bool:
    """The same text, whatever its case and spacing."""
    return (
        before is not None
        and " ".join(typed.split()).casefold() == " ".join(before.split()).casefold()
    )


def _unless_repeated(step: Step, key: str, previous: str) -> Reader:
    """Store the answer as typed, unless it plainly repeats the answer before it.

    The user who sees no next question (it was lost, or slow) types the last answer again:
    the name a second time lands at the title question, a contact at the topics. Asked
    "Is “Bo Chen” their job title?", they say no and answer the question they now see.
    """

    def read(answers: DebriefAnswers, typed: str, context: Context) -> Guess | None:
        if _same_answer(typed, getattr(answers.person_in_question(), previous)):
            return Guess(step, typed, typed)
        answers.set_person_field(key, typed)
        return None

    return read


def take_guess(answers: DebriefAnswers, guess: Guess, tz: str) -> None:
    """The user said yes to a guess: it is stored as if it had been read for sure."""
    if guess.step is Step.WHEN:
        answers.set_held_at(dt.datetime.fromisoformat(guess.value), tz)
    elif guess.step in (Step.PERSON_TITLE, Step.PERSON_TOPICS):
        field = STEPS[guess.step].field
        assert field is not None
        answers.set_person_field(field.key, guess.typed)
    else:
        end = dt.date.fromisoformat(guess.value) if guess.value else None
        answers.set_timeline_text(guess.typed, end, tz)


def _then(step: Step) -> Next:
    return lambda _answers: (step, "")


def _after_person(answers: DebriefAnswers) -> tuple[Step, str]:
    """The last question about a new interviewer: they join the list; anyone else?"""
    answers.finish_person()
    if answers.timeline_asked is not None:
        # Added from the summary's Edit (the questions after the people are answered):
        # back to the summary, not through the pitch and timeline again.
        return Step.SUMMARY, ""
    if len(answers.people) >= MAX_INTERVIEWERS:
        return Step.PITCH, (
            f"That's {MAX_INTERVIEWERS} interviewers, the most I keep per interview.\n\n"
        )
    return Step.MORE, ""


def _after_topics(answers: DebriefAnswers) -> tuple[Step, str]:
    """The user reviews the points read from the topics; skipped topics have none to review."""
    if answers.person_in_question().topics is not None:
        return Step.PERSON_POINTS, ""
    if answers.editing:
        return Step.SUMMARY, ""
    return _after_person(answers)


TIMELINE_FIELD = TextField("timeline_text", "the timeline they gave", 200, optional=False)

STEPS: dict[Step, StepRow] = {
    Step.COMPANY: StepRow(
        TextField("company", "the company name", 200, False), next=_then(Step.ROLE)
    ),
    Step.ROLE: StepRow(
        TextField("role", "the role you interviewed for", 200, False), next=_then(Step.WHEN)
    ),
    Step.WHEN: StepRow(
        TextField("held_at", "when the interview took place", 100, False),
        read=_read_when,
        next=_then(Step.PERSON_NAME),
    ),
    Step.PERSON_NAME: StepRow(
        TextField("name", "the interviewer's name", 100, False, of_person=True),
        read=_read_name,
        next=_after_name,
    ),
    Step.PERSON_TITLE: StepRow(
        TextField("title", "their job title", 100, True, of_person=True),
        read=_unless_repeated(Step.PERSON_TITLE, "title", "name"),
        next=_then(Step.PERSON_CONTACT),
    ),
    Step.PERSON_CONTACT: StepRow(
        TextField("contact", "their email, phone or LinkedIn profile", 200, True, of_person=True),
        read=_read_contact,
        next=_then(Step.PERSON_TOPICS),
    ),
    Step.PERSON_TOPICS: StepRow(
        TextField("topics", "what you talked about", 1000, True, of_person=True),
        read=_unless_repeated(Step.PERSON_TOPICS, "topics", "contact"),
        next=_after_topics,
        on_while_editing=True,
    ),
    # Answered with its buttons (move a point, Continue); typing replaces the topics.
    Step.PERSON_POINTS: StepRow(
        typed_is=Step.PERSON_TOPICS,
        typed_note="I've taken what you just typed as what you talked about.\n\n",
        next=_after_person,
    ),
    Step.MORE: StepRow(),
    Step.PITCH: StepRow(
        TextField("pitch", "why you are the right person for this role", 1000, True),
        next=_then(Step.TIMELINE),
    ),
    # Typing instead of tapping "Other…" is the same answer.
    Step.TIMELINE: StepRow(typed_is=Step.TIMELINE_OTHER, next=_then(Step.SUMMARY)),
    Step.TIMELINE_OTHER: StepRow(TIMELINE_FIELD, read=_read_timeline, next=_then(Step.SUMMARY)),
    Step.SUMMARY: StepRow(),
    Step.EDIT_PICK: StepRow(),
    Step.EDIT_PERSON: StepRow(),
    # Typing instead of tapping Yes / No answers the question again.
    Step.WHEN_GUESS: StepRow(typed_is=Step.WHEN, next=_then(Step.PERSON_NAME)),
    Step.TIMELINE_GUESS: StepRow(typed_is=Step.TIMELINE_OTHER, next=_then(Step.SUMMARY)),
    Step.PERSON_TITLE_GUESS: StepRow(typed_is=Step.PERSON_TITLE, next=_then(Step.PERSON_CONTACT)),
    Step.PERSON_TOPICS_GUESS: StepRow(typed_is=Step.PERSON_TOPICS, next=_after_topics),
}
# A question whose answer may be a guess, and the step that waits for its Yes or No.
GUESS_STEP = {
    Step.WHEN: Step.WHEN_GUESS,
    Step.TIMELINE_OTHER: Step.TIMELINE_GUESS,
    Step.PERSON_TITLE: Step.PERSON_TITLE_GUESS,
    Step.PERSON_TOPICS: Step.PERSON_TOPICS_GUESS,
}
GUESSED = {waiting: asked for asked, waiting in GUESS_STEP.items()}
# Summary → Edit → a detail of an interviewer: the step that asks for it.
PERSON_FIELD_STEP = {
    row.field.key: step
    for step, row in STEPS.items()
    if row.field is not None and row.field.of_person
} | {"points": Step.PERSON_POINTS}
# Summary → Edit → a part of the debrief.
EDIT_TARGETS = {
    "company": Step.COMPANY,
    "role": Step.ROLE,
    "when": Step.WHEN,
    "pitch": Step.PITCH,
    "timeline": Step.TIMELINE,
}
