"""ALLOWED_USERS: who may use this instance; anyone else gets one line and leaves nothing.

The gate runs in group -1, right after the private-chat check and before any handler that
reads or stores data: a refused update changes no conversation and no user data, and the
pipeline keeps only its id (the mark that it was handled). A user removed from the list
keeps their data, may still erase it with /delete_me, and their follow-ups are paused at
start; added back, /start resumes them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.config import AllowedUsers
from bot.ui.callbacks import Scope, pattern
from bot.ui.context import BotContext, BotData
from storage import access, users

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# After bot/ui/guards.py (group -2), before every feature (group 0).
GROUP = -1
# A removed user may still erase what is stored about them.
ERASE_COMMAND = "/delete_me"


def refusal(user_id: int) -> str:
    return (
        "This is a private instance of the Interview Follow-Up Bot; ask its owner to add "
        f"your id {user_id} to ALLOWED_USERS."
    )


def _asks_to_erase(update: Update) -> bool:
    if update.callback_query is not None:
        return re.match(pattern(Scope.DELETE_ME), update.callback_query.data or "") is not None
    message = update.message
    if message is None or message.text is None:
        return False
    command = message.text.split(maxsplit=1)[0] if message.text.strip() else ""
    return command.split("@", 1)[0] == ERASE_COMMAND


async def stop_strangers(update: Update, context: BotContext) -> None:
    """Let listed users through; answer anyone else with one line, keeping nothing of theirs."""
    allowed = context.bot_data.settings.allowed_users
    user = update.effective_user
    if allowed is None or user is None or allowed.admits(user.id, user.username):
        return
    if _asks_to_erase(update):
        return
    # Kept only if the update waited behind slow ones (bot/runtime/polling.py); it holds
    # what the stranger typed, which must not stay.
    await access.forget_held(context.session, update_id=update.update_id)
    log.info("Refused update %s: user %s is not in ALLOWED_USERS", update.update_id, user.id)
    text = refusal(user.id)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.reply_text(text)
    raise ApplicationHandlerStop


async def _username_of(application: AnyApplication, chat_id: int) -> str | None:
    """The @username of a private chat's user, lower-case; None when they have none."""
    chat = await application.bot.get_chat(chat_id)
    return chat.username.lower() if chat.username else None


async def pause_removed_users(application: AnyApplication) -> int:
    """Pause the follow-ups of users on record who are not on the list; how many users.

    Only ids are stored, so when the list names @usernames, Telegram is asked for the
    username of each user not listed by id (a handful on a private instance).
    """
    bot_data: BotData = application.bot_data
    allowed: AllowedUsers | None = bot_data.settings.allowed_users
    if allowed is None:
        return 0
    async with bot_data.db() as session:
        candidates = [
            (user_id, chat_id)
            for user_id, chat_id in await access.active_users(session)
            if user_id not in allowed.ids
        ]
    removed: list[int] = []
    for user_id, chat_id in candidates:
        if allowed.usernames:
            try:
                username = await _username_of(application, chat_id)
            except NetworkError:
                log.warning("Could not ask Telegram who user %s is; left as it was", user_id)
                continue
            except TelegramError:
                username = None  # the chat is gone or blocked the bot: nothing to send to
            if username in allowed.usernames:
                continue
        removed.append(user_id)
    if not removed:
        return 0
    async with bot_data.db.begin() as session:
        paused = sum([await users.mark_blocked(session, user_id=user_id) for user_id in removed])
    log.info(
        "Paused %s follow-ups of %s users not in ALLOWED_USERS (their data is kept)",
        paused,
        len(removed),
    )
    return len(removed)


def describe(allowed: AllowedUsers | None) -> str:
    """Who may use the bot, for the start-up line."""
    return "open to everyone" if allowed is None else f"allowed users: {allowed}"


def warn_when_open(application: AnyApplication) -> None:
    """Say once, at start, that anyone may use an instance without ALLOWED_USERS."""
    bot_data: BotData = application.bot_data
    if bot_data.settings.allowed_users is None:
        log.warning(
            "ALLOWED_USERS is not set: anyone who finds @%s can use this bot and store "
            "their data here; set it to your Telegram user id to keep the bot to yourself",
            application.bot.username,
        )


def register(application: AnyApplication) -> None:
    application.add_handler(TypeHandler(Update, stop_strangers), group=GROUP)
