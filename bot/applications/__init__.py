"""Applications: /list page by page, an application's details, closing it with an outcome, Undo.

Every /list button (scope ``ls``) goes through one router, a table from the button's action to
its handler; a button we no longer make, or never made, is answered as out of date.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.applications import close, details, overview, undo
from bot.applications.tapped import OUT_OF_DATE
from bot.ui.callbacks import Callback, ListAction, Scope, pattern
from bot.ui.context import BotContext

BUTTONS: dict[str, Callable[[Update, BotContext], Awaitable[object]]] = {
    ListAction.PAGE: overview.show_page,
    ListAction.DETAILS: details.show_details,
    # Messages from before outcomes were on the details carry "Close this application…".
    ListAction.CLOSE: details.show_details,
    ListAction.CLOSE_AS: close.close_as,
    ListAction.REOPEN: undo.undo,  # also under an outcome tapped on a nudge
}


async def on_button(update: Update, context: BotContext) -> None:
    """A /list button, handed to its action's handler."""
    query = update.callback_query
    assert query is not None  # the handler below takes callback queries only
    callback = Callback.parse(query.data)
    handler = None if callback is None else BUTTONS.get(callback.action)
    if handler is None:
        await query.answer(OUT_OF_DATE)
        return
    await handler(update, context)


def build_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """/list and its buttons."""
    return [
        CommandHandler("list", overview.show_list),
        CallbackQueryHandler(on_button, pattern=pattern(Scope.LIST)),
    ]
