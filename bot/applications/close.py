"""Undo under the message that closed an application (an outcome on a nudge, or /list).

Closing takes one tap, so it can be taken back: for UNDO_FOR the application opens again
with its follow-ups exactly as they were (storage.applications.reopen).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.follow_ups.dispatch import dispatch_soon
from bot.ui.callbacks import Callback, ListAction, Scope, button_data, pattern
from bot.ui.context import BotContext
from storage import applications
from storage.models import ApplicationStatus

UNDO_FOR = dt.timedelta(days=2)
UNDO_LABEL = "↩️ Undo"


def undo_row(application_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            UNDO_LABEL, callback_data=button_data(Scope.LIST, ListAction.REOPEN, application_id)
        )
    ]


def undo_keyboard(application_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([undo_row(application_id)])


async def on_undo(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    application_id = callback.int_arg() if callback is not None else None
    user_id = query.from_user.id
    session = context.session
    application = (
        await applications.get_application(session, application_id=application_id, user_id=user_id)
        if application_id is not None
        else None
    )
    if application is None:
        await query.answer("That application isn't yours, or it was deleted.", show_alert=True)
        return
    if application.status == ApplicationStatus.OPEN:
        await query.answer("It's open already ✓")
        await query.edit_message_reply_markup(None)
        return
    now = context.bot_data.clock()
    restored = await applications.reopen(
        session,
        user_id=user_id,
        application_id=application.id,
        closed_since=now - UNDO_FOR,
        now=now,
    )
    if restored is None:
        await query.answer(
            f"It was closed more than {UNDO_FOR.days} days ago, so I can't undo it any more.",
            show_alert=True,
        )
        await query.edit_message_reply_markup(None)
        return
    place = f"<b>{escape(application.company)}</b> · {escape(application.role)}"
    reminders = (
        f" and its {restored} reminder{'s' if restored != 1 else ''} are back as they were"
        if restored
        else " (it had no reminders left)"
    )
    await query.answer("Undone ✓")
    await query.edit_message_text(f"↩️ Undone: {place} is open again{reminders}.")
    if restored:
        dispatch_soon(context.application)


def build_handler() -> CallbackQueryHandler[BotContext, None]:
    """Registered before /list's buttons, whose scope it shares."""
    return CallbackQueryHandler(on_undo, pattern=pattern(Scope.LIST, ListAction.REOPEN))
