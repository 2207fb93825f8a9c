"""Handler registration, in the order PTB must see them."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.errors import on_error


def register(
    application: Application[Any, Any, Any, Any, Any, Any], *, run_dispatcher: bool
) -> None:
    """Add every handler and the dispatcher job to the application."""
    application.add_error_handler(on_error)
