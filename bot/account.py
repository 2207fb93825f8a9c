"""/delete_me: erase everything stored about the user, after a confirmation."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot.runtime import ptb
from bot.ui.callbacks import Callback, DeleteMeAction, Scope, button_data, pattern
from bot.ui.context import BotContext
from storage import persistence, users

ERASED = (
    "Everything is erased: your settings, applications, interviews, notes and every "
    "scheduled reminder. Nothing more will come from me. Send /start if you ever want "
    "to begin again."
)


async def ask(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Yes, erase everything",
                    callback_data=button_data(Scope.DELETE_ME, DeleteMeAction.YES),
                ),
                InlineKeyboardButton(
                    "No, keep it", callback_data=button_data(Scope.DELETE_ME, DeleteMeAction.NO)
                ),
            ]
        ]
    )
    await message.reply_text(
        "This erases everything I store about you: your settings, applications, interviews, "
        "interviewers' details, drafts and every scheduled reminder. It can't be undone.\n\n"
        "Erase everything?",
        reply_markup=keyboard,
    )


def end_conversations_of(
    application: Application[Any, Any, Any, Any, Any, Any], user_id: int
) -> int:
    """End every conversation the user is in, in any chat, in this process's memory.

    Returns how many. PTB has no public call for this (see bot/runtime/ptb.py); the update
    pipeline then deletes the stored state in the same transaction (and puts it back in
    memory if that transaction fails). Keys are `(chat_id, user_id)`, `(user_id,)` or, per
    chat only, `(chat_id,)`, where the user's private chat has the user's id.
    """
    ended = 0
    for group in application.handlers.values():
        for handler in group:
            if not isinstance(handler, ConversationHandler) or handler.per_message:
                continue
            for key in ptb.conversation_keys(handler):
                if key[-1] == user_id if handler.per_user else key == (user_id,):
                    ptb.set_conversation_state(handler, key, None)
                    ended += 1
    return ended


async def on_button(update: Update, context: BotContext) -> None:
    """Yes erases the tapping user's own data (the button names no one); No keeps it."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    user_id = query.from_user.id
    if callback is None or callback.action not in {DeleteMeAction.YES, DeleteMeAction.NO}:
        await query.answer("That button is out of date.")
        return
    if callback.action == DeleteMeAction.NO:
        await query.answer("Kept.")
        await query.edit_message_text("Okay, nothing was erased.")
        return
    session = context.session
    await users.delete_user(session, user_id=user_id)
    await persistence.drop_conversations_of(session, user_id=user_id)
    end_conversations_of(context.application, user_id)
    context.application.drop_user_data(user_id)
    await query.answer("Erased.")
    await query.edit_message_text(ERASED)


def build_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("delete_me", ask),
        CallbackQueryHandler(on_button, pattern=pattern(Scope.DELETE_ME)),
    ]
