"""/new: the debrief after an interview, one question at a time; this is its wiring.

The package, each module importing only those listed before it:
- steps: the table of steps (how a typed answer is read, what comes next);
- views: how questions, the summary and menus look; review: the talking-points review;
- answers: the answers in progress, kept in user_data; a saved round read back;
- save: Save and Save changes, which end the same way;
- flow: each question asked, each answer read, each button acted on, /cancel;
- start: how a debrief begins (/new and four buttons elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.debrief.answers import KEY, load
from bot.debrief.flow import (
    cancel_command,
    closed_button,
    new_while_active,
    on_button,
    on_other,
    on_skip,
    on_text,
)
from bot.debrief.start import (
    start_edit_saved,
    start_from_text,
    start_from_upcoming,
    start_new,
    start_next_round,
)
from bot.debrief.steps import Step
from bot.domain.debrief import DebriefAnswers
from bot.ui.callbacks import DebriefAction, Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import persistent_conversation, reply
from bot.ui.guards import started_saying
from storage.models import User

CONVERSATION_NAME = "debrief"
A = DebriefAction
# A state handler: the update, its context, the sender, the state it came in, the answers.
StepHandler = Callable[
    [Update, BotContext, User, Step, DebriefAnswers], Coroutine[Any, Any, Step | int]
]
# Every debrief begins with a stored user and /delete_me ends the debrief with them, so this
# is said only if the user's row went some other way.
SETTINGS_GONE = "I no longer have your settings; send /start, then /new again."


def _in_state(
    step: Step, handler: StepHandler
) -> Callable[[Update, BotContext], Coroutine[Any, Any, Step | int]]:
    """A PTB callback for `handler` in `step`: answers loaded first, written back after."""

    @started_saying(SETTINGS_GONE, alert=SETTINGS_GONE, forget=KEY)
    async def callback(update: Update, context: BotContext, user: User) -> Step | int:
        answers = load(context)
        if answers is None:
            await reply(
                update, "I lost track of this debrief, sorry. Please send /new to start it again."
            )
            return ConversationHandler.END
        result = await handler(update, context, user, step, answers)
        assert context.user_data is not None
        if KEY in context.user_data:  # not saved or cancelled meanwhile
            context.user_data[KEY] = answers.to_json()
        return result

    return callback


def _state_handlers(step: Step) -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("skip", _in_state(step, on_skip)),
        MessageHandler(filters.TEXT & ~filters.COMMAND, _in_state(step, on_text)),
        CallbackQueryHandler(_in_state(step, on_button), pattern=pattern(Scope.DEBRIEF)),
        MessageHandler(~filters.TEXT & ~filters.COMMAND, _in_state(step, on_other)),
    ]


def build_handler() -> ConversationHandler[BotContext]:
    """The /new conversation (also entered from the buttons that start a debrief elsewhere)."""
    return persistent_conversation(
        entry_points=[
            CommandHandler("new", start_new),
            CallbackQueryHandler(start_next_round, pattern=pattern(Scope.DEBRIEF, A.NEXT_ROUND)),
            CallbackQueryHandler(
                start_from_upcoming, pattern=pattern(Scope.DEBRIEF, A.FROM_UPCOMING)
            ),
            CallbackQueryHandler(start_from_text, pattern=pattern(Scope.DEBRIEF, A.FROM_TEXT)),
            CallbackQueryHandler(start_edit_saved, pattern=pattern(Scope.DEBRIEF, A.EDIT_SAVED)),
        ],
        states={step: _state_handlers(step) for step in Step},
        fallbacks=[
            CommandHandler("cancel", cancel_command),
            CommandHandler("new", new_while_active),
        ],
        name=CONVERSATION_NAME,
    )


def build_closed_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers debrief buttons that outlived their debrief."""
    return CallbackQueryHandler(closed_button, pattern=pattern(Scope.DEBRIEF))
