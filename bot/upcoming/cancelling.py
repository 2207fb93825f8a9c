"""Cancelling a registered interview (the checklist's button, /list's details): asked first;
Yes cancels it with its two reminders, Keep leaves it. Only the tapper's own interviews."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.ui.callbacks import Scope, UpcomingAction, pattern
from bot.ui.context import BotContext
from bot.ui.guards import started_saying
from bot.ui.inputs import tapped
from bot.upcoming import views
from storage import interviews
from storage import upcoming as upcoming_store
from storage.models import User

NOT_UPCOMING = "This interview isn't upcoming any more."
OUT_OF_DATE = "That button is out of date."


@started_saying(alert=NOT_UPCOMING)
async def ask(update: Update, context: BotContext, user: User) -> None:
    """Cancel this interview → are you sure? (a new message, the reminder stays as it was)."""
    query, callback = tapped(update)
    interview_id = callback.int_arg() if callback is not None else None
    if interview_id is None:
        await query.answer(OUT_OF_DATE)
        return
    interview = await interviews.get_upcoming(
        context.session, interview_id=interview_id, user_id=user.id
    )
    if interview is None:
        await query.answer(NOT_UPCOMING, show_alert=True)
        return
    await query.answer()
    await context.bot.send_message(
        user.id,
        views.cancel_question(
            company=interview.application.company,
            role=interview.application.role,
            held_at=interview.held_at,
            tz=user.timezone,
            now=context.bot_data.clock(),
        ),
        reply_markup=views.cancel_keyboard(interview_id),
    )


async def cancel(update: Update, context: BotContext) -> None:
    """Yes, cancel it: the interview and its reminders (and the application, if it was all)."""
    query, callback = tapped(update)
    interview_id = callback.int_arg() if callback is not None else None
    if interview_id is None:
        await query.answer(OUT_OF_DATE)
        return
    cancelled = await upcoming_store.cancel_upcoming(
        context.session,
        user_id=query.from_user.id,
        interview_id=interview_id,
        now=context.bot_data.clock(),
    )
    if cancelled is None:
        await query.answer(NOT_UPCOMING, show_alert=True)
        return
    await query.answer("Cancelled.")
    await query.edit_message_text(views.cancelled(cancelled))


async def keep(update: Update, context: BotContext) -> None:
    query, _ = tapped(update)
    await query.answer("Kept.")
    await query.edit_message_text("Okay, the interview stays registered. Good luck!")


def _buttons(action: UpcomingAction) -> str:
    return pattern(Scope.UPCOMING) + f"{action}:"


def build_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Cancel, Yes and Keep, each with the interview's id after it."""
    return [
        CallbackQueryHandler(ask, pattern=_buttons(UpcomingAction.CANCEL)),
        CallbackQueryHandler(cancel, pattern=_buttons(UpcomingAction.CANCEL_CONFIRMED)),
        CallbackQueryHandler(keep, pattern=_buttons(UpcomingAction.KEEP)),
    ]
