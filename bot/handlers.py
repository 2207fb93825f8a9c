"""Handler registration, in the order PTB must see them."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot import debrief, dispatch, follow_up_buttons, onboarding
from bot.errors import on_error


def register(
    application: Application[Any, Any, Any, Any, Any, Any], *, run_dispatcher: bool
) -> None:
    """Add every handler and the dispatcher job to the application."""
    # Group 0 takes one handler per update, first match wins. Conversations come first so
    # that text typed during a conversation is its answer and nothing else.
    # The Edit-draft conversation and the follow-up buttons go before the others: once the
    # user taps Edit, their next text is the edited draft even while a debrief is open.
    follow_up_buttons.register(application)
    application.add_handler(onboarding.build_handler())
    application.add_handler(debrief.build_handler())
    # Buttons of conversations that already ended: answered, never acted on.
    application.add_handler(onboarding.build_stale_handler())
    application.add_handler(debrief.build_closed_handler())
    application.add_error_handler(on_error)
    if run_dispatcher:
        dispatch.schedule_dispatcher(application)
