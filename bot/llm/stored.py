"""A draft kept with its follow-up (follow_ups.model_draft): the model's, or another of ours.

Stored as JSON: {"variant": n, "asked": "<fingerprint>:<n>" | null, "draft": {...} | null}.
The draft carries the fingerprint of the facts it was written from and is used only while
they are unchanged: an edited debrief (a point moved, a name corrected) falls back to our
own draft until a new one is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.domain.drafting import wording_en as w
from bot.domain.drafting.compose import CallInput, CallScript, Draft, NoteInput
from bot.llm.request import DraftKind, call_facts, thank_you_facts

BY_MODEL = "model"
BY_BOT = "bot"


@dataclass(frozen=True, slots=True)
class Stored:
    """What the column holds, read leniently: anything unexpected reads as nothing."""

    variant: int = 0
    asked: str | None = None
    draft: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: object) -> Stored:
        if not isinstance(value, dict):
            return cls()
        variant = value.get("variant")
        asked = value.get("asked")
        draft = value.get("draft")
        return cls(
            variant=variant if isinstance(variant, int) and variant >= 0 else 0,
            asked=asked if isinstance(asked, str) else None,
            draft=draft if isinstance(draft, dict) else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {"variant": self.variant, "asked": self.asked, "draft": self.draft}

    def key(self, fingerprint: str) -> str:
        """What a request for these facts in this variant is known by."""
        return f"{fingerprint}:{self.variant}"

    def answered(self, fingerprint: str, draft: dict[str, Any] | None) -> Stored:
        """After asking: the new draft, or (None) the one kept so far if still current."""
        current = self.draft if _current(self.draft, fingerprint) else None
        return replace(self, asked=self.key(fingerprint), draft=draft or current)

    def another(self) -> Stored:
        """Asked for another version: the next variant, not asked yet."""
        return replace(self, variant=self.variant + 1, asked=None)


def letter(fingerprint: str, subject: str | None, body: str, *, by: str) -> dict[str, Any]:
    return {"for": fingerprint, "by": by, "subject": subject, "body": body}


def script(
    fingerprint: str, bullets: tuple[str, ...], voicemail: str, *, by: str
) -> dict[str, Any]:
    return {"for": fingerprint, "by": by, "bullets": list(bullets), "voicemail": voicemail}


def _current(draft: dict[str, Any] | None, fingerprint: str) -> bool:
    return draft is not None and draft.get("for") == fingerprint


def _letter(value: object, fingerprint: str, ours: Draft) -> Draft | None:
    draft = Stored.of(value).draft
    if draft is None or not _current(draft, fingerprint):
        return None
    body, subject = draft.get("body"), draft.get("subject")
    if not isinstance(body, str) or not body:
        return None
    return Draft(
        subject=subject if isinstance(subject, str) and subject else ours.subject,
        body=body,
        suggestions=ours.suggestions,
    )


def thank_you(value: object, note: NoteInput, ours: Draft) -> Draft | None:
    """The stored note for these facts, or None (ours is shown)."""
    return _letter(value, thank_you_facts(note).fingerprint(), ours)


def email(value: object, call: CallInput, ours: Draft) -> Draft | None:
    """The stored follow-up email for these facts, or None."""
    return _letter(value, call_facts(call, DraftKind.EMAIL).fingerprint(), ours)


def call(value: object, call_in: CallInput) -> CallScript | None:
    """The stored call script for these facts, or None. The phone number, never sent to the
    model, is added to its voicemail as our own voicemail says it."""
    draft = Stored.of(value).draft
    fingerprint = call_facts(call_in, DraftKind.CALL).fingerprint()
    if draft is None or not _current(draft, fingerprint):
        return None
    bullets, voicemail = draft.get("bullets"), draft.get("voicemail")
    if not isinstance(bullets, list) or not all(isinstance(b, str) for b in bullets):
        return None
    if not isinstance(voicemail, str) or not voicemail or not bullets:
        return None
    if call_in.phone and call_in.phone.strip():
        voicemail = f"{voicemail} {w.VOICEMAIL_PHONE.format(phone=' '.join(call_in.phone.split()))}"
    return CallScript(bullets=tuple(bullets), voicemail=voicemail)
