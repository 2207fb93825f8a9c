"""What comes back from the model, read and checked before anyone sees it.

Pure code. A check that fails names its reason (a short code, never the user's text); the
caller then uses our own draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.drafting import wording_en as w
from bot.domain.drafting.tone import check_tone
from bot.llm.request import VOICEMAIL_MAX_WORDS, Facts

LETTER_MAX_WORDS = 170
SCRIPT_MIN_BULLETS = 3
SCRIPT_MAX_BULLETS = 4
SCRIPT_MAX_QUESTIONS = 2
# A sentence this long that another panelist's note also has: panelists compare notes.
SHARED_SENTENCE_WORDS = 8

# Phrases that make a note read like a form letter or a chat assistant.
BANNED_PHRASES = (
    "as an ai",
    "language model",
    "i hope this email finds you well",
    "i hope this message finds you well",
    "i am writing to",
    "i'm writing to",
    "just checking in",
    "touch base",
    "circle back",
    "at your earliest convenience",
    "do not hesitate",
    "don't hesitate",
    "i wanted to reach out",
    "thrilled",
    "delve",
    "testament to",
    "synergy",
    "your name",
    "candidate's name",
    "insert ",
)
_GREETINGS = ("dear", "hi", "hello", "good morning", "good afternoon")
_PLACEHOLDER = re.compile(r"[\[\]{}<>]")
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_SUBJECT = re.compile(r"^\s*\**subject\**\s*:\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d[.)])\s+(.*\S)")
_VOICEMAIL = re.compile(r"^\s*\**voicemail\**\s*:?\s*\**\s*(.*)$", re.IGNORECASE)
# Words a letter may capitalise mid-sentence without their being a name it made up.
_ALWAYS_CAPITALISED = frozenset({"i", "i'm", "i've", "i'd", "i'll"})


@dataclass(frozen=True, slots=True)
class Letter:
    """A thank-you note or an email as the model wrote it."""

    subject: str | None
    body: str


@dataclass(frozen=True, slots=True)
class Script:
    """A call script as the model wrote it: bullets, and the voicemail."""

    bullets: tuple[str, ...]
    voicemail: str


def read_letter(answer: str) -> Letter | None:
    """The subject line (if any) and the body; None when there is no usable text."""
    lines = _without_fences(answer).strip().splitlines()
    subject = None
    if lines:
        match = _SUBJECT.match(lines[0])
        if match:
            subject = match.group(1).strip().strip("*").strip() or None
            lines = lines[1:]
    body = "\n".join(line.rstrip() for line in lines).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    return Letter(subject, body) if body else None


def read_script(answer: str) -> Script | None:
    """The bullets and the voicemail; None when either is missing."""
    bullets: list[str] = []
    voicemail: list[str] = []
    in_voicemail = False
    for line in _without_fences(answer).splitlines():
        match = _VOICEMAIL.match(line)
        if match and not in_voicemail:
            in_voicemail = True
            line = match.group(1)
        if in_voicemail:
            if line.strip():
                voicemail.append(line.strip().strip('"“”'))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            bullets.append(bullet.group(1).strip())
    text = " ".join(voicemail).strip()
    return Script(tuple(bullets), text) if bullets and text else None


def check_letter(
    letter: Letter,
    facts: Facts,
    *,
    kept: Sequence[str] = (),
    others: Sequence[str] = (),
) -> str | None:
    """None when the letter may be shown; else why not (a code, without the user's text)."""
    body = letter.body
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if len(lines) < 3:
        return "too short"
    if not _greets(lines[0], facts):
        return "does not greet them"
    if not _signed(lines[-1], facts):
        return "not signed with the user's name"
    text = f"{letter.subject or ''}\n{body}"
    return _common_checks(
        text, facts, kept=kept, max_words=LETTER_MAX_WORDS, counted=body
    ) or _shared_sentence(body, others)


def check_script(script: Script, facts: Facts, *, kept: Sequence[str] = ()) -> str | None:
    """None when the call script may be shown; else why not."""
    if not SCRIPT_MIN_BULLETS <= len(script.bullets) <= SCRIPT_MAX_BULLETS:
        return "not 3-4 bullets"
    if sum(bullet.count("?") for bullet in script.bullets) > SCRIPT_MAX_QUESTIONS:
        return "more than two questions"
    if len(_WORD.findall(script.voicemail)) > VOICEMAIL_MAX_WORDS:
        return "voicemail too long"
    if not _says_name(script.voicemail, facts.sender):
        return "not signed with the user's name"
    if facts.greet_as and _last_name_part(facts.greet_as) not in script.voicemail.casefold():
        return "does not greet them"
    text = "\n".join([*script.bullets, script.voicemail])
    return _common_checks(text, facts, kept=kept, max_words=None, counted=text)


def _common_checks(
    text: str, facts: Facts, *, kept: Sequence[str], max_words: int | None, counted: str
) -> str | None:
    folded = text.casefold()
    if max_words is not None and len(_WORD.findall(counted)) > max_words:
        return "too long"
    if facts.company.casefold() not in folded:
        return "does not name the company"
    if facts.role.casefold() not in folded:
        return "does not name the role"
    if facts.points and not any(_refers_to(point, text) for point in facts.points):
        return "refers to no approved point"
    sent = facts.text()
    if _uses_kept(text, kept, sent):
        return "uses a point kept for the user"
    if _new_numbers(text, sent):
        return "a number that was not sent"
    if _new_names(text, sent):
        return "a name that was not sent"
    if _PLACEHOLDER.search(text) or any(phrase in folded for phrase in BANNED_PHRASES):
        return "a banned phrase"
    if check_tone(text, _allowed_words(facts)):
        return "fails the tone check"
    return None


def _without_fences(answer: str) -> str:
    """The answer without a Markdown code fence around it."""
    return "\n".join(line for line in answer.splitlines() if not line.strip().startswith("```"))


def _greets(line: str, facts: Facts) -> bool:
    folded = line.casefold()
    if not folded.startswith(_GREETINGS) or len(line.split()) > 6:
        return False
    return not facts.greet_as or _last_name_part(facts.greet_as) in folded


def _signed(line: str, facts: Facts) -> bool:
    return len(line.split()) <= 5 and _says_name(line, facts.sender)


def _says_name(text: str, name: str) -> bool:
    """Whether text has a part of the name ("Hana" or "Novak" of "Dr. Hana Novak")."""
    words = {word.casefold() for word in _WORD.findall(text)}
    parts = [part.casefold() for part in _WORD.findall(name)]
    return any(part in words for part in parts if part not in w.HONORIFICS and len(part) > 1)


def _last_name_part(name: str) -> str:
    return name.split()[-1].casefold()


def _stem(word: str) -> str:
    word = word.casefold().replace("\u2019", "'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content_words(text: str) -> set[str]:
    """Words that say what a text is about: four letters or more, not common ones."""
    return {
        _stem(word)
        for word in _WORD.findall(text)
        if len(word) >= 4 and word.casefold() not in w.COMMON_WORDS and not word.isdigit()
    }


def _refers_to(point: str, text: str) -> bool:
    """Most of a point's content words (at least one, two for longer points) are in text."""
    wanted = _content_words(point)
    if not wanted:
        return point.casefold() in text.casefold()
    found = wanted & _content_words(text)
    return len(found) >= min(2, len(wanted))


def _numbers(text: str) -> set[str]:
    return {number.replace(",", "") for number in _NUMBER.findall(text)}


def _uses_kept(text: str, kept: Iterable[str], sent: str) -> bool:
    """A kept point's distinctive words (in nothing that was sent, nor in our own drafts'
    wording) or figures in text."""
    sent_words, sent_numbers = _content_words(sent) | _GENERIC, _numbers(sent)
    words, numbers = _content_words(text), _numbers(text)
    for point in kept:
        if (_content_words(point) - sent_words) & words:
            return True
        if (_numbers(point) - sent_numbers) & numbers:
            return True
    return False


def _new_numbers(text: str, sent: str) -> bool:
    return bool(_numbers(text) - _numbers(sent))


def _new_names(text: str, sent: str) -> bool:
    """A capitalised word inside a sentence that appears nowhere in what was sent."""
    sent_words = {_stem(word) for word in _WORD.findall(sent)}
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence)
        for word in words[1:]:
            if not word[:1].isupper() or word.casefold() in _ALWAYS_CAPITALISED:
                continue
            if _stem(word) not in sent_words:
                return True
    return False


def _shared_sentence(body: str, others: Iterable[str]) -> str | None:
    mine = _long_sentences(body)
    for other in others:
        if mine & _long_sentences(other):
            return "shares a sentence with another panelist's note"
    return None


def _long_sentences(text: str) -> set[str]:
    out = set()
    for sentence in _SENTENCE_END.split(text):
        words = [word.casefold() for word in _WORD.findall(sentence)]
        if len(words) >= SHARED_SENTENCE_WORDS:
            out.add(" ".join(words))
    return out


def _wording_words() -> frozenset[str]:
    """The words of our own drafts' wording: a note that shares only these with a kept point
    ("think", "next step") has not carried it over."""
    words: set[str] = set()
    for value in vars(w).values():
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, tuple):
            texts = [text for text in value if isinstance(text, str)]
        # Sentences only: single words are the keyword lists that tell what a point is about
        # ("salary", "bonus"), which must stay distinctive.
        for text in texts:
            if len(text.split()) >= 3:
                words |= _content_words(text)
    return frozenset(words)


_GENERIC = _wording_words()


def _allowed_words(facts: Facts) -> tuple[str, ...]:
    """The user's own texts: "IBM" or "SRE" in them is a name, not shouting."""
    return (facts.sender, facts.company, facts.role, facts.person, facts.title, *facts.points,
            *facts.pitch)  # fmt: skip
