"""The real application on a real database, driven with real updates through process_update."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update, User
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.runtime import lifecycle
from bot.ui.context import BotData
from tests.support import updates
from tests.support.fake_bot_api import Call, FakeBotApi

TOKEN = "123456789:TEST-token-for-the-fake-bot-api"


class _GivenOnly(Settings):
    """Settings from the values given and the defaults: no .env, no environment variables."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def given_settings(**values: Any) -> Settings:
    """The bot's settings as a test or a benchmark states them, whatever the developer's
    .env or shell sets (DISPATCH_BATCH_SIZE=1 in a .env once failed a test)."""
    return _GivenOnly(**values)


class BotHarness:
    """One bot process; `restart()` replaces it with a fresh one on the same database."""

    def __init__(self, database_url: str, **settings: Any) -> None:
        self.settings = given_settings(bot_token=TOKEN, database_url=database_url, **settings)
        self.api = FakeBotApi()
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.now: dt.datetime | None = None

    async def start(self) -> BotHarness:
        self.app = build_application(
            self.settings, request=self.api, rate_limit=False, run_dispatcher=False
        )
        self.bot_data.clock = self._clock
        await self.app.initialize()
        return self

    def _clock(self) -> dt.datetime:
        return self.now if self.now is not None else dt.datetime.now(dt.UTC)

    async def stop(self) -> None:
        if self.app is not None:
            await lifecycle.shutdown(self.app)
            self.app = None

    async def restart(self) -> None:
        """A crash-like restart: nothing is flushed beyond what the bot already wrote."""
        assert self.app is not None
        # Drop the process without PTB's final persistence flush, as a SIGKILL would.
        self.app.persistence = None
        await self.stop()
        await self.start()

    @property
    def application(self) -> Application[Any, Any, Any, Any, Any, Any]:
        assert self.app is not None, "call start() first"
        return self.app

    @property
    def bot_data(self) -> BotData:
        data: BotData = self.application.bot_data
        return data

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        return self.bot_data.db

    async def process(self, update: Update) -> list[Call]:
        """Feed one update; returns the Bot API calls it caused."""
        before = len(self.api.calls)
        # As Telegram delivers it: parsed from JSON, every nested object bound to the bot.
        delivered = Update.de_json(update.to_dict(), self.application.bot)
        await self.application.process_update(delivered)
        caused = self.api.calls[before:]
        # Compute and write, commit, then talk: never a Telegram call inside the transaction.
        assert not [call.method for call in caused if call.in_transaction]
        return caused

    async def send(self, user: User, text: str) -> list[Call]:
        return await self.process(updates.text_update(user, text))

    async def tap(self, user: User, data: str, message_id: int = 1) -> list[Call]:
        return await self.process(updates.tap_update(user, data, message_id=message_id))

    async def onboard(
        self, user: User, name: str = "Ana Lima", place: str = "Berlin", hour: str = "9"
    ) -> Call:
        """/start answered through to the end: the name, the time zone, the hour."""
        await self.send(user, "/start")
        await self.say(user, name)
        await self.say(user, place)
        return await self.say(user, hour)

    async def say(self, user: User, text: str) -> Call:
        """Send text and return the last message the bot sent in reply."""
        calls = await self.send(user, text)
        sent = [call for call in calls if call.method in {"sendMessage", "editMessageText"}]
        assert sent, f"the bot did not answer {text!r}; calls: {[c.method for c in calls]}"
        return sent[-1]

    async def press(self, user: User, message: Call, label: str) -> list[Call]:
        """Tap the button labelled like `label` under a message the bot sent."""
        message_id = message.message_id if isinstance(message.result, dict) else 1
        return await self.tap(user, message.data_for(label), message_id=message_id)
