"""A newcomer's path with the real process: the start-up line, ALLOWED_USERS, a backup taken
while the bot runs, restored, and served from."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.access import refusal
from tests.e2e.conftest import Bots
from tests.e2e.test_polling import onboard
from tests.support.fake_bot_api import BOT_USERNAME, FakeBotApi

ANA = {"id": 4242, "is_bot": False, "first_name": "Ana", "username": "Ana_Lima"}
EVE = {"id": 5005, "is_bot": False, "first_name": "Eve", "username": "eve_x"}


async def run_command(*args: str, env: dict[str, str], cwd: Path) -> str:
    """A `python -m bot` command beside the running bot; its stdout."""
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
async def test_a_private_instance_is_backed_up_while_it_runs_and_restored(
    bots: Bots, telegram: FakeBotApi, database_url: str, tmp_path: Path
) -> None:
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("backup and restore of the file are SQLite's; pg_dump is tested apart")
    database = make_url(database_url).database
    bot = await bots.start(ALLOWED_USERS="@ana_lima", ready="Started")
    (started,) = [line for line in bot.log.splitlines() if "Started" in line]
    assert re.search(
        rf"INFO bot\.app: Started interview-followup-bot \S+ as @{BOT_USERNAME} "
        rf"\(https://t\.me/{BOT_USERNAME}\) by long polling; database: SQLite {database} "
        r"\(0 users\); allowed users: @ana_lima$",
        started,
    ), started
    assert "ALLOWED_USERS is not set" not in bot.log

    mark = len(telegram.calls)
    await telegram.say(EVE, "/start")
    assert (await telegram.reply(5005, "private instance", since=mark)).text == refusal(5005)
    await onboard(telegram, ANA)
    assert re.search(r"Update \d+ \(command\) in \d+ ms", bot.log)
    assert "Ana Lima" not in bot.log  # what she typed is not logged

    backup = tmp_path / "backup.sqlite3"
    env = bots.env()
    said = await run_command("backup", str(backup), env=env, cwd=tmp_path)
    assert said.startswith(f"Backed up SQLite {database} to {backup} (")

    await bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
    await run_command("restore", str(backup), env=env, cwd=tmp_path)

    again = await bots.start(ALLOWED_USERS="@ana_lima", ready="Started")
    assert "(1 user); allowed users: @ana_lima" in again.log
    mark = len(telegram.calls)
    await telegram.say(ANA, "/start")
    await telegram.reply(4242, "Welcome back, Ana Lima", since=mark)
