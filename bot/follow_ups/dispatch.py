"""The dispatcher: claims due follow-ups from the database, sends them, records delivery.

The database is the only schedule. One repeating job claims due rows with a lease (so two
processes never send the same row, and a dead process's claims are retaken once the lease
runs out), sends them, several chats at a time, and marks each sent with Telegram's
message id as soon as its send returns, before its worker sends anything else.

Telegram out of reach (network errors, timeouts, 5xx) never ends a follow-up: it waits,
tried again after a capped backoff, while each run tries the one waiting longest; the
first delivery that succeeds brings every waiting follow-up forward. Only Telegram's
permanent answers (the chat is gone, the bot blocked, a bad request) stop one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBDeprecationWarning

from bot.follow_ups import schedule
from bot.follow_ups.as_sent import drafted
from bot.follow_ups.messages import RENDERED_KINDS, UnrenderableFollowUpError, render
from bot.follow_ups.soon import JOB_NAME
from bot.runtime.pipeline import is_transient, pipeline_of
from bot.ui.context import BotContext, BotData
from bot.ui.display import esc, local, when
from storage import claims, follow_ups, users
from storage.claims import Delivery
from storage.models import FollowUp, FollowUpStatus

log = logging.getLogger(__name__)


# One run sends at most this many batches, so a backlog never blocks the job for long;
# the next run, `dispatch_interval_seconds` later, goes on where this one stopped.
MAX_BATCHES_PER_RUN = 20
# Telegram out of reach: tried again after 30 s, 1, 2 min..., never later than the
# setting `dispatch_retry_max_seconds` (2 min by default), and never given up on.
BACKOFF_BASE = dt.timedelta(seconds=30)
# A follow-up delivered this much later than it was due, because Telegram could not be
# reached, says so in one line.
LATE_NOTICE_AFTER = dt.timedelta(hours=1)
# A claim this close to running out is given back rather than sent: another process may
# take it any moment, and sending it here too would deliver it twice.
LEASE_MARGIN = dt.timedelta(seconds=5)
# What happened to a row is written as soon as its send returns, and its worker sends
# nothing more until that is committed. Outcomes that come in while a transaction is
# being written wait and go together in the next one (group commit: at most one per
# worker), so transactions stay few when sends end close together. A process that dies
# (kill -9, power) leaves unrecorded only what its workers had sent and not yet written,
# at most one message each: at most `dispatch_concurrency` messages go out a second
# time, once the lease runs out.

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
    # Changed hands between the claim and the send (a tap, another process): not sent.
    skipped: int = 0
    # Waiting for Telegram, made due now because a delivery succeeded.
    brought_forward: int = 0
    # This run found Telegram out of reach: what was left of it waits for the next try.
    unreachable: bool = False

    def add(self, run: DispatchReport) -> None:
        for name in ("claimed", "sent", "retried", "failed", "paused", "cancelled", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(run, name))
        self.brought_forward += run.brought_forward
        self.unreachable = run.unreachable


class _Health:
    """What the dispatcher of one process knows about its outages, across runs."""

    def __init__(self) -> None:
        self.database_down_since: dt.datetime | None = None
        self.telegram_down_since: dt.datetime | None = None
        # Outcomes of sends made when the database could not record them: written first
        # by the next run, so a message that went out is not sent again after the outage.
        self.unrecorded: _Outcomes | None = None

    def telegram_unreachable(self, error: str, now: dt.datetime) -> None:
        if self.telegram_down_since is None:
            self.telegram_down_since = now
            log.warning(
                "Telegram cannot be reached (%s); follow-ups wait and are tried again", error
            )

    def telegram_answers(self, now: dt.datetime, brought_forward: int) -> None:
        if self.telegram_down_since is not None:
            log.info(
                "Telegram answers again after %s; %s waiting follow-ups brought forward",
                _duration(now - self.telegram_down_since),
                brought_forward,
            )
            self.telegram_down_since = None

    def database_unreachable(self, error: BaseException) -> None:
        if self.database_down_since is None:
            self.database_down_since = dt.datetime.now(dt.UTC)
            log.warning(
                "The dispatcher cannot reach the database (%s); follow-ups wait until it can",
                _database_error(error),
            )

    def database_answers(self) -> None:
        if self.database_down_since is not None:
            log.info(
                "The dispatcher reaches the database again after %s",
                _duration(dt.datetime.now(dt.UTC) - self.database_down_since),
            )
            self.database_down_since = None


def _health(application: AnyApplication) -> _Health:
    extras = application.bot_data.extras
    health = extras.get("dispatch_health")
    if not isinstance(health, _Health):
        health = extras["dispatch_health"] = _Health()
    return health


async def dispatch_due(
    application: AnyApplication, *, now: dt.datetime | None = None
) -> DispatchReport:
    """Send every due follow-up (bounded per run); `now` fixes the time (tests).

    A run whose deliveries brought waiting follow-ups forward (Telegram answers again) is
    followed at once by another, so they go out now rather than at the next tick.
    """
    bot_data: BotData = application.bot_data
    clock: Callable[[], dt.datetime] = bot_data.clock if now is None else (lambda: now)
    report = await _Run(application, clock).run()
    if report.brought_forward and not report.unreachable and not bot_data.stopping:
        # Once: what a second run brings forward (a flood wait, say) waits for the next tick.
        report.add(await _Run(application, clock).run())
    if report.sent or report.failed or report.paused or report.cancelled:
        log.info("Dispatched follow-ups: %s", report)
    elif report.claimed:
        # Only put back (Telegram out of reach, a flood wait): said once per outage already.
        log.debug("Dispatched follow-ups: %s", report)
    return report


@dataclass
class _Release:
    row: FollowUp
    due_at: dt.datetime
    error: str | None
    refund: bool
    unreachable: bool = False


@dataclass
class _Outcomes:
    """What happened to claimed rows and is not written yet: one transaction's worth."""

    delivered: list[tuple[FollowUp, Delivery]] = field(default_factory=list)
    released: list[_Release] = field(default_factory=list)
    failed: list[tuple[FollowUp, str]] = field(default_factory=list)
    settled: list[tuple[FollowUp, FollowUpStatus, dt.datetime]] = field(default_factory=list)
    blocked_users: list[int] = field(default_factory=list)
    count: int = 0
    written: bool = False
    error: BaseException | None = None

    def merged(self, later: _Outcomes) -> _Outcomes:
        """These outcomes and `later`'s, in that order, as one transaction's worth."""
        return _Outcomes(
            delivered=self.delivered + later.delivered,
            released=self.released + later.released,
            failed=self.failed + later.failed,
            settled=self.settled + later.settled,
            blocked_users=self.blocked_users + later.blocked_users,
            count=self.count + later.count,
        )


class _Run:
    """One dispatcher run: claims batches, sends them over a bounded pool, records outcomes.

    Each chat is handled by one worker at a time, so one chat's messages go in order while
    up to `dispatch_concurrency` chats are sent to at once. The next batch is claimed while
    the last rows of the previous one are going out. A worker records each outcome before
    its next send; with Telegram's round trip of 50-300 ms per call and its cap of ~30
    messages/s, enough workers keep the rate limiter busy while others wait for the
    database.
    """

    def __init__(self, application: AnyApplication, clock: Callable[[], dt.datetime]) -> None:
        self.application = application
        self.bot_data: BotData = application.bot_data
        self.clock = clock
        settings = self.bot_data.settings
        self.lease = dt.timedelta(seconds=settings.dispatch_lease_seconds)
        self.batch_size = settings.dispatch_batch_size
        self.concurrency = settings.dispatch_concurrency
        self.retry_max = dt.timedelta(seconds=settings.dispatch_retry_max_seconds)
        self.health = _health(application)
        self.report = DispatchReport()
        # Telegram could not be reached in this run: nothing more is sent, every row left
        # waits until then (the next run tries one of them first).
        self.unreachable_until: dt.datetime | None = None
        # A delivered row had waited for Telegram: the others waiting are brought forward.
        self.delivered_after_waiting = False
        # Chat id -> its claimed rows not yet started, oldest first. A chat stays here for
        # as long as a worker owns it; rows of a later batch join the same queue.
        self.chats: dict[int, deque[FollowUp]] = {}
        self.ready: deque[int] = deque()  # chats no worker has taken yet
        self.queued = 0  # claimed rows not yet started
        self.claiming_done = False
        self.changed = asyncio.Condition()
        # A flood wait for one chat holds that chat's other rows too, without asking Telegram.
        self.waiting_chats: dict[int, dt.datetime] = {}
        self.blocked_users: set[int] = set()
        # Sends the database could not record in an earlier run are written first.
        self.outcomes = self.health.unrecorded or _Outcomes()
        self.health.unrecorded = None
        self.added = 0  # outcomes ever added: tells a worker whether its row left one
        # Records are written one transaction at a time; whoever holds this writes what
        # every worker added meanwhile, and the others find theirs written.
        self.writing = asyncio.Lock()
        # Every transaction, claims included, also takes a turn among the update pipeline's
        # (one at a time on SQLite): updates are not kept waiting by a stream of records.
        self.turn = pipeline_of(application).transaction_turn

    @property
    def stopping(self) -> bool:
        return self.bot_data.stopping

    async def run(self) -> DispatchReport:
        try:
            # Before any claim: this process's own unrecorded rows must not be retaken.
            await self.record_unrecorded()
            async with asyncio.TaskGroup() as group:
                group.create_task(self._claim_batches())
                for _ in range(self.concurrency):
                    group.create_task(self._work())
        except BaseExceptionGroup as errors:
            raise errors.exceptions[0] from None
        finally:
            # Whatever stopped the run, what was sent is recorded if the database lets us;
            # if not, the next run writes it before it claims anything.
            await self.record_unrecorded()
        if self.unreachable_until is None and (
            self.delivered_after_waiting or self.health.telegram_down_since is not None
        ):
            await self._bring_forward()
        self.report.unreachable = self.unreachable_until is not None
        return self.report

    async def record_unrecorded(self) -> None:
        """Write every outcome not written yet; kept for the next run if the database fails."""
        try:
            await self._record()
        except BaseException:
            self.health.unrecorded = self.outcomes
            raise

    async def _bring_forward(self) -> None:
        """Telegram answered: whatever waits for it is due now."""
        if not self.report.sent:
            return
        now = self.clock()
        async with self.turn(), self.bot_data.db.begin() as session:
            brought = await claims.bring_forward_waiting(
                session, now=now, within=self.retry_max
            )
        self.report.brought_forward = brought
        self.health.telegram_answers(now, brought)

    async def _claim_batches(self) -> None:
        try:
            for _ in range(MAX_BATCHES_PER_RUN):
                async with self.changed:
                    # Claim ahead only when the workers are about to run out: claims do not
                    # sit waiting while their lease runs down.
                    await self.changed.wait_for(
                        lambda: self.queued <= self.concurrency or self.stopping
                    )
                if self.stopping:
                    break
                rows = await self._claim()
                if not rows:
                    break
                async with self.changed:
                    for row in rows:
                        self._enqueue(row)
                    self.changed.notify_all()
        finally:
            async with self.changed:
                self.claiming_done = True
                self.changed.notify_all()

    async def _claim(self) -> Sequence[FollowUp]:
        async with self.turn(), self.bot_data.db.begin() as session:
            if not self.report.claimed:
                # Each run tries first the follow-up waiting longest for Telegram: back,
                # it is noticed within a run's interval, however long the backoff.
                await claims.bring_forward_first_waiting(
                    session, now=self.clock(), within=self.retry_max
                )
            ids = await claims.claim_due(
                session,
                worker=self.bot_data.worker_id,
                now=self.clock(),
                lease=self.lease,
                limit=self.batch_size,
                kinds=RENDERED_KINDS,
            )
        if not ids:
            return ()
        self.report.claimed += len(ids)
        async with self.bot_data.db() as session:
            return await claims.load_claimed(session, worker=self.bot_data.worker_id, ids=ids)

    def _enqueue(self, row: FollowUp) -> None:
        chat_id = row.user.chat_id
        rows = self.chats.get(chat_id)
        if rows is None:
            rows = self.chats[chat_id] = deque()
            self.ready.append(chat_id)
        rows.append(row)
        self.queued += 1

    async def _next_chat(self) -> int | None:
        async with self.changed:
            await self.changed.wait_for(
                lambda: bool(self.ready) or self.claiming_done or self.stopping
            )
            if self.stopping or not self.ready:
                return None
            return self.ready.popleft()

    async def _work(self) -> None:
        while (chat_id := await self._next_chat()) is not None:
            rows = self.chats[chat_id]
            while rows:
                if self.stopping:
                    # Shutting down: the rest stays claimed until release_claims gives it
                    # back, so a SIGTERM waits only for the messages already in flight.
                    async with self.changed:
                        self.changed.notify_all()
                    return
                row = rows.popleft()
                async with self.changed:
                    self.queued -= 1
                    self.changed.notify_all()
                added = self.added
                await self._deliver(row)
                if self.added != added:
                    # Nothing is taken between the outcome being added and here: it is in
                    # the outcomes of now.
                    await self._record(self.outcomes)
            del self.chats[chat_id]

    async def _deliver(self, row: FollowUp) -> None:
        report = self.report
        now = self.clock()
        if row.user_id in self.blocked_users:
            return  # mark_blocked pauses this row with the user's others
        if row.lease_expires_at is not None and now >= row.lease_expires_at - LEASE_MARGIN:
            self._release(row, due_at=now, error=None, refund=True)
            return
        chat_id = row.user.chat_id
        if self.unreachable_until is not None:
            # Not tried: Telegram did not answer this run's last try. Waits like the rest.
            self._release(
                row,
                due_at=self.unreachable_until,
                error=row.last_error,
                refund=True,
                unreachable=True,
            )
            report.retried += 1
            return
        if chat_id in self.waiting_chats:
            self._release(row, due_at=self.waiting_chats[chat_id], error="flood wait", refund=True)
            report.retried += 1
            return
        if not await self._still_to_send(row, now):
            return
        try:
            rendered = render(row, now=now)
        except UnrenderableFollowUpError as error:
            log.error("Follow-up %s cannot be rendered: %s", row.id, error)
            self._fail(row, str(error))
            report.failed += 1
            return
        text = rendered.text
        if row.waiting_since is not None and now - row.waiting_since > LATE_NOTICE_AFTER:
            text = f"{_late_notice(row.waiting_since, row.user.timezone, now=now)}\n\n{text}"
        try:
            message = await self.application.bot.send_message(
                chat_id=chat_id, text=text, reply_markup=rendered.keyboard
            )
        except RetryAfter as error:
            wait = _retry_after(error)
            self.waiting_chats[chat_id] = now + wait
            log.warning("Flood control: follow-up %s put back for %s", row.id, wait)
            self._release(row, due_at=now + wait, error=str(error), refund=True)
            report.retried += 1
        except Forbidden as error:
            log.info("User %s blocked the bot (%s); pausing their follow-ups", row.user_id, error)
            self._pause_user(row)
        except BadRequest as error:
            # Telegram refused this very message (bad markup, too long): retrying won't help.
            log.error("Telegram refused follow-up %s: %s", row.id, error)
            self._fail(row, _error_text(error))
            report.failed += 1
            if "chat not found" in str(error).lower():
                # No chat until the user starts the bot again: this one and their others
                # wait for that (users.reactivate offers them again), like a block's.
                self._pause_user(row)
        except TelegramError as error:
            # Network errors, timeouts, 5xx, and anything Telegram may answer differently
            # in a while: the row waits, and so does the rest of this run.
            self._wait_for_telegram(row, now, _error_text(error))
        except Exception as error:
            log.exception("Unexpected error sending follow-up %s", row.id)
            self._release(
                row, due_at=now + self._backoff(row), error=_error_text(error), refund=False
            )
            report.retried += 1
        else:
            subject, text = drafted(row, now=now)
            delivery = Delivery(row.id, message.message_id, now, subject or None, text or None)
            self._counted().delivered.append((row, delivery))
            report.sent += 1
            if row.waiting_since is not None:
                self.delivered_after_waiting = True

    async def _still_to_send(self, row: FollowUp, now: dt.datetime) -> bool:
        """Read the row again just before its send: a tap since the claim wins.

        Outcome buttons (Offer, Rejected) close the application and cancel its follow-ups,
        Sent it and Skip settle them, Edit changes the text: any of these committed since
        the claim is seen here and nothing goes out (an edited text goes out as edited, at
        the next claim).
        """
        async with self.bot_data.db() as session:
            fresh = await claims.read_claimed_now(
                session, follow_up_id=row.id, worker=self.bot_data.worker_id
            )
        if fresh is None or not fresh.held:
            # Settled by a tap, closed, erased or retaken: its new state is its owner's.
            log.info("Follow-up %s changed since it was claimed; not sent", row.id)
            self.report.skipped += 1
            return False
        if not fresh.user_active:
            self._settle(row, FollowUpStatus.PAUSED, now)
            self.report.paused += 1
            return False
        if not fresh.application_open:
            self._settle(row, FollowUpStatus.CANCELLED, now)
            self.report.cancelled += 1
            return False
        if fresh.edited_text != row.edited_text:
            self._release(row, due_at=row.due_at, error=None, refund=True)
            self.report.skipped += 1
            return False
        return True

    def _pause_user(self, row: FollowUp) -> None:
        self.blocked_users.add(row.user_id)
        self._counted().blocked_users.append(row.user_id)

    def _backoff(self, row: FollowUp) -> dt.timedelta:
        """30 s, 1 min, 2 min... by the row's tries, never more than the setting's cap."""
        doubled: dt.timedelta = BACKOFF_BASE * 2 ** min(max(row.attempts - 1, 0), 16)
        return min(doubled, self.retry_max)

    def _wait_for_telegram(self, row: FollowUp, now: dt.datetime, error: str) -> None:
        """Telegram could not be reached: the row waits, never given up on, and so does the
        rest of this run; the next run tries one first."""
        until = now + self._backoff(row)
        if self.unreachable_until is None or until < self.unreachable_until:
            self.unreachable_until = until
        self.health.telegram_unreachable(error, now)
        log.debug("Follow-up %s not sent (%s); tried again by %s", row.id, error, until)
        self._release(row, due_at=until, error=error, refund=False, unreachable=True)
        self.report.retried += 1

    def _release(
        self,
        row: FollowUp,
        *,
        due_at: dt.datetime,
        error: str | None,
        refund: bool,
        unreachable: bool = False,
    ) -> None:
        self._counted().released.append(_Release(row, due_at, error, refund, unreachable))

    def _fail(self, row: FollowUp, error: str) -> None:
        self._counted().failed.append((row, error))

    def _settle(self, row: FollowUp, status: FollowUpStatus, now: dt.datetime) -> None:
        self._counted().settled.append((row, status, now))

    def _counted(self) -> _Outcomes:
        """The pending outcomes, counting the one the caller is about to add."""
        self.outcomes.count += 1
        self.added += 1
        return self.outcomes

    async def _record(self, outcomes: _Outcomes | None = None) -> None:
        """Return once `outcomes` (by default whatever is pending) are committed.

        The first worker to get here writes, in one transaction, every outcome added until
        its turn comes; those who came meanwhile find theirs written (or the error that
        stopped it) when they get the lock.
        """
        outcomes = self.outcomes if outcomes is None else outcomes
        async with self.writing:
            if outcomes.error is not None:
                raise outcomes.error
            if outcomes.written or not outcomes.count:
                return
            async with self.turn():
                # Taken only now: whatever came in while waiting for the turn goes too.
                pending, self.outcomes = self.outcomes, _Outcomes()
                try:
                    await self._write(pending)
                except BaseException as error:
                    pending.error = error
                    # Rolled back: still to write, by the end of the run if not before.
                    self.outcomes = pending.merged(self.outcomes)
                    raise
                pending.written = True

    async def _write(self, pending: _Outcomes) -> None:
        """Write outcomes in one transaction, each conditional on our claim."""
        worker = self.bot_data.worker_id
        async with self.bot_data.db.begin() as session:
            deliveries = [delivery for _, delivery in pending.delivered]
            marked = await claims.mark_sent_many(session, worker=worker, deliveries=deliveries)
            delivered = []
            for row, delivery in pending.delivered:
                if delivery.follow_up_id in marked:
                    delivered.append((row, delivery.sent_at))
                else:
                    # The lease ran out mid-send and another process took the row, or the
                    # user already tapped an older copy of it: nothing more to record here.
                    log.warning("Follow-up %s was sent but its claim had been lost", row.id)
            chases = schedule.chases_for(delivered)
            await follow_ups.schedule_chases(session, chases=chases)
            for release in pending.released:
                await claims.release(
                    session,
                    follow_up_id=release.row.id,
                    worker=worker,
                    due_at=release.due_at,
                    error=release.error,
                    refund_attempt=release.refund,
                    unreachable=release.unreachable,
                )
            for row, error in pending.failed:
                await claims.mark_failed(
                    session, follow_up_id=row.id, worker=worker, error=error
                )
            for row, status, now in pending.settled:
                await claims.settle_claim(
                    session, follow_up_id=row.id, worker=worker, status=status, now=now
                )
            # Last: a blocked user's rows sent earlier are recorded as sent, not paused.
            for user_id in pending.blocked_users:
                self.report.paused += await users.mark_blocked(session, user_id=user_id)


def _error_text(error: BaseException) -> str:
    """An error as stored and logged: its kind named once ("Forbidden: bot was blocked…",
    never "Forbidden: Forbidden: …" as PTB's own text already starts with it)."""
    kind, text = type(error).__name__, str(error)
    return text if text.lower().startswith(kind.lower()) else f"{kind}: {text}"


def _database_error(error: BaseException) -> str:
    """A database error in one line, without the SQL statement SQLAlchemy appends."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    first_line = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first_line}" if first_line else type(cause).__name__


def _duration(span: dt.timedelta) -> str:
    seconds = max(int(span.total_seconds()), 0)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _late_notice(due: dt.datetime, tz: str, *, now: dt.datetime) -> str:
    """'This was due Monday 09:00; Telegram could not be reached then.' in the user's zone.

    The weekday alone within the last week; the date beside it before that.
    """
    recent = now - due < dt.timedelta(days=6)
    moment = f"{local(due, tz):%A %H:%M}" if recent else when(due, tz, now=now)
    return f"<i>This was due {esc(moment)}; Telegram could not be reached then.</i>"


def _retry_after(error: RetryAfter) -> dt.timedelta:
    """The flood wait as a timedelta, whichever form this PTB version reports it in."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int form is deprecated; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value if isinstance(value, dt.timedelta) else dt.timedelta(seconds=value)


async def release_claims(application: AnyApplication) -> int:
    """Give back this process's claims at shutdown, so another process sends them at once.

    Sends the database could not record earlier are recorded first: given back unrecorded,
    they would go out a second time.
    """
    bot_data: BotData = application.bot_data
    await _Run(application, bot_data.clock).record_unrecorded()
    async with bot_data.db.begin() as session:
        released = await claims.release_all(session, worker=bot_data.worker_id)
    if released:
        log.info("Released %s claimed follow-ups at shutdown", released)
    return released


async def _dispatch_job(context: BotContext) -> None:
    health = _health(context.application)
    try:
        await dispatch_due(context.application)
    except Exception as error:
        if not is_transient(error):
            raise  # a bug: the error handler logs it with its stack trace
        # The database is down or busy: said once, not a traceback with SQL every tick.
        health.database_unreachable(error)
    else:
        health.database_answers()


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
