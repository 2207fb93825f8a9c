"""People's names as people write them: proper case, and "Name - title" split in two."""

import re

from bot.domain.drafting import wording_en as w

_TITLE_SEPARATOR = re.compile(r"\s+[-\u2013—|/]\s+|\s*,\s*|\s*\(\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", re.UNICODE)


def proper_case(name: str) -> str:
    """ "priya raman" is "Priya Raman"; a name with any capital letter is kept exactly as typed.

    All lower-case or all upper-case names are cased word by word: "o'connor" is "O'Connor",
    "mcdonald" is "McDonald", "van der berg" is "van der Berg", "dr. ana silva" is "Dr. Ana Silva".
    """
    text = " ".join(name.split())
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return text
    if any(ch.isupper() for ch in letters) and any(ch.islower() for ch in letters):
        return text
    words = text.split(" ")
    cased = []
    for index, word in enumerate(words):
        folded = word.casefold()
        if any(ch.isdigit() for ch in word):
            cased.append(word)
        elif index < len(words) - 1 and folded in w.NAME_PARTICLES:
            cased.append(folded)
        else:
            cased.append(_case_word(word))
    return " ".join(cased)


def _case_word(word: str) -> str:
    """One word in proper case, hyphenated and apostrophed parts each capitalised."""

    def cap(match: re.Match[str]) -> str:
        part = match.group(0).lower()
        for prefix in w.NAME_CAPITAL_PREFIXES:  # "mcdonald" is "McDonald"
            if part.startswith(prefix) and len(part) > len(prefix) + 2:
                rest = part[len(prefix) :]
                return prefix.capitalize() + rest[0].upper() + rest[1:]
        pieces = re.split(r"(['\u2019])", part)
        if len(pieces) == 3 and len(pieces[0]) == 1:
            # o'connor, d'angelo: both sides capitalised
            return pieces[0].upper() + pieces[1] + pieces[2][:1].upper() + pieces[2][1:]
        return part[:1].upper() + part[1:]

    return _WORD.sub(cap, word)


def split_name_title(text: str) -> tuple[str, str | None]:
    """ "Aisha Okafor - staff engineer" is ("Aisha Okafor", "staff engineer").

    Also "Linda Tran, the nurse manager", "Tom Lee (CFO)" and "Ana Silva | Head of Design".
    A name without a separator, or where what follows does not look like a title, stays whole.
    """
    cleaned = " ".join(text.split())
    match = _TITLE_SEPARATOR.search(cleaned)
    if match is None:
        return cleaned, None
    name = cleaned[: match.start()].strip(" ,-")
    title = cleaned[match.end() :].strip(" ,-\u2013—|/()")
    if not name or not title or len(name.split()) > 5:
        return cleaned, None
    first = title.split()[0].casefold()
    if first in w.TITLE_ARTICLES_DROPPED and len(title.split()) > 1:
        title = title.split(" ", 1)[1]
    if not any(ch.isalpha() for ch in title):
        return cleaned, None
    words = title.split()
    if (
        len(words) == 1
        and title[:1].isupper()
        and not title.isupper()
        and title.casefold() not in w.SINGLE_WORD_TITLES
    ):
        # "Smith, John" is a name, not a title.
        return cleaned, None
    return name, title
