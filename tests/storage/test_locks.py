"""One process per SQLite file: the lock is keyed on the file, whatever name reaches it."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.runtime.standby import AnotherInstanceError, SqliteLockFile
from tests.support import updates
from tests.support.harness import BotHarness


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.mark.parametrize("link", [os.link, os.symlink], ids=["hard link", "symlink"])
async def test_a_second_process_through_another_name_of_the_file_is_refused(
    tmp_path: Path, link: object
) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    database.touch()
    other = tmp_path / "elsewhere" / "copy.sqlite3"
    other.parent.mkdir()
    assert callable(link)
    link(database, other)
    stop = asyncio.Event()
    first, second = SqliteLockFile(_url(database)), SqliteLockFile(_url(other))
    assert await first.acquire(stop)
    try:
        with pytest.raises(AnotherInstanceError, match="already running"):
            await second.acquire(stop)
    finally:
        await first.release()
    assert await second.acquire(stop)  # free again once the first is gone
    await second.release()


async def test_the_bot_works_on_the_file_it_holds_the_lock_on(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    guard = SqliteLockFile(_url(database))
    assert await guard.acquire(asyncio.Event())
    try:
        bot = await BotHarness(_url(database)).start()
        try:
            ana = updates.person(7301, "Ana", "Lima")
            assert "sign your notes" in (await bot.say(ana, "/start")).text
        finally:
            await bot.stop()
    finally:
        await guard.release()
