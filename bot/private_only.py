"""Private chats only: from a group or channel, at most a pointer to the private chat."""

from __future__ import annotations

from typing import Any

from telegram import Chat, Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.context import BotContext

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
