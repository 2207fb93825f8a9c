"""The update pipeline: one chat in order, many chats at once, one unit of work per update.

Every update, from polling, the webhook or a test, goes through `UpdatePipeline.process`:
- updates of one chat wait in that chat's lane and are handled one at a time, in order;
  different chats are handled concurrently, at most `concurrency` at once;
- each update is one transaction: the handler's writes, the conversation state and user
  data it changed, and its row in handled_updates commit together or not at all. Only
  then are its Telegram calls made (bot/runtime/telegram_bot.py), so a crash can lose a
  reply but never double a save;
- an update already in handled_updates is skipped; one that failed is run again from the
  state before it (memory included), a bounded number of times, then recorded as failed
  and the user told once. If even that record cannot be written the pipeline is broken:
  `broken` is set and serve() stops the process so that the platform restarts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Chat, Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ConversationHandler

from bot.runtime.unit import AfterCommit, Channel, UnitOfWork, enter, leave
from storage import updates as handled
from storage.persistence import load_user_state, store_conversation_state, store_user_data

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
    states: list[tuple[ConversationHandler[Any], tuple[int | str, ...], object]] = field(
        default_factory=list
    )


@dataclass
class Submission:
    """One update in the pipeline: `committed` once its outcome is stored (what Telegram may
    be told), `done` once its replies went out too."""

    update: Update
    committed: asyncio.Future[None]
    done: asyncio.Future[None]

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
    """Runs updates through PTB's handlers, each as one unit of work."""

    def __init__(
        self,
        application: AnyApplication,
        *,
        sessions: async_sessionmaker[AsyncSession],
        transactions_at_once: int,
        clock: Callable[[], Any],
        concurrency: int = 64,
    ) -> None:
        self._application = application
        self._sessions = sessions
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
        self._conversations: list[ConversationHandler[Any]] | None = None
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
        key = _lane_key(update)
        lane = self._lanes.setdefault(key, _Lane())
        lane.waiting.append(submission)
        if lane.task is None:
            lane.task = asyncio.create_task(self._run_lane(key, lane), name=f"lane:{key}")
        return submission

    async def process(self, update: Update) -> None:
        """Handle one update and return once its outcome is stored and its replies sent."""
        await asyncio.shield(self.submit(update).done)

    async def accept(self, update: Update) -> None:
        """Handle one update and return once its outcome is stored (its replies may follow)."""
        await asyncio.shield(self.submit(update).committed)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def drain(self, within: float) -> None:
        """Wait for the updates already queued (at most `within` seconds)."""
        pending = [sub.done for sub in self._in_flight.values() if not sub.done.done()]
        if pending:
            await asyncio.wait(pending, timeout=within)

    # --- one lane, one update -----------------------------------------------------------

    async def _run_lane(self, key: int, lane: _Lane) -> None:
        try:
            while lane.waiting:
                submission = lane.waiting[0]
                try:
                    await self._handle(submission)
                except PipelineBrokenError as error:
                    self._abandon(lane, error)
                    return
                except Exception as error:
                    # A bug outside the unit (e.g. putting memory back): this update is
                    # given up on like any other, and the lane goes on.
                    log.exception("Update %s failed outside its unit", submission.update.update_id)
                    try:
                        await self._give_up(submission.update, error)
                    except PipelineBrokenError as broken:
                        self._abandon(lane, broken)
                        return
                except BaseException as error:  # cancelled at shutdown
                    self._abandon(lane, error)
                    raise
                lane.waiting.popleft()
                self._in_flight.pop(submission.update.update_id, None)
                submission.end()
        finally:
            lane.task = None
            if self._lanes.get(key) is lane and not lane.waiting:
                del self._lanes[key]

    def _abandon(self, lane: _Lane, error: BaseException) -> None:
        """End every update still waiting in a lane with `error` (they stay unconfirmed)."""
        for submission in lane.waiting:
            self._in_flight.pop(submission.update.update_id, None)
            submission.end(error)
        lane.waiting.clear()

    async def _handle(self, submission: Submission) -> None:
        update = submission.update
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
                    await _send_after_commit(unit)
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
                    if retrying:
                        # The attempt that failed did commit (the error came after it, e.g.
                        # a connection lost on COMMIT): memory, put back, is older than the
                        # database. Read the user's state as stored.
                        await self._reload(session, memory)
                    return None
                # The base class's dispatch: FollowUpApplication.process_update leads here.
                await Application.process_update(self._application, update)
                if unit.error is not None:
                    raise unit.error
                await self._store_memory(session, memory)
            finally:
                unit.collecting = False
                leave(token)
        return unit

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
        if self._conversations is None:
            self._conversations = [
                handler
                for group in self._application.handlers.values()
                for handler in group
                if isinstance(handler, ConversationHandler) and handler.persistent
            ]
        return self._conversations

    def _remember(self, update: Update) -> _Memory:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != Chat.PRIVATE:
            return _Memory()  # nothing of a group or channel is ever stored
        data = self._application.user_data.get(user.id)
        memory = _Memory(user_id=user.id, user_data=copy.deepcopy(data) if data else None)
        for conversation in self._persistent_conversations():
            # PTB keeps a ConversationHandler's states in `_conversations`, keyed by
            # `_get_key`; there is no public way to read or put back one key's state.
            key = conversation._get_key(update)
            memory.states.append((conversation, key, conversation._conversations.get(key)))
        return memory

    def _restore(self, memory: _Memory) -> None:
        if memory.user_id is not None:
            data = self._application.user_data[memory.user_id]
            data.clear()
            data.update(copy.deepcopy(memory.user_data or {}))
        for conversation, key, state in memory.states:
            if state is None:
                conversation._conversations.pop(key, None)
            else:
                conversation._conversations[key] = state

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
            if state is None:
                conversation._conversations.pop(key, None)
            else:
                conversation._conversations[key] = state

    async def _store_memory(self, session: AsyncSession, memory: _Memory) -> None:
        if memory.user_id is None:
            return
        data = self._application.user_data.get(memory.user_id) or None
        if data != memory.user_data:
            await store_user_data(session, user_id=memory.user_id, data=data)
        for conversation, key, before in memory.states:
            state = conversation._conversations.get(key)
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


def _lane_key(update: Update) -> int:
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0


async def _send_after_commit(unit: UnitOfWork) -> None:
    """The update's Telegram calls: in order on each channel, the channels side by side.

    A chat's new messages keep their order; the answer to a tap and the edit of the tapped
    message go at the same time as the next question, so a tap costs one round trip to
    Telegram, not three. A failure is logged; the other calls still go.
    """
    channels: dict[Channel, list[AfterCommit]] = {}
    for channel, call in unit.after_commit:
        channels.setdefault(channel, []).append(call)
    await asyncio.gather(*(_in_order(calls) for calls in channels.values()))


async def _in_order(calls: list[AfterCommit]) -> None:
    for call in calls:
        await _send(call)


async def _send(call: AfterCommit) -> None:
    for attempt in (1, 2):
        try:
            await call()
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            if attempt == 2:
                log.warning("A reply was dropped: Telegram asked to wait %.0f s", seconds)
                return
            await asyncio.sleep(seconds)
        except BadRequest as error:
            # "Message is not modified" after a double tap, and the like: the update's
            # work is committed either way.
            log.warning("A reply was refused: %s", error)
            return
        except TimedOut as error:
            # It may have arrived all the same: a second copy would be worse than none.
            log.warning("A reply timed out (it may have arrived): %s", error)
            return
        except NetworkError as error:
            if attempt == 2:
                log.warning("A reply could not be sent: %s", error)
                return
            await asyncio.sleep(1.0)
        except TelegramError as error:  # Forbidden: the user blocked the bot
            log.warning("A reply could not be sent: %s: %s", type(error).__name__, error)
            return
        except Exception:
            log.exception("A reply failed")
            return
        else:
            return
