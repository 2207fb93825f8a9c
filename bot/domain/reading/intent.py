"""What a message sent outside any conversation is about: an interview just had, or one ahead.

"hi, I just had another interview at Mayo Clinic" → a debrief of Mayo Clinic;
"I have an interview tomorrow at Stripe" → one to register ahead. The company is only
given when it reads clearly as one ("at 3pm" is a time, "with Sarah" a person, "at the
moment" not a place); otherwise the caller offers /new without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

COMPANY_LIMIT = 60
_MAX_COMPANY_WORDS = 5


class Intent(StrEnum):
    DEBRIEF = "debrief"  # an interview that happened
    UPCOMING = "upcoming"  # one ahead
    EITHER = "either"  # an interview, but not said when


@dataclass(frozen=True, slots=True)
class FreeText:
    """What the message is about, and the company when it reads clearly as one."""

    intent: Intent | None = None
    company: str | None = None


_INTERVIEW = re.compile(
    r"\b(?:interview\w*|screen(?:ing)?|phone\s+screen|on-?sites?|final\s+round|"
    r"(?:first|second|third|technical|tech|hr|panel|next)\s+round|hiring\s+manager|"
    r"vorstellungsgespr\w*|bewerbungsgespr\w*|entrevista\w*|entretien\w*|colloquio)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:had|just|did|done|finished|was|were|went|got\s+out|came\s+out|back\s+from|"
    r"yesterday|earlier|ago|over|hatte|gerade|tuve|acabo|ayer)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:tomorrow|tmrw|next|upcoming|coming\s+up|will|going\s+to|gonna|scheduled|"
    r"later|tonight|on\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|morgen|mañana|manana|prepare|preparing|ready)\b",
    re.IGNORECASE,
)
_QUOTES = " '\"\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}" + (
    "\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
)
# Where a company follows: "at Acme", "with Acme" (when it is not a person), "bei Acme".
_COMPANY_LEAD = re.compile(r"\b(at|with|for|bei|mit|en|con|chez|avec)\s+", re.IGNORECASE)
_DASHES = "\N{EM DASH}\N{EN DASH}"
_END = re.compile(
    rf"\s*(?:[,;!?(){_DASHES}]|\.(?=\s|$)|\s-\s|\b(?:today|yesterday|tomorrow|tonight|this|"
    r"next|last|on|in|and|but|for|as|about|at|with|from|to|it|which|where|who|because|so|"
    r"earlier|around|was|is|went|were|i|we|they|heute|gestern|morgen|hoy|ayer|mañana|"
    r"por|para|um)\b|$)",
    re.IGNORECASE,
)
_NOT_COMPANIES = frozenset(
    {
        "home", "work", "the office", "office", "noon", "night", "the moment", "the end",
        "least", "last", "all", "first", "once", "a recruiter", "the recruiter", "recruiter",
        "a company", "the company", "a startup", "them", "him", "her", "me", "us", "you",
        "my", "a job", "the job", "a role", "the role", "a position", "the position",
        "the hiring manager", "hiring manager", "the team", "a friend", "lunch",
    }
)  # fmt: skip


def read_free_text(text: str) -> FreeText:
    """Tell an interview just had from one ahead, and find the company if it is clear."""
    plain = re.sub(r"\s+", " ", text).strip()
    if not _INTERVIEW.search(plain):
        return FreeText()
    past, future = bool(_PAST.search(plain)), bool(_FUTURE.search(plain))
    if future and not past:
        intent = Intent.UPCOMING
    elif past and not future:
        intent = Intent.DEBRIEF
    elif re.search(r"\b(?:had|did|finished|was)\b", plain, re.IGNORECASE):
        intent = Intent.DEBRIEF  # "I had the interview we scheduled"
    else:
        intent = Intent.EITHER
    return FreeText(intent, _company(plain))


def _company(text: str) -> str | None:
    # "at" names a place, so it is tried first; "with" and "for" often name a person or role.
    candidates: list[tuple[int, str]] = []
    for lead in _COMPANY_LEAD.finditer(text):
        name = _name_after(text[lead.end() :])
        word = lead.group(1).casefold()
        if name is None:
            continue
        if word in {"with", "for", "mit", "con", "avec"} and not name[:1].isupper():
            continue
        if (
            word in {"with", "mit", "con", "avec"}
            and len(name.split()) == 1
            and _looks_like_a_first_name(name)
        ):
            continue
        candidates.append((0 if word in {"at", "bei", "chez", "en"} else 1, name))
    return min(candidates)[1] if candidates else None


def _name_after(rest: str) -> str | None:
    rest = re.sub(r"^(?:the|der|die|das|la|el|le)\s+(?=[A-Z])", "", rest)
    end = _END.search(rest)
    name = rest[: end.start() if end else len(rest)].strip(_QUOTES)
    if not name or name[0].isdigit() or name.casefold() in _NOT_COMPANIES:
        return None
    if len(name) > COMPANY_LIMIT or len(name.split()) > _MAX_COMPANY_WORDS:
        return None
    if re.fullmatch(r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|noon|midnight", name, re.IGNORECASE):
        return None
    return name


_FIRST_NAMES = frozenset(
    {
        "sarah", "john", "mike", "michael", "david", "anna", "maria", "james", "emma",
        "alex", "chris", "tom", "lisa", "laura", "paul", "peter", "mark", "kate", "jane",
        "bob", "bo", "dee", "ana", "sam", "max", "ben", "dan", "daniel", "julia", "tim",
    }
)  # fmt: skip


def _looks_like_a_first_name(name: str) -> bool:
    return name.casefold() in _FIRST_NAMES
