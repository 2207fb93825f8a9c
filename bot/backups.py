"""`python -m bot backup` and `restore`: what they do and say, over storage/backup.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.config import Settings
from bot.runtime.standby import AnotherInstanceError, SqliteLockFile
from storage.backup import (
    BackupError,
    backup_postgres,
    backup_sqlite,
    default_target,
    pg_dump,
    restore_sqlite,
)
from storage.db import describe, sqlite_path

PROG = "interview-followup-bot"


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def backup(settings: Settings, target: Path | None) -> int:
    """Back the configured database up to `target` (default: a dated file under backups/)."""
    url = settings.database_url
    target = (target or default_target(url, now=dt.datetime.now(dt.UTC))).expanduser().resolve()
    database = sqlite_path(url)
    try:
        if database is not None:
            done = backup_sqlite(database, target)
        else:
            command = pg_dump(url, target)
            print(f"Backing up {describe(url)} with: {command.shown()}")
            done = backup_postgres(url, target, command=command)
    except BackupError as error:
        return _fail(f"no backup made: {error}")
    print(f"Backed up {describe(url)} to {done}")
    return 0


def restore(settings: Settings, source: Path) -> int:
    """Put an SQLite backup in place of the database; refused while the bot runs."""
    url = settings.database_url
    database = sqlite_path(url)
    if database is None:
        return _fail(
            "restore puts back SQLite files only; for PostgreSQL use pg_restore --clean "
            "--if-exists --no-owner --dbname=<database> <backup file>, the bot stopped"
        )
    # The bot's own lock on the file: taken here, the bot is not running on it.
    lock = SqliteLockFile(url)
    try:
        if database.exists():
            asyncio.run(lock.acquire(asyncio.Event()))
    except AnotherInstanceError:
        return _fail(f"the bot is running on {database}: stop it first, then restore")
    try:
        kept = restore_sqlite(source.expanduser().resolve(), database, now=dt.datetime.now(dt.UTC))
    except BackupError as error:
        return _fail(f"nothing restored: {error}")
    finally:
        asyncio.run(lock.release())
    print(f"Restored {database} from {source}")
    if kept is not None:
        print(f"The database it replaced is kept as {kept}")
    return 0
