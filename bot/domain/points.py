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

from bot.domain import reading_en as r
from bot.domain.typed_text import (
    Casing,
    expanded,
    has_shorthand,
    hyphenated,
    pattern,
    shorten,
    tidy,
    unshouted,
    with_an,
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
_EDGES = " \t.,;:!?…-\u2013—\"'“”\u2018\u2019()[]{}*"


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_LEAD_IN = re.compile(
    rf"^(?:(?:{_alternation(r.LEAD_SUBJECTS)})\s+)?(?:(?:{_alternation(r.LEAD_ADVERBS)})\s+)*"
    rf"(?:{_alternation(r.LEAD_VERBS)})(?:\s+(?:{_alternation(r.LEAD_OBJECTS)}))?"
    rf"(?:\s+(?:{_alternation(r.LEAD_ADVERBS)}))*(?:\s+(?:{_alternation(r.LEAD_PREPOSITIONS)}))?"
    r"(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_NOUN = re.compile(
    rf"^(?:(?:{_alternation(r.LEAD_ARTICLES)})\s+)?(?:[\w-]+\s+)?(?:{_alternation(r.LEAD_NOUNS)})"
    rf"\s+(?:{_alternation(r.LEAD_PREPOSITIONS)})(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_LINK = re.compile(rf"^(?:{_alternation(r.LEAD_LINKS)})(?:\s*:\s*|\s+)", re.IGNORECASE)
_LABEL = re.compile(rf"^(?:{_alternation(r.LABELS)})\s*:\s*", re.IGNORECASE)
_TRAILING = re.compile(rf"\s+(?:{_alternation(r.TRAILING_FILLERS)})$", re.IGNORECASE)
_QUESTION = tuple(re.compile(rf"^{lead}(?:\s*:\s*|\s+)", re.I) for lead in r.QUESTION_LEADS)
_QUESTIONS = tuple(re.compile(rf"^{lead}(?:\s*:\s*|\s+)", re.I) for lead in r.QUESTIONS_LEADS)
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
# "I asked about progression": what they told the user about it.
_OWN_QUESTION = re.compile(rf"^(?:{r.OWN_QUESTION_LEAD})\s+", re.IGNORECASE)
_SMALL_TALK = pattern("|".join(r.SMALL_TALK_PATTERNS))
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
    return [piece for piece in pieces if piece.strip(_EDGES)]


def _points_of(piece: str, casing: Casing) -> list[Point]:
    """A piece's points: a topic with its asides ("excel test - messed up the vlookup")."""
    parts = [part for part in map(lambda text: _read(text, casing), _ASIDE.split(piece)) if part]
    if not parts:
        return []
    head, *asides = parts
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


def _read(typed: str, casing: Casing) -> _Part | None:
    """What one part reads as, or None when nothing is left (only "lol")."""
    typed = _stripped(typed)
    text = _stripped(expanded(unshouted(without_chat(typed))))
    if not any(ch.isalpha() for ch in text):
        return None
    why = next((why for why, compiled in _CATEGORIES if compiled.search(text)), None)
    phrase, problem = _phrase(text, casing)
    return _Part(typed, phrase, why or problem, bool(_STUMBLE.search(text)))


def _stripped(text: str) -> str:
    """Text without the spaces and marks around it; a bracket it opened stays closed."""
    text = " ".join(text.split()).strip(_EDGES)
    if text.count("(") > text.count(")"):
        text += ")"
    return text


def _phrase(text: str, casing: Casing) -> tuple[str | None, str | None]:
    """The part as a clean phrase, or None and why it is not one."""
    question, topic = _without_lead_ins(text)
    words = topic.split()
    if not words:
        return None, r.WHY_NOT_A_PHRASE
    if topic.casefold() in r.TOO_GENERAL:
        return None, r.WHY_TOO_GENERAL
    if _SMALL_TALK.search(topic):
        return None, r.WHY_SMALL_TALK
    meaningful = {word for word in _words(words) if word not in r.INTENSIFIERS}
    if meaningful <= r.IMPRESSION_WORDS and question is None:
        return None, r.WHY_HOW_IT_WENT
    if not _reads_as_phrase(words):
        return None, r.WHY_NOT_A_PHRASE
    if len(words) > r.POINT_WORD_LIMIT:
        return None, r.WHY_TOO_LONG
    if _lacks_an_article(_words(words)):
        return None, r.WHY_NOT_A_PHRASE
    topic = _in_second_person(topic)
    if set(_words(topic.split())) & r.THIRD_PERSON:
        # "how she built the team": is "she" the reader or someone else? Left to the user.
        return None, r.WHY_NOT_A_PHRASE
    topic = hyphenated(topic)
    if question is not None:
        if words[0].casefold() in r.QUESTION_OWN_NOUNS:
            topic = f"{r.QUESTION_OWN} {topic}"
        topic = question.format(topic=_lower_first(topic))
    else:
        topic = _with_article(_lower_first(topic))
    topic = tidy(with_an(casing.mend(topic)))
    if len(topic) > r.POINT_LIMIT:
        return None, r.WHY_TOO_LONG
    if has_shorthand(topic):
        return None, r.WHY_SHORTHAND
    return topic, None


def _without_lead_ins(text: str) -> tuple[str | None, str]:
    """ "we talked about X" is X; "he asked about X" is a question about X."""
    question: str | None = None
    previous = None
    while text != previous:
        previous = text
        for compiled in (_LABEL, _LEAD_LINK, _LEAD_IN, _LEAD_NOUN, _TRAILING):
            text = _stripped(compiled.sub("", text))
        text = _OWN_QUESTION.sub("", text)
        for template, leads in ((r.QUESTIONS_POINT, _QUESTIONS), (r.QUESTION_POINT, _QUESTION)):
            for compiled in leads:
                match = compiled.match(text)
                if match is not None and match.end() < len(text):
                    question = question or template
                    text = _stripped(text[match.end() :])
    return question, text


def _lacks_an_article(low: list[str]) -> bool:
    """ "the project for new warehouse": a preposition, adjectives, a bare singular noun."""
    for index, word in enumerate(low):
        if word not in r.PREPOSITIONS:
            continue
        following = []
        for later in low[index + 1 :]:
            if later in r.PREPOSITIONS or later in {"and", "or", "versus"}:
                break
            following.append(later)
        if (
            following
            and following[-1] in r.ARTICLE_NEEDED_NOUNS
            and not set(following) & r.DETERMINERS
            and not any(part[:1].isdigit() or part.endswith("'s") for part in following)
        ):
            return True
    return False


def _words(words: Sequence[str]) -> list[str]:
    return [word.casefold().replace("\u2019", "'").strip(_EDGES) for word in words]


def _reads_as_phrase(words: Sequence[str]) -> bool:
    """Whether the words read as a noun phrase after "about": no clause, no loose ends."""
    low = _words(words)
    if any("?" in word for word in words) or not low[0] or not low[-1]:
        return False
    if low[0] in r.DANGLING_STARTS or low[-1] in r.DANGLING_ENDS:
        return False
    if low[0] in r.CLAUSE_STARTS:
        # "how do you onboard" is a question, "which has slipped twice" a clause.
        return len(low) == 1 or (
            low[1] not in r.QUESTION_AUXILIARIES
            and not (low[0] in r.RELATIVE_PRONOUNS and low[1] in r.FINITE_VERBS)
        )
    for index, word in enumerate(low):
        if word in r.TIME_WORDS and index + 1 < len(low) and low[index + 1] in ("i", "when"):
            # "a time (when) I had to give tough feedback": what follows is about the user.
            return True
        relative = (
            0 < index < len(low) - 1
            and word in {"they", "you", "we"}
            and low[index + 1] in r.NEUTRAL_CLAUSE_VERBS
            and low[index - 1] not in r.PREPOSITIONS | r.DETERMINERS
        )
        after_relative = index > 1 and low[index - 1] in {"they", "you", "we"}
        if word in r.SUBJECT_PRONOUNS and not relative:
            return False
        if word in r.FINITE_VERBS and not (after_relative and word in r.NEUTRAL_CLAUSE_VERBS):
            return False
    return True


_WORD = re.compile(r"[\w'\u2019-]+")


def _in_second_person(text: str) -> str:
    """ "their migration" as "your migration": the note is written to them."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = r.SECOND_PERSON.get(word.casefold().replace("\u2019", "'"))
        return word if replacement is None else replacement

    swapped = _WORD.sub(swap, text)
    first = _WORD.match(swapped)
    if first is not None and first.group(0).casefold() in r.LEADING_SECOND_PERSON:
        swapped = r.LEADING_SECOND_PERSON[first.group(0).casefold()] + swapped[first.end() :]
    return swapped


def _lower_first(text: str) -> str:
    """ "Team structure" as "team structure"; "Kubernetes migration" as typed."""
    first = _WORD.match(text)
    if first is None:
        return text
    word = first.group(0)
    folded = word.casefold()
    ordinary = (
        folded in r.ORDINARY_WORDS
        or folded in r.COUNT_NOUNS
        or (len(folded) > 5 and folded.endswith(r.ORDINARY_SUFFIXES))
    )
    if word[:1].isupper() and word[1:] == word[1:].lower() and ordinary and word != "I":
        return word[0].lower() + text[1:]
    return text


def _with_article(phrase: str) -> str:
    """ "tenant complaints process" as "the tenant complaints process"."""
    low = _words(phrase.split())
    first = low[0]
    # "designing a rate limiter" is about doing; "clienteling app" is a thing.
    doing = any(
        word.endswith("ing")
        and (
            index + 1 == len(low)
            or low[index + 1] in r.DETERMINERS | r.PREPOSITIONS
            or low[index + 1][:1].isdigit()
        )
        for index, word in enumerate(low[:3])
    )
    if (
        doing
        or first in r.DETERMINERS
        or first in r.CLAUSE_STARTS
        or first[:1].isdigit()
        or first.endswith("'s")
    ):
        return phrase
    # The noun a phrase is about comes before its first preposition ("the case study on a
    # loan"), unless what comes before is a name ("the SDR to AE ratio").
    head = low[-1]
    typed = phrase.split()
    for index, word in enumerate(low[1:], start=1):
        if word in r.PREPOSITIONS or word in {"they", "you", "we", "that", "which"}:
            before = typed[index - 1]
            named = before.isupper() or before.casefold() in r.ACRONYMS | set(r.PROPER_NOUNS)
            if not (named and word in r.PREPOSITIONS):
                head = low[index - 1]
            break
    if head in r.COUNT_NOUNS:
        return f"{r.ARTICLE} {phrase}"
    return phrase
