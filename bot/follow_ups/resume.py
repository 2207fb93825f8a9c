"""A user who comes back gets what waited for them: follow-ups paused when they blocked the
bot, or stopped because Telegram did not find their chat.

/start says what it resumed; any other message or tap resumes them here, after the
update's own handler, in its unit of work.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.follow_ups.soon import dispatch_soon
from bot.ui.context import BotContext
from storage import users

log = logging.getLogger(__name__)

# After every feature (group 0): /start resumes them itself and tells the user so.
GROUP = 1


async def resume_waiting_follow_ups(update: Update, context: BotContext) -> None:
    """The sender is back: their paused follow-ups are due again, and go out at once."""
    sender = update.effective_user
    if sender is None:
        return
    resumed = await users.reactivate(
        context.session, user_id=sender.id, now=context.bot_data.clock()
    )
    if resumed:
        log.info("User %s is back: %s follow-ups resumed", sender.id, resumed)
        dispatch_soon(context.application)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, resume_waiting_follow_ups), group=GROUP)
