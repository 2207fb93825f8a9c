"""The user's pitch as clean first-person sentences, ready to paste into a letter.

"8 yrs go and postgres, led the rate-limiting rewrite at monzo" reads as "I have eight years
of experience in Go and Postgres." and "I led the rate-limiting rewrite at Monzo."; a fragment
that cannot be completed ("qts 2021") or that sounds desperate is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.reading import reading_en as r
from bot.domain.reading.typed_text import (
    Casing,
    expanded,
    has_shorthand,
    hyphenated,
    pattern,
    tidy,
    with_an,
    without_chat,
    without_hedges,
)

_BREAK = re.compile(r"[\n\r;\u2028\u2029]+|(?<=[.!?…])\s+|,(?!\d{3}\b)")
_BULLET = re.compile(r"^(?:[-*•·‣◦▪\u2013—+>]+\s*|\(?\d{1,3}[.)]\s+)")
_EDGES = " \t.,;:!?…-\u2013—\"'“”\u2018\u2019*"
_LEFT_OUT = pattern("|".join(r.PITCH_LEFT_OUT_PATTERNS))
_LINK = re.compile(
    r"^(?:" + "|".join(re.escape(link) for link in r.PITCH_LINKS) + r")\s+", re.IGNORECASE
)
_COUNT = r"(\d{1,2}|" + "|".join(r.NUMBER_WORDS) + r")(\+?)"
_UNIT = r"(years?|yrs?)"
_YEARS_FIRST = re.compile(
    rf"^(?:i have\s+|i've\s+)?(?:(over|more than|about|nearly|almost|around)\s+)?{_COUNT}\s+{_UNIT}"
    rf"(?:\s+of)?(\s+experience)?(?:\s+({'|'.join(r.PITCH_YEARS_PREPOSITIONS)}))?\s+(.+)$",
    re.IGNORECASE,
)
_YEARS_LAST = re.compile(rf"^(.+?)\s+(?:for\s+)?{_COUNT}\s+{_UNIT}$", re.IGNORECASE)
_SMALL_COUNT = re.compile(r"(?<![\w.,$£€])(\d{1,2})\s+(years?|months?)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019-]+")
# "idk, i'm good with numbers i guess??": the user unsure of a claim; it stays out.
_DOUBT = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(doubt) for doubt in r.PITCH_DOUBTS) + r")(?!\w)",
    re.IGNORECASE,
)
# "I am NMC registered since 2018" is "I have been NMC registered since 2018".
_SINCE = re.compile(r"^I am (.+?) since(?= )")


def read_pitch(raw: str | None, *, known: Sequence[str] = ()) -> tuple[str, ...]:
    """The pitch as complete first-person sentences, each ending with a period.

    Shorthand is expanded, "i" capitalised, fragments completed ("forklift licence" is "I
    hold a forklift licence."); what can't be completed or sounds desperate is left out.
    `known` holds names the user typed elsewhere (the company, the role).
    """
    if raw is None or not raw.strip():
        return ()
    casing = Casing.learnt_from([raw], known)
    done: list[tuple[str, str]] = []  # (fragment, its sentence)
    for fragment in _fragments(raw):
        sentence = _sentence(fragment)
        if sentence is None and done and _continues_a_list(fragment):
            # "speak english, vietnamese and french": the list goes on past the comma.
            joined = f"{done[-1][0]}, {fragment}"
            sentence = _sentence(joined)
            if sentence is not None:
                done[-1] = (joined, sentence)
            continue
        if sentence is not None:
            done.append((fragment, sentence))
    sentences: list[str] = []
    for _, sentence in done:
        polished = _SINCE.sub(r"I have been \1 since", _polished(sentence, casing))
        if polished not in sentences and _complete(polished):
            sentences.append(polished)
    return tuple(sentences)


def _fragments(raw: str) -> list[str]:
    """The pitch's lines, sentences and comma parts, cleaned of chat, hedges and shorthand."""
    fragments = []
    for part in _BREAK.split(raw):
        text = _BULLET.sub("", part.strip())
        if _LEFT_OUT.search(text) or _DOUBT.search(text):
            continue
        text = expanded(without_hedges(without_chat(text))).strip(_EDGES)
        text = _LINK.sub("", text).strip(_EDGES)
        if any(ch.isalpha() for ch in text):
            fragments.append(" ".join(text.split()))
    return fragments


def _continues_a_list(fragment: str) -> bool:
    """ "vietnamese and french", "140% of quota": the end of the fragment before."""
    words = fragment.split()
    return len(words) <= 5 and (" and " in f" {fragment} " or words[0][:1].isdigit())


def _sentence(fragment: str) -> str | None:
    """The fragment as a first-person sentence (without its period), or None."""
    words = fragment.split()
    low = [word.casefold().replace("\u2019", "'") for word in words]
    first = low[0]
    rest = " ".join(words[1:])
    if first in r.PITCH_DROPPED_LEADS and len(words) > 1:
        # "Because I know the domain" is "I know the domain".
        return _sentence(rest)
    if first in ("i", "i'm", "i've", "i'd"):
        if first == "i" and len(low) > 1 and low[1] in ("have", "'ve"):
            years = _years(fragment, trailing=False)
            if years is not None:
                return years
        sentence = _with_article_after_verb(["I" + words[0][1:], *words[1:]])
        return _with_person_article(sentence)
    if first in r.PITCH_PASSIVE_VERBS:
        return f"{r.PITCH_PASSIVE} {first} {rest}".strip()
    if first in r.PITCH_ADVERBS and len(low) > 1 and _is_verb(low[1]):
        return _with_article_after_verb([r.FIRST_PERSON, first, *words[1:]])
    if _is_verb(first) and not _state_first(low):
        return _with_article_after_verb([r.FIRST_PERSON, first, *words[1:]])
    if (
        len(low) > 1
        and low[0] in r.PITCH_LANGUAGE_STATES
        and all(word.strip(",") in r.PROPER_NOUNS or word == "and" for word in low[1:])
    ):
        # "fluent spanish" is "fluent in Spanish".
        return f"{r.PITCH_STATE} {words[0]} {r.PITCH_LANGUAGE_PREPOSITION} {rest}"
    if len(low) == 2 and low[1] in r.PITCH_COMPOUND_STATES:
        # "customer focused" is "I am customer-focused".
        return f"{r.PITCH_STATE} {words[0]}-{words[1]}"
    if _state_first(low) or _state_last(low):
        return f"{r.PITCH_STATE} {fragment}"
    years = _years(fragment)
    if years is not None:
        return years
    post = [index for index, word in enumerate(low[:-1]) if word in r.PITCH_POST_WORDS]
    if post and post[0] < 3 and low[post[0] + 1] in r.PITCH_POST_PREPOSITIONS:
        article = "" if post[0] > 0 else _article(words[0]) + " "
        return f"{r.PITCH_STATE} {article}{fragment}"
    if _is_person(low):
        return f"{r.PITCH_STATE} {_article(words[0])} {_lowered(fragment)}"
    for nouns, lead in (
        (r.PITCH_HELD_NOUNS, r.PITCH_HOLD),
        (r.PITCH_COMPLETED_NOUNS, r.PITCH_COMPLETED),
    ):
        head = _head(low)
        if head & nouns and not low[-1].isdigit():
            if first in r.DETERMINERS:
                return f"{lead} {fragment}"
            return f"{lead} {_article(words[0])} {_lowered(fragment)}"
    if first in r.POSSESSIVE_OPENERS and set(low[1:]) & r.CLAUSE_VERBS:
        return fragment
    had = _head(low) & r.PITCH_HAD_NOUNS
    if (low[-1] in r.PITCH_HAD_NOUNS or first == r.PITCH_EXPERIENCE or had) and not (
        set(low) & r.CLAUSE_VERBS
    ):
        # "strong background in X" is "I have a strong background in X".
        article = "" if first in r.DETERMINERS or not had & r.PITCH_HAD_ONE else "a "
        return f"{r.PITCH_HAVE} {article}{_lowered(fragment)}"
    if first in r.POSSESSIVE_OPENERS and set(low[1:]) & r.CLAUSE_VERBS:
        return fragment
    return None


def _is_verb(word: str) -> bool:
    return word in r.PITCH_VERBS or (
        word.endswith("ed") and len(word) > 4 and word not in r.PITCH_ADJECTIVES_ED
    )


def _state_first(low: list[str]) -> bool:
    """ "comfortable with RTOS", "very strong in SQL", "trained in Read Write Inc"."""
    for words in (low, low[1:] if low[0] in r.PITCH_ADVERBS else []):
        if words and words[0] in r.PITCH_STATE_FIRST_WORDS:
            return len(words) == 1 or words[1] in r.PITCH_STATE_PREPOSITIONS
    return False


def _state_last(low: list[str]) -> bool:
    """ "CIMA qualified", "NMC registered since 2018"."""
    return low[-1] in r.PITCH_STATE_LAST_WORDS or (
        any(word in r.PITCH_STATE_LAST_WORDS for word in low[1:3])
        and low[0] not in r.DETERMINERS
        and not low[0][:1].isdigit()
    )


def _is_person(low: list[str]) -> bool:
    """ "experienced React developer", "very hard worker"."""
    return (
        len(low) <= 5
        and low[-1].endswith(r.PITCH_PERSON_SUFFIXES)
        and not set(low) & r.PITCH_POST_PREPOSITIONS
        and low[0] not in r.DETERMINERS
        and not any(word.isdigit() for word in low)
    )


def _head(low: list[str]) -> set[str]:
    """The words a noun phrase is about: those before its first preposition."""
    head = []
    for word in low:
        if word in r.PREPOSITIONS:
            break
        head.append(word)
    return set(head[:4])


def _years(fragment: str, *, trailing: bool = True) -> str | None:
    """ "8 years go and postgres", "b2b saas 4 years" as years of experience."""
    match = _YEARS_FIRST.match(fragment)
    if match is not None:
        about, count, more, _, experience, preposition, field = match.groups()
        if _is_verb(field.split()[0].casefold()):
            return None
        field = r.PITCH_FIELDS.get(field.casefold(), field)
        more = more or ("+" if (about or "").casefold() in ("over", "more than") else "")
        if about and not more:
            count = f"{about.casefold()} {_number_word(count)}"
        if not preposition and field.split()[-1].casefold() in r.PITCH_PERSON_NOUNS:
            return r.PITCH_YEARS_AS.format(
                count=_count(count, more),
                unit=_unit(count),
                article=_article(field.split()[0]),
                field=_lowered(field),
            )
        if field.casefold().endswith(r.PITCH_EXPERIENCE) and not experience and not preposition:
            return r.PITCH_YEARS_OF.format(count=_count(count, more), unit=_unit(count),
                                           field=_lowered(field))  # fmt: skip
        return r.PITCH_YEARS.format(
            count=_count(count, more),
            unit=_unit(count),
            preposition=(preposition or r.PITCH_YEARS_PREPOSITION).casefold(),
            field=_lowered(field),
        )
    match = _YEARS_LAST.match(fragment) if trailing else None
    if match is not None:
        field, count, more, _ = match.groups()
        if _is_verb(field.split()[0].casefold()):
            return None
        field = r.PITCH_FIELDS.get(field.casefold(), field)
        return r.PITCH_YEARS.format(
            count=_count(count, more),
            unit=_unit(count),
            preposition=r.PITCH_YEARS_PREPOSITION,
            field=_lowered(field),
        )
    return None


def _count(count: str, more: str) -> str:
    word = _number_word(count)
    return r.PITCH_MORE_THAN.format(count=word) if more else word


def _number_word(count: str) -> str:
    if " " in count:
        return count
    if count.isdigit() and int(count) < len(r.NUMBER_WORDS):
        return r.NUMBER_WORDS[int(count)]
    return count.casefold()


def _unit(count: str) -> str:
    return "year" if count.casefold().split()[-1] in ("1", "one") else "years"


def _with_article_after_verb(words: list[str]) -> str:
    """ "I managed team of 12" as "I managed a team of 12"."""
    if len(words) > 2 and words[2].casefold() in r.PITCH_ARTICLE_NOUNS:
        words = [*words[:2], _article(words[2]), *words[2:]]
    elif (
        len(words) > 3
        and words[2][:1] in "£$€0123456789"
        and (words[3].casefold() in r.PITCH_ARTICLE_NOUNS)
    ):
        # "managed £2m budget" is "managed a £2m budget".
        words = [*words[:2], "a", *words[2:]]
    return " ".join(words)


def _with_person_article(sentence: str) -> str:
    """ "I am very hard worker" as "I am a very hard worker"."""
    words = sentence.split()
    if (
        len(words) > 2
        and words[1].casefold() == "am"
        and _is_person([word.casefold() for word in words[2:]])
    ):
        return " ".join([*words[:2], _article(words[2]), *words[2:]])
    return sentence


def _article(word: str) -> str:
    """ "a" or "an" before a word as it is said: "an MEng", "a forklift licence"."""
    if sum(ch.isupper() for ch in word) > 1:
        return "an" if word[0] in r.ACRONYM_AN_LETTERS else "a"
    return "an" if word[:1].casefold() in r.AN_LETTERS else "a"


def _lowered(text: str) -> str:
    """ "Strong typography" as "strong typography"; "Go and Postgres" as typed."""
    first = _WORD.match(text)
    if first is None:
        return text
    word = first.group(0)
    if (
        word[:1].isupper()
        and word[1:] == word[1:].lower()
        and word.casefold() in (r.ORDINARY_WORDS | set(r.NUMBER_WORDS) | r.PITCH_STATE_FIRST_WORDS)
    ):
        return word.casefold() + text[len(word) :]
    return text


def _complete(sentence: str) -> bool:
    """ "I am a." is not a sentence; nor is one with shorthand left in it."""
    words = sentence.rstrip(".").split()
    return (
        len(words) > 2
        and words[-1].casefold() not in r.DANGLING_ENDS
        and not has_shorthand(sentence)
    )


def _polished(sentence: str, casing: Casing) -> str:
    """Case mended, compounds hyphenated, small counts in words, a capital and a period."""
    sentence = _SMALL_COUNT.sub(lambda m: f"{_number_word(m[1])} {m[2]}", sentence)
    sentence = tidy(with_an(casing.mend(hyphenated(sentence)))).rstrip(_EDGES)
    return sentence[:1].upper() + sentence[1:] + "."
