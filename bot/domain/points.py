"""Talking points: what the user typed about an interviewer, split into what a note may say
and what is kept for the user, each point written as the note would say it.

The split is a default the user sees and changes (one tap moves a point); what is stored is
the user's split, so drafting only ever uses points the user could see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.topics import read_topics


@dataclass(frozen=True, slots=True)
class Point:
    """One talking point: its text as the note would say it, and which side it is on."""

    text: str
    for_note: bool
    # Why it is kept for the user by default ("how it went", "pay and benefits"); None when
    # the note may use it.
    why: str | None = None
    # False when it cannot be written as a phrase inside a sentence: it stays with the user.
    movable: bool = True

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "note": self.for_note}
        if self.why is not None:
            data["why"] = self.why
        if not self.movable:
            data["fixed"] = True
        return data

    @classmethod
    def from_json(cls, data: object) -> Point | None:
        """A stored point, or None when what is stored is not one."""
        if not isinstance(data, dict):
            return None
        text, note, why = data.get("text"), data.get("note"), data.get("why")
        if not isinstance(text, str) or not text or not isinstance(note, bool):
            return None
        return cls(
            text=text,
            for_note=note,
            why=why if isinstance(why, str) else None,
            movable=data.get("fixed") is not True,
        )

    def moved(self) -> Point:
        """The same point on the other side; a point that cannot go into a note stays."""
        if not self.movable:
            return self
        return Point(self.text, not self.for_note, self.why, self.movable)


def read_points(raw: str | None, *, known: Sequence[str] = ()) -> tuple[Point, ...]:
    """The talking points in what the user typed, each on its default side.

    `known` holds other texts the user typed (the company, the role): how they wrote a name
    there tells how to write it in a point.
    """
    reading = read_topics(raw)
    for_note = tuple(Point(text, True) for text in reading.points)
    kept = tuple(Point(item.text, False, item.reason) for item in reading.left_out)
    return for_note + kept


def points_from_json(data: object) -> tuple[Point, ...] | None:
    """Stored points, or None when none are stored (an interviewer saved before the review)."""
    if not isinstance(data, list):
        return None
    points = tuple(point for point in map(Point.from_json, data) if point is not None)
    return points


def points_to_json(points: Iterable[Point]) -> list[dict[str, Any]]:
    return [point.to_json() for point in points]


def note_points(points: Iterable[Point]) -> tuple[str, ...]:
    """The texts the note may use, in the order typed."""
    return tuple(point.text for point in points if point.for_note)


def kept_points(points: Iterable[Point]) -> tuple[Point, ...]:
    """The points kept for the user."""
    return tuple(point for point in points if not point.for_note)
