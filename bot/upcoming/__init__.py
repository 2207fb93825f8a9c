"""/upcoming: an interview registered before it happens, and cancelled if it does not.

registration.py: the conversation, a table of steps, and its save (the interview, its checklist
on the day, its "How did it go?" afterwards); cancelling.py: the Cancel this interview button;
views.py: what both show. The reminders themselves are sent by the dispatcher (bot/follow_ups/).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.ui.callbacks import Scope, UpcomingAction, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import short_conversation
from bot.upcoming import cancelling, registration


def build_handler() -> ConversationHandler[BotContext]:
    """The /upcoming conversation, also opened by Next round → It's scheduled."""
    return short_conversation(
        name=registration.CONVERSATION_NAME,
        command="upcoming",
        start=registration.start,
        also_started_by=[
            CallbackQueryHandler(
                registration.start_ahead, pattern=pattern(Scope.UPCOMING, UpcomingAction.AHEAD)
            )
        ],
        states=registration.TABLE.states(),
        cancel=registration.cancel,
        other_command=registration.other_command,
    )


def build_button_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Cancel-interview buttons, and registration buttons that outlived their conversation."""
    return [
        *cancelling.build_handlers(),
        # After the conversation and the buttons above: whatever of ours is left is stale.
        CallbackQueryHandler(registration.stale_button, pattern=pattern(Scope.UPCOMING)),
    ]
