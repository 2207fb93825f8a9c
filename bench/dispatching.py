"""Part 2: claiming and sending due follow-ups with bot.dispatch.dispatch_due, on a big store."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from sqlalchemy import func, select, update

from bench.dispatch_baseline import CONCURRENCY as CONCURRENCY_BEFORE
from bench.dispatch_baseline import dispatch_batched
from bench.fake_api import LeanBotApi
from bench.incoming import TOKEN
from bench.latency_api import LatencyBotApi
from bench.report import Row
from bench.seed import FUTURE, SeedSize
from bot.app import build_application
from bot.config import Settings
from bot.follow_ups.dispatch import dispatch_due
from bot.ui.context import BotData
from storage.db import create_engine, create_sessionmaker
from storage.models import FollowUp, FollowUpStatus

TARGET_RATE = 1000.0
CAP = 30
TARGET_CAPPED_RATE = 28.5
# Telegram's round trip per Bot API call, fast and slow ends (50-300 ms seen in practice).
CAPPED_RTTS = (0.05, 0.3)
# How outcomes are recorded: "before" the dispatcher of before a482b56 (groups of up to 25
# or 0.1 s, 8 workers), "after" today's (each before its worker's next send).
MODES = ("before", "after")
# Seeded due rows are long past; everything else pending is years ahead.
DUE_BEFORE = FUTURE


@dataclass(frozen=True)
class DispatchRun:
    """What a dispatch run delivered and how fast."""

    sent: int
    seconds: float
    left_unsent: int

    @property
    def per_second(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


async def due_ids(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return list(
                (
                    await session.scalars(
                        select(FollowUp.id)
                        .where(
                            FollowUp.status == FollowUpStatus.PENDING,
                            FollowUp.due_at < DUE_BEFORE,
                        )
                        .order_by(FollowUp.id)
                    )
                ).all()
            )
    finally:
        await engine.dispose()


async def keep_due(url: str, keep: int) -> list[int]:
    """Push all but the first `keep` due rows years ahead; returns the ids still due."""
    ids = await due_ids(url)
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await session.execute(
                update(FollowUp)
                .where(
                    FollowUp.status == FollowUpStatus.PENDING,
                    FollowUp.due_at < DUE_BEFORE,
                    FollowUp.id.not_in(ids[:keep]),
                )
                .values(due_at=DUE_BEFORE)
                .execution_options(synchronize_session=False)
            )
    finally:
        await engine.dispose()
    return ids[:keep]


async def _unsent(bot_data: BotData, ids: list[int]) -> int:
    async with bot_data.db() as session:
        sent = await session.scalar(
            select(func.count())
            .select_from(FollowUp)
            .where(FollowUp.id.in_(ids), FollowUp.status == FollowUpStatus.SENT)
        )
    return len(ids) - int(sent or 0)


def _application(url: str, api: Any, *, rate_limit: bool, **settings: Any) -> Any:
    return build_application(
        Settings(bot_token=SecretStr(TOKEN), database_url=url, **settings),
        request=api,
        rate_limit=rate_limit,
        run_dispatcher=False,
    )


def mode_settings(mode: str) -> dict[str, Any]:
    """Settings of a mode: "before" ran 8 workers; "after" the configured default."""
    return {"dispatch_concurrency": CONCURRENCY_BEFORE} if mode == "before" else {}


async def dispatch_once(application: Any, mode: str) -> Any:
    if mode == "before":
        return await dispatch_batched(application)
    return await dispatch_due(application)


async def unlimited(url: str, mode: str = "after") -> DispatchRun:
    """Back-to-back dispatcher runs against a Bot API that answers at once, until none is due."""
    ids = await due_ids(url)
    api = LeanBotApi()
    api.keep_last = False
    application = _application(url, api, rate_limit=False, **mode_settings(mode))
    await application.initialize()
    try:
        started = time.perf_counter()
        sent = 0
        while (report := await dispatch_once(application, mode)).claimed:
            sent += report.sent
        seconds = time.perf_counter() - started
        return DispatchRun(sent, seconds, await _unsent(application.bot_data, ids))
    finally:
        await application.shutdown()


@dataclass(frozen=True)
class CappedRun:
    """Dispatching under Telegram's cap: rate, 429s, duplicates, rows left."""

    run: DispatchRun
    rejected: int
    duplicates: int
    concurrency: int


async def capped(url: str, count: int, *, rtt: float, mode: str) -> CappedRun:
    """The bot as configured (AIORateLimiter) against a fake `rtt` away answering 429 above
    30/s; dispatcher runs back to back until every row is delivered."""
    ids = await keep_due(url, count)
    api = LatencyBotApi(rtt, cap=CAP)
    application = _application(url, api, rate_limit=True, **mode_settings(mode))
    await application.initialize()
    try:
        deadline = time.monotonic() + 3 * count / CAP + 30
        while len(api.chat_calls) < len(ids) and time.monotonic() < deadline:
            report = await dispatch_once(application, mode)
            if not report.claimed:
                # Rows put back after a 429 are due again after the wait.
                await asyncio.sleep(0.2)
        calls = api.chat_calls  # when each accepted message reached Telegram
        seconds = calls[-1] - calls[0] if len(calls) > 1 else 0.0
        # The rate between the first and the last message: n - 1 intervals.
        sent = len(calls)
        left = await _unsent(application.bot_data, ids)
        return CappedRun(
            DispatchRun(sent - 1 if sent > 1 else 0, seconds, left),
            rejected=api.rejected,
            duplicates=sum(max(0, len(log.arrivals) - 1) for log in api.chats.values()),
            concurrency=application.bot_data.settings.dispatch_concurrency,
        )
    finally:
        await application.shutdown()


def rows_unlimited(
    backend: str, size: SeedSize, runs: dict[str, DispatchRun], seed_note: str
) -> list[Row]:
    rows = []
    for mode, run in runs.items():
        case = (
            f"{backend}, {mode}: {size.users:,} users, {size.follow_ups:,} follow-ups, "
            f"{size.due:,} due; no Bot API limit ({seed_note})"
        )
        rows.append(
            Row(
                "2a Dispatch",
                case,
                f"{run.per_second:,.0f} msg/s ({run.sent:,} sent in {run.seconds:.1f} s, "
                f"{run.left_unsent} left unsent)",
                f"≥ {TARGET_RATE:,.0f} msg/s, 0 left",
                run.per_second >= TARGET_RATE and run.left_unsent == 0,
            )
        )
    return rows


def rows_capped(
    backend: str, count: int, stored: int, results: dict[tuple[float, str], CappedRun]
) -> list[Row]:
    rows = []
    for (rtt, mode), result in results.items():
        run = result.run
        case = (
            f"{backend}, {mode}: {count} due of {stored:,} stored; round trip {rtt * 1000:.0f} ms, "
            f"AIORateLimiter as configured, {result.concurrency} workers, fake answers 429 "
            f"above {CAP}/s"
        )
        rows += [
            Row(
                "2b Dispatch",
                case,
                f"{run.per_second:.1f} msg/s sustained ({run.sent + 1} in {run.seconds:.1f} s), "
                f"{result.rejected} answers 429",
                f"≥ {TARGET_CAPPED_RATE}/s, no 429",
                run.per_second >= TARGET_CAPPED_RATE and result.rejected == 0,
            ),
            Row(
                "2b Dispatch",
                case,
                f"{result.duplicates} duplicates, {run.left_unsent} rows left unsent",
                "0 and 0",
                result.duplicates == 0 and run.left_unsent == 0,
            ),
        ]
    return rows
