"""Part 1: whole debriefs through process_update, against a bare PTB echo bot in the same run."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.databases import migrated
from bench.fake_api import LeanBotApi
from bench.report import Row, percentile
from bench.users import FIRST_USER_ID, NOW, WHOLE_DEBRIEF, Step, UpdateFactory
from bot.app import build_application
from bot.config import Settings
from bot.ui.context import BotData
from storage.models import Interview

TOKEN = "123456789:bench-token-for-the-in-memory-bot-api"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
TARGET_RATIO = 0.5


@dataclass(frozen=True)
class Throughput:
    """Updates per second and per-update latency of one sequential run."""

    updates: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000

    def figure(self) -> str:
        return (
            f"{self.per_second:,.0f} upd/s, p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms "
            f"({self.updates:,} updates)"
        )


async def drive(
    application: AnyApplication,
    api: LeanBotApi,
    user_ids: range,
    script: list[Step],
    factory: UpdateFactory,
) -> Throughput:
    """Every user takes each step in turn (users interleaved, as on a busy bot).

    Updates go one at a time, as PTB processes them by default (concurrent_updates off).
    Timed per update: parsing the JSON dict into an Update, then process_update.
    """
    latencies: list[float] = []
    bot = application.bot
    for step in script:
        for user_id in user_ids:
            data = factory.next_update(api, user_id, step)
            started = time.perf_counter()
            await application.process_update(Update.de_json(data, bot))
            latencies.append(time.perf_counter() - started)
    return Throughput(len(latencies), sum(latencies), latencies)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(update.message.text or "")


async def bare_ptb(users: int) -> Throughput:
    """PTB with one echo MessageHandler and no persistence: the floor any bot stands on."""
    api = LeanBotApi()
    application: AnyApplication = (
        ApplicationBuilder().token(TOKEN).request(api).get_updates_request(api).build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    await application.initialize()
    try:
        script: list[Step] = [("text", f"hello {index}") for index in range(len(WHOLE_DEBRIEF))]
        factory = UpdateFactory()
        await drive(application, api, range(1, 11), script, factory)  # warm-up
        return await drive(
            application, api, range(FIRST_USER_ID, FIRST_USER_ID + users), script, factory
        )
    finally:
        await application.shutdown()


async def follow_up_bot(database_url: str, users: int) -> tuple[Throughput, int]:
    """The real bot: onboarding then /new through Save; returns the run and interviews saved."""
    api = LeanBotApi()
    application = build_application(
        Settings(bot_token=SecretStr(TOKEN), database_url=database_url),
        request=api,
        rate_limit=False,
        run_dispatcher=False,
    )
    bot_data: BotData = application.bot_data
    bot_data.clock = lambda: NOW
    await application.initialize()
    try:
        factory = UpdateFactory()
        await drive(application, api, range(1, 11), WHOLE_DEBRIEF, factory)  # warm-up
        run = await drive(
            application, api, range(FIRST_USER_ID, FIRST_USER_ID + users), WHOLE_DEBRIEF, factory
        )
        async with bot_data.db() as session:
            saved = await session.scalar(
                select(func.count()).select_from(Interview).where(Interview.id > 10)
            )
        return run, int(saved or 0)
    finally:
        await application.shutdown()


async def run(backends: list[str], users: int) -> list[Row]:
    """Bare PTB before and after the bot runs; the ratio is against their mean."""
    before = await bare_ptb(users)
    bot_runs: list[tuple[str, Throughput, int]] = []
    for backend in backends:
        async with migrated(backend, "incoming") as database:
            throughput, saved = await follow_up_bot(database.url, users)
        bot_runs.append((backend, throughput, saved))
    after = await bare_ptb(users)
    bare_rate = (before.per_second + after.per_second) / 2
    rows = [
        Row("1 Incoming", "bare PTB, 1 echo handler (run before)", before.figure()),
        Row("1 Incoming", "bare PTB, 1 echo handler (run after)", after.figure()),
    ]
    for backend, throughput, saved in bot_runs:
        ratio = throughput.per_second / bare_rate
        complete = saved == users
        rows.append(
            Row(
                "1 Incoming",
                f"bot, {users:,} whole debriefs, {backend}",
                f"{throughput.figure()}; {saved:,}/{users:,} saved",
                "all saved" + (f"; ≥ {TARGET_RATIO} of bare" if backend == "SQLite" else ""),
                complete and (ratio >= TARGET_RATIO if backend == "SQLite" else True),
            )
        )
        rows.append(
            Row(
                "1 Incoming",
                f"ratio bot/bare, {backend}",
                f"{ratio:.3f}",
                f"≥ {TARGET_RATIO}" if backend == "SQLite" else "",
                ratio >= TARGET_RATIO if backend == "SQLite" else None,
            )
        )
    return rows
