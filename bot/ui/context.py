"""Typed handler context: what every handler can reach through `context.bot_data`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.runtime.unit import current_unit
from storage.models import utcnow


@dataclass
class BotData:
    """Shared, process-wide resources; configured once by `build_application`."""

    _settings: Settings | None = None
    _engine: AsyncEngine | None = None
    _sessions: async_sessionmaker[AsyncSession] | None = None
    worker_id: str = ""
    # The one source of "now" for handlers and the dispatcher; tests move it.
    clock: Callable[[], dt.datetime] = utcnow
    # Set when the application starts stopping: the dispatcher sends no further message.
    stopping: bool = False
    extras: dict[str, Any] = field(default_factory=dict)

    def configure(
        self,
        *,
        settings: Settings,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        worker_id: str,
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._sessions = sessions
        self.worker_id = worker_id

    @property
    def settings(self) -> Settings:
        assert self._settings is not None, "BotData used before build_application configured it"
        return self._settings

    @property
    def engine(self) -> AsyncEngine:
        assert self._engine is not None, "BotData used before build_application configured it"
        return self._engine

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        """The session factory, for work outside an update (the dispatcher, start-up).

        Handlers use `context.session`: their update's one transaction.
        """
        assert self._sessions is not None, "BotData used before build_application configured it"
        return self._sessions


UserDataDict = dict[str, Any]


class BotContext(CallbackContext[ExtBot[None], UserDataDict, dict[str, Any], BotData]):
    """PTB's context, plus the session of the update being handled."""

    @property
    def session(self) -> AsyncSession:
        """The update's transaction, opened and committed by the pipeline: never commit it."""
        unit = current_unit()
        if unit is None:
            raise RuntimeError("context.session used outside an update's unit of work")
        return unit.session


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData, user_data=dict, chat_data=dict)
