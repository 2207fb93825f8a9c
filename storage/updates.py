"""The record of handled Telegram updates: what makes a redelivered update a no-op."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_insert
from storage.models import HandledUpdate, HeldUpdate

# Telegram redelivers an unconfirmed update for up to 24 h; after a week without updates
# it starts again from a random id. Two days covers the first and stays far from the second.
KEEP_FOR = dt.timedelta(days=2)


async def claim(
    session: AsyncSession, *, update_id: int, at: dt.datetime, error: str | None = None
) -> bool:
    """Record the update as handled in the caller's transaction; False if it already was.

    One statement for both the check and the mark: the row is written first, and stays only
    if the transaction commits. A second transaction claiming the same id waits for the
    first (PostgreSQL) or comes after it (SQLite) and gets False. `error` when given up on.
    """
    statement = (
        dialect_insert(session, HandledUpdate)
        .values(update_id=update_id, handled_at=at, error=error)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(HandledUpdate.update_id)
    )
    return (await session.scalar(statement)) is not None


async def hold(
    session: AsyncSession, *, updates: Sequence[tuple[int, dict[str, Any]]], at: dt.datetime
) -> None:
    """Keep updates (id, raw JSON) until handled, so they can be confirmed to Telegram."""
    for update_id, data in updates:
        await session.execute(
            dialect_insert(session, HeldUpdate)
            .values(update_id=update_id, data=data, held_at=at)
            .on_conflict_do_nothing(index_elements=["update_id"])
        )


async def held_unhandled(session: AsyncSession) -> list[dict[str, Any]]:
    """The held updates no unit has handled yet (a crash came first), oldest first."""
    handled = select(HandledUpdate.update_id)
    rows = await session.scalars(
        select(HeldUpdate.data)
        .where(HeldUpdate.update_id.not_in(handled))
        .order_by(HeldUpdate.update_id)
    )
    return [dict(data) for data in rows]


async def prune_handled(session: AsyncSession, *, now: dt.datetime) -> int:
    """Forget updates older than the window, and held ones since handled; returns how many."""
    await session.execute(
        delete(HeldUpdate).where(HeldUpdate.update_id.in_(select(HandledUpdate.update_id)))
    )
    result = await session.execute(
        delete(HandledUpdate).where(HandledUpdate.handled_at < now - KEEP_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)
