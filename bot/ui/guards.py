"""The preconditions of every handler: a private chat, and a user who has sent /start.

Private chats only: from a group or channel, at most a pointer to the private chat.
Must have started: a feature that reads the user's data gets their stored row from `started`,
and never looks it up by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import Chat, Update
from telegram.ext import Application, ApplicationHandlerStop, ConversationHandler, TypeHandler

from bot.ui.context import BotContext
from storage import users
from storage.models import User

R = TypeVar("R")

# Before every feature and before bot/access.py (group -1), whose one line belongs in a
# private chat: nothing of a group update reaches a handler that reads or stores data.
GROUP = -2


def pointer(username: str) -> str:
    return (
        "I only work in a private chat, so that your job search stays between us. "
        f"Open t.me/{username} and send /start there."
    )


async def stop_outside_private_chats(update: Update, context: BotContext) -> None:
    """Let private chats through; answer a command or tap elsewhere with one line, then stop."""
    chat = update.effective_chat
    if chat is not None and chat.type == Chat.PRIVATE:
        return
    text = pointer(context.bot.username)
    if update.callback_query is not None:
        # A button forwarded into a group, or an inline message: never acted on.
        await update.callback_query.answer(text, show_alert=True)
    elif (
        update.message is not None
        and update.message.text is not None
        and update.message.text.startswith("/")
        and chat is not None
        and chat.type != Chat.CHANNEL
    ):
        await update.message.reply_text(text)
    raise ApplicationHandlerStop


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, stop_outside_private_chats), group=GROUP)


# ---------------------------------------------------------------------------
# Must have started

NOT_STARTED = "First, a 30-second setup so your notes are signed and timed right: send /start."
NOT_STARTED_ALERT = "Send /start first."

StartedHandler = Callable[[Update, BotContext, User], Awaitable[R]]
Guarded = Callable[[Update, BotContext], Coroutine[Any, Any, R | int]]


def started_saying(
    text: str = NOT_STARTED,
    *,
    alert: str = NOT_STARTED_ALERT,
    forget: str | None = None,
    tap_in_chat: bool = False,
) -> Callable[[StartedHandler[R]], Guarded[R]]:
    """Hand the handler the sender's stored user; without one, say so and end.

    A message is answered with `text`, a tap with `alert` (the message under the button
    stays as it was). `tap_in_chat`: a tap is told `text` in the chat instead, for a button
    a newcomer may tap (an alert is too short to say what /start is for). `forget`: the key
    of a conversation's answers in user_data, dropped with it. The result is
    ConversationHandler.END, which ends a conversation and means nothing to a plain handler.
    """

    def decorate(handler: StartedHandler[R]) -> Guarded[R]:
        @functools.wraps(handler)
        async def guarded(update: Update, context: BotContext) -> R | int:
            sender = update.effective_user
            user = (
                None
                if sender is None
                else await users.get_user(context.session, user_id=sender.id)
            )
            if user is not None:
                return await handler(update, context, user)
            if forget is not None and context.user_data is not None:
                context.user_data.pop(forget, None)
            if update.callback_query is not None and tap_in_chat:
                await update.callback_query.answer()
                if update.effective_message is not None:
                    await update.effective_message.reply_text(text)
            elif update.callback_query is not None:
                await update.callback_query.answer(alert, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(text)
            return ConversationHandler.END

        return guarded

    return decorate


def started(handler: StartedHandler[R]) -> Guarded[R]:
    """`started_saying` with the usual words: the handler gets the sender's stored user."""
    return started_saying()(handler)
