"""Backups while the bot runs: SQLite's online backup API, or pg_dump for PostgreSQL.

A plain `cp` of a running SQLite database can miss everything still in its `-wal` file;
the online backup copies a consistent snapshot of the database, WAL included, while the
bot goes on writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.db import sqlite_path


class BackupError(RuntimeError):
    """No backup was made; the message says why."""


@dataclass(frozen=True)
class Backup:
    """A finished backup: where it is and how big."""

    path: Path
    size: int

    def __str__(self) -> str:
        return f"{self.path} ({human_size(self.size)})"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def default_target(url: str, *, now: dt.datetime) -> Path:
    """`backups/<name>-<UTC time>` beside the SQLite file, or in the current directory."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    database = sqlite_path(url)
    if database is not None:
        return database.parent / "backups" / f"{database.stem}-{stamp}{database.suffix}"
    name = make_url(url).database or "postgres"
    return Path.cwd() / "backups" / f"{name}-{stamp}.dump"


def backup_sqlite(database: Path, target: Path) -> Backup:
    """Copy a live SQLite database to `target`, a single self-contained file, checked."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database} (has the bot been started?)")
    if target.exists():
        raise BackupError(f"{target} already exists; name another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(sqlite3.connect(database, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            # One step: a read snapshot the bot's writes (WAL mode) never wait for.
            source.backup(copy)
            # Out of WAL mode, so the backup is this one file, with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise BackupError(f"the copy failed its integrity check: {verdict}")
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.rename(target)
    except sqlite3.Error as error:
        raise BackupError(f"could not back up {database}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, target.stat().st_size)


@dataclass(frozen=True)
class PgDump:
    """The pg_dump call for a PostgreSQL URL; the password goes in the environment only."""

    argv: list[str]
    password: str | None

    def shown(self) -> str:
        """The command as a person can run it, the password hidden."""
        prefix = "PGPASSWORD=*** " if self.password else ""
        return prefix + shlex.join(self.argv)

    def run(self) -> None:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        result = subprocess.run(self.argv, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            reason = (result.stderr or result.stdout).strip().splitlines()
            raise BackupError(f"pg_dump failed: {reason[-1] if reason else result.returncode}")


def pg_dump(url: str, target: Path) -> PgDump:
    """pg_dump's custom format (restored with pg_restore), for the database a URL names."""
    parsed = make_url(url)
    argv = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    if parsed.host:
        argv.append(f"--host={parsed.host}")
    if parsed.port:
        argv.append(f"--port={parsed.port}")
    if parsed.username:
        argv.append(f"--username={parsed.username}")
    argv.append(f"--dbname={parsed.database or ''}")
    return PgDump(argv, parsed.password)


def backup_postgres(url: str, target: Path, *, command: PgDump | None = None) -> Backup:
    """Run pg_dump into `target`; BackupError when it is missing or fails."""
    command = command or pg_dump(url, target)
    if shutil.which(command.argv[0]) is None:
        raise BackupError(
            "pg_dump is not installed here (Debian/Ubuntu: apt install postgresql-client); "
            "run the command above where it is"
        )
    if target.exists():
        raise BackupError(f"{target} already exists; name another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    command.run()
    return Backup(target, target.stat().st_size)


def restore_sqlite(backup: Path, database: Path, *, now: dt.datetime) -> Path | None:
    """Put a backup in place of the database (the bot stopped); returns where the old one went.

    The old database's -wal and -shm go with it: left beside the restored file, SQLite would
    replay the old WAL into it.
    """
    if not backup.is_file():
        raise BackupError(f"there is no backup at {backup}")
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as check:
        try:
            (verdict,) = check.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup} is not an SQLite database: {error}") from error
    if verdict != "ok":
        raise BackupError(f"{backup} failed its integrity check: {verdict}")
    database.parent.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    kept: Path | None = None
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        database.rename(kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            if kept is not None:
                side.rename(kept.with_name(kept.name + suffix))
            else:
                side.unlink()
    partial = database.with_name(database.name + ".partial")
    shutil.copyfile(backup, partial)
    partial.rename(database)
    if kept is not None:
        _carry_id_sequences(kept, database)
    return kept


def _carry_id_sequences(replaced: Path, restored: Path) -> None:
    """Ids the replaced database handed out after the backup are never handed out again.

    Buttons already sent carry them (migration 0007): each table's AUTOINCREMENT sequence
    is taken forward to where the replaced database's had reached.
    """
    with contextlib.closing(sqlite3.connect(replaced)) as old:
        try:
            reached = old.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        except sqlite3.DatabaseError:
            return  # no table with AUTOINCREMENT there (before 0007), or not a database
    with contextlib.closing(sqlite3.connect(restored)) as new, new:
        try:
            known = dict(new.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        except sqlite3.DatabaseError:
            return  # a backup from before 0007: the migration at start sets them
        tables = {name for (name,) in new.execute("SELECT name FROM sqlite_master")}
        for name, seq in reached:
            if name in known:
                new.execute(
                    "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)
                )
            elif name in tables:
                new.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))
