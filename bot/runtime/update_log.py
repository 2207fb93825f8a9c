"""One INFO line per update: its id, its kind and how long it took; never what was typed."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update
from telegram.helpers import effective_message_type

from bot.runtime.pipeline import Submission, UpdatePipeline

log = logging.getLogger("bot.updates")


def kind_of(update: Update) -> str:
    """What sort of update this is, in a word: command, text, button, location, photo, …"""
    if update.callback_query is not None:
        return "button"
    message = update.message
    if message is None:
        return "edited" if update.edited_message is not None else "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    return effective_message_type(message) or "other"


def log_each_update(pipeline: UpdatePipeline) -> None:
    """Log every update the pipeline is given once its outcome is stored and replies sent.

    Wraps `submit`, the one way in for polling, the webhook and tests, so the time counts
    from arrival: the wait behind the chat's earlier updates included.
    """
    submit = pipeline.submit
    in_flight: set[int] = set()

    def submit_and_log(update: Update) -> Submission:
        submission = submit(update)
        if update.update_id in in_flight:
            return submission  # delivered again while running: one line for one run
        in_flight.add(update.update_id)
        started = time.monotonic()
        kind = kind_of(update)

        def done(future: asyncio.Future[None]) -> None:
            in_flight.discard(update.update_id)
            milliseconds = (time.monotonic() - started) * 1000
            if future.cancelled() or future.exception() is not None:
                why = "cancelled" if future.cancelled() else type(future.exception()).__name__
                log.info("Update %s (%s) left unfinished: %s", update.update_id, kind, why)
            else:
                log.info("Update %s (%s) in %.0f ms", update.update_id, kind, milliseconds)

        submission.done.add_done_callback(done)
        return submission

    pipeline.submit = submit_and_log  # type: ignore[method-assign]
