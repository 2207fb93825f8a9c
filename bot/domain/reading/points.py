"""Talking points: what the user typed about an interviewer, split into what a note may say
and what is kept for the user, each point written as the note would say it.

The split is a default the user sees and changes (one tap moves a point); what is stored is
the user's split, so drafting only ever uses points the user could see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.domain.reading import reading_en as r
from bot.domain.reading.phrases import EDGES, as_phrase, stripped
from bot.domain.reading.typed_text import (
    Casing,
    expanded,
    pattern,
    shorten,
    unshouted,
    without_chat,
)


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
    """The talking points in what the user typed, each on its default side, in typed order.

    Only what reads as a clean topic goes to the note by default (their project, product,
    plans, practices, the work, a question about the user's experience); everything else is
    kept for the user with the reason. `known` holds names the user typed elsewhere (the
    company, the role): how they wrote them there tells how to write them in a point.
    """
    if raw is None or not raw.strip():
        return ()
    casing = Casing.learnt_from([raw], known)
    points: list[Point] = []
    seen: set[str] = set()
    for piece in _pieces(raw):
        for point in _points_of(piece, casing):
            key = _DETERMINER.sub("", point.text.casefold())
            if key not in seen:
                seen.add(key)
                points.append(point)
    return tuple(points)


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


# --- Reading ----------------------------------------------------------------------------------

# "their roadmap" and "the roadmap" are one point.
_DETERMINER = re.compile(r"^(?:the|your|their|our|my|a|an)\s+")
_LINES = re.compile(r"[\n\r\u2028\u2029]+")
_BULLET = re.compile(r"^(?:[-*•·‣◦▪\u2013—+>]+\s*|\(?\d{1,3}[.)]\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ABBREVIATED = re.compile(r"(?:^|\s)(?:dr|mr|mrs|ms|mx|vs|approx|st|prof|e\.g|i\.e|no)\.$", re.I)
_PIECE_BREAK = re.compile(r";|,(?!\d{3}\b)")
_SUBJECT = r"(?:i|i'm|im|i've|ive|she|he|hes|shes|they|theyre|we|it|my|(?:the\s+)?interviewer)\b"
_CLAUSE_JOIN = re.compile(
    rf"\s+(?:and|but|so|though|tho|although|while|bc|because|then)\s+(?={_SUBJECT})"
    r"|\s+and\s+(?=(?:how|what|why|where|when|whether)\b)"
    r"|\s+and\s+(?:then|also)\s+(?:about\s+)?",
    re.I,
)
_ASIDE = re.compile(rf"\s+[-\u2013—]+\s+|\s+--\s*|\s*\(\s*(?={_SUBJECT})", re.I)


_CATEGORIES = tuple(
    (why, pattern("|".join(patterns)))
    for why, patterns in (
        (r.WHY_PAY, r.PAY_PATTERNS),
        (r.WHY_LOGISTICS, r.LOGISTICS_PATTERNS),
        (r.WHY_HOW_IT_WENT, r.HOW_IT_WENT_PATTERNS),
        (r.WHY_WEAK_SPOT, r.WEAK_SPOT_PATTERNS),
        (r.WHY_PERSON, r.PERSON_PATTERNS),
        (r.WHY_CONFIDED, r.CONFIDED_PATTERNS),
    )
)
_STUMBLE = pattern("|".join(r.STUMBLE_PATTERNS))
_CATEGORY_REASONS = frozenset(why for why, _ in _CATEGORIES)
_AND = re.compile(r"\s+(?:and|&|\+)\s+", re.IGNORECASE)
# Kept points that still read as a topic: the user may move them into the note.
_MOVABLE = frozenset({r.WHY_PAY, r.WHY_LOGISTICS, r.WHY_WEAK_SPOT})


@dataclass(frozen=True, slots=True)
class _Part:
    """One part of a piece as typed, and what it reads as."""

    typed: str
    phrase: str | None
    why: str | None
    stumble: bool

    def point(self) -> Point:
        if self.why is None and self.phrase is not None:
            return Point(self.phrase, True)
        why = self.why or r.WHY_NOT_A_PHRASE
        if why in _MOVABLE and self.phrase is not None:
            return Point(self.phrase, False, why)
        return Point(shorten(self.typed, r.POINT_LIMIT), False, why, movable=False)


def _pieces(raw: str) -> list[str]:
    """Lines, sentences, semicolons, commas and "…, and she liked it" clauses."""
    pieces = []
    for line in _LINES.split(raw):
        line = _BULLET.sub("", line.strip())
        sentences: list[str] = []
        for sentence in _SENTENCE_END.split(line):
            if sentences and _ABBREVIATED.search(sentences[-1]):
                sentences[-1] = f"{sentences[-1]} {sentence}"
            else:
                sentences.append(sentence)
        for sentence in sentences:
            for piece in _PIECE_BREAK.split(sentence):
                pieces.extend(_CLAUSE_JOIN.split(piece))
    return [piece for piece in pieces if piece.strip(EDGES)]


def _points_of(piece: str, casing: Casing) -> list[Point]:
    """A piece's points: a topic with its asides ("excel test - messed up the vlookup")."""
    parts = [part for text in _ASIDE.split(piece) if (part := _read(text, casing)) is not None]
    if not parts:
        return []
    head, *asides = parts
    if not asides and head.why in _CATEGORY_REASONS:
        split = _split_off_private(head, casing)
        if split:
            return [part.point() for part in split]
    if head.why is not None:
        # "my notice period - 8 weeks": what follows a private remark belongs to it.
        joined = [aside for aside in asides if aside.why or len(aside.typed.split()) <= 3]
        rest = [aside for aside in asides if aside not in joined]
        if joined:
            typed = " - ".join(part.typed for part in (head, *joined))
            head = _Part(typed, None, head.why, head.stumble)
        return [head.point(), *(aside.point() for aside in rest)]
    if any(aside.stumble for aside in asides):
        # The topic they stumbled on is one to leave out of the thanks.
        head = replace(head, why=r.WHY_WEAK_SPOT)
    return [head.point(), *(aside.point() for aside in asides)]


def _split_off_private(part: _Part, casing: Casing) -> list[_Part]:
    """ "their roadmap and salary": the topic for the note, the pay for the user. Only when the
    topic stands on its own ("their …", "the …", "how …"), so "the pay and progression
    framework" stays one point; nothing when no side reads as a topic."""
    sides = _AND.split(part.typed)
    if len(sides) != 2:
        return []
    read = [_read(side, casing) for side in sides]
    parts = [side for side in read if side is not None]
    clean = [
        side
        for side in parts
        if side.why is None and side.typed.split()[0].casefold() in r.STANDALONE_STARTS
    ]
    if len(parts) != 2 or not clean or all(side.why is None for side in parts):
        return []
    return parts


def _read(typed: str, casing: Casing) -> _Part | None:
    """What one part reads as, or None when nothing is left (only "lol")."""
    typed = stripped(typed)
    text = stripped(expanded(unshouted(without_chat(typed))))
    if not any(ch.isalpha() for ch in text):
        return None
    why = next((why for why, compiled in _CATEGORIES if compiled.search(text)), None)
    phrase, problem = as_phrase(text, casing)
    return _Part(typed, phrase, why or problem, bool(_STUMBLE.search(text)))
