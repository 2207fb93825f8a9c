"""Runs the bot until SIGTERM or SIGINT: polling or webhook, behind the one-instance guard."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import Application

from bot.config import Settings
from bot.runtime import lifecycle
from bot.runtime.pipeline import pipeline_of
from bot.runtime.polling import PollingHealth, poll, watch
from bot.runtime.standby import guard_for
from bot.runtime.webhook import WebhookServer

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


# How long a stopping bot lets the updates in hand finish.
DRAIN_SECONDS = 20.0


class LostLeadershipError(RuntimeError):
    """The instance lock went away while serving; another process may be serving now."""


class ServingStoppedError(RuntimeError):
    """Polling, the pipeline or the webhook could not go on: exit non-zero, to be restarted."""


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
            await lifecycle.shutdown(application)
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
    pipeline = pipeline_of(application)
    # Replies committed by a process that died before making them: first in their chats.
    await pipeline.resume_replies()
    if server is not None:
        server.serve()
    log.info("Serving updates by %s", "webhook" if server is not None else "long polling")

    # Every task here must run until `stop`: any other end is a failure to be loud about.
    lock_task = asyncio.create_task(lost())
    watched: dict[asyncio.Task[Any], str] = {
        lock_task: "the instance lock was lost",
        asyncio.create_task(pipeline.broken.wait()): "the update pipeline could not go on",
    }
    if server is None:
        health = PollingHealth()
        watched[
            asyncio.create_task(
                poll(application, stop, allowed_updates=ALLOWED_UPDATES, health=health)
            )
        ] = "polling ended"
        watched[asyncio.create_task(watch(health, stop))] = "the polling watchdog ended"
    stopped = asyncio.create_task(stop.wait())
    failure: str | None = None
    try:
        done, _ = await asyncio.wait({stopped, *watched}, return_when=asyncio.FIRST_COMPLETED)
        ended = [task for task in done if task is not stopped]
        if ended and not stop.is_set():
            failure = _describe(ended[0], watched[ended[0]])
            log.critical("Stopping: %s", failure)
    finally:
        stop.set()
        # Updates first (no new work; those in hand finish), then the application: it
        # waits for the dispatch job, which stops between messages, and gives back what it
        # still held.
        if server is not None:
            await server.stop()
        for task in (stopped, *watched):
            if not task.done():
                task.cancel()
        await asyncio.gather(stopped, *watched, return_exceptions=True)
        await pipeline.drain(within=DRAIN_SECONDS)
        await lifecycle.stop(application)
        log.info("Stopped" if failure else "Stopped cleanly")
    if failure is not None:
        if lock_task.done() and not lock_task.cancelled() and lock_task.exception() is None:
            raise LostLeadershipError(
                "lost the instance lock; stopped so that only one process serves updates"
            )
        raise ServingStoppedError(f"stopped: {failure}; the platform should restart the bot")


def _describe(task: asyncio.Task[Any], what: str) -> str:
    if task.cancelled():
        return f"{what} (cancelled)"
    error = task.exception()
    return what if error is None else f"{what}: {type(error).__name__}: {error}"
