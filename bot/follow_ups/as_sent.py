"""The note, email or call script of a follow-up as plain text: what the user sends or says.

The dispatcher keeps it with the delivery (follow_ups.sent_subject / sent_text), so the
export shows what was delivered even after the debrief was edited or the drafting changed.
"""

from __future__ import annotations

import datetime as dt

from bot.follow_ups import messages
from storage.models import FollowUp, FollowUpKind

SUBJECT_LIMIT = 300


def drafted(item: FollowUp, *, now: dt.datetime | None = None) -> tuple[str, str]:
    """The subject (empty for a call) and text the bot drafts (or keeps) for this follow-up now.

    Empty for kinds the user does not send (checklists, prompts) and for a follow-up that
    can no longer be drafted (its interview is gone).
    """
    try:
        match item.kind:
            case FollowUpKind.THANK_YOU | FollowUpKind.THANK_YOU_CHASE:
                # `now`, the delivery time: a late note's wording depends on the day.
                draft = messages.thank_you_draft(item, now=now)
            case FollowUpKind.EMAIL:
                draft = messages.email_draft(item)
            case FollowUpKind.CALL:
                script = messages.call_script(item)
                said = "\n".join(f"• {bullet}" for bullet in script.bullets)
                return "", f"What to say:\n{said}\n\nIf you reach voicemail:\n{script.voicemail}"
            case _:
                return "", ""
    except messages.UnrenderableFollowUpError:
        return "", ""
    return draft.subject[:SUBJECT_LIMIT], draft.body


def as_sent(item: FollowUp) -> tuple[str, str]:
    """What the user had to send or say: their own version when they edited it, else the
    draft as delivered (kept at delivery; drafted again for rows delivered before that was
    kept). Nothing for a follow-up not delivered yet."""
    if item.sent_at is None and item.edited_text is None:
        return "", ""
    if item.sent_text is not None:
        subject, text = item.sent_subject or "", item.sent_text
    else:
        subject, text = drafted(item)
    if item.edited_text is not None:
        return ("" if item.kind == FollowUpKind.CALL else subject), item.edited_text
    return subject, text
