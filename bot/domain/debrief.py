"""The debrief's answers so far, typed, and the rules that change them (no Telegram, no DB).

They live in PTB's user_data between updates (and so in the database, as JSON): `to_json`
and `from_json` keep the shape earlier releases stored, so a debrief in progress survives
an upgrade.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.reading.points import Point, points_from_json, points_to_json, read_points
from bot.domain.time.timeparse import parse_timeline

MAX_INTERVIEWERS = 10
# The timeline buttons whose phrase the bot reads itself.
TIMELINE_PHRASES = {"1w": "1 week", "2w": "2 weeks", "1m": "1 month"}
PERSON_KEYS = ("name", "title", "contact", "topics")


@dataclass
class Person:
    """One interviewer as the user described them."""

    name: str | None = None
    title: str | None = None
    contact: str | None = None
    topics: str | None = None
    # The stored interviewer this is, when a saved interview is being edited.
    id: int | None = None
    # The talking points read from `topics`, on the sides the user chose; None until read.
    points: tuple[Point, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            key: getattr(self, key) for key in PERSON_KEYS if getattr(self, key) is not None
        }
        if self.id is not None:
            data["id"] = self.id
        if self.points is not None:
            data["points"] = points_to_json(self.points)
        return data

    def reviewed_points(self, *, known: tuple[str, ...] = ()) -> tuple[Point, ...]:
        """The points as the user left them, or read from the topics with the defaults."""
        if self.points is not None:
            return self.points
        return read_points(self.topics, known=known)

    @classmethod
    def from_json(cls, data: object) -> Person:
        values = data if isinstance(data, dict) else {}
        return cls(
            **{key: _text(values.get(key)) for key in PERSON_KEYS},
            id=_int(values.get("id")),
            points=points_from_json(values.get("points")),
        )


@dataclass
class DebriefAnswers:
    """Everything answered so far, plus where the user is in the interviewers and the edit."""

    # Buttons carry this token: taps from a finished or cancelled debrief are refused.
    token: str = field(default_factory=lambda: secrets.token_hex(3))
    company: str | None = None
    role: str | None = None
    held_at: dt.datetime | None = None
    people: list[Person] = field(default_factory=list)
    # The interviewer being asked about, before they join `people`.
    person: Person = field(default_factory=Person)
    pitch: str | None = None
    timeline_code: str | None = None
    timeline_text: str | None = None
    timeline_date: dt.date | None = None
    # False when the user said they didn't ask (a tip follows); None before the question.
    timeline_asked: bool | None = None
    # Set by the summary's Edit: an answer goes back to the summary, not to the next step.
    editing: bool = False
    edit_index: int | None = None
    upcoming_id: int | None = None
    round: int | None = None
    # Set when the answers are a saved interview being edited from /list: Save updates it.
    saved_interview_id: int | None = None

    # --- the stored form ------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "token": self.token,
            "people": [person.to_json() for person in self.people],
            "person": self.person.to_json(),
            "editing": self.editing,
            "edit_index": self.edit_index,
        }
        optional: dict[str, Any] = {
            "company": self.company,
            "role": self.role,
            "held_at": self.held_at.isoformat() if self.held_at else None,
            "pitch": self.pitch,
            "timeline_code": self.timeline_code,
            "timeline_text": self.timeline_text,
            "timeline_date": self.timeline_date.isoformat() if self.timeline_date else None,
            "timeline_asked": self.timeline_asked,
            "upcoming_id": self.upcoming_id,
            "round": self.round,
            "saved_interview_id": self.saved_interview_id,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DebriefAnswers:
        held_at = _text(data.get("held_at"))
        timeline_date = _text(data.get("timeline_date"))
        edit_index = data.get("edit_index")
        asked = data.get("timeline_asked")
        return cls(
            token=str(data.get("token") or secrets.token_hex(3)),
            company=_text(data.get("company")),
            role=_text(data.get("role")),
            held_at=dt.datetime.fromisoformat(held_at) if held_at else None,
            people=[Person.from_json(person) for person in data.get("people") or []],
            person=Person.from_json(data.get("person")),
            pitch=_text(data.get("pitch")),
            timeline_code=_text(data.get("timeline_code")),
            timeline_text=_text(data.get("timeline_text")),
            timeline_date=dt.date.fromisoformat(timeline_date) if timeline_date else None,
            timeline_asked=asked if isinstance(asked, bool) else None,
            editing=bool(data.get("editing")),
            edit_index=edit_index if isinstance(edit_index, int) else None,
            upcoming_id=_int(data.get("upcoming_id")),
            round=_int(data.get("round")),
            saved_interview_id=_int(data.get("saved_interview_id")),
        )

    # --- the rules ------------------------------------------------------------------

    def known(self) -> tuple[str, ...]:
        """Other texts the user typed, which tell how they write a name: company and role."""
        return tuple(text for text in (self.company, self.role) if text)

    def points_in_review(self) -> tuple[Point, ...]:
        """The points of the interviewer in question, read from their topics the first time."""
        person = self.person_in_question()
        if person.points is None:
            person.points = read_points(person.topics, known=self.known())
        return person.points

    def move_point(self, index: int, *, for_note: bool) -> Point | None:
        """Point `index` of the interviewer in question put on one side; None when it can't go.

        Moving a point to the side it is on changes nothing (a double tap).
        """
        points = self.points_in_review()
        point = points[index]
        if point.for_note == for_note:
            return point
        if not point.movable:
            return None
        moved = point.moved()
        self.person_in_question().points = (*points[:index], moved, *points[index + 1 :])
        return moved

    def person_in_question(self) -> Person:
        """The interviewer an answer is about: the one being edited, or the new one."""
        if self.edit_index is not None and 0 <= self.edit_index < len(self.people):
            return self.people[self.edit_index]
        return self.person

    def set_person_field(self, key: str, value: str | None) -> None:
        person = self.person_in_question()
        setattr(person, key, value)
        if key == "topics":
            # New topics are read afresh: the user reviews their points again.
            person.points = None

    def finish_person(self) -> None:
        """The new interviewer's questions are done: they join the list."""
        self.people.append(self.person)
        self.person = Person()

    def interview_day(self, tz: str) -> dt.date:
        assert self.held_at is not None, "the day is asked before the timeline"
        return self.held_at.astimezone(ZoneInfo(tz)).date()

    def set_timeline(self, code: str, tz: str) -> None:
        """A timeline button: a phrase read from the interview day, or none given or asked."""
        self.timeline_code = code
        if code in TIMELINE_PHRASES:
            phrase = TIMELINE_PHRASES[code]
            held_on = self.interview_day(tz)
            self.timeline_text = phrase
            self.timeline_date = parse_timeline(phrase, held_on=held_on, today=held_on)
            self.timeline_asked = True
        else:
            self.timeline_text = None
            self.timeline_date = None
            self.timeline_asked = code != "noask"

    def set_timeline_text(self, typed: str, end: dt.date | None, tz: str) -> None:
        """A timeline typed by the user, ending on `end` (None: they said none was given)."""
        if end is None:
            self.set_timeline("nosay", tz)
            return
        self.timeline_code = "text"
        self.timeline_text = typed
        self.timeline_date = end
        self.timeline_asked = True

    def set_held_at(self, held_at: dt.datetime, tz: str) -> None:
        self.held_at = held_at
        if self.timeline_code in TIMELINE_PHRASES:
            # A relative timeline ("2 weeks") counts from the interview day, which just changed.
            self.set_timeline(self.timeline_code, tz)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
