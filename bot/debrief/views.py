"""How the debrief looks: its questions, summary and menus, rendered from the answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.debrief.steps import Guess, Step
from bot.domain.debrief import MAX_INTERVIEWERS, DebriefAnswers, Person
from bot.domain.reading.pitch import read_pitch
from bot.domain.reading.points import kept_points, note_points
from bot.domain.reading.typed_text import shorten
from bot.domain.time import timing
from bot.ui.callbacks import DebriefAction, Scope, button_data
from bot.ui.display import day, esc, telegram_length, when

TIMELINE_CHOICES = (
    ("1w", "1 week"),
    ("2w", "2 weeks"),
    ("1m", "1 month"),
    ("other", "Other…"),
    ("nosay", "They didn't say"),
    ("noask", "I didn't ask"),
)
Keyboard = InlineKeyboardMarkup | None
A = DebriefAction


def button(
    answers: DebriefAnswers, label: str, action: DebriefAction, *args: object
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.DEBRIEF, action, answers.token, *args)
    )


def skip_row(answers: DebriefAnswers) -> list[InlineKeyboardButton]:
    return [button(answers, "Skip", A.SKIP)]


def person_label(answers: DebriefAnswers) -> str:
    index = answers.edit_index if answers.edit_index is not None else len(answers.people)
    name = answers.person_in_question().name
    return esc(name) if name else f"interviewer {index + 1}"


def question(
    step: Step, answers: DebriefAnswers, last_pitch: str | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons that ask for one step."""
    rows: list[list[InlineKeyboardButton]] = []
    match step:
        case Step.COMPANY:
            text = "Which company was the interview with?"
        case Step.ROLE:
            text = f"What role at <b>{esc(answers.company)}</b>?"
        case Step.WHEN:
            text = (
                "When did it take place? Tap a button or type e.g. “today 2pm”, “yesterday "
                "afternoon”, “tuesday 3pm” or “2026-11-20 14:00”."
            )
            rows = [
                [
                    button(answers, "Today", A.WHEN, "today"),
                    button(answers, "Yesterday", A.WHEN, "yesterday"),
                ]
            ]
        case Step.PERSON_NAME:
            first = not answers.people and answers.edit_index is None
            text = (
                "Who interviewed you? Send the first interviewer's name (one person at a time)."
                if first
                else "What is this interviewer's name?"
            )
        case Step.PERSON_TITLE:
            text = f"What is {person_label(answers)}'s job title? (/skip if you don't know)"
            rows = [skip_row(answers)]
        case Step.PERSON_CONTACT:
            text = (
                f"{person_label(answers)}'s email, phone or LinkedIn profile, so you can send "
                "the note? (/skip if you don't have it yet)"
            )
            rows = [skip_row(answers)]
        case Step.PERSON_TOPICS:
            text = (
                f"What did you talk about with {person_label(answers)}? A few words per topic is "
                "plenty, e.g. “their Kubernetes migration, on-call, my monitoring project”. "
                "Your note will mention these."
            )
            rows = [skip_row(answers)]
        case Step.MORE:
            names = ", ".join(esc(person.name) for person in answers.people)
            text = f"Interviewers so far: {names}. Anyone else?"
            rows = [
                [
                    button(answers, "Add another interviewer", A.MORE, "add"),
                    button(answers, "That's everyone", A.MORE, "done"),
                ]
            ]
        case Step.PITCH:
            text = (
                "In a sentence or two: why are you the right person for this role? "
                "Your notes will build on it (e.g. “I've run on-call for a payments platform "
                "for 4 years and cut incidents by half”)."
            )
            if last_pitch:
                rows.append([button(answers, "Use my last pitch", A.PITCH, "last")])
            rows.append(skip_row(answers))
        case Step.TIMELINE:
            text = "What timeline did they give for their decision or next steps?"
            buttons = [button(answers, label, A.TIMELINE, code) for code, label in TIMELINE_CHOICES]
            rows = [buttons[0:3], buttons[3:4], buttons[4:6]]
        case Step.TIMELINE_OTHER:
            text = "Type the timeline they gave, e.g. “by Dec 15”, “10 days” or “end of next week”."
        case _:
            raise ValueError(f"{step!r} is not a question")
    return text, InlineKeyboardMarkup(rows) if rows else None


def guess_question(
    answers: DebriefAnswers, guess: Guess, *, tz: str, now: dt.datetime
) -> tuple[str, InlineKeyboardMarkup]:
    """A guessed date or timeline in words, with Yes and No: nothing is stored before Yes."""
    if guess.step in (Step.PERSON_TITLE, Step.PERSON_TOPICS):
        return _repeated_question(answers, guess)
    if guess.step is Step.WHEN:
        moment = dt.datetime.fromisoformat(guess.value).astimezone(ZoneInfo(tz))
        shown = f"{_full_day(moment.date(), now)}, {moment:%H:%M}"
    elif guess.value:
        shown = f"until {_full_day(dt.date.fromisoformat(guess.value), now)}"
    else:
        shown = "no timeline given"
    text = f"I read “{esc(guess.typed)}” as <b>{shown}</b>. Is that right?"
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(answers, "Yes, that's right", A.GUESS, "ok"),
                button(answers, "No, I'll type it again", A.GUESS, "again"),
            ]
        ]
    )
    return text, keyboard


def _full_day(value: dt.date, now: dt.datetime) -> str:
    """'Monday 23 Nov' (with the year when it is not this year)."""
    return f"{value:%A} {value.day} {value:%b}" + (
        "" if value.year == now.year else f" {value.year}"
    )


def timeline_line(answers: DebriefAnswers, now: dt.datetime, limit: int | None = None) -> str:
    if answers.timeline_date:
        typed = answers.timeline_text
        shown = typed if typed is None or limit is None else shorten(typed, limit)
        return f"{esc(shown)} (until {day(answers.timeline_date, now=now)})"
    if answers.timeline_asked is False:
        return "not asked"
    return "not given"


def call_due(
    answers: DebriefAnswers, tz: str, call_hour: int, wait_days: int, *, now: dt.datetime
) -> dt.datetime:
    """When the call nudge would come (as schedule.call_nudge_due will place it)."""
    assert answers.held_at is not None, "the summary comes after the interview time"
    due = timing.call_nudge_due(
        held_at=answers.held_at,
        timeline_date=answers.timeline_date,
        tz=tz,
        nudge_hour=call_hour,
        default_wait_days=wait_days,
    )
    return timing.call_after_notes(due=due, now=now, tz=tz, call_hour=call_hour)


# Telegram's limit is 4096 UTF-16 units of the text as shown; the HTML is measured, which is
# never shorter. Long topics and pitches are shortened first; if ten interviewers with long
# names, titles and contacts still do not fit, those shorten too (display only).
MESSAGE_LIMIT = 4000
SHORTENINGS = (
    *((limit, None) for limit in (None, 600, 300, 150, 80, 40, 20)),
    *((20, limit) for limit in (60, 30, 15, 8)),
)


def summary(
    answers: DebriefAnswers, *, tz: str, call_at: dt.datetime, now: dt.datetime
) -> tuple[str, InlineKeyboardMarkup]:
    """The debrief as it will be saved, with Save, Edit and Cancel; it always fits a message."""
    known = answers.known()
    # Read once: what goes into each note, and the pitch as the notes will use it.
    notes = [_note_of(person, known) for person in answers.people]
    pitch = " ".join(read_pitch(answers.pitch, known=known)) if answers.pitch else ""
    for limit, short_limit in SHORTENINGS:
        text = _summary_text(
            answers,
            notes=notes,
            pitch=pitch,
            tz=tz,
            call_at=call_at,
            now=now,
            limit=limit,
            short_limit=short_limit,
        )
        if telegram_length(text) <= MESSAGE_LIMIT:
            break
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(answers, "Save changes" if answers.saved_interview_id else "Save", A.SAVE),
                button(answers, "Edit", A.EDIT),
                button(answers, "Cancel", A.CANCEL),
            ]
        ]
    )
    return text, keyboard


def _note_of(person: Person, known: tuple[str, ...]) -> tuple[str, int] | None:
    """The points going into this person's note, joined, and how many are kept for the user;
    None when nothing was noted."""
    points = person.reviewed_points(known=known)
    if person.topics is None and not points:
        return None
    return "; ".join(note_points(points)), len(kept_points(points))


def _summary_text(
    answers: DebriefAnswers,
    *,
    notes: list[tuple[str, int] | None],
    pitch: str,
    tz: str,
    call_at: dt.datetime,
    now: dt.datetime,
    limit: int | None,
    short_limit: int | None = None,
) -> str:
    def long_text(value: str) -> str:
        # Shortened only for display; everything typed is saved in full.
        return esc(value if limit is None else shorten(value, limit))

    def short(value: str | None) -> str:
        return esc(value if value is None or short_limit is None else shorten(value, short_limit))

    assert answers.held_at is not None
    lines = [
        "<b>Here's your debrief. Save it?</b>",
        "",
        f"<b>Company:</b> {short(answers.company)}",
        f"<b>Role:</b> {short(answers.role)}"
        + (f" (round {answers.round})" if (answers.round or 1) > 1 else ""),
        f"<b>When:</b> {when(answers.held_at, tz, now=now)}",
    ]
    for number, (person, note) in enumerate(zip(answers.people, notes, strict=True), start=1):
        title = f", {short(person.title)}" if person.title else ""
        lines.append(f"<b>Interviewer {number}:</b> {short(person.name)}{title}")
        lines.append(
            f"   contact: {short(person.contact)}" if person.contact else "   contact: missing"
        )
        if note is None:
            lines.append("   talked about: (nothing noted)")
            continue
        noted, kept = note
        lines.append(
            f"   for the note: {long_text(noted) if noted else '(nothing)'}"
            + (f" ({kept} kept for you)" if kept else "")
        )
    lines += _pitch_lines(answers.pitch, pitch, long_text)
    lines.append(f"<b>Timeline:</b> {timeline_line(answers, now, short_limit)}")
    lines.append(f"<b>Call nudge:</b> {when(call_at, tz, now=now)}")
    missing = [person.name or "" for person in answers.people if not person.contact]
    if missing:
        who = ", ".join(missing) if short_limit is None else f"{len(missing)} of them"
        lines += [
            "",
            f"No contact yet for {esc(who)}: ask the recruiter who set up the "
            "interview, check the company's website, or find them on LinkedIn. "
            "You can still save now.",
        ]
    return "\n".join(lines)


def _pitch_lines(typed: str | None, read: str, long_text: Callable[[str], str]) -> list[str]:
    """The pitch as typed and, when it differs, as the notes will use it."""
    if not typed:
        return ["<b>Your pitch:</b> (none)"]
    lines = [f"<b>Your pitch:</b> {long_text(typed)}"]
    if not read:
        lines.append(
            "   in your notes: nothing, no part reads as a sentence a note can use "
            "(Edit → Pitch to put it another way)"
        )
    elif read.rstrip(".") != typed.strip().rstrip("."):
        lines.append(f"   in your notes: {long_text(read)}")
    return lines


def edit_menu(answers: DebriefAnswers) -> tuple[str, InlineKeyboardMarkup]:
    """Which part of the debrief to change."""
    rows = [
        [
            button(answers, "Company", A.EDIT_FIELD, "company"),
            button(answers, "Role", A.EDIT_FIELD, "role"),
            button(answers, "When", A.EDIT_FIELD, "when"),
        ],
        [
            button(answers, "Pitch", A.EDIT_FIELD, "pitch"),
            button(answers, "Timeline", A.EDIT_FIELD, "timeline"),
        ],
    ]
    rows += [
        [button(answers, f"Interviewer: {(person.name or '')[:40]}", A.EDIT_PERSON, index)]
        for index, person in enumerate(answers.people)
    ]
    if len(answers.people) < MAX_INTERVIEWERS:
        rows.append([button(answers, "Add an interviewer", A.EDIT_FIELD, "add")])
    rows.append([button(answers, "Back to the summary", A.EDIT_FIELD, "back")])
    return "What would you like to change?", InlineKeyboardMarkup(rows)


def person_menu(answers: DebriefAnswers, index: int) -> tuple[str, InlineKeyboardMarkup]:
    """Which detail of one interviewer to change, or remove them."""
    rows = [
        [
            button(answers, "Name", A.PERSON_FIELD, "name"),
            button(answers, "Title", A.PERSON_FIELD, "title"),
        ],
        [
            button(answers, "Contact", A.PERSON_FIELD, "contact"),
            button(answers, "Topics", A.PERSON_FIELD, "topics"),
        ],
        [button(answers, "Talking points", A.PERSON_FIELD, "points")],
    ]
    if len(answers.people) > 1:
        rows.append([button(answers, "Remove this interviewer", A.PERSON_FIELD, "remove")])
    rows.append([button(answers, "Back to the summary", A.EDIT_FIELD, "back")])
    name = esc(answers.people[index].name)
    return f"What should change for {name}?", InlineKeyboardMarkup(rows)


def _repeated_question(answers: DebriefAnswers, guess: Guess) -> tuple[str, InlineKeyboardMarkup]:
    """An answer that repeats the one before it: is it really the answer to this question?"""
    if guess.step is Step.PERSON_TITLE:
        text = f"Is “{esc(guess.typed)}” their job title? That's the name you just gave."
    else:
        text = f"Is “{esc(guess.typed)}” what you talked about? That's the contact you just gave."
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(answers, "Yes", A.GUESS, "ok"),
                button(answers, "No, I'll type it", A.GUESS, "again"),
            ]
        ]
    )
    return text, keyboard
