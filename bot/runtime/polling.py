"""Long polling that confirms an update to Telegram only once its unit of work committed.

Telegram takes `offset` as "everything below is confirmed". Updates are handed to the
pipeline as they arrive (many chats at once), so the offset asked for is the oldest update
not yet finished: Telegram then sends the unfinished ones again, and they are recognised
by id and not handed over twice. An update that cannot be parsed is logged and passed
over, never blocking the ones after it. A crash confirms nothing more than was committed;
what comes again after a restart is skipped by the pipeline (handled_updates).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.runtime.pipeline import (
    AttemptTimeoutError,
    PipelineBrokenError,
    UpdatePipeline,
    pipeline_of,
)
from bot.runtime.telegram_bot import DeferringBot
from bot.ui.context import BotData
from storage import updates as handled

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25
MAX_BACKOFF_SECONDS = 30.0
# Fetching stops while this many updates wait to be handled; they are confirmed as they end.
MAX_WAITING = 1000
# When Telegram sent only updates already being handled, wait this long (or until one
# finishes) before asking again, instead of spinning on the same batch.
REPEAT_PAUSE_SECONDS = 1.0
# Telegram's largest (and default) getUpdates page.
PAGE = 100
# An update running this long while a full page waits behind it is held (see _hold_running).
HOLD_AFTER_SECONDS = 5.0
# The same updates sent again with none of them running: a moment before asking again.
RESEND_PAUSE_SECONDS = 0.05


class PollingHealth:
    """When getUpdates last returned, for the watchdog and the health line in the log."""

    def __init__(self) -> None:
        self.last_returned = time.monotonic()
        self.waiting_since: float | None = None


async def _sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class _Window:
    """The updates seen at or above the confirmed offset, and which are still running.

    `highest` is the newest id of the latest batch, not of all time: after a week without
    updates Telegram starts again from a random, possibly lower id, and an offset far
    above its queue confirms nothing (the server then reads from the queue's head).
    """

    def __init__(self) -> None:
        self.running: dict[int, asyncio.Future[None]] = {}
        self.raw: dict[int, dict[str, Any]] = {}  # the JSON of each running update
        self.started: dict[int, float] = {}  # when each running update was handed over
        self.held: set[int] = set()  # running, and kept in held_updates: confirmable
        self.finished: set[int] = set()
        self.highest: int | None = None
        self.changed = asyncio.Event()

    def offset(self) -> int | None:
        unheld = [update_id for update_id in self.running if update_id not in self.held]
        if unheld:
            return min(unheld)
        return None if self.highest is None else self.highest + 1

    def to_hold(self, *, running_since: float) -> list[tuple[int, dict[str, Any]]]:
        """The running updates not held yet that were handed over before `running_since`."""
        return [
            (i, self.raw[i])
            for i in sorted(self.running)
            if i not in self.held and self.started[i] <= running_since
        ]

    def knows(self, update_id: int) -> bool:
        return update_id in self.running or update_id in self.finished

    def see_batch(self, update_ids: list[int]) -> None:
        if update_ids:
            self.highest = max(update_ids)

    def start(self, update_id: int, data: dict[str, Any], future: asyncio.Future[None]) -> None:
        self.running[update_id] = future
        self.raw[update_id] = data
        self.started[update_id] = time.monotonic()
        future.add_done_callback(lambda _: self._finish(update_id))

    def skip(self, update_id: int) -> None:
        self.finished.add(update_id)

    def _finish(self, update_id: int) -> None:
        future = self.running.pop(update_id, None)
        self.raw.pop(update_id, None)
        self.started.pop(update_id, None)
        self.held.discard(update_id)
        if future is not None and not future.cancelled() and future.exception() is None:
            self.finished.add(update_id)
        # A broken pipeline's updates stay unconfirmed: the next process gets them again.
        self.changed.set()

    def forget_confirmed(self) -> None:
        """Forget finished ids Telegram will not send again: below the offset or past the
        latest batch (ids from before a reset)."""
        offset, highest = self.offset(), self.highest
        if offset is not None and highest is not None:
            self.finished = {id_ for id_ in self.finished if offset <= id_ <= highest}


async def poll(
    application: Application[Any, Any, Any, Any, Any, Any],
    stop: asyncio.Event,
    *,
    allowed_updates: Sequence[str],
    health: PollingHealth | None = None,
) -> None:
    """Fetch updates and hand them to the pipeline until `stop` is set (no webhook may be set).

    Returns only once `stop` is set; raises when it cannot go on (a broken pipeline, a
    token Telegram refuses), so that serve() stops the process.
    """
    bot = application.bot
    assert isinstance(bot, DeferringBot)
    pipeline = pipeline_of(application)
    health = health or PollingHealth()
    window = _Window()
    await _resume_held(application, bot, pipeline, window)
    backoff = 1.0
    while not stop.is_set():
        if pipeline.broken.is_set():
            raise PipelineBrokenError("the update pipeline stopped") from pipeline.broken_by
        if len(window.running) >= MAX_WAITING:
            window.changed.clear()
            await _wait_for_change(window, stop, REPEAT_PAUSE_SECONDS)
            continue
        window.forget_confirmed()
        try:
            health.waiting_since = time.monotonic()
            batch = await _next_batch(bot, stop, offset=window.offset(), allowed=allowed_updates)
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
        except InvalidToken:
            raise
        except (NetworkError, TelegramError, TypeError) as error:
            log.warning("Polling failed (%s); retrying in %.0f s", error, backoff)
            await _sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            continue
        finally:
            health.waiting_since = None
        if batch is None:
            return
        health.last_returned = time.monotonic()
        backoff = 1.0
        window.changed.clear()
        if batch and not _hand_over(batch, bot, pipeline, window):
            # Only updates already in hand came back. While some still run, ask again once
            # one is done; if all are done (one finished while the answer was on its way),
            # the next offset confirms them: ask again at once, but never in a tight loop.
            if len(batch) >= PAGE and await _hold_running(application, window):
                # A full page of updates already in hand: the oldest are kept in the
                # database and confirmed, so that Telegram sends what came after them.
                continue
            if window.running:
                await _wait_for_change(window, stop, REPEAT_PAUSE_SECONDS)
            else:
                await _sleep_unless_stopped(stop, RESEND_PAUSE_SECONDS)


def _hand_over(
    batch: list[dict[str, Any]],
    bot: DeferringBot,
    pipeline: UpdatePipeline,
    window: _Window,
) -> bool:
    """Give the pipeline the updates it has not seen; True when there was any."""
    new = False
    window.see_batch(
        [data["update_id"] for data in batch if isinstance(data.get("update_id"), int)]
    )
    for data in batch:
        update_id = data.get("update_id")
        if not isinstance(update_id, int):
            log.error("Telegram sent an update without an id; ignored")
            continue
        if window.knows(update_id):
            continue
        new = True
        try:
            update = bot.parse_update(data)
        except Exception:
            # Its contents may be what a user typed: the id and the error only.
            log.error("Could not read update %s; passing over it", update_id, exc_info=True)
            window.skip(update_id)
            continue
        # Confirmed to Telegram once committed; its replies may still be on their way.
        window.start(update_id, data, pipeline.submit(update).committed)
    return new


async def _hold_running(
    application: Application[Any, Any, Any, Any, Any, Any], window: _Window
) -> bool:
    """Keep the running updates in held_updates; True when they were (and may be confirmed)."""
    updates = window.to_hold(running_since=time.monotonic() - HOLD_AFTER_SECONDS)
    if not updates:
        return False
    bot_data: BotData = application.bot_data
    try:
        # A write like any other: on SQLite it waits for the writer's turn, as updates do.
        async with pipeline_of(application).transaction_turn(), bot_data.db.begin() as session:
            await handled.hold(session, updates=updates, at=bot_data.clock())
    except (SQLAlchemyError, AttemptTimeoutError):
        log.warning("Could not keep %s updates in hand; waiting for them", len(updates))
        return False
    window.held.update(update_id for update_id, _ in updates)
    log.info("Kept %s slow updates in the database to read past them", len(updates))
    return True


async def _resume_held(
    application: Application[Any, Any, Any, Any, Any, Any],
    bot: DeferringBot,
    pipeline: UpdatePipeline,
    window: _Window,
) -> None:
    """Updates held and confirmed by a process that died before handling them: run them."""
    bot_data: BotData = application.bot_data
    async with bot_data.db() as session:
        held = await handled.held_unhandled(session)
    for data in held:
        update_id = int(data["update_id"])
        try:
            update = bot.parse_update(data)
        except Exception:
            log.error("Could not read held update %s; passing over it", update_id, exc_info=True)
            continue
        window.start(update_id, data, pipeline.submit(update).committed)
        window.held.add(update_id)
    if held:
        log.info("Resumed %s updates held by an earlier process", len(held))


async def _wait_for_change(window: _Window, stop: asyncio.Event, seconds: float) -> None:
    changed = asyncio.create_task(window.changed.wait())
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({changed, stopped}, timeout=seconds, return_when="FIRST_COMPLETED")
    finally:
        for task in (changed, stopped):
            task.cancel()


async def _next_batch(
    bot: DeferringBot,
    stop: asyncio.Event,
    *,
    offset: int | None,
    allowed: Sequence[str],
) -> list[dict[str, Any]] | None:
    """The next updates as JSON, or None once `stop` is set (the long poll is abandoned)."""
    fetch = asyncio.create_task(
        bot.get_raw_updates(
            offset=offset, long_poll_seconds=LONG_POLL_SECONDS, allowed_updates=list(allowed)
        )
    )
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not fetch.done():
            # Cancelled from outside (serve() stopping): the long poll must not outlive us.
            fetch.cancel()
    if fetch.cancelled() or not fetch.done():
        # Nothing fetched yet is lost: the offset was not moved past anything unhandled.
        fetch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await fetch
        return None
    return fetch.result()


async def watch(health: PollingHealth, stop: asyncio.Event, *, every: float = 5.0) -> None:
    """Warn when getUpdates has not returned for twice its long-poll time."""
    limit = 2 * LONG_POLL_SECONDS
    warned = False
    while not stop.is_set():
        await _sleep_unless_stopped(stop, every)
        waiting = health.waiting_since
        late = waiting is not None and time.monotonic() - health.last_returned > limit
        if late and not warned:
            log.warning(
                "getUpdates has not returned for %.0f s (expected within %s s)",
                time.monotonic() - health.last_returned,
                LONG_POLL_SECONDS,
            )
        warned = late
