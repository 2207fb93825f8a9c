"""One unit of work per update: its transaction, and the Telegram calls that wait for it."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[object]]
# Calls on one channel go in order; channels go side by side. New messages share one
# channel (the chat reads them in order); an edit's channel is its message; each
# callback answer, and local work, has one of its own.
Channel = Hashable


@dataclass(frozen=True)
class Reply:
    """One Bot API call of a handler, as it will be made: stored with the update's commit.

    `params` are JSON (what PTB would post); `files` are uploads by part name, as
    (file name, base64 content). `channel` is a string, so that it can be stored too.
    """

    channel: str
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outgoing:
    """A stored reply: its outbox row, the call, its chat, and the private chat's user (else
    None)."""

    id: int
    reply: Reply
    chat_id: int
    user_id: int | None


@dataclass
class UnitOfWork:
    """What a handler reaches through `context.session`; run by the update pipeline.

    While `collecting`, Telegram calls are queued in `replies` instead of awaited (see
    bot/runtime/telegram_bot.py) and stored with the commit: the handler computes and
    writes, the pipeline commits, and only then does the bot talk. A crash after the commit
    repeats a reply at the next start rather than losing it.
    """

    session: AsyncSession
    # Telegram calls: stored in the transaction (storage/replies.py), made after it.
    replies: list[Reply] = field(default_factory=list)
    # The same, once stored (with their outbox rows).
    outgoing: list[Outgoing] = field(default_factory=list)
    # Local work after the commit (not Telegram): in memory only.
    after_commit: list[tuple[Channel, AfterCommit]] = field(default_factory=list)
    # The first error a handler raised (PTB hands it to the error handler, not to us).
    error: BaseException | None = None
    collecting: bool = True

    def later(self, call: AfterCommit, channel: Channel = "local") -> None:
        """Run `call` once the transaction committed, after earlier calls on its channel."""
        self.after_commit.append((channel, call))

    def fail(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error


_current: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar(
    "unit_of_work", default=None
)


def current_unit() -> UnitOfWork | None:
    """The unit of work of the update being handled in this task, if any."""
    return _current.get()


def collecting_unit() -> UnitOfWork | None:
    """The current unit while its transaction is open, else None."""
    unit = _current.get()
    return unit if unit is not None and unit.collecting else None


def enter(unit: UnitOfWork) -> contextvars.Token[UnitOfWork | None]:
    return _current.set(unit)


def leave(token: contextvars.Token[UnitOfWork | None]) -> None:
    _current.reset(token)
