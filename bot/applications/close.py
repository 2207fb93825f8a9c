"""Closing an application from /list's details: one tap on its outcome, then Undo (undo.py)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.applications.overview import STATUS_WORDS, page_button
from bot.applications.tapped import NOT_YOURS, application_tapped
from bot.applications.undo import undo_row
from bot.ui.callbacks import ListAction, Scope, button_data
from bot.ui.context import BotContext
from bot.ui.display import esc
from bot.ui.guards import started_saying
from storage import applications
from storage.models import ApplicationStatus, JobApplication, User

# The last part of ls:v1:set:<application id>:<page>:<outcome>.
CLOSE_CHOICES = {
    "offer": (ApplicationStatus.OFFER, "🎉 Offer"),
    "rejected": (ApplicationStatus.REJECTED, "They said no"),
    "withdrawn": (ApplicationStatus.WITHDRAWN, "I withdrew"),
}


def close_buttons(application_id: int, page: int) -> list[InlineKeyboardButton]:
    """One button per outcome, in a row."""
    return [
        InlineKeyboardButton(
            label,
            callback_data=button_data(Scope.LIST, ListAction.CLOSE_AS, application_id, page, key),
        )
        for key, (_, label) in CLOSE_CHOICES.items()
    ]


def _closed_text(application: JobApplication, status: ApplicationStatus, cancelled: int) -> str:
    text = f"<b>{esc(application.company)}</b> · {esc(application.role)}: {STATUS_WORDS[status]}."
    if cancelled:
        text += f" I cancelled {cancelled} reminder{'s' if cancelled != 1 else ''} for it."
    if status == ApplicationStatus.OFFER:
        text += " Congratulations! 🎉"
    elif status == ApplicationStatus.REJECTED:
        text += " Their loss. Every interview is practice for the next one."
    return text


@started_saying(alert=NOT_YOURS)
async def close_as(update: Update, context: BotContext, user: User) -> None:
    """An outcome under the details: ls:v1:set:<application id>:<page>:<outcome>."""
    tapped = await application_tapped(update, context, user)
    if tapped is None:
        return
    query, application = tapped.query, tapped.application
    args = tapped.callback.args
    choice = CLOSE_CHOICES.get(args[2] if len(args) > 2 else "")
    cancelled = (
        None
        if choice is None
        else await applications.close(
            context.session,
            user_id=user.id,
            application_id=application.id,
            status=choice[0],
            now=context.bot_data.clock(),
        )
    )
    if choice is None or cancelled is None:
        # Closed already (the same outcome tapped twice), or an outcome we never offered.
        await query.answer(NOT_YOURS, show_alert=True)
        return
    await query.answer("Closed.")
    await query.edit_message_text(
        _closed_text(application, choice[0], cancelled),
        reply_markup=InlineKeyboardMarkup(
            [[*undo_row(application.id), page_button("« Back to the list", tapped.page)]]
        ),
    )
