"""Handler registration, in the order PTB must see them."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot import (
    account,
    applications,
    debrief,
    export,
    free_text,
    help,
    onboarding,
    settings,
    upcoming,
)
from bot.follow_ups import buttons as follow_up_buttons
from bot.follow_ups import dispatch, edit, later, resume
from bot.runtime.errors import on_error
from bot.ui import guards as private_only


def register(
    application: Application[Any, Any, Any, Any, Any, Any], *, run_dispatcher: bool
) -> None:
    """Add every handler and the dispatcher job to the application."""
    # Group -1 first: updates from groups and channels stop there and touch no one's data.
    private_only.register(application)
    # Group 0 takes one handler per update, first match wins. Conversations come first so
    # that text typed during a conversation is its answer and nothing else.
    # The Edit-draft conversation and the follow-up buttons go before the others: once the
    # user taps Edit, their next text is the edited draft even while a debrief is open.
    application.add_handler(edit.build_handler())
    application.add_handler(later.build_handler())  # Type a time… likewise
    application.add_handler(follow_up_buttons.build_handler())
    application.add_handler(onboarding.build_handler())
    # /settings and /upcoming before the debrief: opened in the middle of a debrief, they take
    # the text typed next; they close on any other command, and the debrief then goes on.
    application.add_handler(settings.build_handler())
    application.add_handler(upcoming.build_handler())
    application.add_handler(debrief.build_handler())
    # Buttons of conversations that already ended: answered, never acted on.
    application.add_handler(onboarding.build_stale_handler())
    application.add_handler(debrief.build_closed_handler())
    application.add_handler(settings.build_stale_handler())
    application.add_handlers(upcoming.build_button_handlers())
    # Plain commands and their buttons: reached only when no conversation took the update.
    application.add_handlers(applications.build_handlers())  # /list, and Undo wherever it is
    application.add_handlers(export.build_handlers())
    application.add_handlers(account.build_handlers())
    application.add_handlers(help.build_handlers())
    # LAST in group 0: unknown commands get a pointer to /new and /help; any other message no
    # conversation or command took is read for an interview it names, or gets that pointer.
    # Anything registered after these would never be reached.
    application.add_handlers(help.build_fallbacks())
    application.add_handler(free_text.build_handler())
    # Group 1, after the update's own handler: a user back after a block or a chat not
    # found gets their waiting follow-ups (/start says so itself).
    resume.register(application)
    application.add_error_handler(on_error)
    if run_dispatcher:
        dispatch.schedule_dispatcher(application)
