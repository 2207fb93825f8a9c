"""Stopping and shutting the application down, with its post_stop and post_shutdown hooks.

PTB calls `post_stop` and `post_shutdown` only from `run_polling` and `run_webhook`; we serve
with our own loop (bot/runtime/serve.py) and tests drive the application directly, so
whoever stops the application calls these, not `Application.stop` and `shutdown` alone.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.ui.context import BotData

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


async def stop(application: AnyApplication) -> None:
    """Stop as run_polling does (`stop`, then `post_stop`), the dispatcher told first.

    The JobQueue stops inside `stop` and waits for a dispatch run in progress; told to stop,
    that run ends after the message it is sending (PTB has no hook before `stop`). Then
    `post_stop` gives back the run's remaining claims.
    """
    bot_data: BotData = application.bot_data
    bot_data.stopping = True
    await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)


async def shutdown(application: AnyApplication) -> None:
    """Shut down as run_polling does: `shutdown`, then `post_shutdown` (closes the database)."""
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
