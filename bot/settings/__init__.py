"""/settings: name, time zone, reminder and call hours, default wait, phone; one at a time.

The wiring is here, so that bot/handlers.py reads `settings.build_handler()`; the parts:
answers (what is kept while the menu is open), steps (the table), views (what the user
sees), save (each setting written, scheduled reminders moved with it).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot.settings.answers import KEPT, SettingsAnswers, Step
from bot.settings.steps import TABLE, started
from bot.ui import zone_question
from bot.ui.callbacks import Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, left_conversation, short_conversation
from bot.ui.steps import Next
from storage.models import User


@started
async def start(update: Update, context: BotContext, user: User) -> int:
    return await TABLE.go(update, context, SettingsAnswers.fresh(), Next(Step.MENU))


cancel = closer(
    KEPT.key,
    lambda update: zone_question.say_closing(
        update, "Okay, settings closed. What you already saved stays saved."
    ),
)
# Another command in the menu closes it, so the next text is not taken as a setting.
other_command = closer(
    KEPT.key,
    lambda update: left_conversation(update, "your settings (what you saved stays saved)"),
)


async def stale_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("This settings menu is closed. Send /settings to open it again.")


def build_handler() -> ConversationHandler[BotContext]:
    """The /settings conversation."""
    return short_conversation(
        name="settings",
        command="settings",
        start=start,
        states=TABLE.states(),
        cancel=cancel,
        other_command=other_command,
    )


def build_stale_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers settings buttons that outlived their menu."""
    return CallbackQueryHandler(stale_button, pattern=pattern(Scope.SETTINGS))
