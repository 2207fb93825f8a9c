"""Part 4: RSS growth for users each in the middle of a debrief (run in a fresh process).

`python -m bench.in_flight URL USERS` prints one JSON line; the parent runs it so the
figure is not mixed with what other parts left on the heap.
"""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert
from telegram import Update

from bench.fake_api import LeanBotApi
from bench.incoming import TOKEN
from bench.report import Row
from bench.scale import ROOT
from bench.users import DEBRIEF_TO_INTERVIEWER, FIRST_USER_ID, NOW, UpdateFactory
from bot.app import build_application
from bot.config import Settings
from bot.ui.context import BotData
from storage.models import User

# Users are driven in groups, concurrently: different users never share state, and it
# keeps 40 000 updates within the run's time budget. Memory, not speed, is measured here.
GROUP = 1


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("VmRSS missing from /proc/self/status")


async def _add_users(bot_data: BotData, user_ids: range) -> None:
    """Onboarded users, stored directly: onboarding is not what this part measures."""
    rows = [
        {
            "id": user_id,
            "chat_id": user_id,
            "sign_name": "Ana Lima",
            "timezone": "Europe/Berlin",
            "nudge_hour": 9,
            "default_wait_days": 14,
            "active": True,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for user_id in user_ids
    ]
    async with bot_data.db.begin() as session:
        await session.execute(insert(User), rows)


async def _drive(url: str, users: int) -> dict[str, float]:
    api = LeanBotApi()
    application = build_application(
        Settings(bot_token=SecretStr(TOKEN), database_url=url),
        request=api,
        rate_limit=False,
        run_dispatcher=False,
    )
    bot_data: BotData = application.bot_data
    bot_data.clock = lambda: NOW
    await application.initialize()
    factory = UpdateFactory()

    async def one_user(user_id: int) -> None:
        for step in DEBRIEF_TO_INTERVIEWER:
            update = Update.de_json(factory.next_update(api, user_id, step), application.bot)
            await application.process_update(update)
        # The fake keeps the last message per chat; the bot would not.
        api.last_sent.pop(user_id, None)

    try:
        warm = range(1, 21)
        await _add_users(bot_data, warm)
        for user_id in warm:  # every code path and cache touched before the baseline
            await one_user(user_id)
        everyone = range(FIRST_USER_ID, FIRST_USER_ID + users)
        await _add_users(bot_data, everyone)
        gc.collect()
        before = _rss_kb()
        for start in range(0, users, GROUP):
            group = everyone[start : start + GROUP]
            await asyncio.gather(*(one_user(user_id) for user_id in group))
        gc.collect()
        after = _rss_kb()
        in_flight = sum(
            1 for user_id in everyone if "debrief" in application.user_data.get(user_id, {})
        )
        return {"before_kb": before, "after_kb": after, "in_flight": in_flight}
    finally:
        await application.shutdown()


@dataclass(frozen=True)
class InFlight:
    users: int
    in_flight: int
    growth_mb: float

    @property
    def per_user_kb(self) -> float:
        return self.growth_mb * 1024 / self.users


def measure(url: str, users: int) -> InFlight:
    output = subprocess.run(
        [sys.executable, "-m", "bench.in_flight", url, str(users)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    growth_mb = (figures["after_kb"] - figures["before_kb"]) / 1024
    return InFlight(users, int(figures["in_flight"]), growth_mb)


def rows(backend: str, result: InFlight) -> list[Row]:
    return [
        Row(
            "4 In flight",
            f"{backend}: {result.users:,} users stopped at the first interviewer's name",
            f"RSS +{result.growth_mb:.1f} MB, {result.per_user_kb:.1f} KB per user "
            f"({result.in_flight:,} drafts held)",
            "all held",
            result.in_flight == result.users,
        )
    ]


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_drive(sys.argv[1], int(sys.argv[2])))))
