"""Talking points joined as prose, and the old reading of topics kept for its callers."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.drafting import wording_en as w
from bot.domain.reading import reading_en as r
from bot.domain.reading.points import kept_points, note_points, read_points
from bot.domain.reading.typed_text import shorten

__all__ = [
    "LeftOut",
    "TopicReading",
    "join_phrases",
    "lower_ordinary_first_word",
    "read_topics",
    "shorten",
]

_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A part of the topics kept out of the note, and why: "OTE range" is pay and benefits."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class TopicReading:
    """The talking points a note can use, and what was left out because it is for the user."""

    points: tuple[str, ...]
    left_out: tuple[LeftOut, ...]


def read_topics(raw: str | None) -> TopicReading:
    """The default split of `points.read_points`, as phrases and the parts left out."""
    points = read_points(raw)
    left_out = tuple(LeftOut(point.text, point.why or "") for point in kept_points(points))
    return TopicReading(note_points(points), left_out)


def join_phrases(phrases: Sequence[str]) -> str:
    """Join phrases the way people write them: "A", "A and B", "A, B and C"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return w.LIST_SEPARATOR.join(phrases[:-1]) + w.LIST_LAST_SEPARATOR + phrases[-1]


def lower_ordinary_first_word(text: str) -> str:
    """ "Team structure" becomes "team structure"; "Kubernetes migration" stays as typed."""
    first = _WORD.match(text)
    if first is None:
        return text
    word = first.group(0)
    is_capitalised = word[0].isupper() and (len(word) == 1 or word[1:] == word[1:].lower())
    folded = word.casefold()
    ordinary = folded in r.ORDINARY_WORDS or (
        len(folded) > 5 and folded.endswith(r.ORDINARY_SUFFIXES)
    )
    if is_capitalised and ordinary and word != w.FIRST_PERSON:
        return word[0].lower() + text[1:]
    return text
