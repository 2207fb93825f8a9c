"""`python -m bot backup` while the bot works, and `restore` to a database the bot serves from."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.runtime.standby import SqliteLockFile
from storage.backup import BackupError, backup_sqlite, pg_dump, restore_sqlite
from tests.bot.test_main import run_bot
from tests.conftest import POSTGRES_URL
from tests.support import follow_up_data, updates
from tests.support.harness import BotHarness

ANA = updates.person(1001, "Ana", "Lima")
BEA = updates.person(1002, "Bea", "Souza")


async def onboard(bot: BotHarness, user: object, name: str) -> None:
    await bot.send(user, "/start")  # type: ignore[arg-type]
    await bot.say(user, name)  # type: ignore[arg-type]
    await bot.say(user, "Berlin")  # type: ignore[arg-type]
    await bot.say(user, "9")  # type: ignore[arg-type]


async def test_a_backup_taken_while_users_talk_restores_to_a_database_the_bot_serves_from(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    bot = await BotHarness(url).start()
    await onboard(bot, ANA, "Ana Lima")
    assert (tmp_path / "data" / "bot.sqlite3-wal").stat().st_size > 0  # not all in the file

    # Bea onboards while the backup is taken, in another process, as an operator would.
    backup = tmp_path / "kept" / "bot-backup.sqlite3"
    talking = asyncio.create_task(onboard(bot, BEA, "Bea Souza"))
    taken = await asyncio.to_thread(run_bot, "backup", str(backup), cwd=tmp_path, DATABASE_URL=url)
    await talking
    assert taken.returncode == 0, taken.stderr
    assert re.fullmatch(
        rf"Backed up SQLite {database} to {backup} \(\d+\.\d KB\)", taken.stdout.strip()
    )
    # One self-contained file: no -wal beside it.
    assert not await asyncio.to_thread(Path(f"{backup}-wal").exists)

    # Later: Ana leaves, the disk is lost... the bot is stopped and the backup put back.
    await bot.send(ANA, "/delete_me")
    await bot.stop()
    restored = await asyncio.to_thread(
        run_bot, "restore", str(backup), cwd=tmp_path, DATABASE_URL=url
    )
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {database} from {backup}" in restored.stdout
    assert "The database it replaced is kept as" in restored.stdout

    bot = await BotHarness(url).start()
    try:
        assert (await bot.say(ANA, "/start")).text.startswith("Welcome back, Ana Lima!")
        assert (await bot.say(ANA, "/settings")).text  # her settings are there to change
    finally:
        await bot.stop()


async def test_restore_is_refused_while_the_bot_runs(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    bot = await BotHarness(url).start()
    await bot.stop()
    backup = backup_sqlite(database, tmp_path / "copy.sqlite3").path
    running = SqliteLockFile(url)  # what serve() holds while the bot runs
    await running.acquire(asyncio.Event())
    try:
        result = await asyncio.to_thread(
            run_bot, "restore", str(backup), cwd=tmp_path, DATABASE_URL=url
        )
    finally:
        await running.release()
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"interview-followup-bot: the bot is running on {database}: stop it first, then restore"
    )


def test_a_backup_never_overwrites_and_restore_refuses_what_is_not_a_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.sqlite3"
    with pytest.raises(BackupError, match="there is no database"):
        backup_sqlite(database, tmp_path / "copy.sqlite3")
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not sqlite")
    with pytest.raises(BackupError, match="not an SQLite database"):
        restore_sqlite(junk, database, now=dt.datetime.now(dt.UTC))
    assert not database.exists()


def test_the_pg_dump_command_hides_the_password() -> None:
    command = pg_dump(
        "postgresql+asyncpg://bot:hunter2@db.example:5433/followup", Path("/b/x.dump")
    )
    assert command.shown() == (
        "PGPASSWORD=*** pg_dump --format=custom --no-owner --file=/b/x.dump "
        "--host=db.example --port=5433 --username=bot --dbname=followup"
    )
    assert command.password == "hunter2"


@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="no pg_dump/pg_restore here")
async def test_a_postgresql_backup_runs_pg_dump(tmp_path: Path, database_url: str) -> None:
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("the PostgreSQL leg")
    bot = await BotHarness(database_url).start()
    await onboard(bot, ANA, "Ana Lima")
    await bot.stop()
    target = tmp_path / "followup.dump"
    result = await asyncio.to_thread(
        run_bot, "backup", str(target), cwd=tmp_path, DATABASE_URL=database_url
    )
    assert result.returncode == 0, result.stderr
    assert "with: pg_dump --format=custom" in result.stdout
    assert f"to {target} (" in result.stdout
    listing = await asyncio.to_thread(
        subprocess.run,
        ["pg_restore", "--list", str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "TABLE DATA public users" in listing.stdout


async def test_a_restored_database_never_hands_out_ids_issued_after_its_backup(
    tmp_path: Path,
) -> None:
    # A note sent after the backup carries its follow-up's id in its buttons: once the
    # backup is put back, a new follow-up must not take that id (a tap would act on it).
    database = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    bot = await BotHarness(url).start()
    first = await follow_up_data.seed_interview(bot.db)
    await follow_up_data.add_follow_up(bot.db, first)
    backup = tmp_path / "bot-backup.sqlite3"
    await asyncio.to_thread(backup_sqlite, database, backup)
    later = await follow_up_data.seed_interview(bot.db, company="Globex")
    issued_later = await follow_up_data.add_follow_up(bot.db, later)
    await bot.stop()

    await asyncio.to_thread(restore_sqlite, backup, database, now=dt.datetime.now(dt.UTC))

    bot = await BotHarness(url).start()
    try:
        again = await follow_up_data.seed_interview(bot.db, company="Initech")
        assert again.application_id > later.application_id
        assert again.interview_id > later.interview_id
        assert await follow_up_data.add_follow_up(bot.db, again) > issued_later
    finally:
        await bot.stop()
