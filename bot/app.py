"""The application factory: `python -m bot` and the tests build the very same application."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot import access
from bot.config import Settings, release
from bot.follow_ups import dispatch
from bot.help import bot_commands
from bot.runtime import ptb
from bot.runtime.persistence import DatabasePersistence
from bot.runtime.pipeline import AttemptTimeoutError, UpdatePipeline, pipeline_of
from bot.runtime.telegram_bot import DeferringBot
from bot.runtime.update_log import log_each_update
from bot.ui.context import CONTEXT_TYPES, BotContext, BotData
from storage import access as access_storage
from storage import updates as handled_updates
from storage.db import check_connection, create_engine, create_sessionmaker, describe, is_sqlite
from storage.migrate import upgrade

log = logging.getLogger(__name__)

# How often handled update ids older than their window are forgotten.
PRUNE_INTERVAL_SECONDS = 3600


class FollowUpApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, with our database prepared first and every update a unit of work."""

    pipeline: UpdatePipeline

    async def initialize(self) -> None:
        bot_data: BotData = self.bot_data
        # Before PTB loads persistence, which needs the tables.
        await check_connection(bot_data.engine)
        await upgrade(bot_data.engine)
        await prune_handled_updates(self)
        await super().initialize()
        await self._set_command_menu()
        await access.pause_removed_users(self)
        await self._log_start()

    async def _log_start(self) -> None:
        """One line that says who the bot is, how it is reached, and where its data is."""
        bot_data: BotData = self.bot_data
        settings = bot_data.settings
        async with bot_data.db() as session:
            users = await access_storage.count_users(session)
        username = self.bot.username
        log.info(
            "Started interview-followup-bot %s as @%s (https://t.me/%s) by %s; database: %s "
            "(%s user%s); %s",
            release(),
            username,
            username,
            "webhook" if settings.webhook_url else "long polling",
            describe(bot_data.engine.url),
            users,
            "" if users == 1 else "s",
            access.describe(settings.allowed_users),
        )
        access.warn_when_open(self)

    async def _set_command_menu(self) -> None:
        """Telegram's command menu, from the list /help shows."""
        try:
            await self.bot.set_my_commands(bot_commands())
        except TelegramError:
            # The menu is a convenience: a bot that cannot set it still works, so start anyway.
            log.warning("Could not set the command menu", exc_info=True)

    async def process_update(self, update: object) -> None:
        """Every update goes through the pipeline (which runs `run_handlers` in its unit)."""
        if isinstance(update, Update):
            await self.pipeline.process(update)
        else:
            await super().process_update(update)

    async def run_handlers(self, update: Update) -> None:
        """PTB's own process_update: the handlers, run by the pipeline inside the unit."""
        await super().process_update(update)


# The application's post_stop and post_shutdown. PTB calls them from run_polling and
# run_webhook only; we serve with our own loop, so bot/runtime/lifecycle.py calls them in the
# same places: after `stop` (the dispatcher told first, the JobQueue waited for), and after
# `shutdown`, last of all.


async def _release_claims(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Give back the dispatcher's remaining claims, so the next process sends them at once."""
    await dispatch.release_claims(application)


async def _close_database(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    bot_data: BotData = application.bot_data
    await bot_data.engine.dispose()


async def prune_handled_updates(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Forget handled update ids past their window (at start, then hourly)."""
    bot_data: BotData = application.bot_data
    try:
        # On SQLite, in the writer's turn like every update (see UpdatePipeline.transaction_turn).
        async with (
            pipeline_of(application).transaction_turn(),
            bot_data.db.begin() as session,
        ):
            pruned = await handled_updates.prune_handled(session, now=bot_data.clock())
    except (SQLAlchemyError, AttemptTimeoutError):
        # A missed prune only keeps a few more rows; the next run catches up.
        log.warning("Could not prune handled updates", exc_info=True)
        return
    if pruned:
        log.info("Forgot %s handled updates past their window", pruned)


async def _prune_job(context: BotContext) -> None:
    await prune_handled_updates(context.application)


# Hostnames may be 253 characters (Kubernetes pod names run to 60 and more); the claim
# column holds 128. A longer host keeps its start, readable in logs, plus a hash of the whole.
HOST_PART_MAX = 40


def worker_name(hostname: str | None = None) -> str:
    """A name that tells dispatcher processes apart in claims and logs; at most 64 characters."""
    host = socket.gethostname() if hostname is None else hostname
    if len(host) > HOST_PART_MAX:
        digest = hashlib.sha1(host.encode(), usedforsecurity=False).hexdigest()[:8]
        host = f"{host[: HOST_PART_MAX - 9]}~{digest}"
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


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
    application = (
        ApplicationBuilder()
        .application_class(FollowUpApplication)
        .bot(_build_bot(settings, request=request, rate_limit=rate_limit))
        .context_types(CONTEXT_TYPES)
        .persistence(DatabasePersistence(sessions))
        .post_stop(_release_claims)
        .post_shutdown(_close_database)
        .build()
    )
    assert isinstance(application, FollowUpApplication)
    bot_data: BotData = application.bot_data
    bot_data.configure(settings=settings, engine=engine, sessions=sessions, worker_id=worker_name())
    application.pipeline = UpdatePipeline(
        application,
        run_handlers=application.run_handlers,
        sessions=sessions,
        transactions_at_once=1 if is_sqlite(settings.database_url) else 10,
        clock=lambda: bot_data.clock(),
    )

    log_each_update(application.pipeline)

    from bot import handlers

    handlers.register(application, run_dispatcher=run_dispatcher)
    if settings.model_drafts and run_dispatcher:
        # Imported only with a model configured: without one, bot.llm is never loaded.
        from bot.llm.job import schedule_model_drafts

        schedule_model_drafts(application)
    # Group -1, after the private-chat check: strangers stop before any feature sees them.
    access.register(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _prune_job, interval=PRUNE_INTERVAL_SECONDS, first=PRUNE_INTERVAL_SECONDS
        )
    # Here, with every handler in place, rather than when a handler first needs them.
    ptb.check(application)
    return application


def _build_bot(
    settings: Settings, *, request: BaseRequest | None, rate_limit: bool
) -> DeferringBot:
    """Our ExtBot, built here because ApplicationBuilder builds only PTB's own class."""
    base = settings.telegram_base_url or "https://api.telegram.org/bot"
    file_base = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"
    # PTB's builder defaults: a pool of 256 connections for calls, one for getUpdates.
    return DeferringBot(
        token=settings.require_token(),
        base_url=base,
        base_file_url=file_base,
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
        defaults=Defaults(
            parse_mode="HTML", link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        # Telegram allows a bot about 30 messages/s. PTB's default bucket holds 30: 30 go at
        # once, 30 more within that second, and Telegram answers 429. This bucket holds 1.5
        # and drains 29/s, so any 1-s window sees at most 30 (the 31st comes 29.5/29 ≈
        # 1.017 s after the first). The half message of room absorbs the event loop's
        # timer lateness, which a bucket of exactly one turns into lost rate (28.2/s).
        rate_limiter=(
            AIORateLimiter(overall_max_rate=1.5, overall_time_period=1.5 / 29, max_retries=0)
            if rate_limit
            else None
        ),
    )


__all__ = ["FollowUpApplication", "Update", "build_application"]
