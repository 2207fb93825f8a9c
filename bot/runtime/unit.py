"""One unit of work per update: its transaction, and the Telegram calls that wait for it."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[object]]
# Calls on one channel go in order; channels go side by side. New messages share one
# channel (the chat reads them in order); an edit's channel is its message; each
# callback answer, and local work, has one of its own.
Channel = Hashable


@dataclass
class UnitOfWork:
    """What a handler reaches through `context.session`; run by the update pipeline.

    While `collecting`, Telegram calls are queued in `after_commit` instead of awaited (see
    bot/runtime/telegram_bot.py): the handler computes and writes, the pipeline commits,
    and only then does the bot talk.
    """

    session: AsyncSession
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
