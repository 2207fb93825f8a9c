"""Runs the bot until SIGTERM or SIGINT: polling or webhook, behind the one-instance guard."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import Application

from bot.config import Settings
from bot.runtime.polling import poll
from bot.runtime.standby import guard_for
from bot.runtime.webhook import WebhookServer

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class LostLeadershipError(RuntimeError):
    """The instance lock went away while serving; another process may be serving now."""


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _on_signal, sig, stop)


def _on_signal(sig: signal.Signals, stop: asyncio.Event) -> None:
    if not stop.is_set():
        log.info("%s received: finishing what is in flight, then stopping", sig.name)
    stop.set()


async def serve(
    settings: Settings,
    application: AnyApplication,
    *,
    webhook: bool,
    stop: asyncio.Event | None = None,
) -> None:
    """Wait to be the serving instance, serve until told to stop, then stop cleanly.

    `stop` (set by SIGTERM/SIGINT when not given) lets a caller in the same process end it.
    """
    if stop is None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
    guard = guard_for(settings.database_url)
    server: WebhookServer | None = None
    if webhook:
        server = WebhookServer(
            application, path=settings.webhook_path, secret=settings.webhook_secret_token()
        )
        server.start(listen=settings.webhook_listen, port=settings.port)
    try:
        if not await guard.acquire(stop):
            return
        await application.initialize()
        try:
            await _serve(settings, application, server, stop, guard.lost)
        finally:
            await application.shutdown()
    finally:
        if server is not None:
            await server.stop()
        await guard.release()


async def _serve(
    settings: Settings,
    application: AnyApplication,
    server: WebhookServer | None,
    stop: asyncio.Event,
    lost: Callable[[], Coroutine[Any, Any, None]],
) -> None:
    if server is not None:
        await application.bot.set_webhook(
            url=settings.webhook_url or "",
            secret_token=settings.webhook_secret_token(),
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        # Telegram refuses getUpdates while a webhook is set (e.g. from an earlier deploy).
        await application.bot.delete_webhook()
    await application.start()
    if server is not None:
        server.serve()
    log.info("Serving updates by %s", "webhook" if server is not None else "long polling")

    polling = (
        asyncio.create_task(poll(application, stop, allowed_updates=ALLOWED_UPDATES))
        if server is None
        else None
    )
    stopped = asyncio.create_task(stop.wait())
    lock_lost = asyncio.create_task(lost())
    try:
        await asyncio.wait({stopped, lock_lost}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (stopped, lock_lost):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # Updates first (no new work), then the application: it waits for the dispatch job,
        # which stops between messages, and gives back whatever it still held.
        if server is not None:
            await server.stop()
        if polling is not None:
            # Returns after the update in hand; if it failed, that error surfaces here.
            stop.set()
            await polling
        await application.stop()
        log.info("Stopped cleanly")
    if lock_lost.done() and not lock_lost.cancelled():
        raise LostLeadershipError(
            "lost the instance lock; stopped so that only one process serves updates"
        )
