"""Reading what users type: text only, within limits, with a friendly reply otherwise."""

from __future__ import annotations

import re

from telegram import Message, Update, User

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$")
PHONE = re.compile(r"^\+?[\d\s().\-/]{6,25}$")


def sender(update: Update) -> tuple[User, Message]:
    """Who sent a message update, and the message (command handlers only get those)."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    return user, message


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
    text = message.text.strip()
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


def valid_contact(text: str) -> bool:
    """An email address or a phone number."""
    if "@" in text:
        return bool(EMAIL.match(text))
    return bool(PHONE.match(text)) and sum(ch.isdigit() for ch in text) >= 6
