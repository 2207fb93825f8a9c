"""One serving instance per database: a PostgreSQL advisory lock, or a lock file beside SQLite.

On PostgreSQL a second process is a standby: it waits, touching nothing, until the serving
process's lock goes away (its database connection closes when it dies), then takes over.
It waits rather than dispatching meanwhile because conversation state is loaded once, at
initialize: a standby that loaded it early would act on stale conversations after taking
over. Dispatching from both would be safe (claims are leased), just not needed.
SQLite is a single-process database: a second process on the same file stops at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import NullPool

from storage import locks
from storage.db import create_engine, is_sqlite

log = logging.getLogger(__name__)

# The advisory lock's key: any constant bigint, the same in every process of this bot.
LEADER_LOCK_KEY = 7_412_306_001
RETRY_SECONDS = 1.0
# How often the serving process checks that the connection holding its lock is alive.
CHECK_SECONDS = 5.0
# The server drops a dead peer's session (and so its lock) after about 10 + 3 * 5 seconds,
# not after the two hours of the kernel's default, when a whole host vanishes.
_KEEPALIVES = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


class AnotherInstanceError(RuntimeError):
    """Another bot process already serves this SQLite database."""


class InstanceGuard(Protocol):
    """Decides whether this process may serve updates."""

    async def acquire(self, stop: asyncio.Event) -> bool:
        """Wait until this process is the one serving; False if `stop` was set first."""

    async def lost(self) -> None:
        """Return once the right to serve is lost (never, for a lock that cannot be lost)."""

    async def release(self) -> None:
        """Give the right to serve up."""


def guard_for(database_url: str) -> InstanceGuard:
    """The guard that fits the database: a lock file for SQLite, an advisory lock otherwise."""
    if is_sqlite(database_url):
        return SqliteLockFile(database_url)
    return PostgresLeaderLock(database_url)


class SqliteLockFile:
    """An exclusive flock on the database file itself, held while the process lives.

    Keyed on the file, not on its name: two processes reaching one file through a symlink,
    a hard link or a bind mount take the same lock (each name would get its own -wal
    file, and two writers unaware of each other's WAL corrupt the database). SQLite locks
    with fcntl, which on Linux is independent of flock. fcntl locks go when a process
    closes any descriptor of the file, so this one stays open until release(), which
    serve() calls after the engine is disposed.
    """

    def __init__(self, database_url: str) -> None:
        database = make_url(database_url).database
        self.path: Path | None = None
        if database and database != ":memory:":
            self.path = Path(database).expanduser().resolve()
        self._descriptor: int | None = None

    async def acquire(self, stop: asyncio.Event) -> bool:
        if self.path is None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Read-only suffices for flock; an empty file is a new SQLite database.
        descriptor = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise AnotherInstanceError(
                f"another bot process is already running on {self.path}; "
                "SQLite serves one process only (use PostgreSQL for a standby instance)"
            ) from None
        self._descriptor = descriptor
        return True

    async def lost(self) -> None:
        await asyncio.Event().wait()

    async def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


class PostgresLeaderLock:
    """A session-level advisory lock on a connection of its own, kept open while serving."""

    def __init__(self, database_url: str) -> None:
        self._engine: AsyncEngine = create_engine(
            database_url,
            poolclass=NullPool,
            # No transaction left open for hours: the lock belongs to the session, not to one.
            isolation_level="AUTOCOMMIT",
            connect_args={"server_settings": _KEEPALIVES},
        )
        self._connection: AsyncConnection | None = None

    async def acquire(self, stop: asyncio.Event) -> bool:
        said_standby = said_unreachable = False
        while not stop.is_set():
            try:
                if await self._try_lock():
                    if said_standby:
                        log.info("The serving instance is gone; taking over")
                    return True
                if not said_standby:
                    log.info(
                        "Another instance serves this database; standing by "
                        "(retrying every %.0f s)",
                        RETRY_SECONDS,
                    )
                    said_standby = True
            except Exception as error:  # any driver error: the database is unreachable for now
                await self._close()
                if not said_unreachable:
                    log.warning("Cannot take the instance lock yet (%s); retrying", error)
                    said_unreachable = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RETRY_SECONDS)
        return False

    async def _try_lock(self) -> bool:
        if self._connection is None:
            self._connection = await self._engine.connect()
        return await locks.try_advisory_lock(self._connection, key=LEADER_LOCK_KEY)

    async def lost(self) -> None:
        """Return when the lock's connection fails: the server has dropped the lock then."""
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                assert self._connection is not None
                await asyncio.wait_for(locks.ping(self._connection), CHECK_SECONDS)
            except Exception as error:  # whatever broke, the lock cannot be trusted any more
                log.error("Lost the connection that holds the instance lock: %s", error)
                return

    async def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()
            self._connection = None

    async def release(self) -> None:
        # Closing the session releases the lock; the standby takes over within RETRY_SECONDS.
        await self._close()
        await self._engine.dispose()
