"""The one error handler: an update's error goes to its pipeline; anything else is logged."""

from __future__ import annotations

import logging

from telegram import Update

from bot.runtime.unit import collecting_unit
from bot.ui.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Hand a handler's error to its unit of work (retried, then the user told); log others."""
    unit = collecting_unit()
    if unit is not None and context.error is not None:
        # The pipeline rolls the update back, retries it, and logs it once with its stack
        # trace if it gives up; telling the user is its job too, so they hear it once.
        unit.fail(context.error)
        return
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
