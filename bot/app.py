"""The application factory: `python -m bot` and the tests build the very same application."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot import dispatch
from bot.config import Settings
from bot.context import CONTEXT_TYPES, BotData
from bot.help import bot_commands
from storage.db import check_connection, create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.persistence import DatabasePersistence

log = logging.getLogger(__name__)

# In user_data: the id of the last update handled for that user, so a redelivery is skipped.
LAST_UPDATE_KEY = "last_update_id"


class FollowUpApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, with our database prepared first and persistence written per update."""

    async def initialize(self) -> None:
        bot_data: BotData = self.bot_data
        # Before PTB loads persistence, which needs the tables.
        await check_connection(bot_data.engine)
        await upgrade(bot_data.engine)
        await super().initialize()
        await self._set_command_menu()

    async def _set_command_menu(self) -> None:
        """Telegram's command menu, from the list /help shows."""
        try:
            await self.bot.set_my_commands(bot_commands())
        except TelegramError:
            # The menu is a convenience: a bot that cannot set it still works, so start anyway.
            log.warning("Could not set the command menu", exc_info=True)

    async def process_update(self, update: object) -> None:
        user_data = self._data_of_sender(update)
        if user_data is not None and isinstance(update, Update):
            if user_data.get(LAST_UPDATE_KEY, -1) >= update.update_id:
                # Handled before a crash but never confirmed to Telegram: delivered again.
                log.info("Skipping update %s: already handled", update.update_id)
                return
            user_data[LAST_UPDATE_KEY] = update.update_id
        await super().process_update(update)
        # Write conversation states and partial answers now, not on the next interval:
        # a crash right after a reply must not lose the answer the user just gave.
        await self.update_persistence()

    async def update_persistence(self) -> None:
        # PTB hands the changes to the persistence; this writes them, in one transaction.
        await super().update_persistence()
        if isinstance(self.persistence, DatabasePersistence):
            await self.persistence.write_pending()

    def _data_of_sender(self, update: object) -> dict[str, Any] | None:
        if not isinstance(update, Update) or update.effective_user is None:
            return None
        data: dict[str, Any] = self.user_data[update.effective_user.id]
        return data

    async def stop(self) -> None:
        bot_data: BotData = self.bot_data
        bot_data.stopping = True
        # The JobQueue stops inside super().stop() and waits for a dispatch run in progress;
        # told to stop, that run ends after the message it is sending. Its remaining claims
        # are given back here, so the next process sends them at once, and none twice.
        await super().stop()
        await dispatch.release_claims(self)

    async def shutdown(self) -> None:
        await super().shutdown()
        bot_data: BotData = self.bot_data
        await bot_data.engine.dispose()


def worker_name() -> str:
    """A name that tells dispatcher processes apart in claims and logs."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    rate_limit: bool = True,
    run_dispatcher: bool = True,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Build the bot: handlers, persistence on our database, the dispatcher job."""
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .application_class(FollowUpApplication)
        .token(settings.require_token())
        .context_types(CONTEXT_TYPES)
        .persistence(DatabasePersistence(sessions))
        .defaults(
            Defaults(parse_mode="HTML", link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
    )
    if settings.telegram_base_url:
        base = settings.telegram_base_url
        builder = builder.base_url(base).base_file_url(
            base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"
        )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        # Telegram allows a bot about 30 messages/s. PTB's default bucket holds 30: 30 go at
        # once, 30 more within that second, and Telegram answers 429. This bucket holds 1.5
        # and drains 29/s, so any 1-s window sees at most 30 (the 31st comes 29.5/29 ≈
        # 1.017 s after the first). The half message of room absorbs the event loop's
        # timer lateness, which a bucket of exactly one turns into lost rate (28.2/s).
        builder = builder.rate_limiter(
            AIORateLimiter(overall_max_rate=1.5, overall_time_period=1.5 / 29, max_retries=0)
        )
    application = builder.build()

    bot_data: BotData = application.bot_data
    bot_data.configure(settings=settings, engine=engine, sessions=sessions, worker_id=worker_name())

    from bot import handlers

    handlers.register(application, run_dispatcher=run_dispatcher)
    return application


__all__ = ["FollowUpApplication", "Update", "build_application"]
