"""Part 1, the dispatch rate: due follow-ups claimed and sent by `dispatch_due` on a big store."""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from telegram import Bot

from bench.report import Row
from bench.seed import FUTURE, SeedSize
from bench.users import TOKEN
from bot.app import build_application
from bot.follow_ups.dispatch import dispatch_due
from bot.runtime import lifecycle
from bot.ui.context import BotData
from storage.db import create_engine, create_sessionmaker
from storage.models import FollowUp, FollowUpStatus
from tests.support.fake_bot_api import Call, FakeBotApi
from tests.support.harness import given_settings

TARGET_RATE = 1000.0
CAP = 30
TARGET_CAPPED_RATE = 28.5
# Telegram's round trip per Bot API call, fast and slow ends (50-300 ms seen in practice).
CAPPED_RTTS = (0.05, 0.3)
# Seeded due rows are long past; everything else pending is years ahead.
DUE_BEFORE = FUTURE
# The baseline: bare PTB sending this text to each chat, as many at once as the dispatcher.
BARE_TEXT = "Follow-up due: thank Bo Smith for the interview at Acme."


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


def _application(url: str, api: FakeBotApi, *, rate_limit: bool) -> Any:
    return build_application(
        given_settings(bot_token=TOKEN, database_url=url),
        request=api,
        rate_limit=rate_limit,
        run_dispatcher=False,
    )


async def bare_ptb(chats: list[int], concurrency: int) -> DispatchRun:
    """The floor: PTB's own `send_message` of one text to each chat, `concurrency` at once,
    against the same fake, with no database and no rendering."""
    api = FakeBotApi(keep_calls=False)
    waiting = iter(chats)
    async with Bot(TOKEN, request=api, get_updates_request=api) as bot:

        async def worker() -> None:
            for chat_id in waiting:
                await bot.send_message(chat_id, BARE_TEXT)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return DispatchRun(len(chats), seconds, 0)


@dataclass(frozen=True)
class UnlimitedRun:
    """The dispatcher against a Bot API that answers at once, and bare PTB before and after."""

    bot: DispatchRun
    bare_before: DispatchRun
    bare_after: DispatchRun

    @property
    def ratio(self) -> float:
        bare = (self.bare_before.per_second + self.bare_after.per_second) / 2
        return self.bot.per_second / bare if bare else 0.0


async def unlimited(url: str) -> UnlimitedRun:
    """Back-to-back dispatcher runs against a Bot API that answers at once, until none is due;
    bare PTB sending as many messages just before and just after."""
    ids = await due_ids(url)
    api = FakeBotApi(keep_calls=False)
    application = _application(url, api, rate_limit=False)
    concurrency = application.bot_data.settings.dispatch_concurrency
    chats = list(range(1, len(ids) + 1))
    bare_before = await bare_ptb(chats, concurrency)
    await application.initialize()
    try:
        started = time.perf_counter()
        sent = 0
        while (report := await dispatch_due(application)).claimed:
            sent += report.sent
        seconds = time.perf_counter() - started
        run = DispatchRun(sent, seconds, await _unsent(application.bot_data, ids))
    finally:
        await lifecycle.shutdown(application)
    return UnlimitedRun(run, bare_before, await bare_ptb(chats, concurrency))


@dataclass(frozen=True)
class CappedRun:
    """Dispatching under Telegram's cap: rate, 429s, duplicates, rows left."""

    run: DispatchRun
    rejected: int
    duplicates: int
    concurrency: int


async def capped(url: str, count: int, *, rtt: float) -> CappedRun:
    """The bot as configured (AIORateLimiter) against a fake `rtt` away answering 429 above
    30/s; dispatcher runs back to back until every row is delivered."""
    ids = await keep_due(url, count)
    api = FakeBotApi(rtt=rtt, cap=CAP, keep_calls=False)
    delivered: collections.Counter[int] = collections.Counter()

    def seen(call: Call) -> None:
        if call.method == "sendMessage" and call.chat_id is not None:
            delivered[call.chat_id] += 1

    api.after_call = seen
    application = _application(url, api, rate_limit=True)
    await application.initialize()
    try:
        deadline = time.monotonic() + 3 * count / CAP + 30
        while len(api.chat_calls) < len(ids) and time.monotonic() < deadline:
            report = await dispatch_due(application)
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
            duplicates=sum(max(0, times - 1) for times in delivered.values()),
            concurrency=application.bot_data.settings.dispatch_concurrency,
        )
    finally:
        await lifecycle.shutdown(application)


def rows_unlimited(backend: str, size: SeedSize, result: UnlimitedRun, seed_note: str) -> list[Row]:
    run, before, after = result.bot, result.bare_before, result.bare_after
    case = (
        f"{backend}: {size.users:,} users, {size.follow_ups:,} follow-ups, {size.due:,} due; "
        f"no Bot API limit ({seed_note})"
    )
    return [
        Row(
            "1 Dispatch rate",
            f"bare PTB send_message, {before.sent:,} chats (before / after)",
            f"{before.per_second:,.0f} / {after.per_second:,.0f} msg/s",
            "",
            None,
        ),
        Row(
            "1 Dispatch rate",
            case,
            f"{run.per_second:,.0f} msg/s ({run.sent:,} sent in {run.seconds:.1f} s, "
            f"{run.left_unsent} left unsent)",
            f"≥ {TARGET_RATE:,.0f} msg/s, 0 left",
            run.per_second >= TARGET_RATE and run.left_unsent == 0,
        ),
        Row("1 Dispatch rate", f"{backend}: ratio bot / bare PTB", f"{result.ratio:.3f}", "", None),
    ]


def rows_capped(
    backend: str, count: int, stored: int, results: dict[float, CappedRun]
) -> list[Row]:
    rows = []
    for rtt, result in results.items():
        run = result.run
        case = (
            f"{backend}: {count} due of {stored:,} stored; round trip {rtt * 1000:.0f} ms, "
            f"AIORateLimiter as configured, {result.concurrency} workers, fake answers 429 "
            f"above {CAP}/s"
        )
        rows += [
            Row(
                "1 Dispatch rate",
                case,
                f"{run.per_second:.1f} msg/s sustained ({run.sent + 1} in {run.seconds:.1f} s, "
                f"x{run.per_second / CAP:.3f} of the cap), {result.rejected} answers 429",
                f"≥ {TARGET_CAPPED_RATE}/s (x{TARGET_CAPPED_RATE / CAP:.2f}), no 429",
                run.per_second >= TARGET_CAPPED_RATE and result.rejected == 0,
            ),
            Row(
                "1 Dispatch rate",
                case,
                f"{result.duplicates} duplicates, {run.left_unsent} rows left unsent",
                "0 and 0",
                result.duplicates == 0 and run.left_unsent == 0,
            ),
        ]
    return rows
