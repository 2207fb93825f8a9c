"""The dispatcher: claims due follow-ups from the database, sends them, records delivery.

The database is the only schedule. One repeating job claims due rows with a lease (so two
processes never send the same row, and a dead process's claims are retaken once the lease
runs out), sends each, and marks it sent with Telegram's message id.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBDeprecationWarning

from bot.context import BotContext, BotData
from bot.domain import timing
from bot.jobs import JOB_NAME
from bot.nudges import RENDERED_KINDS, NudgeError, render
from storage import follow_ups, users
from storage.models import ApplicationStatus, FollowUp, FollowUpKind, FollowUpStatus

log = logging.getLogger(__name__)

# One run sends at most this many batches, so a backlog never blocks the job for long;
# the next run, `dispatch_interval_seconds` later, goes on where this one stopped.
MAX_BATCHES_PER_RUN = 20
# Network errors: retried after 30 s, 1, 2, 4 min; the fifth failed attempt gives up.
MAX_ATTEMPTS = 5
BACKOFF_BASE = dt.timedelta(seconds=30)
# A claim this close to running out is given back rather than sent: another process may
# take it any moment, and sending it here too would deliver it twice.
LEASE_MARGIN = dt.timedelta(seconds=5)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class DispatchReport:
    """What one dispatcher run did, for logs and tests."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    paused: int = 0
    cancelled: int = 0


async def dispatch_due(
    application: AnyApplication, *, now: dt.datetime | None = None
) -> DispatchReport:
    """Send every due follow-up (bounded per run); `now` fixes the time (tests)."""
    bot_data: BotData = application.bot_data
    clock: Callable[[], dt.datetime] = bot_data.clock if now is None else (lambda: now)
    settings = bot_data.settings
    lease = dt.timedelta(seconds=settings.dispatch_lease_seconds)
    report = DispatchReport()
    for _ in range(MAX_BATCHES_PER_RUN):
        if bot_data.stopping:
            break
        async with bot_data.db.begin() as session:
            ids = await follow_ups.claim_due(
                session,
                worker=bot_data.worker_id,
                now=clock(),
                lease=lease,
                limit=settings.dispatch_batch_size,
                kinds=RENDERED_KINDS,
            )
        if not ids:
            break
        report.claimed += len(ids)
        async with bot_data.db() as session:
            rows = await follow_ups.load_claimed(session, worker=bot_data.worker_id, ids=ids)
        await _deliver_batch(application, rows, clock, report)
    if report.claimed:
        log.info("Dispatched follow-ups: %s", report)
    return report


async def _deliver_batch(
    application: AnyApplication,
    rows: Sequence[FollowUp],
    clock: Callable[[], dt.datetime],
    report: DispatchReport,
) -> None:
    bot_data: BotData = application.bot_data
    # A flood wait for one chat holds that chat's other rows too, without asking Telegram.
    waiting_chats: dict[int, dt.datetime] = {}
    blocked_users: set[int] = set()
    for row in rows:
        if bot_data.stopping:
            # Shutting down: the rest stays claimed until release_claims gives it back, so a
            # SIGTERM waits for one message at most, not for the whole batch.
            break
        now = clock()
        if row.user_id in blocked_users:
            continue  # mark_blocked paused this row with the user's others
        if not row.user.active:
            await _settle(bot_data, row, FollowUpStatus.PAUSED, now)
            report.paused += 1
            continue
        if row.application.status != ApplicationStatus.OPEN:
            await _settle(bot_data, row, FollowUpStatus.CANCELLED, now)
            report.cancelled += 1
            continue
        if row.lease_expires_at is not None and now >= row.lease_expires_at - LEASE_MARGIN:
            await _release(bot_data, row, due_at=now, error=None, refund=True)
            continue
        chat_id = row.user.chat_id
        if chat_id in waiting_chats:
            await _release(
                bot_data, row, due_at=waiting_chats[chat_id], error="flood wait", refund=True
            )
            report.retried += 1
            continue
        try:
            nudge = render(row, now=now)
        except NudgeError as error:
            log.error("Follow-up %s cannot be rendered: %s", row.id, error)
            await _fail(bot_data, row, str(error))
            report.failed += 1
            continue
        try:
            message = await application.bot.send_message(
                chat_id=chat_id, text=nudge.text, reply_markup=nudge.keyboard
            )
        except RetryAfter as error:
            wait = _retry_after(error)
            waiting_chats[chat_id] = now + wait
            log.warning("Flood control: follow-up %s put back for %s", row.id, wait)
            await _release(bot_data, row, due_at=now + wait, error=str(error), refund=True)
            report.retried += 1
        except Forbidden:
            log.info("User %s blocked the bot; pausing their follow-ups", row.user_id)
            async with bot_data.db.begin() as session:
                report.paused += await users.mark_blocked(session, user_id=row.user_id)
            blocked_users.add(row.user_id)
        except BadRequest as error:
            # Telegram refused this very message (chat gone, bad markup): retrying won't help.
            log.error("Telegram refused follow-up %s: %s", row.id, error)
            await _fail(bot_data, row, f"BadRequest: {error}")
            report.failed += 1
        except (NetworkError, TelegramError) as error:
            await _retry_or_fail(bot_data, row, now, f"{type(error).__name__}: {error}", report)
        except Exception as error:
            log.exception("Unexpected error sending follow-up %s", row.id)
            await _retry_or_fail(bot_data, row, now, f"{type(error).__name__}: {error}", report)
        else:
            await _record_sent(bot_data, row, message.message_id, now)
            report.sent += 1


async def _record_sent(bot_data: BotData, row: FollowUp, message_id: int, now: dt.datetime) -> None:
    """Mark the row sent; a thank-you also gets its one chase, in the same transaction."""
    async with bot_data.db.begin() as session:
        marked = await follow_ups.mark_sent(
            session, follow_up_id=row.id, worker=bot_data.worker_id, message_id=message_id, now=now
        )
        if not marked:
            # The lease ran out mid-send and another process took the row, or the user
            # already tapped an older copy of it: nothing more to record here.
            log.warning("Follow-up %s was sent but its claim had been lost", row.id)
            return
        if row.kind == FollowUpKind.THANK_YOU:
            await follow_ups.schedule_chase(
                session,
                thank_you=row,
                due_at=timing.chase_due(
                    sent_at=now, tz=row.user.timezone, nudge_hour=row.user.nudge_hour
                ),
            )


async def _retry_or_fail(
    bot_data: BotData, row: FollowUp, now: dt.datetime, error: str, report: DispatchReport
) -> None:
    """Bounded retries with exponential backoff, then the row is marked failed."""
    if row.attempts >= MAX_ATTEMPTS:
        log.error("Giving up on follow-up %s after %s attempts: %s", row.id, row.attempts, error)
        await _fail(bot_data, row, error)
        report.failed += 1
        return
    delay = BACKOFF_BASE * 2 ** max(row.attempts - 1, 0)
    log.warning("Follow-up %s not sent (%s); retrying in %s", row.id, error, delay)
    await _release(bot_data, row, due_at=now + delay, error=error, refund=False)
    report.retried += 1


async def _release(
    bot_data: BotData, row: FollowUp, *, due_at: dt.datetime, error: str | None, refund: bool
) -> None:
    async with bot_data.db.begin() as session:
        await follow_ups.release(
            session,
            follow_up_id=row.id,
            worker=bot_data.worker_id,
            due_at=due_at,
            error=error,
            refund_attempt=refund,
        )


async def _fail(bot_data: BotData, row: FollowUp, error: str) -> None:
    async with bot_data.db.begin() as session:
        await follow_ups.mark_failed(
            session, follow_up_id=row.id, worker=bot_data.worker_id, error=error
        )


async def _settle(
    bot_data: BotData, row: FollowUp, status: FollowUpStatus, now: dt.datetime
) -> None:
    async with bot_data.db.begin() as session:
        await follow_ups.settle_claim(
            session, follow_up_id=row.id, worker=bot_data.worker_id, status=status, now=now
        )


def _retry_after(error: RetryAfter) -> dt.timedelta:
    """The flood wait as a timedelta, whichever form this PTB version reports it in."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int form is deprecated; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value if isinstance(value, dt.timedelta) else dt.timedelta(seconds=value)


async def release_claims(application: AnyApplication) -> int:
    """Give back this process's claims at shutdown, so another process sends them at once."""
    bot_data: BotData = application.bot_data
    async with bot_data.db.begin() as session:
        released = await follow_ups.release_all(session, worker=bot_data.worker_id)
    if released:
        log.info("Released %s claimed follow-ups at shutdown", released)
    return released


async def _dispatch_job(context: BotContext) -> None:
    await dispatch_due(context.application)


def schedule_dispatcher(application: AnyApplication) -> None:
    """One repeating job sends whatever is due; nothing per reminder, nothing loaded at start."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError(
            "The JobQueue is missing: install python-telegram-bot[job-queue] to send follow-ups"
        )
    job_queue.run_repeating(
        _dispatch_job,
        interval=application.bot_data.settings.dispatch_interval_seconds,
        first=1,
        name=JOB_NAME,
        # A slow run is never doubled by the next tick; missed ticks collapse into one.
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
