"""An update's replies after its commit: in order on each channel, through flood waits.

Each reply was stored with the update's commit (storage/replies.py) and is deleted once
made, so a crash in between repeats it at the next start rather than losing it. Telegram's
429 is waited out as it asks, and a network failure tried again with a capped backoff,
for up to `give_up_after` (many minutes): a reply the user needs (the next question) is
worth the wait, and the chat's next update waits behind it, in order. Given up, it is kept
marked and the user's next message says so. An answer that is final (the user blocked the
bot, a bad request, an edit that changes nothing after a double tap) ends the call: a
403 pauses the user's follow-ups, as the dispatcher's does.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.runtime.telegram_bot import DeferringBot
from bot.runtime.unit import Outgoing, Reply
from storage import replies as outbox
from storage import users

log = logging.getLogger(__name__)

# How long one reply is tried before it is given up on (the user is told at their next
# message). Flood waits are seconds to a minute; a Telegram outage can last minutes.
GIVE_UP_AFTER_SECONDS = 15 * 60.0
# Waits after a network failure: doubling, capped, so a reply follows Telegram's return
# within half a minute.
NETWORK_RETRY_FIRST_SECONDS = 1.0
NETWORK_RETRY_MAX_SECONDS = 30.0


class Outcome(enum.Enum):
    SENT = "sent"  # made, or refused for good: forgotten either way
    BLOCKED = "blocked"  # 403: the user blocked the bot
    GIVEN_UP = "given up"  # kept, marked: the user's next message says so


def retry_after_seconds(error: RetryAfter) -> float:
    """The flood wait in seconds, whichever form this PTB version reports it in."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int form is deprecated; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait: Any = error.retry_after
    return float(wait if isinstance(wait, int | float) else wait.total_seconds())


class Delivery:
    """Makes stored replies and records what became of them."""

    def __init__(
        self,
        bot: DeferringBot,
        *,
        sessions: async_sessionmaker[AsyncSession],
        turn: Callable[[], contextlib.AbstractAsyncContextManager[None]],
        clock: Callable[[], Any],
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._turn = turn
        self._clock = clock
        # The chats with replies given up on, so that an update elsewhere need not look
        # (the pipeline reads them from the outbox at its first update).
        self.chats_given_up: set[int] | None = None
        # Outcomes waiting to be recorded, the record they wait for, and who writes it.
        self._pending: list[tuple[Outgoing, Outcome]] = []
        self._next_record: asyncio.Future[None] | None = None
        self._recorder: asyncio.Task[None] | None = None
        # Instance attributes so that tests can shorten the waits.
        self.give_up_after = GIVE_UP_AFTER_SECONDS
        self.network_retry_first = NETWORK_RETRY_FIRST_SECONDS

    async def deliver(self, outgoing: Sequence[Outgoing]) -> None:
        """Make the calls (channels side by side, each in order); returns once each one's
        outcome is recorded. Each is recorded as soon as it is made, while the next goes
        out, so a crash repeats only the calls in flight."""
        if not outgoing:
            return
        channels: dict[str, list[Outgoing]] = {}
        for item in outgoing:
            channels.setdefault(item.reply.channel, []).append(item)
        records = await asyncio.gather(*(self._in_order(items) for items in channels.values()))
        await asyncio.gather(*(asyncio.shield(record) for batch in records for record in batch))

    async def _in_order(self, items: list[Outgoing]) -> list[asyncio.Future[None]]:
        """A channel's calls in order; once one is given up or blocked, so are those after
        it (a question must not arrive before the one it follows). The records they wait
        for."""
        records: list[asyncio.Future[None]] = []
        stopped: Outcome | None = None
        for item in items:
            outcome = stopped or await self._send(item)
            if outcome is not Outcome.SENT:
                stopped = outcome
            records.append(self._record(item, outcome))
        return records

    async def _send(self, item: Outgoing) -> Outcome:
        reply = item.reply
        deadline = time.monotonic() + self.give_up_after
        backoff = self.network_retry_first
        while True:
            try:
                await self._bot.send(reply)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                log.warning(
                    "Flood control: Telegram asked to wait %.0f s before %s", wait, reply.method
                )
                if time.monotonic() + wait > deadline:
                    return self._give_up(reply)
                await asyncio.sleep(wait)
            except Forbidden as error:
                log.info("Telegram refused %s: %s", reply.method, error.message)
                return Outcome.BLOCKED
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    # A double tap edits to what the message already shows: nothing to do.
                    log.debug("%s changed nothing (a double tap)", reply.method)
                elif "query is too old" in error.message.lower():
                    # The answer to a tap, made again after a restart: the spinner is gone.
                    log.debug("%s came too late: %s", reply.method, error.message)
                else:
                    log.warning("Telegram refused %s: %s", reply.method, error.message)
                return Outcome.SENT
            except NetworkError as error:  # timeouts included: a repeat beats a lost question
                if time.monotonic() + backoff > deadline:
                    return self._give_up(reply)
                log.warning(
                    "%s could not reach Telegram (%s); trying again in %.0f s",
                    reply.method,
                    error.message,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, NETWORK_RETRY_MAX_SECONDS)
            except TelegramError as error:
                log.warning("%s failed: %s: %s", reply.method, type(error).__name__, error.message)
                return Outcome.SENT
            except Exception:
                log.exception("%s failed", reply.method)
                return Outcome.SENT
            else:
                return Outcome.SENT

    def _give_up(self, reply: Reply) -> Outcome:
        log.error(
            "Gave up on %s after %.0f s of flood waits or network failures; the user is told"
            " at their next message",
            reply.method,
            self.give_up_after,
        )
        return Outcome.GIVEN_UP

    def _record(self, item: Outgoing, outcome: Outcome) -> asyncio.Future[None]:
        """Queue an outcome for the next record; outcomes that end while one is written go
        into the next together, so under load one transaction (on SQLite, one turn of its
        writer) settles many. The future is done once it is committed, or could not be."""
        self._pending.append((item, outcome))
        if self._next_record is None:
            self._next_record = asyncio.get_running_loop().create_future()
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._record_pending(), name="replies:record")
        return self._next_record

    async def _record_pending(self) -> None:
        while self._next_record is not None:
            outcomes, recorded = self._pending, self._next_record
            self._pending, self._next_record = [], None
            try:
                await self._settle(outcomes)
            finally:
                recorded.set_result(None)

    async def _settle(self, outcomes: list[tuple[Outgoing, Outcome]]) -> None:
        done = [item.id for item, outcome in outcomes if outcome is not Outcome.GIVEN_UP]
        given_up = [item.id for item, outcome in outcomes if outcome is Outcome.GIVEN_UP]
        blocked = sorted(
            {
                item.user_id
                for item, outcome in outcomes
                if outcome is Outcome.BLOCKED and item.user_id is not None
            }
        )
        try:
            async with self._turn(), self._sessions() as session, session.begin():
                await outbox.settle(session, done=done, given_up=given_up, at=self._clock())
                for user_id in blocked:
                    log.info("User %s blocked the bot; pausing their follow-ups", user_id)
                    await users.mark_blocked(session, user_id=user_id)
        except Exception as error:  # they stay in the outbox: made again at the next start
            log.warning("Could not record %s replies as made: %s", len(done), error)
            return
        if given_up and self.chats_given_up is not None:
            self.chats_given_up.update(
                item.chat_id for item, outcome in outcomes if outcome is Outcome.GIVEN_UP
            )
