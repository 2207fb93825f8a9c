"""Text as people type it in a chat, made fit for a letter: shorthand, chat, typos and case."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain.places import lookup as places
from bot.domain.reading import reading_en as r

APOSTROPHES = "['\u2019]"
_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w'\u2019&-]*")
_ELONGATED = re.compile(r"([a-zA-Z])\1{2,}")
_SPACES = re.compile(r"\s+")
_LETTER_DIGITS = re.compile(r"^[a-z]{1,3}\d{1,2}[a-z]?$")
# After these a month or product name typed in lower case is one ("4 jan", "in march").
# "good at excel", "trained in epic": before a product's name.
_PRODUCT_BEFORE = frozenset({"at", "in", "with", "using", "advanced", "basic", "strong"})
_PRODUCT_NEIGHBOURS = frozenset(
    {"test", "tests", "skills", "model", "models", "sheet", "sheets", "spreadsheet",
     "spreadsheets", "channel", "channels", "workspace", "integration", "migration",
     "rollout", "modelling", "modeling", "go-live"}
)  # fmt: skip


def pattern(text: str) -> re.Pattern[str]:
    """A table pattern compiled: APOS is either apostrophe; matched ignoring case."""
    return re.compile(text.replace("{APOS}", APOSTROPHES), re.IGNORECASE)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words and phrases, longest first ("went over" beats "went")."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_SHORTHAND = re.compile(
    r"(?<![\w/&+])(" + alternation(r.SHORTHAND) + r")(?![\w/&+'\u2019])", re.IGNORECASE
)
_SHORTHAND_GLUED = re.compile(r"(?<!\w)(w/o|w/|b/c)(?=[A-Za-z])", re.IGNORECASE)
_FIRST_SHORTHAND = re.compile(
    r"^(" + alternation(r.SHORTHAND_FIRST_WORD) + r")(?=\s)", re.IGNORECASE
)
_CHAT = re.compile(
    r"(?<![\w:;])(" + alternation(r.CHAT_MARKERS) + r")(?![\w'\u2019])", re.IGNORECASE
)
_HEDGE = re.compile(r"(?<!\w)(" + alternation(r.HEDGES) + r")(?!\w)", re.IGNORECASE)
_TYPO = re.compile(r"(?<![\w'\u2019])(" + alternation(r.TYPOS) + r")(?![\w'\u2019])", re.I)
_REPEATED_MARKS = re.compile(r"([!?.])\1+")


# What holds an emoji together: variation selectors, the zero-width joiner, keycaps.
_EMOJI_JOINERS = frozenset("\ufe0e\ufe0f\u200d\u20e3")


def without_chat(text: str) -> str:
    """The text without chat markers, emoji, stretched words ("sooo") or doubled marks."""
    text = "".join(
        " " if unicodedata.category(ch) in ("So", "Sk", "Cs") or ch in _EMOJI_JOINERS else ch
        for ch in text
    )
    text = _ELONGATED.sub(r"\1", text)
    text = _CHAT.sub(" ", text)
    text = _REPEATED_MARKS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def without_hedges(text: str) -> str:
    """ "I'm good with numbers I guess" without the guess."""
    return _SPACES.sub(" ", _HEDGE.sub(" ", text)).strip()


_LETTERS = re.compile(r"[A-Za-z]+")


def has_shorthand(text: str) -> bool:
    """Whether a lower-case word without a vowel is left ("mngmt", "smth") that no table spells
    out: a letter would paste it as typed."""
    return any(
        len(word) > 1
        and word.islower()
        and not any(ch in r.VOWELS for ch in word)
        and word not in r.WORDS_WITHOUT_VOWELS
        for word in _LETTERS.findall(text)
    )


def unshouted(text: str) -> str:
    """Text typed all in capitals ("AWS MIGRATION") in lower case, acronyms kept."""
    words = [word for word in _TOKEN.findall(text) if sum(ch.isalpha() for ch in word) > 1]
    if len(words) < 2 or any(word != word.upper() for word in words):
        return text
    return _TOKEN.sub(
        lambda m: m.group(0) if m.group(0).casefold() in r.ACRONYMS else m.group(0).casefold(),
        text,
    )


def expanded(text: str) -> str:
    """Shorthand written out and common typos mended: "w/ approx 400 apts"."""
    text = _SHORTHAND_GLUED.sub(lambda m: _looked_up(r.SHORTHAND, m, m.group(1)) + " ", text)
    text = _SHORTHAND.sub(lambda m: _looked_up(r.SHORTHAND, m), text)
    text = _FIRST_SHORTHAND.sub(lambda m: _looked_up(r.SHORTHAND_FIRST_WORD, m), text)
    text = _TYPO.sub(lambda m: _like(m.group(1), _looked_up(r.TYPOS, m)), text)
    return _SPACES.sub(" ", text).strip()


def _looked_up(table: dict[str, str], match: re.Match[str], unknown: str | None = None) -> str:
    """What a table spells a matched word as. The regex matches case-insensitively, which
    is looser than casefold ("İM" matches "im" but folds to "i̇m"): an unknown key is kept."""
    typed = match.group(1)
    for key in (typed.casefold(), typed.lower(), typed.lower().replace("i\u0307", "i")):
        if key in table:
            return table[key]
    return match.group(0) if unknown is None else unknown


def _like(typed: str, word: str) -> str:
    """The word with the typed word's first capital."""
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


@dataclass(frozen=True)
class Casing:
    """How the user writes names: "Gainsight", "SQL", the company as typed."""

    words: dict[str, str] = field(default_factory=dict)
    phrases: tuple[tuple[re.Pattern[str], str], ...] = ()

    @classmethod
    def learnt_from(cls, texts: Sequence[str | None], known: Sequence[str]) -> Casing:
        """From what the user typed here (any capital mid-sentence tells) and the names they
        typed elsewhere (the company as typed; a role only by its "SQL" or "HubSpot")."""
        words: dict[str, str] = {}
        phrases = []
        for name in known:
            name = " ".join((name or "").split())
            if not name or name == name.casefold():
                continue
            if sum(ch.isalnum() for ch in name) > 1 and (" " in name or not _is_common(name)):
                # Not inside a tag such as "<i>".
                phrases.append((re.compile(rf"(?<![\w</]){re.escape(name)}(?!\w)", re.I), name))
            for token in _TOKEN.findall(name):
                # A title is written in title case: only "SQL" or "HubSpot" tell a name.
                if _is_telling(token, at_start=True):
                    words.setdefault(token.casefold(), token)
        for text in texts:
            for piece in re.split("[\n\r,;.!?():\u2013\u2014-]+", text or ""):
                for index, token in enumerate(_TOKEN.findall(unshouted(piece))):
                    if _is_telling(token, at_start=index == 0):
                        words.setdefault(token.casefold(), token)
        return cls(words, tuple(phrases))

    def mend(self, text: str) -> str:
        """Case mended where it can be known: "i", months, acronyms, names typed elsewhere."""
        for compiled, name in self.phrases:
            text = compiled.sub(_literally(name), text)
        tokens = list(_TOKEN.finditer(text))
        out: list[str] = []
        last = 0
        for index, match in enumerate(tokens):
            words = [token.group(0).casefold() for token in tokens]
            before = words[index - 1] if index else ""
            after = words[index + 1] if index + 1 < len(words) else ""
            # "go and postgres": a list of names is read as one.
            if before in _LIST_WORDS and index > 1:
                before = words[index - 2]
            if after in _LIST_WORDS and index + 2 < len(words):
                after = words[index + 2]
            out.append(text[last : match.start()])
            # A tag such as "<i>" is markup, not a word; "i.e." is not "I".
            tag = text[: match.start()].endswith(("<", "</")) or text[match.end() :].startswith(
                (".e", ".g")
            )
            out.append(match.group(0) if tag else self._word(match.group(0), before, after))
            last = match.end()
        out.append(text[last:])
        mended = "".join(out)
        for phrase, name in r.PROPER_PHRASES.items():
            mended = re.sub(
                rf"(?<!\w){re.escape(phrase)}(?!\w)", _literally(name), mended, flags=re.I
            )
        return mended

    def _word(self, word: str, before: str, after: str) -> str:
        if word[-2:].casefold() in ("'s", "\u2019s") and len(word) > 3:
            # "oatly's" is mended as "oatly" is.
            return self._word(word[:-2], before, after) + word[-2:]
        folded = word.casefold().replace("\u2019", "'")
        if folded in r.FIRST_PERSON_FORMS:
            return r.FIRST_PERSON_FORMS[folded].replace("'", "\u2019" if "\u2019" in word else "'")
        if word != folded or folded in r.LOWER_CASE_NAMES:
            return word
        if folded in self.words:
            return self.words[folded]
        if folded in r.PROPER_NOUNS:
            if folded not in r.PROPER_NOUNS_THAT_ARE_WORDS or _beside_a_name(before, after):
                return r.PROPER_NOUNS[folded]
            return word
        if folded in r.ACRONYMS and folded not in r.ACRONYMS_THAT_ARE_WORDS:
            return folded.upper()
        single = folded[:-1]
        if folded.endswith("s") and single in r.ACRONYMS - r.ACRONYMS_THAT_ARE_WORDS:
            return single.upper() + "s"
        if _LETTER_DIGITS.match(folded):
            return folded.upper()
        if folded in r.WEEKDAYS:
            return r.WEEKDAYS[folded]
        if (before in r.PLACE_BEFORE or after in r.PLACE_AFTER) and (place := _place(folded)):
            return place
        months = {**r.MONTHS, **r.MONTHS_THAT_ARE_WORDS}
        if folded in months and (
            (len(folded) > 5 and folded not in r.MONTHS_THAT_ARE_WORDS)
            or before in r.DATE_WORDS
            or before[:1].isdigit()
            or after[:1].isdigit()
        ):
            return months[folded]
        return word


_LIST_WORDS = frozenset({"and", "or", "plus"})


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that is the text itself (a backslash in a name is not an escape)."""
    return lambda _: text


def _place(word: str) -> str | None:
    """ "daventry" as "Daventry" when it is a town big enough to know (not "mobile")."""
    if len(word) < 3 or word.endswith("ing") or word in r.PLACES_THAT_ARE_WORDS:
        return None
    for place in places.find(word):
        name = place.label.split(",")[0]
        big = place.kind != "city" or place.population >= r.PLACE_MIN_POPULATION
        if name.casefold() == word and big:
            return name
    return None


def _beside_a_name(before: str, after: str) -> bool:
    """Whether a word like "excel" or "epic" sits beside a product word: "Epic EHR"."""
    neighbours = {before, after}
    return bool(
        neighbours & r.ACRONYMS
        or neighbours & set(r.PROPER_NOUNS)
        or after in _PRODUCT_NEIGHBOURS
        or before in _PRODUCT_BEFORE
    ) and before not in {"i", "a", "an", "you", "we", "they", "he", "she"}


def _is_common(word: str) -> bool:
    """Whether a one-word role is a common word ("Nurse", "Recruiter"), not a name."""
    folded = word.casefold()
    return folded in r.ORDINARY_WORDS or folded.endswith(r.PERSON_SUFFIXES)


_EVERYDAY_WORDS = (
    r.ORDINARY_WORDS | r.COUNT_NOUNS | r.IMPRESSION_WORDS | r.PREPOSITIONS | r.DETERMINERS
)


def _is_telling(token: str, *, at_start: bool) -> bool:
    """Whether how a word was typed tells how it is written: "SQL", "HubSpot", "Oatly"."""
    if len(token) < 2 or token.casefold() in r.CASE_NEUTRAL_WORDS:
        return False
    if token.casefold() in r.FIRST_PERSON_FORMS:
        return False
    inner_capital = any(ch.isupper() for ch in token[1:])
    if inner_capital:
        return True
    # "The Team was great": a capital on an everyday word is style, not a name.
    return token[0].isupper() and not at_start and token.casefold() not in _EVERYDAY_WORDS


def hyphenated(text: str) -> str:
    """ "risk based monitoring" as "risk-based monitoring", "7 day service" as "7-day service"."""
    for pair, joined in r.COMPOUNDS.items():
        words = r"\s+".join(map(re.escape, pair.split()))

        def join(match: re.Match[str], joined: str = joined) -> str:
            if match.group(1).casefold() in r.NOT_A_NOUN | r.FINITE_VERBS:
                return match.group(0)
            return _like(match.group(0), joined)

        text = re.sub(rf"(?<![\w-]){words}(?=\s+([\w-]+))", join, text, flags=re.IGNORECASE)
    units = alternation(r.COMPOUND_UNITS)
    return re.sub(
        rf"(?<![\w.,-])(\d+)\s+({units})(?=\s+([\w-]+))",
        lambda m: (
            m.group(0)
            if m.group(3).casefold() in r.NOT_A_NOUN | r.FINITE_VERBS
            else f"{m[1]}-{m[2]}"
        ),
        text,
        flags=re.IGNORECASE,
    )


def with_an(text: str) -> str:
    """ "a event pipeline" as "an event pipeline"."""
    return re.sub(
        rf"(?<![\w-])([Aa])\s+(?=[{r.AN_LETTERS}][a-z])",
        lambda m: m.group(1) + "n ",
        text,
    )


def tidy(text: str) -> str:
    """Runs of whitespace single, no space before a comma or a closing bracket."""
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"\s+([,;:)])", r"\1", re.sub(r"\(\s+", "(", text))


def shorten(text: str, limit: int) -> str:
    """The text, or its beginning cut at a word boundary with an ellipsis, at most limit long."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(r.ELLIPSIS), 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(_CUT_EDGES) + r.ELLIPSIS


_CUT_EDGES = " \t.,;:!?…-\u2013—\"'“”\u2018\u2019()[]{}"
