"""A part of what the user typed as a phrase a note can say after "about", or why it is not one.

"we talked about their move to kubernetes" is "your move to Kubernetes"; "he asked about my
team lead experience" is "your question about my team-lead experience"; "morale is low" is a
clause, and "project for new warehouse" grammar copied as typed: neither is a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.reading import reading_en as r
from bot.domain.reading.typed_text import (
    Casing,
    alternation,
    has_shorthand,
    hyphenated,
    pattern,
    tidy,
    with_an,
)

EDGES = " \t.,;:!?…-\u2013—\"'“”\u2018\u2019()[]{}*"


_LEAD_IN = re.compile(
    rf"^(?:(?:{alternation(r.LEAD_SUBJECTS)})\s+)?(?:(?:{alternation(r.LEAD_ADVERBS)})\s+)*"
    rf"(?:{alternation(r.LEAD_VERBS)})(?:\s+(?:{alternation(r.LEAD_OBJECTS)}))?"
    rf"(?:\s+(?:{alternation(r.LEAD_ADVERBS)}))*(?:\s+(?:{alternation(r.LEAD_PREPOSITIONS)}))?"
    r"(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_NOUN = re.compile(
    rf"^(?:(?:{alternation(r.LEAD_ARTICLES)})\s+)?(?:[\w-]+\s+)?(?:{alternation(r.LEAD_NOUNS)})"
    rf"\s+(?:{alternation(r.LEAD_PREPOSITIONS)})(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_LINK = re.compile(rf"^(?:{alternation(r.LEAD_LINKS)})(?:\s*:\s*|\s+)", re.IGNORECASE)
_LABEL = re.compile(rf"^(?:{alternation(r.LABELS)})\s*:\s*", re.IGNORECASE)
_TRAILING = re.compile(rf"\s+(?:{alternation(r.TRAILING_FILLERS)})$", re.IGNORECASE)
_QUESTION = tuple(re.compile(rf"^{lead}(?:\s*:\s*|\s+)", re.I) for lead in r.QUESTION_LEADS)
_QUESTIONS = tuple(re.compile(rf"^{lead}(?:\s*:\s*|\s+)", re.I) for lead in r.QUESTIONS_LEADS)
# "I asked about progression": what they told the user about it.
_OWN_QUESTION = re.compile(rf"^(?:{r.OWN_QUESTION_LEAD})\s+", re.IGNORECASE)
_SMALL_TALK = pattern("|".join(r.SMALL_TALK_PATTERNS))


def stripped(text: str) -> str:
    """Text without the spaces and marks around it; a bracket it opened stays closed."""
    text = " ".join(text.split()).strip(EDGES)
    if text.count("(") > text.count(")"):
        text += ")"
    return text


def as_phrase(text: str, casing: Casing) -> tuple[str | None, str | None]:
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
            text = stripped(compiled.sub("", text))
        text = _OWN_QUESTION.sub("", text)
        for template, leads in ((r.QUESTIONS_POINT, _QUESTIONS), (r.QUESTION_POINT, _QUESTION)):
            for compiled in leads:
                match = compiled.match(text)
                if match is not None and match.end() < len(text):
                    question = question or template
                    text = stripped(text[match.end() :])
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
    return [word.casefold().replace("\u2019", "'").strip(EDGES) for word in words]


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
