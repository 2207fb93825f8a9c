"""How every conversation is built: named, persistent, tracked per chat and user."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.ui.context import BotContext
from bot.ui.display import esc

Handlers = list[BaseHandler[Update, BotContext, Any]]
# Commands that only show things: they pass through a short conversation without ending it.
READ_ONLY_COMMANDS = ("list", "help", "export")


def persistent_conversation(
    *,
    name: str,
    entry_points: Handlers,
    states: dict[object, Handlers],
    fallbacks: Handlers,
    allow_reentry: bool = False,
) -> ConversationHandler[BotContext]:
    """A ConversationHandler kept in our database across restarts."""
    with warnings.catch_warnings():
        # PTB warns that buttons are tracked per user, not per message. That is what we want:
        # a user has one conversation of each kind, and stale buttons are recognised by token.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
            allow_reentry=allow_reentry,
        )


def short_conversation(
    *,
    name: str,
    command: str,
    start: Callable[[Update, BotContext], Coroutine[Any, Any, object]],
    states: dict[object, Handlers],
    cancel: Callable[[Update, BotContext], Coroutine[Any, Any, int]],
    other_command: Callable[[Update, BotContext], Coroutine[Any, Any, int]],
    also_started_by: Handlers | None = None,
) -> ConversationHandler[BotContext]:
    """A short conversation (/settings, /upcoming) opened on top of any other.

    Its command again starts it over; /cancel leaves it; any other command closes it first
    (leaves_conversation), so the next text is never taken as an answer to it.
    `also_started_by`: other entry points (a button elsewhere).
    """
    return persistent_conversation(
        name=name,
        entry_points=[CommandHandler(command, start), *(also_started_by or [])],
        states=states,
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(leaves_conversation(), other_command),
        ],
        allow_reentry=True,
    )


def leaves_conversation() -> filters.BaseFilter:
    """Commands that end a short conversation (/settings, /upcoming) before they run."""
    read_only = "|".join(READ_ONLY_COMMANDS)
    return filters.COMMAND & ~filters.Regex(rf"^/({read_only})(@\w+)?(\s|$)")


async def reply(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=keyboard)


def closer(
    key: str, say: Callable[[Update], Awaitable[None]]
) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """A handler that forgets the answers kept under `key`, says why, and ends the conversation."""

    async def close(update: Update, context: BotContext) -> int:
        assert context.user_data is not None
        context.user_data.pop(key, None)
        await say(update)
        return ConversationHandler.END

    return close


async def left_conversation(update: Update, what: str) -> None:
    """Tell the user their conversation closed so the command they sent is not misread."""
    message = update.effective_message
    assert message is not None
    command = (message.text or "").split()[0] if message.text else ""
    await message.reply_text(f"I've closed {what}. Send {esc(command)} again to go on.")
