"""Stopping: the dispatcher told first, the JobQueue waited for, then its claims given back."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.app import build_application
from bot.runtime import lifecycle
from bot.ui.context import BotContext, BotData
from storage.models import FollowUp, FollowUpStatus
from tests.support.fake_bot_api import FakeBotApi
from tests.support.follow_up_data import NOW, add_follow_up, get_row, seed_interview
from tests.support.harness import BotHarness


async def test_a_run_in_progress_is_told_to_stop_and_its_claims_are_given_back_after_it(
    database_url: str,
) -> None:
    settings = BotHarness(database_url).settings
    application = build_application(
        settings, request=FakeBotApi(), rate_limit=False, run_dispatcher=False
    )
    await application.initialize()
    bot_data: BotData = application.bot_data
    try:
        follow_up_id = await add_follow_up(bot_data.db, await seed_interview(bot_data.db))
        async with bot_data.db.begin() as session:  # claimed by this process, as a run does
            row = await session.get(FollowUp, follow_up_id)
            assert row is not None
            row.status = FollowUpStatus.SENDING
            row.claimed_by = bot_data.worker_id
            row.lease_expires_at = NOW + dt.timedelta(minutes=5)
            row.attempts = 1
        running = asyncio.Event()
        held_at_its_end: list[str | None] = []

        async def a_run_in_progress(context: BotContext) -> None:
            running.set()
            for _ in range(1000):  # as the dispatcher looks between messages (10 s at most)
                if context.bot_data.stopping:
                    break
                await asyncio.sleep(0.01)
            held_at_its_end.append((await get_row(bot_data.db, follow_up_id)).claimed_by)

        assert application.job_queue is not None
        application.job_queue.run_once(a_run_in_progress, when=0)
        await application.start()
        await asyncio.wait_for(running.wait(), 10)

        # Told only once the JobQueue stopped, the run would hold stop up for 10 s.
        await asyncio.wait_for(lifecycle.stop(application), 5)

        assert held_at_its_end == [bot_data.worker_id]
        row = await get_row(bot_data.db, follow_up_id)
        assert (row.status, row.claimed_by) == (FollowUpStatus.PENDING, None)
    finally:
        await lifecycle.shutdown(application)
