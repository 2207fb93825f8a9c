"""The database engine and session factory, with a fast-failing connection check."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import TableClause, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger(__name__)

# While waiting for a database at start, a warning this often.
WAIT_WARNING_SECONDS = 5.0
# A host that drops packets would keep one attempt waiting for asyncpg's 60 s.
CONNECT_TIMEOUT_SECONDS = 10.0


class DatabaseUnavailableError(RuntimeError):
    """The database URL is wrong or the server cannot be reached."""


def sqlite_path(url: str | URL) -> Path | None:
    """The SQLite file a URL names; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).expanduser().resolve()


def describe(url: str | URL) -> str:
    """The database for people: SQLite's file, or PostgreSQL's user@host:port/database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        return "SQLite in memory" if path is None else f"SQLite {path}"
    user = f"{parsed.username}@" if parsed.username else ""
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {user}{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


def check_sqlite_location(url: str) -> None:
    """Fail with one line when an SQLite file cannot be created or written where it is."""
    path = sqlite_path(url)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailableError(
            f"Cannot create the data directory {path.parent}: {error.strerror or error}"
        ) from error
    # SQLite writes its -wal and -shm files beside the database: the directory must be
    # writable, not only the file.
    for target in (path.parent, path):
        if target.exists() and not os.access(target, os.W_OK):
            raise DatabaseUnavailableError(
                f"{target} is read-only for this user (uid {os.getuid()}); the bot needs to "
                f"write the database and its -wal file in {path.parent}"
            )


def is_sqlite(url: str) -> bool:
    """True when the URL names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def dialect_insert(
    session: AsyncSession, table: type[DeclarativeBase] | TableClause
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into `table` in the session's own dialect: only those say ON CONFLICT."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys, WAL and a busy timeout on every connection."""
    parsed = make_url(url)
    # A database error's text is logged and kept in handled_updates.error: the statement
    # may be there, never the values (what users typed).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
            cursor = dbapi_connection.cursor()
            # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked per connection.
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL still survives a crash of the process (what we guard
            # against); only an OS crash or power cut may lose the last commits. FULL would
            # add a disk flush to every commit, the larger part of each update's cost.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def check_connection(engine: AsyncEngine) -> None:
    """Run `SELECT 1` so a bad URL fails at start, with one clear message."""
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means the same thing to the operator
        raise DatabaseUnavailableError(
            f"Cannot reach the database ({describe(engine.url)}): {_driver_reason(error)}"
        ) from error


def _driver_reason(error: BaseException) -> str:
    """The driver's own error in one line ("InvalidPasswordError: password authentication
    failed for user …"), not SQLAlchemy's wrapper around it."""
    inner = getattr(error, "orig", None) or error
    inner = inner.__cause__ or inner
    lines = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {lines[0]}" if lines else type(inner).__name__


async def wait_for_database(engine: AsyncEngine, *, within: float) -> None:
    """`check_connection`, tried again for `within` seconds with a warning every few.

    Platforms often start the bot before its database; a wrong password or a database not
    created yet is retried too, since an operator may be fixing it while the bot waits.
    """
    if engine.dialect.name == "sqlite":
        within = 0  # a local file: what fails now fails the same way in a minute
    deadline = time.monotonic() + within
    while True:
        try:
            await check_connection(engine)
            return
        except DatabaseUnavailableError as error:
            left = deadline - time.monotonic()
            if left <= 0:
                if within > 0:
                    raise DatabaseUnavailableError(
                        f"{error} (gave up after {within:.0f} s)"
                    ) from error
                raise
            log.warning("%s; trying again for %.0f s more", error, left)
            await asyncio.sleep(min(WAIT_WARNING_SECONDS, left))
