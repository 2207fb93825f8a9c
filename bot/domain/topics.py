"""Turn interview topics as people type them into short noun phrases, and join phrases as prose."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain import wording_en as w


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of words and phrases, longest first so "went over" beats "went"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]+")
_PIECE_BREAK = re.compile(
    r";|,(?!\d)(?!\s*(?:" + "|".join(w.TOPIC_CLAUSE_CONTINUATIONS) + r")\b)|(?<=[.!?…])\s+",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"\s+[-\u2013—]+\s+|\s*\(\s*(?=(?:"
    + "|".join(w.TOPIC_CLAUSE_SUBJECTS)
    + r")\b)|\s+(?:"
    + "|".join(w.TOPIC_CLAUSE_JOINS)
    + r")\s+(?=(?:"
    + "|".join(w.TOPIC_CLAUSE_SUBJECTS)
    + r")\b)",
    re.IGNORECASE,
)
_PRIVATE = tuple(
    (reason, re.compile(pattern.replace("{APOS}", "['\u2019]"), re.IGNORECASE))
    for reason, pattern in w.PRIVATE_PATTERNS
)
_ABBREVIATIONS = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in w.TOPIC_ABBREVIATIONS
)
_BULLET = re.compile(r"^(?:[-*•·‣◦▪\u2013—+>]+\s*|\(?\d{1,3}[.)]\s+|\(?[a-zA-Z][.)]\s+)")
_EDGE_PUNCTUATION = " \t.,;:!?…-\u2013—\"'“”\u2018\u2019()[]{}"
_LEAD_IN = re.compile(
    rf"^(?:(?:(?:{_alternation(w.TOPIC_LEAD_SUBJECTS)})\s+)?"
    rf"(?:(?:{_alternation(w.TOPIC_LEAD_ADVERBS)})\s+)*"
    rf"(?:{_alternation(w.TOPIC_LEAD_VERBS)})"
    rf"|(?:{_alternation(w.TOPIC_LEAD_SUBJECTS)})\s+"
    rf"(?:(?:{_alternation(w.TOPIC_LEAD_ADVERBS)})\s+)*"
    rf"(?:{_alternation(w.TOPIC_LEAD_VERBS_AFTER_SUBJECT)}))"
    rf"(?:\s+(?:{_alternation(w.TOPIC_LEAD_OBJECTS)}))?"
    rf"(?:\s+(?:{_alternation(w.TOPIC_LEAD_ADVERBS)}))*"
    rf"(?:\s+(?:{_alternation(w.TOPIC_LEAD_PREPOSITIONS)}))?(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_NOUN = re.compile(
    rf"^(?:(?:{_alternation(w.TOPIC_LEAD_ARTICLES)})\s+)?(?:[\w-]+\s+)?"
    rf"(?:{_alternation(w.TOPIC_LEAD_NOUNS)})\s+(?:{_alternation(w.TOPIC_LEAD_NOUN_PREPOSITIONS)})"
    r"(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_LEAD_LINK = re.compile(rf"^(?:{_alternation(w.TOPIC_LEAD_LINKS)})(?:\s*:\s*|\s+)", re.IGNORECASE)
_LABEL = re.compile(rf"^(?:{_alternation(w.TOPIC_LABELS)})\s*:\s*", re.IGNORECASE)
_TRAILING_FILLER = re.compile(rf"\s+(?:{_alternation(w.TOPIC_TRAILING_FILLERS)})$", re.IGNORECASE)
_AND = re.compile(rf"\s+{re.escape(w.TOPIC_AND)}\s+", re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019-]+")


def normalise_topics(raw: str | None) -> list[str]:
    """Clean short phrases from topics as typed: lists, lines, commas, "we talked about …"."""
    if raw is None or not raw.strip():
        return []
    phrases: list[str] = []
    seen: set[str] = set()
    for line in _LINE_BREAK.split(raw):
        for piece in _PIECE_BREAK.split(_BULLET.sub("", line.strip())):
            for phrase in _phrases_of(piece):
                key = phrase.casefold()
                if key not in seen:
                    seen.add(key)
                    phrases.append(phrase)
    return phrases


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
    """Talking points from the topics as typed, without what is for the user only.

    Self-assessment ("I got stuck", "she liked my point"), logistics ("30 min screen"), pay
    ("OTE range") and notice periods are left out, each with its reason; "we went deep on X"
    is X, and a clause such as "the rewrite, which has slipped twice" stays whole.
    """
    if raw is None or not raw.strip():
        return TopicReading((), ())
    points: list[str] = []
    left_out: list[LeftOut] = []
    seen: set[str] = set()
    text = raw
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    for line in _LINE_BREAK.split(text):
        for piece in _PIECE_BREAK.split(_BULLET.sub("", line.strip())):
            previous: str | None = None
            for clause in _CLAUSE_BREAK.split(piece):
                clause = _strip_edges(" ".join(clause.split()))
                if not clause:
                    continue
                reason = private_reason(clause)
                if reason is None and previous is not None and len(clause.split()) <= 3:
                    # "my notice period - 8 weeks": the aside belongs to the private part.
                    last = left_out.pop()
                    left_out.append(LeftOut(shorten(f"{last.text} - {clause}", 70), last.reason))
                    continue
                previous = reason
                if reason is not None:
                    left_out.append(LeftOut(shorten(clause, 60), reason))
                    continue
                for phrase in _phrases_of(clause):
                    key = phrase.casefold()
                    if key not in seen:
                        seen.add(key)
                        points.append(phrase)
    return TopicReading(tuple(points), tuple(left_out))


def private_reason(text: str) -> str | None:
    """Why a clause is for the user only (pay, logistics…), or None when a note may use it."""
    for reason, pattern in _PRIVATE:
        if pattern.search(text):
            return reason
    return None


def join_phrases(phrases: Sequence[str]) -> str:
    """Join phrases the way people write them: "A", "A and B", "A, B and C"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return w.LIST_SEPARATOR.join(phrases[:-1]) + w.LIST_LAST_SEPARATOR + phrases[-1]


def shorten(text: str, limit: int) -> str:
    """The text, or its beginning cut at a word boundary with an ellipsis, at most limit long."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(w.ELLIPSIS), 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(_EDGE_PUNCTUATION) + w.ELLIPSIS


def to_second_person(text: str, *, leading: bool = True) -> str:
    """ "their migration" becomes "your migration": the note is written to them."""
    words = w.PRONOUNS_TO_SECOND_PERSON

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = words.get(word.casefold().replace("\u2019", "'"))
        if replacement is None:
            return word
        if "\u2019" in word:
            replacement = replacement.replace("'", "\u2019")
        return replacement

    swapped = _WORD.sub(swap, text)
    first = _WORD.match(swapped)
    if leading and first is not None:
        pronoun = w.LEADING_PRONOUNS_TO_SECOND_PERSON.get(first.group(0).casefold())
        if pronoun is not None:
            swapped = pronoun + swapped[first.end() :]
    return swapped


def lower_ordinary_first_word(text: str) -> str:
    """ "Team structure" becomes "team structure"; "Kubernetes migration" stays as typed."""
    first = _WORD.match(text)
    if first is None:
        return text
    word = first.group(0)
    is_capitalised = word[0].isupper() and (len(word) == 1 or word[1:] == word[1:].lower())
    folded = word.casefold()
    ordinary = folded in w.ORDINARY_WORDS or (
        len(folded) > 5 and folded.endswith(w.ORDINARY_SUFFIXES)
    )
    if is_capitalised and ordinary and word != w.FIRST_PERSON:
        return word[0].lower() + text[1:]
    return text


def _phrases_of(piece: str) -> list[str]:
    """The phrases in one comma- or line-separated piece of what the user typed."""
    phrases = []
    for part in _split_on_and(_without_lead_ins(piece)):
        phrase = lower_ordinary_first_word(to_second_person(_without_lead_ins(part)))
        phrase = _with_article_before_clause(phrase)
        if phrase and phrase.casefold() not in w.TOPIC_EMPTY and _has_letters(phrase):
            phrases.append(phrase)
    return phrases


def _without_lead_ins(piece: str) -> str:
    """ "we talked about X", "and then about X", "Topics: X" are X."""
    text = _strip_edges(" ".join(piece.split()))
    previous = None
    while text != previous:
        previous = text
        text = _BULLET.sub("", text)
        text = _LEAD_IN.sub("", text)
        text = _LEAD_NOUN.sub("", text)
        text = _LEAD_LINK.sub("", text)
        text = _LABEL.sub("", text)
        text = _TRAILING_FILLER.sub("", text)
        text = _strip_edges(text)
    return text


_BARE_NOUN_WITH_CLAUSE = re.compile(r"^([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})\s+you\s+\w+")


def _with_article_before_clause(phrase: str) -> str:
    """ "falls prevention audit you ran" reads as "the falls prevention audit you ran"."""
    match = _BARE_NOUN_WITH_CLAUSE.match(phrase)
    if match is None:
        return phrase
    first = phrase.split()[0].casefold()
    if first in w.TOPIC_DETERMINERS or first in w.TOPIC_CLAUSE_STARTS or first.endswith("ing"):
        return phrase
    return f"{w.TITLE_ARTICLE} {phrase}"


def _split_on_and(text: str) -> list[str]:
    """ "their migration and on-call" is two topics; "pros and cons of X" is one."""
    parts = _AND.split(text)
    if len(parts) < 2 or any(not part.strip() for part in parts):
        return [text]
    words = text.casefold().split()
    if words[0] in w.TOPIC_CLAUSE_STARTS:
        return [text]
    long_left = len(parts[0].split()) >= w.TOPIC_SPLIT_MIN_WORDS
    determiners_right = all(part.split()[0].casefold() in w.TOPIC_DETERMINERS for part in parts[1:])
    if long_left or determiners_right:
        return parts
    return [text]


def _strip_edges(text: str) -> str:
    """Text without the punctuation and spaces people leave around a phrase."""
    stripped = text.strip(_EDGE_PUNCTUATION)
    # Keep brackets and quotes that belong to the phrase, e.g. "migration (EKS)".
    if stripped and text.rstrip(" .,;:!?…").endswith((")", "”", '"')):
        kept = text.strip(" \t.,;:!?…-\u2013—")
        if kept.count("(") == kept.count(")") and kept.count('"') % 2 == 0:
            return kept
    return stripped


def _has_letters(text: str) -> bool:
    """Whether the phrase says something: not only digits, symbols or spaces."""
    return any(ch.isalnum() for ch in text) or any(ord(ch) > 0x2000 for ch in text)
