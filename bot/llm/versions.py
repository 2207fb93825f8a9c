"""Turning an answer into a stored draft, and another version of our own: both checked."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.domain.drafting.compose import NoteInput, draft_thank_you
from bot.llm import stored
from bot.llm.checks import Letter, check_letter, check_script, read_letter, read_script
from bot.llm.request import DraftKind, Facts, thank_you_facts

log = logging.getLogger(__name__)

# Our own drafts take another seed per version; a few tries find one that passes the checks.
OWN_VERSION_TRIES = 6
_SEED_STEP = 7919


def from_answer(
    answer: str,
    facts: Facts,
    *,
    kept: Sequence[str],
    others: Sequence[str],
    follow_up_id: int,
) -> dict[str, Any] | None:
    """The model's answer as a stored draft when it passes every check; else None, and why
    is logged (never the text)."""
    fingerprint = facts.fingerprint()
    reason: str | None
    if facts.kind == DraftKind.CALL:
        script = read_script(answer)
        reason = "not a call script" if script is None else check_script(script, facts, kept=kept)
        if script is not None and reason is None:
            return stored.script(fingerprint, script.bullets, script.voicemail, by=stored.BY_MODEL)
    else:
        letter = read_letter(answer)
        reason = (
            "no text" if letter is None else check_letter(letter, facts, kept=kept, others=others)
        )
        if letter is not None and reason is None:
            return stored.letter(fingerprint, letter.subject, letter.body, by=stored.BY_MODEL)
    log.info(
        "Model draft for follow-up %s refused (%s): the bot's own is used", follow_up_id, reason
    )
    return None


def own_version(
    note: NoteInput, variant: int, *, others: Sequence[str], shown: str
) -> dict[str, Any] | None:
    """Another note of ours, not the one `shown`, built with another seed, that passes the
    same checks; None when no seed gives one."""
    facts = thank_you_facts(note)
    for attempt in range(OWN_VERSION_TRIES):
        seed = note.seed + _SEED_STEP * (variant + attempt * 31)
        draft = draft_thank_you(replace(note, seed=seed))
        if draft.body == shown:
            continue
        letter = Letter(draft.subject, draft.body)
        if check_letter(letter, facts, kept=note.kept, others=others) is None:
            return stored.letter(facts.fingerprint(), draft.subject, draft.body, by=stored.BY_BOT)
    return None
