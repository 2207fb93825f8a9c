"""The debrief's questions, summary and menus: pure rendering and draft rules, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Scope, button_data
from bot.display import day, esc, when
from bot.domain import timing
from bot.domain.timeparse import parse_timeline
from bot.domain.topics import shorten

MAX_INTERVIEWERS = 10


class Step(IntEnum):
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
class TextField:
    """A step answered by typing: where the answer goes and what is allowed."""

    key: str
    what: str
    limit: int
    optional: bool


TEXT_FIELDS: dict[Step, TextField] = {
    Step.COMPANY: TextField("company", "the company name", 200, optional=False),
    Step.ROLE: TextField("role", "the role you interviewed for", 200, optional=False),
    Step.PERSON_NAME: TextField("name", "the interviewer's name", 100, optional=False),
    Step.PERSON_TITLE: TextField("title", "their job title", 100, optional=True),
    Step.PERSON_CONTACT: TextField("contact", "their email or phone number", 200, optional=True),
    Step.PERSON_TOPICS: TextField("topics", "what you talked about", 1000, optional=True),
    Step.PITCH: TextField("pitch", "why you are the right person for this role", 1000, True),
    Step.TIMELINE_OTHER: TextField("timeline", "the timeline they gave", 200, optional=False),
}
PERSON_STEPS = (Step.PERSON_NAME, Step.PERSON_TITLE, Step.PERSON_CONTACT, Step.PERSON_TOPICS)
PERSON_FIELD_STEP = {TEXT_FIELDS[step].key: step for step in PERSON_STEPS}

TIMELINE_CHOICES = (
    ("1w", "1 week"),
    ("2w", "2 weeks"),
    ("1m", "1 month"),
    ("other", "Other…"),
    ("nosay", "They didn't say"),
    ("noask", "I didn't ask"),
)
TIMELINE_PHRASES = {"1w": "1 week", "2w": "2 weeks", "1m": "1 month"}

Draft = dict[str, Any]
Keyboard = InlineKeyboardMarkup | None


def button(draft: Draft, label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.DEBRIEF, action, draft["token"], *args)
    )


def skip_row(draft: Draft) -> list[InlineKeyboardButton]:
    return [button(draft, "Skip", "skip")]


def person_label(draft: Draft) -> str:
    index = draft["edit_index"] if draft["edit_index"] is not None else len(draft["people"])
    person = draft["people"][index] if draft["edit_index"] is not None else draft["person"]
    name = person.get("name")
    return esc(name) if name else f"interviewer {index + 1}"


def question(
    step: Step, draft: Draft, last_pitch: str | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons that ask for one step."""
    rows: list[list[InlineKeyboardButton]] = []
    match step:
        case Step.COMPANY:
            text = "Which company was the interview with?"
        case Step.ROLE:
            text = f"What role at <b>{esc(draft.get('company'))}</b>?"
        case Step.WHEN:
            text = (
                "When did it take place? Tap a button or type e.g. “today 2pm”, “yesterday "
                "afternoon”, “tuesday 3pm” or “2026-11-20 14:00”."
            )
            rows = [
                [
                    button(draft, "Today", "when", "today"),
                    button(draft, "Yesterday", "when", "yesterday"),
                ]
            ]
        case Step.PERSON_NAME:
            first = not draft["people"] and draft["edit_index"] is None
            text = (
                "Who interviewed you? Send the first interviewer's name (one person at a time)."
                if first
                else "What is this interviewer's name?"
            )
        case Step.PERSON_TITLE:
            text = f"What is {person_label(draft)}'s job title? (/skip if you don't know)"
            rows = [skip_row(draft)]
        case Step.PERSON_CONTACT:
            text = (
                f"{person_label(draft)}'s email or phone, so you can send the note? "
                "(/skip if you don't have it yet)"
            )
            rows = [skip_row(draft)]
        case Step.PERSON_TOPICS:
            text = (
                f"What did you talk about with {person_label(draft)}? A few words per topic is "
                "plenty, e.g. “their Kubernetes migration, on-call, my monitoring project”. "
                "Your note will mention these."
            )
            rows = [skip_row(draft)]
        case Step.MORE:
            names = ", ".join(esc(person["name"]) for person in draft["people"])
            text = f"Interviewers so far: {names}. Anyone else?"
            rows = [
                [
                    button(draft, "Add another interviewer", "more", "add"),
                    button(draft, "That's everyone", "more", "done"),
                ]
            ]
        case Step.PITCH:
            text = (
                "In a sentence or two: why are you the right person for this role? "
                "Your notes will build on it (e.g. “I've run on-call for a payments platform "
                "for 4 years and cut incidents by half”)."
            )
            if last_pitch:
                rows.append([button(draft, "Use my last pitch", "pitch", "last")])
            rows.append(skip_row(draft))
        case Step.TIMELINE:
            text = "What timeline did they give for their decision or next steps?"
            buttons = [button(draft, label, "tl", code) for code, label in TIMELINE_CHOICES]
            rows = [buttons[0:3], buttons[3:4], buttons[4:6]]
        case Step.TIMELINE_OTHER:
            text = "Type the timeline they gave, e.g. “by Dec 15”, “10 days” or “end of next week”."
        case _:
            raise ValueError(f"{step!r} is not a question")
    return text, InlineKeyboardMarkup(rows) if rows else None


def timeline_line(draft: Draft) -> str:
    if draft.get("timeline_date"):
        until = day(dt.date.fromisoformat(draft["timeline_date"]))
        return f"{esc(draft.get('timeline_text'))} (until {until})"
    if draft.get("timeline_asked") is False:
        return "not asked"
    return "not given"


def call_due(draft: Draft, tz: str, hour: int, wait_days: int) -> dt.datetime:
    held_at = dt.datetime.fromisoformat(draft["held_at"])
    timeline_date = (
        dt.date.fromisoformat(draft["timeline_date"]) if draft.get("timeline_date") else None
    )
    return timing.call_nudge_due(
        held_at=held_at,
        timeline_date=timeline_date,
        tz=tz,
        nudge_hour=hour,
        default_wait_days=wait_days,
    )


# Telegram's limit is 4096 characters; long topics and pitches are shortened to stay under.
MESSAGE_LIMIT = 4000
SHORTENINGS = (None, 600, 300, 150, 80, 40, 20)


def summary(draft: Draft, *, tz: str, call_at: dt.datetime) -> tuple[str, InlineKeyboardMarkup]:
    """The debrief as it will be saved, with Save, Edit and Cancel; it always fits a message."""
    for limit in SHORTENINGS:
        text = _summary_text(draft, tz=tz, call_at=call_at, limit=limit)
        if len(text) <= MESSAGE_LIMIT:
            break
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(draft, "Save", "save"),
                button(draft, "Edit", "edit"),
                button(draft, "Cancel", "cancel"),
            ]
        ]
    )
    return text, keyboard


def _summary_text(draft: Draft, *, tz: str, call_at: dt.datetime, limit: int | None) -> str:
    def long_text(value: str) -> str:
        # Shortened only for display; everything typed is saved in full.
        return esc(value if limit is None else shorten(value, limit))

    held_at = dt.datetime.fromisoformat(draft["held_at"])
    lines = [
        "<b>Here's your debrief. Save it?</b>",
        "",
        f"<b>Company:</b> {esc(draft['company'])}",
        f"<b>Role:</b> {esc(draft['role'])}"
        + (f" (round {draft['round']})" if draft.get("round", 1) > 1 else ""),
        f"<b>When:</b> {when(held_at, tz)}",
    ]
    for number, person in enumerate(draft["people"], start=1):
        title = f", {esc(person['title'])}" if person.get("title") else ""
        lines.append(f"<b>Interviewer {number}:</b> {esc(person['name'])}{title}")
        lines.append(
            f"   contact: {esc(person['contact'])}"
            if person.get("contact")
            else "   contact: missing"
        )
        lines.append(
            f"   talked about: {long_text(person['topics'])}"
            if person.get("topics")
            else "   talked about: (nothing noted)"
        )
    lines.append(
        f"<b>Your pitch:</b> {long_text(draft['pitch'])}"
        if draft.get("pitch")
        else "<b>Your pitch:</b> (none)"
    )
    lines.append(f"<b>Timeline:</b> {timeline_line(draft)}")
    lines.append(f"<b>Call nudge:</b> {when(call_at, tz)}")
    missing = [person["name"] for person in draft["people"] if not person.get("contact")]
    if missing:
        lines += [
            "",
            f"No contact yet for {esc(', '.join(missing))}: ask the recruiter who set up the "
            "interview, check the company's website, or find them on LinkedIn. "
            "You can still save now.",
        ]
    return "\n".join(lines)


def edit_menu(draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    """Which part of the debrief to change."""
    rows = [
        [
            button(draft, "Company", "ef", "company"),
            button(draft, "Role", "ef", "role"),
            button(draft, "When", "ef", "when"),
        ],
        [button(draft, "Pitch", "ef", "pitch"), button(draft, "Timeline", "ef", "timeline")],
    ]
    rows += [
        [button(draft, f"Interviewer: {person['name'][:40]}", "ep", index)]
        for index, person in enumerate(draft["people"])
    ]
    if len(draft["people"]) < MAX_INTERVIEWERS:
        rows.append([button(draft, "Add an interviewer", "ef", "add")])
    rows.append([button(draft, "Back to the summary", "ef", "back")])
    return "What would you like to change?", InlineKeyboardMarkup(rows)


def person_menu(draft: Draft, index: int) -> tuple[str, InlineKeyboardMarkup]:
    """Which detail of one interviewer to change, or remove them."""
    rows = [
        [button(draft, "Name", "pf", "name"), button(draft, "Title", "pf", "title")],
        [button(draft, "Contact", "pf", "contact"), button(draft, "Topics", "pf", "topics")],
    ]
    if len(draft["people"]) > 1:
        rows.append([button(draft, "Remove this interviewer", "pf", "remove")])
    rows.append([button(draft, "Back to the summary", "ef", "back")])
    name = esc(draft["people"][index]["name"])
    return f"What should change for {name}?", InlineKeyboardMarkup(rows)


def store_person_field(draft: Draft, key: str, value: str | None) -> None:
    if draft["edit_index"] is not None:
        draft["people"][draft["edit_index"]][key] = value
    else:
        draft["person"][key] = value


def interview_day(draft: Draft, tz: str) -> dt.date:
    return dt.datetime.fromisoformat(draft["held_at"]).astimezone(ZoneInfo(tz)).date()


def set_timeline(draft: Draft, code: str, tz: str) -> None:
    draft["timeline_code"] = code
    if code in TIMELINE_PHRASES:
        phrase = TIMELINE_PHRASES[code]
        held_on = interview_day(draft, tz)
        draft["timeline_text"] = phrase
        draft["timeline_date"] = str(parse_timeline(phrase, held_on=held_on, today=held_on))
        draft["timeline_asked"] = True
    else:
        draft["timeline_text"] = None
        draft["timeline_date"] = None
        draft["timeline_asked"] = code != "noask"
