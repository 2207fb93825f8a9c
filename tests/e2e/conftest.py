"""End-to-end fixtures: the fake Telegram server, and `python -m bot` as a real subprocess."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fake_bot_api import FakeBotApi

TOKEN = "7000000002:E2E-secret-token-that-must-never-be-logged"
PROCESS_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class BotProcess:
    """`python -m bot` in its own directory (no stray .env), its log in a file."""

    def __init__(self, workdir: Path, env: dict[str, str], args: tuple[str, ...], name: str):
        self.workdir = workdir
        self.env = env
        self.args = args
        self.log_path = workdir / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *self.args,
                cwd=self.workdir,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        return self

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def wait_for_log(self, fragment: str, *, within: float = PROCESS_TIMEOUT) -> float:
        """Seconds it took until `fragment` appeared in the log."""
        started = time.monotonic()
        while fragment not in self.log:
            assert self.process is not None
            if self.process.returncode is not None:
                raise AssertionError(f"the bot exited waiting for {fragment!r}:\n{self.log}")
            if time.monotonic() - started > within:
                raise AssertionError(f"no {fragment!r} after {within} s:\n{self.log}")
            await asyncio.sleep(0.05)
        return time.monotonic() - started

    async def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)

    async def wait(self, *, within: float = PROCESS_TIMEOUT) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), within)

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


class Bots:
    """Bot processes on one fake Telegram and one database; all killed at the end."""

    def __init__(self, telegram: FakeBotApi, database_url: str, tmp_path: Path) -> None:
        self.telegram = telegram
        self.database_url = database_url
        self.tmp_path = tmp_path
        self.started: list[BotProcess] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        env.update(
            BOT_TOKEN=TOKEN,
            DATABASE_URL=self.database_url,
            TELEGRAM_BASE_URL=self.telegram.base_url,
            DISPATCH_INTERVAL_SECONDS="0.5",
            DISPATCH_LEASE_SECONDS="60",
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    async def start(
        self, *args: str, ready: str | None = "Serving updates", **env: str
    ) -> BotProcess:
        bot = BotProcess(self.tmp_path, self.env(**env), args, f"bot{len(self.started)}")
        self.started.append(bot)
        await bot.start()
        if ready:
            await bot.wait_for_log(ready)
        return bot

    async def close(self) -> None:
        for bot in self.started:
            await bot.kill()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeBotApi]:
    fake = await FakeBotApi(TOKEN).start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def bots(telegram: FakeBotApi, database_url: str, tmp_path: Path) -> AsyncIterator[Bots]:
    processes = Bots(telegram, database_url, tmp_path)
    try:
        yield processes
    finally:
        await processes.close()
    # Every test also checks the logs: never the token, in any line of any process.
    for bot in processes.started:
        assert TOKEN not in bot.log, bot.log
        assert TOKEN.split(":")[1] not in bot.log


def person(user_id: int, first_name: str = "Ana") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


async def persisted(database_url: str, fragment: str, *, within: float = 10) -> None:
    """Wait until `fragment` is in the stored conversation states or user data.

    The bot writes them right after its reply goes out, so a test that kills it the moment
    the reply arrives must wait for this first: a kill inside that window of a few
    milliseconds loses the last answer (PTB's polling has already confirmed the update).
    """
    from sqlalchemy import select

    from storage.db import create_engine, create_sessionmaker
    from storage.models import ConversationState, UserData

    engine = create_engine(database_url)
    deadline = time.monotonic() + within
    try:
        while True:
            async with create_sessionmaker(engine)() as session:
                states = (await session.scalars(select(ConversationState))).all()
                data = (await session.scalars(select(UserData))).all()
            stored = repr([(row.name, row.key, row.state) for row in states])
            stored += repr([row.data for row in data])
            if fragment in stored:
                return
            assert time.monotonic() < deadline, f"{fragment!r} never stored: {stored}"
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
