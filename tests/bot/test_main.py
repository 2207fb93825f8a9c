"""`python -m bot` at start: where it reads its settings, and one clear line for each failure."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import CHECKOUT_DIR, release
from storage.db import create_engine
from storage.migrate import upgrade
from tests.conftest import POSTGRES_URL

TOKEN = "123456789:startup-test-token-never-shown"


def run_bot(
    *args: str, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot` as a process, with only the environment given (no stray settings)."""
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_version_prints_the_release() -> None:
    result = run_bot("--version", cwd=CHECKOUT_DIR)
    assert result.returncode == 0
    assert result.stdout.strip() == f"interview-followup-bot {release()}"


def test_no_token_names_the_directory_searched_and_the_option(tmp_path: Path) -> None:
    result = run_bot(cwd=tmp_path)
    assert result.returncode == 2
    line = one_line(result)
    assert f"there is no .env in {tmp_path} (the current directory)" in line
    assert "--env-file PATH" in line
    assert "BOT_ENV_FILE" in line


def test_a_token_missing_from_the_named_file_names_that_file(tmp_path: Path) -> None:
    settings = tmp_path / "bot.env"
    settings.write_text("LOG_LEVEL=INFO\n")
    result = run_bot("--env-file", str(settings), cwd=tmp_path)
    assert result.returncode == 2
    assert f"BOT_TOKEN is not set in {settings} nor in the environment" in one_line(result)


def test_a_named_settings_file_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    result = run_bot(cwd=tmp_path, BOT_ENV_FILE="nowhere.env")
    assert result.returncode == 2
    assert one_line(result) == (
        f"interview-followup-bot: BOT_ENV_FILE names {tmp_path / 'nowhere.env'}, "
        "which does not exist"
    )


@pytest.mark.parametrize("how", ["option", "variable"])
def test_the_settings_file_and_its_data_are_found_from_any_directory(
    tmp_path: Path, how: str
) -> None:
    home, elsewhere = tmp_path / "bot", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    (home / ".env").write_text(f"BOT_TOKEN={TOKEN}\nDATABASE_URL=sqlite:///data/bot.sqlite3\n")
    named = {"BOT_ENV_FILE": str(home / ".env")} if how == "variable" else {}
    args = ("--env-file", "../bot/.env") if how == "option" else ()
    result = run_bot("migrate", *args, cwd=elsewhere, **named)
    assert result.returncode == 0, result.stderr
    assert (home / "data" / "bot.sqlite3").is_file()
    assert not (elsewhere / "data").exists()
    assert result.stdout.strip() == (
        f"SQLite {home / 'data' / 'bot.sqlite3'}: migrated from revision none (empty) to "
        f"{result.stdout.strip().rsplit(' ', 1)[-1]}"
    )
    again = run_bot("migrate", *args, cwd=elsewhere, **named)
    assert again.stdout.strip().endswith("(current).")
    assert "already at revision" in again.stdout


def test_an_unknown_driver_is_one_line(tmp_path: Path) -> None:
    result = run_bot(cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL="mysql://bot:pw@db/bot")
    assert result.returncode == 2
    assert one_line(result).startswith(
        "interview-followup-bot: invalid setting DATABASE_URL: mysql:// is not supported"
    )


def test_an_sqlite_path_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    url = f"sqlite:///{blocker}/data/bot.sqlite3"
    result = run_bot(cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode == 1
    assert one_line(result) == (
        f"interview-followup-bot: Cannot create the data directory {blocker / 'data'}: "
        "Not a directory"
    )


@pytest.fixture
def read_only_directory(tmp_path: Path) -> Iterator[Path]:
    """A directory this user cannot write to (immutable when we are root, who may write
    anywhere else)."""
    directory = tmp_path / "data"
    directory.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root, and no chattr to make a directory read-only")
        if subprocess.run(["chattr", "+i", str(directory)], check=False).returncode != 0:
            pytest.skip("this file system cannot make a directory immutable")
        yield directory
        subprocess.run(["chattr", "-i", str(directory)], check=True)
    else:
        directory.chmod(0o555)
        yield directory
        directory.chmod(0o755)


def test_a_read_only_data_directory_is_one_line(
    tmp_path: Path, read_only_directory: Path
) -> None:
    url = f"sqlite:///{read_only_directory}/bot.sqlite3"
    result = run_bot(cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode == 1
    line = one_line(result)
    assert f"{read_only_directory} is read-only for this user" in line
    assert "-wal" in line


def test_a_database_migrated_by_a_newer_release_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"

    async def migrate() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(migrate())
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    expected = (
        "interview-followup-bot: the database is at schema revision 0099, which this release "
        "does not know: a newer release migrated it. Run that release again, or restore the "
        "backup taken before the update."
    )
    for args in (("migrate",), ()):
        result = run_bot(*args, cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip().splitlines()[-1] == expected
        assert "Traceback" not in result.stderr


def test_an_unreachable_postgresql_is_retried_with_warnings_then_one_line(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free: nothing listens there
    url = f"postgresql://bot:hunter2-secret@127.0.0.1:{port}/followup"
    result = run_bot(
        cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url, DATABASE_WAIT_SECONDS="6"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    place = f"PostgreSQL bot@127.0.0.1:{port}/followup"
    warnings = [line for line in lines if " WARNING " in line]
    assert len(warnings) == 2  # at 0 s and 5 s
    refused = f"Cannot reach the database ({place}): ConnectionRefusedError"
    assert all(refused in warning for warning in warnings)
    assert lines[-1].startswith(f"interview-followup-bot: Cannot reach the database ({place})")
    assert lines[-1].endswith("(gave up after 6 s)")
    assert "hunter2" not in result.stderr


@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
def test_an_unknown_postgresql_database_is_named_with_the_servers_words(tmp_path: Path) -> None:
    url = make_url(POSTGRES_URL).set(database="no_such_followup_db", password="hunter2-secret")
    result = run_bot(
        cwd=tmp_path,
        BOT_TOKEN=TOKEN,
        DATABASE_URL=url.render_as_string(hide_password=False),
        DATABASE_WAIT_SECONDS="0",
    )
    assert result.returncode == 1
    assert one_line(result).endswith(
        '/no_such_followup_db): InvalidCatalogNameError: database "no_such_followup_db" does '
        "not exist"
    )
    assert "hunter2" not in result.stderr
