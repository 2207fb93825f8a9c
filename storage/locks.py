"""The SQL of the one-serving-instance lock: a PostgreSQL session-level advisory lock."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def try_advisory_lock(connection: AsyncConnection, *, key: int) -> bool:
    """Take the session-level advisory lock `key` if free; held until the connection closes."""
    result = await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
    return bool(result.scalar())


async def ping(connection: AsyncConnection) -> None:
    """A round trip on this very connection: raises if it (and so its lock) is gone."""
    await connection.execute(text("SELECT 1"))
