"""Reading a /list button: the tap, and the application it names if it is the tapper's."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Update

from bot.ui.callbacks import Callback
from bot.ui.context import BotContext
from storage import applications
from storage.models import JobApplication, User

OUT_OF_DATE = "That button is out of date."
NOT_YOURS = "That application is closed or isn't yours."


def tap(update: Update) -> tuple[CallbackQuery, Callback]:
    """The tap and its button: only for handlers the router reached, so the data parses."""
    query = update.callback_query
    callback = None if query is None else Callback.parse(query.data)
    assert query is not None
    assert callback is not None
    return query, callback


@dataclass(frozen=True, slots=True)
class ApplicationTap:
    """A button about one application: ls:v1:<action>:<application id>:<page>[:<more>]."""

    query: CallbackQuery
    callback: Callback
    application: JobApplication
    page: int


async def application_tapped(
    update: Update, context: BotContext, user: User
) -> ApplicationTap | None:
    """The button's application if it is `user`'s; None once the tap is answered otherwise."""
    query, callback = tap(update)
    application_id = callback.int_arg()
    if application_id is None:
        await query.answer(OUT_OF_DATE)
        return None
    application = await applications.get_application(
        context.session, application_id=application_id, user_id=user.id
    )
    if application is None:
        await query.answer(NOT_YOURS, show_alert=True)
        return None
    return ApplicationTap(query, callback, application, callback.int_arg(1) or 1)
