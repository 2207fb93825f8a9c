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

from bot.display import when
from bot.domain.debrief import MAX_INTERVIEWERS, DebriefAnswers
from bot.domain.timeparse import ParseError, parse_timeline, parse_when
from bot.inputs import valid_contact


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


@dataclass(frozen=True, slots=True)
class Context:
    """What reading an answer may depend on besides the answers themselves."""

    tz: str
    now: dt.datetime


@dataclass(frozen=True, slots=True)
class TextField:
    """A step answered by typing: what is expected, where it goes and what is allowed."""

    key: str  # the attribute of DebriefAnswers (or of the interviewer, `of_person`)
    what: str
    limit: int
    optional: bool
    of_person: bool = False


# Reads a typed answer into the answers; returns what to tell the user when it can't.
Reader = Callable[[DebriefAnswers, str, Context], str | None]
# The step after an accepted answer, and a line to say before its question.
Next = Callable[[DebriefAnswers], tuple[Step, str]]


@dataclass(frozen=True, slots=True)
class StepRow:
    """One row of the table. A step without a field is answered with its buttons only."""

    field: TextField | None = None
    read: Reader | None = None  # when storing the text as typed is not enough
    next: Next | None = None
    typed_is: Step | None = None  # a typed answer here answers that step instead


def store(answers: DebriefAnswers, field: TextField, value: str | None) -> None:
    """An answer as typed (or None when skipped) into its place."""
    if field.of_person:
        answers.set_person_field(field.key, value)
    else:
        setattr(answers, field.key, value)


def _read_when(answers: DebriefAnswers, typed: str, context: Context) -> str | None:
    try:
        held_at = parse_when(typed, now=context.now, tz=context.tz)
    except ParseError as error:
        return str(error)
    if held_at > context.now + dt.timedelta(minutes=5):
        return (
            f"{when(held_at, context.tz, now=context.now)} is still ahead. To register an "
            "upcoming interview, finish or /cancel this debrief and use /upcoming. When did "
            "the interview you're telling me about take place?"
        )
    if held_at < context.now - dt.timedelta(days=366):
        return "That's more than a year ago; is the year right? Please type the date again."
    answers.set_held_at(held_at, context.tz)
    return None


def _read_contact(answers: DebriefAnswers, typed: str, context: Context) -> str | None:
    if not valid_contact(typed):
        return (
            "That doesn't look like an email address or a phone number. Please send one "
            "like “ana@example.com” or “+49 30 1234567”, or /skip."
        )
    answers.set_person_field("contact", typed)
    return None


def _read_timeline(answers: DebriefAnswers, typed: str, context: Context) -> str | None:
    today = context.now.astimezone(ZoneInfo(context.tz)).date()
    try:
        end = parse_timeline(typed, held_on=answers.interview_day(context.tz), today=today)
    except ParseError as error:
        return str(error)
    answers.set_timeline_text(typed, end, context.tz)
    return None


def _then(step: Step) -> Next:
    return lambda _answers: (step, "")


def _after_person(answers: DebriefAnswers) -> tuple[Step, str]:
    """The last question about a new interviewer: they join the list; anyone else?"""
    answers.finish_person()
    if len(answers.people) >= MAX_INTERVIEWERS:
        return Step.PITCH, (
            f"That's {MAX_INTERVIEWERS} interviewers, the most I keep per interview.\n\n"
        )
    return Step.MORE, ""


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
        next=_then(Step.PERSON_TITLE),
    ),
    Step.PERSON_TITLE: StepRow(
        TextField("title", "their job title", 100, True, of_person=True),
        next=_then(Step.PERSON_CONTACT),
    ),
    Step.PERSON_CONTACT: StepRow(
        TextField("contact", "their email or phone number", 200, True, of_person=True),
        read=_read_contact,
        next=_then(Step.PERSON_TOPICS),
    ),
    Step.PERSON_TOPICS: StepRow(
        TextField("topics", "what you talked about", 1000, True, of_person=True),
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
}
# Summary → Edit → a detail of an interviewer: the step that asks for it.
PERSON_FIELD_STEP = {
    row.field.key: step
    for step, row in STEPS.items()
    if row.field is not None and row.field.of_person
}
# Summary → Edit → a part of the debrief.
EDIT_TARGETS = {
    "company": Step.COMPANY,
    "role": Step.ROLE,
    "when": Step.WHEN,
    "pitch": Step.PITCH,
    "timeline": Step.TIMELINE,
}
