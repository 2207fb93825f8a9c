"""The update pipeline: one chat in order, many chats at once, one unit of work per update.

Every update, from polling, the webhook or a test, goes through `UpdatePipeline.process`:
- updates of one chat wait in that chat's lane and are handled one at a time, in order;
  different chats are handled concurrently, at most `concurrency` at once;
- each update is one transaction: the handler's writes, the conversation state and user
  data it changed, its row in handled_updates and its Telegram calls (stored in
  outgoing_replies: bot/runtime/telegram_bot.py) commit together or not at all. Only then
  are the calls made (bot/runtime/delivery.py); those a crash kept from going out are made
  at the next start (`resume_replies`), so a crash may repeat a reply but never loses one
  and never doubles a save;
- an update already in handled_updates is skipped; one that failed is run again from the
  state before it (memory included): for about 30 s when the database's connection or a
  lock failed, once otherwise; then recorded as failed and the user told once. If even
  that record cannot be written the pipeline is broken: `broken` is set and serve()
  stops the process so that the platform restarts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Chat, Update
from telegram.ext import Application, ConversationHandler

from bot.runtime import ptb
from bot.runtime.delivery import Delivery
from bot.runtime.telegram_bot import DeferringBot
from bot.runtime.unit import AfterCommit, Channel, Outgoing, Reply, UnitOfWork, enter, leave
from storage import replies as outbox
from storage import updates as handled
from storage.models import OutgoingReply
from storage.persistence import (
    ConversationKey,
    load_user_state,
    store_conversation_state,
    store_user_data,
)

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# Waits between attempts of an update that failed on the database: about 30 s in all, so a
# lock held a little past SQLite's 30-s busy timeout, or a failover, is ridden out.
DATABASE_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
# One attempt's transaction may not take longer (a hung connection, a lock never given
# back); past SQLite's 30-s busy timeout, so a waiting lock fails on its own first.
ATTEMPT_TIMEOUT_SECONDS = 60.0
# Anything else is most likely a bug: one more try, in case it was a race.
OTHER_RETRY_DELAYS = (0.5,)
FAILED_NOTICE = (
    "Sorry, something went wrong on my side and I couldn't handle that message. "
    "Everything before it is saved; please send it again in a little while."
)
UNDELIVERED_NOTICE = (
    "Some of my earlier replies never reached you: Telegram kept me waiting too long. "
    "If a question seems to be missing, send your last answer again."
)
# PostgreSQL's answers that a moment later may not repeat: the connection (class 08), a
# server shutting down or starting (57P0x), too many clients, a read-only standby during a
# failover, and the lock errors (serialization failure, deadlock, lock not available).
_TRANSIENT_SQLSTATES = (
    "08",
    "57P01",
    "57P02",
    "57P03",
    "53300",
    "25006",
    "40001",
    "40P01",
    "55P03",
)


def is_transient(error: BaseException) -> bool:
    """A connection or lock error: worth waiting for (a bug or a refused write is not)."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeoutError | ConnectionError):
        return True
    if isinstance(error, TimeoutError):
        return True  # a driver's connect timeout (the attempt's own is AttemptTimeoutError)
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        return isinstance(state, str) and state.startswith(_TRANSIENT_SQLSTATES)
    return False


class AttemptTimeoutError(Exception):
    """An attempt's transaction ran past ATTEMPT_TIMEOUT_SECONDS: hung, not a hiccup."""


class PipelineBrokenError(RuntimeError):
    """An update's outcome could not be stored: the process must stop, not go deaf."""


@dataclass
class _Memory:
    """What an update may change in memory, as it was before: restored if it fails."""

    user_id: int | None = None
    user_data: dict[str, Any] | None = None
    states: list[tuple[ConversationHandler[Any], ConversationKey, object]] = field(
        default_factory=list
    )


@dataclass
class Submission:
    """One update in the pipeline: `committed` once its outcome is stored (what Telegram may
    be told), `done` once its replies went out too."""

    update: Update | None  # None: replies of an update handled before (see resume_replies)
    committed: asyncio.Future[None]
    done: asyncio.Future[None]
    outgoing: list[Outgoing] = field(default_factory=list)

    def end(self, error: BaseException | None = None) -> None:
        for future in (self.committed, self.done):
            if future.done():
                continue
            if error is None:
                future.set_result(None)
            elif isinstance(error, Exception):
                future.set_exception(error)
                # Polling only looks at done-ness; mark the error as seen for asyncio.
                future.exception()
            else:
                future.cancel()


@dataclass
class _Lane:
    waiting: deque[Submission] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None


class UpdatePipeline:
    """Runs updates through PTB's handlers, each as one unit of work.

    `run_handlers` is PTB's own Application.process_update: it runs inside each unit.
    """

    def __init__(
        self,
        application: AnyApplication,
        *,
        run_handlers: Callable[[Update], Awaitable[None]],
        sessions: async_sessionmaker[AsyncSession],
        transactions_at_once: int,
        clock: Callable[[], Any],
        concurrency: int = 64,
    ) -> None:
        self._application = application
        self._run_handlers = run_handlers
        self._sessions = sessions
        bot = application.bot
        assert isinstance(bot, DeferringBot), "replies are made by bot/runtime/telegram_bot.py"
        self.delivery = Delivery(bot, sessions=sessions, turn=self.transaction_turn, clock=clock)
        # Chats wait for Telegram outside their transaction, so few transactions are open
        # at once: on SQLite one (it has one writer; two would deadlock on the lock
        # upgrade), on PostgreSQL fewer than the connection pool holds, leaving the
        # dispatcher its connections.
        self._turns = asyncio.Semaphore(transactions_at_once)
        self.transactions_at_once = transactions_at_once
        self._clock = clock
        self._slots = asyncio.Semaphore(concurrency)
        self._lanes: dict[int, _Lane] = {}
        self._in_flight: dict[int, Submission] = {}
        self._persistent: list[ConversationHandler[Any]] | None = None
        self.broken = asyncio.Event()
        self.broken_by: BaseException | None = None
        self.last_received: float | None = None  # time.monotonic() of the newest update
        # Instance attributes so that tests can shorten the waits.
        self.database_retry_delays = DATABASE_RETRY_DELAYS
        self.other_retry_delays = OTHER_RETRY_DELAYS
        self.attempt_timeout = ATTEMPT_TIMEOUT_SECONDS

    # --- entry points -------------------------------------------------------------------

    def submit(self, update: Update) -> Submission:
        """Queue an update in its chat's lane."""
        self.last_received = time.monotonic()
        if update.update_id in self._in_flight:
            # Delivered again while still being handled (a webhook retry): one run only.
            return self._in_flight[update.update_id]
        loop = asyncio.get_running_loop()
        submission = Submission(update, loop.create_future(), loop.create_future())
        if self.broken.is_set():
            submission.end(PipelineBrokenError("the update pipeline has stopped"))
            return submission
        self._in_flight[update.update_id] = submission
        self._queue(_lane_key(update), submission)
        return submission

    def _queue(self, key: int, submission: Submission) -> None:
        lane = self._lanes.setdefault(key, _Lane())
        lane.waiting.append(submission)
        if lane.task is None:
            lane.task = asyncio.create_task(self._run_lane(key, lane), name=f"lane:{key}")

    async def process(self, update: Update) -> None:
        """Handle one update and return once its outcome is stored and its replies sent."""
        await asyncio.shield(self.submit(update).done)

    async def accept(self, update: Update) -> None:
        """Handle one update and return once its outcome is stored (its replies may follow)."""
        await asyncio.shield(self.submit(update).committed)

    async def resume_replies(self) -> int:
        """Make the replies a process committed but died before making; how many.

        Each chat's go first in its lane, so they keep their place before what the chat
        sends next; chats do not wait for each other.
        """
        async with self._sessions() as session:
            rows = await outbox.unsent(session)
        by_chat: dict[int, list[OutgoingReply]] = {}
        for row in rows:
            by_chat.setdefault(row.chat_id, []).append(row)
        loop = asyncio.get_running_loop()
        for chat_id, chat_rows in by_chat.items():
            committed: asyncio.Future[None] = loop.create_future()
            committed.set_result(None)
            replies = Submission(None, committed, loop.create_future(), _outgoing(chat_rows))
            self._queue(chat_id, replies)
        if rows:
            log.info("Making %s replies committed before a restart", len(rows))
        return len(rows)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def drain(self, within: float) -> None:
        """Wait for the updates already queued (at most `within` seconds)."""
        pending = [
            sub.done for lane in self._lanes.values() for sub in lane.waiting if not sub.done.done()
        ]
        if pending:
            await asyncio.wait(pending, timeout=within)

    # --- one lane, one update -----------------------------------------------------------

    async def _run_lane(self, key: int, lane: _Lane) -> None:
        try:
            while lane.waiting:
                submission = lane.waiting[0]
                update = submission.update
                try:
                    if update is None:
                        await self.delivery.deliver(submission.outgoing)
                    else:
                        await self._handle(update, submission)
                except PipelineBrokenError as error:
                    self._abandon(lane, error)
                    return
                except Exception as error:
                    if update is None:
                        log.exception("Replies made after a restart failed")
                    else:
                        # A bug outside the unit (e.g. putting memory back): this update is
                        # given up on like any other, and the lane goes on.
                        log.exception("Update %s failed outside its unit", update.update_id)
                        try:
                            await self._give_up(update, error)
                        except PipelineBrokenError as broken:
                            self._abandon(lane, broken)
                            return
                except BaseException as error:  # cancelled at shutdown
                    self._abandon(lane, error)
                    raise
                lane.waiting.popleft()
                if update is not None:
                    self._in_flight.pop(update.update_id, None)
                submission.end()
        finally:
            lane.task = None
            if self._lanes.get(key) is lane and not lane.waiting:
                del self._lanes[key]

    def _abandon(self, lane: _Lane, error: BaseException) -> None:
        """End every update still waiting in a lane with `error` (they stay unconfirmed)."""
        for submission in lane.waiting:
            if submission.update is not None:
                self._in_flight.pop(submission.update.update_id, None)
            submission.end(error)
        lane.waiting.clear()

    async def _handle(self, update: Update, submission: Submission) -> None:
        error: Exception | None = None
        attempt = 0
        while True:
            attempt += 1
            memory = self._remember(update)
            try:
                # A slot for the attempt only: waits between attempts, and the replies
                # after the commit, leave it to other chats.
                async with self._slots:
                    unit = await self._run_unit(update, memory, retrying=attempt > 1)
            except Exception as failure:
                error = failure
            else:
                submission.committed.set_result(None)
                if unit is not None:
                    await self._after_commit(unit)
                return
            self._restore(memory)
            if isinstance(error, AttemptTimeoutError):
                break  # it already held the chat a minute; another would hold it as long
            delays = self.database_retry_delays if is_transient(error) else self.other_retry_delays
            if attempt > len(delays):
                break
            log.warning(
                "Update %s failed (attempt %s of %s, %s); trying again in %.1f s",
                update.update_id,
                attempt,
                len(delays) + 1,
                type(error).__name__,
                delays[attempt - 1],
            )
            await asyncio.sleep(delays[attempt - 1])
        log.error(
            "Giving up on update %s after %s attempts", update.update_id, attempt, exc_info=error
        )
        await self._give_up(update, error)
        submission.committed.set_result(None)
        await self._tell_user_it_failed(update)

    async def _run_unit(
        self, update: Update, memory: _Memory, *, retrying: bool
    ) -> UnitOfWork | None:
        """One attempt in one transaction; None when the update was handled before."""
        async with self._turn(), self._sessions() as session, session.begin():
            unit = UnitOfWork(session)
            token = enter(unit)
            try:
                if not await handled.claim(session, update_id=update.update_id, at=self._clock()):
                    log.info("Skipping update %s: handled before", update.update_id)
                    if not retrying:
                        return None
                    # The attempt that failed did commit (the error came after it, e.g. a
                    # connection lost on COMMIT): memory, put back, is older than the
                    # database. Read the user's state as stored, and make its replies.
                    await self._reload(session, memory)
                    unit.outgoing = _outgoing(
                        await outbox.unsent(session, update_id=update.update_id)
                    )
                    return unit
                await self._say_what_was_given_up(session, update, unit)
                await self._run_handlers(update)
                if unit.error is not None:
                    raise unit.error
                await self._store_memory(session, memory)
                await self._store_replies(session, update, unit)
            finally:
                unit.collecting = False
                leave(token)
        return unit

    async def _say_what_was_given_up(
        self, session: AsyncSession, update: Update, unit: UnitOfWork
    ) -> None:
        """Replies given up on in this chat (flood waits for many minutes): said once, first."""
        chat = update.effective_chat
        if chat is None or chat.type != Chat.PRIVATE:
            return
        given_up = self.delivery.chats_given_up
        if given_up is None:
            given_up = self.delivery.chats_given_up = await outbox.chats_given_up(session)
        if chat.id not in given_up:
            return
        if await outbox.take_given_up(session, chat_id=chat.id):
            await self._application.bot.send_message(chat.id, UNDELIVERED_NOTICE)

        async def said() -> None:
            given_up.discard(chat.id)

        unit.later(said)  # once committed: a rollback leaves them to be said next time

    async def _store_replies(self, session: AsyncSession, update: Update, unit: UnitOfWork) -> None:
        """The update's Bot API calls, in its transaction: made after the commit, or at the
        next start if the process dies first."""
        if not unit.replies:
            return
        chat, user = update.effective_chat, update.effective_user
        chat_id = _lane_key(update)
        private = chat is not None and chat.type == Chat.PRIVATE and user is not None
        user_id = user.id if private and user is not None else None
        ids = await outbox.add(
            session,
            update_id=update.update_id,
            chat_id=chat_id,
            user_id=user_id,
            calls=[(r.channel, r.method, r.params, dict(r.files)) for r in unit.replies],
            at=self._clock(),
        )
        unit.outgoing = [
            Outgoing(id_, reply, chat_id, user_id)
            for id_, reply in zip(ids, unit.replies, strict=True)
        ]

    async def _after_commit(self, unit: UnitOfWork) -> None:
        """The update's replies, and its local work (each in order on its channel)."""
        channels: dict[Channel, list[AfterCommit]] = {}
        for channel, call in unit.after_commit:
            channels.setdefault(channel, []).append(call)
        await asyncio.gather(
            self.delivery.deliver(unit.outgoing),
            *(_in_order(calls) for calls in channels.values()),
        )

    async def _give_up(self, update: Update, error: BaseException | None) -> None:
        reason = f"{type(error).__name__}: {error}"[:300] if error else "unknown"
        try:
            async with self._turn(), self._sessions() as session, session.begin():
                await handled.claim(
                    session, update_id=update.update_id, at=self._clock(), error=reason
                )
        except Exception as failure:
            self.broken_by = failure
            self.broken.set()
            log.critical(
                "Could not record update %s as failed; stopping so that the platform restarts"
                " the bot",
                update.update_id,
                exc_info=failure,
            )
            raise PipelineBrokenError(f"could not record update {update.update_id}") from failure

    async def _tell_user_it_failed(self, update: Update) -> None:
        bot = self._application.bot
        try:
            if update.callback_query is not None:
                await bot.answer_callback_query(update.callback_query.id)
            chat = update.effective_chat
            if chat is not None and chat.type == Chat.PRIVATE:
                await bot.send_message(chat.id, FAILED_NOTICE)
        except Exception:  # best effort: the failure is recorded either way
            log.warning("Could not tell user about failed update %s", update.update_id)

    @contextlib.asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        async with self._turns:
            deadline = asyncio.timeout(self.attempt_timeout)
            try:
                async with deadline:
                    yield
            except TimeoutError as error:
                if deadline.expired():
                    raise AttemptTimeoutError(
                        f"the transaction took longer than {self.attempt_timeout:.0f} s"
                    ) from error
                raise

    def transaction_turn(self) -> contextlib.AbstractAsyncContextManager[None]:
        """A turn among the transactions at once, for a writer beside the updates (the
        dispatcher). Turns go first come, first served: on SQLite a stream of short
        transactions fought over in its busy handler (which backs off up to 100 ms per try)
        could keep an update waiting; taken in turn, an update waits for those ahead only."""
        return self._turn()

    # --- conversation memory ------------------------------------------------------------

    def _persistent_conversations(self) -> list[ConversationHandler[Any]]:
        if self._persistent is None:
            self._persistent = [
                handler
                for group in self._application.handlers.values()
                for handler in group
                if isinstance(handler, ConversationHandler) and handler.persistent
            ]
        return self._persistent

    def _remember(self, update: Update) -> _Memory:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != Chat.PRIVATE:
            return _Memory()  # nothing of a group or channel is ever stored
        data = self._application.user_data.get(user.id)
        memory = _Memory(user_id=user.id, user_data=copy.deepcopy(data) if data else None)
        for conversation in self._persistent_conversations():
            key = ptb.conversation_key(conversation, update)
            memory.states.append((conversation, key, ptb.conversation_state(conversation, key)))
        return memory

    def _restore(self, memory: _Memory) -> None:
        if memory.user_id is not None:
            data = self._application.user_data[memory.user_id]
            data.clear()
            data.update(copy.deepcopy(memory.user_data or {}))
        for conversation, key, state in memory.states:
            ptb.set_conversation_state(conversation, key, state)

    async def _reload(self, session: AsyncSession, memory: _Memory) -> None:
        if memory.user_id is None:
            return
        data, states = await load_user_state(
            session,
            user_id=memory.user_id,
            conversations=[(c.name or "", key) for c, key, _ in memory.states],
        )
        stored = self._application.user_data[memory.user_id]
        stored.clear()
        stored.update(data or {})
        for conversation, key, _ in memory.states:
            state = states.get((conversation.name or "", key))
            ptb.set_conversation_state(conversation, key, state)

    async def _store_memory(self, session: AsyncSession, memory: _Memory) -> None:
        if memory.user_id is None:
            return
        data = self._application.user_data.get(memory.user_id) or None
        if data != memory.user_data:
            await store_user_data(session, user_id=memory.user_id, data=data)
        for conversation, key, before in memory.states:
            state = ptb.conversation_state(conversation, key)
            if state != before:
                assert conversation.name is not None, "persistent conversations have names"
                await store_conversation_state(
                    session, name=conversation.name, key=key, state=state
                )


def pipeline_of(application: AnyApplication) -> UpdatePipeline:
    """The pipeline build_application attached to the application."""
    pipeline = getattr(application, "pipeline", None)
    if not isinstance(pipeline, UpdatePipeline):
        raise TypeError("this application was not built by bot.app.build_application")
    return pipeline


def _outgoing(rows: list[OutgoingReply]) -> list[Outgoing]:
    """Stored replies, ready to be made again."""
    return [
        Outgoing(
            row.id,
            Reply(
                channel=row.channel,
                method=row.method,
                params=dict(row.params),
                files={name: (part[0], part[1]) for name, part in (row.files or {}).items()},
            ),
            row.chat_id,
            row.user_id,
        )
        for row in rows
    ]


def _lane_key(update: Update) -> int:
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0


async def _in_order(calls: list[AfterCommit]) -> None:
    for call in calls:
        try:
            await call()
        except Exception:  # the update's work is committed either way
            log.exception("Work after an update's commit failed")
