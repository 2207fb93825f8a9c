"""Real `Update` objects as Telegram would deliver them, for driving the application."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Sticker,
    Update,
    User,
    Voice,
)

from tests.support.fake_bot_api import BOT_ID

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_query_ids = itertools.count(1)
BOT_USER = User(BOT_ID, "Follow-Up", is_bot=True, username="FollowUpTestBot")


def person(user_id: int, first_name: str = "Ana", last_name: str | None = "Lima") -> User:
    return User(user_id, first_name, is_bot=False, last_name=last_name, language_code="en")


def _message(user: User, **kwargs: Any) -> Message:
    return Message(
        message_id=next(_message_ids),
        date=dt.datetime.now(dt.UTC),
        chat=Chat(user.id, Chat.PRIVATE),
        from_user=user,
        **kwargs,
    )


def text_update(user: User, text: str) -> Update:
    entities = None
    if text.startswith("/"):
        command = text.split()[0]
        entities = [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(command))]
    return Update(next(_update_ids), message=_message(user, text=text, entities=entities))


def sticker_update(user: User) -> Update:
    sticker = Sticker("s", "s", 512, 512, False, False, Sticker.REGULAR)
    return Update(next(_update_ids), message=_message(user, sticker=sticker))


def photo_update(user: User) -> Update:
    return Update(next(_update_ids), message=_message(user, photo=[PhotoSize("p", "p", 90, 90)]))


def location_update(user: User, *, latitude: float, longitude: float) -> Update:
    """What the "Share my location" button sends."""
    return Update(next(_update_ids), message=_message(user, location=Location(longitude, latitude)))


def voice_update(user: User) -> Update:
    return Update(next(_update_ids), message=_message(user, voice=Voice("v", "v", 3)))


def tap_update(user: User, data: str, message_id: int = 1, text: str = "…") -> Update:
    message = Message(
        message_id=message_id,
        date=dt.datetime.now(dt.UTC),
        chat=Chat(user.id, Chat.PRIVATE),
        from_user=BOT_USER,
        text=text,
    )
    query = CallbackQuery(
        str(next(_query_ids)), user, chat_instance=str(user.id), data=data, message=message
    )
    return Update(next(_update_ids), callback_query=query)
