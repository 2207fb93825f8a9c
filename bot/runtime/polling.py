"""Long polling that confirms an update to Telegram only after it was handled and stored.

PTB's Updater confirms a batch (by asking for the next offset) as soon as it is queued, so
a crash while the batch is handled loses those updates. Here the offset moves past an
update only once `process_update` returned, which also wrote the conversation state; an
update handled but not yet confirmed is recognised on redelivery by its id (see
FollowUpApplication) and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25
MAX_BACKOFF_SECONDS = 30.0


async def _sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _next_batch(
    application: Application[Any, Any, Any, Any, Any, Any],
    stop: asyncio.Event,
    *,
    offset: int | None,
    allowed_updates: Sequence[str],
) -> tuple[Update, ...] | None:
    """The next updates, or None once `stop` is set (the long poll is abandoned)."""
    fetch = asyncio.create_task(
        application.bot.get_updates(
            offset=offset,
            timeout=LONG_POLL_SECONDS,
            allowed_updates=list(allowed_updates),
            read_timeout=LONG_POLL_SECONDS + 10,
        )
    )
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if not fetch.done():
        # Nothing fetched yet is lost: the offset was not moved past anything unhandled.
        fetch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await fetch
        return None
    updates: tuple[Update, ...] = fetch.result()
    return updates


async def poll(
    application: Application[Any, Any, Any, Any, Any, Any],
    stop: asyncio.Event,
    *,
    allowed_updates: Sequence[str],
) -> None:
    """Fetch and handle updates one at a time until `stop` is set (no webhook may be set)."""
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        try:
            batch = await _next_batch(
                application, stop, offset=offset, allowed_updates=allowed_updates
            )
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            log.warning("Telegram asked to wait %.0f s before polling again", seconds)
            await _sleep_unless_stopped(stop, seconds)
            continue
        except Conflict:
            log.error("Another process is polling this bot or a webhook is set; retrying")
            await _sleep_unless_stopped(stop, MAX_BACKOFF_SECONDS)
            continue
        except (NetworkError, TimedOut) as error:
            log.warning("Polling failed (%s); retrying in %.0f s", error, backoff)
            await _sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            continue
        if batch is None:
            return
        backoff = 1.0
        for update in batch:
            await application.process_update(update)
            offset = update.update_id + 1
            if stop.is_set():
                # The rest of the batch is fetched again by the next process, unconfirmed.
                return
