"""Reading what users type: text only, within limits, with a friendly reply otherwise."""

from __future__ import annotations

import re
import unicodedata

from telegram import CallbackQuery, Message, Update, User

from bot.ui.callbacks import Callback

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$")
PHONE = re.compile(r"^\+?[\d\s().\-/]{6,25}$")
# Inside a longer contact ("ana@example.com, +49 30 1234567"): an address, a LinkedIn profile.
_EMAIL_IN = re.compile(r"<?\b[^@\s<>,;()]+@[^@\s<>,;()]+\.[^@\s<>,;()]{2,}\b>?")
_LINKEDIN_IN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com/(?:in|pub)/[^\s/?#,;]+/?(?:\?\S*)?",
    re.IGNORECASE,
)
# What may stand between the parts, or before a phone number ("tel:", "mobile").
_JOINERS = re.compile(r"[,;|\n]|\s(?:or|and|/)\s", re.IGNORECASE)
_LABEL = re.compile(
    r"^(?:tel|phone|mobile|cell|mob|whatsapp|email|e-mail|mail|linkedin)\.?:?\s*", re.IGNORECASE
)


def sender(update: Update) -> tuple[User, Message]:
    """Who sent a message update, and the message (command handlers only get those)."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    return user, message


def tapped(update: Update) -> tuple[CallbackQuery, Callback | None]:
    """The tap of a button update, and its data parsed (None: malformed, forged, or from
    another version of the bot). CallbackQueryHandlers only get those updates."""
    query = update.callback_query
    assert query is not None
    return query, Callback.parse(query.data)


def describe_non_text(message: Message) -> str:
    """What the user sent instead of text, for the reply."""
    if message.sticker:
        return "a sticker"
    if message.photo:
        return "a photo"
    if message.voice or message.audio:
        return "a voice message"
    if message.video or message.video_note or message.animation:
        return "a video"
    if message.document:
        return "a file"
    if message.location or message.venue:
        return "a location"
    if message.contact:
        return "a contact card"
    return "that"


async def read_text(update: Update, *, limit: int, what: str) -> str | None:
    """The message's text, stripped; or None after telling the user what is expected."""
    message = update.effective_message
    if message is None:
        return None
    if message.text is None:
        await message.reply_text(
            f"Thanks, but I can only read text here, not {describe_non_text(message)}. "
            f"Please type {what}."
        )
        return None
    text = _strip_invisible(message.text)
    if not text:
        await message.reply_text(f"That looks empty. Please type {what}.")
        return None
    if len(text) > limit:
        await message.reply_text(
            f"That is {len(text)} characters; {what} can be at most {limit}. "
            "Please send a shorter version."
        )
        return None
    return text


def _blank(char: str) -> bool:
    """Spaces, zero-width and direction marks, controls: nothing shown, nothing meant."""
    return unicodedata.category(char)[0] in "CZ"


def _strip_invisible(text: str) -> str:
    """The text without blanks at its ends; "" when nothing in it shows (marks alone)."""
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    kept = text[start:end]
    if all(_blank(char) or unicodedata.category(char) in {"Mn", "Me"} for char in kept):
        return ""
    return kept


def valid_contact(text: str) -> bool:
    """Email addresses, phone numbers or LinkedIn profiles, one or several ("email, phone")."""
    found = 0
    rest = text
    for pattern in (_LINKEDIN_IN, _EMAIL_IN):
        rest, count = pattern.subn(" ", rest)
        found += count
    for chunk in _JOINERS.split(rest):
        part = _LABEL.sub("", chunk.strip()).strip()
        if not part:
            continue
        if not PHONE.match(part) or sum(ch.isdigit() for ch in part) < 6:
            return False
        found += 1
    return found > 0
