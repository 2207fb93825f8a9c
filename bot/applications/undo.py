"""Undo under the message that closed an application (an outcome on a nudge, or /list).

Closing takes one tap, so it can be taken back: for UNDO_FOR the application opens again
with its follow-ups exactly as they were (storage.applications.reopen).
"""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.applications.tapped import tap
from bot.follow_ups.soon import dispatch_soon
from bot.ui.callbacks import ListAction, Scope, button_data
from bot.ui.context import BotContext
from bot.ui.display import esc
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


async def undo(update: Update, context: BotContext) -> None:
    """ls:v1:undo:<application id>: no user lookup, as someone unknown has nothing to undo."""
    query, callback = tap(update)
    application_id = callback.int_arg()
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
    place = f"<b>{esc(application.company)}</b> · {esc(application.role)}"
    reminders = (
        f" and its {restored} reminder{'s' if restored != 1 else ''} are back as they were"
        if restored
        else " (it had no reminders left)"
    )
    await query.answer("Undone ✓")
    await query.edit_message_text(f"↩️ Undone: {place} is open again{reminders}.")
    if restored:
        dispatch_soon(context.application)
