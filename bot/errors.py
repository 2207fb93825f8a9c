"""The one error handler: log with the stack trace, apologise to the user, keep their data."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BotContext

log = logging.getLogger(__name__)

APOLOGY = (
    "Sorry, something went wrong on my side. Everything you told me so far is saved; "
    "please try that again in a moment."
)


async def on_error(update: object, context: BotContext) -> None:
    """Log unexpected errors with exc_info and tell the user their data is safe."""
    # Ids only: the update itself may carry what the user typed.
    if isinstance(update, Update):
        user = update.effective_user
        log.error(
            "Unhandled error while handling update %s from user %s",
            update.update_id,
            user.id if user else None,
            exc_info=context.error,
        )
    else:
        log.error("Unhandled error outside an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, APOLOGY)
        except Exception:
            # The apology is best effort: the failure that brought us here may be Telegram itself.
            log.warning("Could not send the apology message", exc_info=True)
