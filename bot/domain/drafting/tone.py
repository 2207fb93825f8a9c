"""Tone check: frustrated, pushy or desperate wording in a follow-up, with calmer words."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.drafting import wording_en as w


@dataclass(frozen=True, slots=True)
class ToneFinding:
    """One piece of wording to reconsider: where it is, why, and what to say instead."""

    phrase: str
    start: int
    end: int
    reason: str
    suggestion: str

    @property
    def advice(self) -> str:
        """The suggestion as a sentence to show: "Try “when you have a moment”.", "One “!” is
        enough.", or an instruction such as "Leave it out…" as it is."""
        if self.reason == w.TONE_PUNCTUATION_REASON:
            return w.TONE_ADVICE_PUNCTUATION.format(mark=self.suggestion)
        if self.suggestion.startswith(w.TONE_INSTRUCTION_STARTS):
            return self.suggestion
        return w.TONE_ADVICE_TRY.format(wording=self.suggestion.rstrip(","))


def _compile(pattern: str) -> re.Pattern[str]:
    """A rule from the wording file: any apostrophe, any run of whitespace, any case."""
    return re.compile(
        pattern.replace("{APOS}", w.TONE_APOSTROPHE).replace(" ", r"\s+"), re.IGNORECASE
    )


_RULES = tuple(
    (_compile(pattern), reason, suggestion) for pattern, reason, suggestion in w.TONE_RULES
)
_PUNCTUATION_RUN = re.compile(r"[!?\uff01\uff1f]{2,}|[‼⁉]+")
_WORD = re.compile(r"[^\W_]+")
_SHOUTING_MIN_CAPITALS = 3


def check_tone(text: str, allowed_words: Iterable[str] = ()) -> list[ToneFinding]:
    """Frustrated, pushy or desperate wording in text, in order, none overlapping another.

    allowed_words are the user's own texts (company, role, topics…) whose capitalised words,
    such as "IBM" or "SRE", are names rather than shouting.
    """
    findings: list[ToneFinding] = []
    for pattern, reason, suggestion in _RULES:
        findings.extend(
            ToneFinding(match.group(0), match.start(), match.end(), reason, suggestion)
            for match in pattern.finditer(text)
        )
    for match in _PUNCTUATION_RUN.finditer(text):
        mark = "?" if any(ch in "?\uff1f⁉" for ch in match.group(0)) else "!"
        findings.append(
            ToneFinding(
                match.group(0),
                match.start(),
                match.end(),
                w.TONE_PUNCTUATION_REASON,
                w.TONE_PUNCTUATION_SUGGESTION.format(mark=mark),
            )
        )
    findings.extend(_shouting(text, allowed_words))
    return _without_overlaps(findings)


def _shouting(text: str, allowed_words: Iterable[str]) -> list[ToneFinding]:
    """Runs of words in capitals that are not acronyms or the user's own names."""
    allowed = {word.upper() for source in allowed_words for word in _WORD.findall(source)}
    # Runs of words in capitals, from the first shouted word on: "ME" in "CALL ME BACK"
    # belongs to the run; "I" before "NEED" and an acronym at the end do not.
    runs: list[list[tuple[int, int, bool]]] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not _in_capitals(word):
            continue
        exempt = word.upper() in w.TONE_ACRONYMS or word.upper() in allowed
        token = (match.start(), match.end(), _is_shouted(word) and not exempt)
        if runs and not text[runs[-1][-1][1] : match.start()].strip():
            runs[-1].append(token)
        else:
            runs.append([token])
    spans = []
    for run in runs:
        shouted = [index for index, token in enumerate(run) if token[2]]
        if shouted:
            first = shouted[0]
            last = shouted[-1]
            while last < len(run) - 1 and not _is_acronym_like(text, run[last + 1], allowed):
                last += 1
            spans.append((run[first][0], run[last][1]))
    findings = []
    for start, end in spans:
        phrase = text[start:end]
        calm = phrase.lower()
        before = text[:start].rstrip()
        if not before or before.endswith((".", "!", "?", "\n")):
            calm = calm[:1].upper() + calm[1:]
        findings.append(
            ToneFinding(
                phrase,
                start,
                end,
                w.TONE_SHOUTING_REASON,
                w.TONE_SHOUTING_SUGGESTION.format(calm=calm),
            )
        )
    return findings


def _in_capitals(word: str) -> bool:
    """A word written in capitals only, such as "ME", "API" or "PLEASE"."""
    return any(ch.isupper() for ch in word) and not any(ch.islower() for ch in word)


def _is_acronym_like(text: str, token: tuple[int, int, bool], allowed: set[str]) -> bool:
    """Whether a word in capitals next to shouting is a name that stays as it is."""
    word = text[token[0] : token[1]].upper()
    return word in w.TONE_ACRONYMS or word in allowed


def _is_shouted(word: str) -> bool:
    """A word with at least three capital letters and no small ones."""
    capitals = sum(1 for ch in word if ch.isupper())
    return capitals >= _SHOUTING_MIN_CAPITALS and not any(ch.islower() for ch in word)


def _without_overlaps(findings: list[ToneFinding]) -> list[ToneFinding]:
    """The earliest, then longest, of overlapping findings, in text order."""
    kept: list[ToneFinding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept
