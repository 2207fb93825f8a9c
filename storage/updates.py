"""The record of handled Telegram updates: what makes a redelivered update a no-op."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate

# Telegram redelivers an unconfirmed update for up to 24 h; after a week without updates
# it starts again from a random id. Two days covers the first and stays far from the second.
KEEP_FOR = dt.timedelta(days=2)


async def was_handled(session: AsyncSession, *, update_id: int) -> bool:
    """True when this update committed (or was given up on) before."""
    found = await session.scalar(
        select(HandledUpdate.update_id).where(HandledUpdate.update_id == update_id)
    )
    return found is not None


async def mark_handled(
    session: AsyncSession, *, update_id: int, at: dt.datetime, error: str | None = None
) -> None:
    """Record the update as handled, in the caller's transaction; `error` when given up on."""
    await session.execute(
        insert(HandledUpdate).values(update_id=update_id, handled_at=at, error=error)
    )


async def prune_handled(session: AsyncSession, *, now: dt.datetime) -> int:
    """Forget updates older than the window; returns how many."""
    result = await session.execute(
        delete(HandledUpdate).where(HandledUpdate.handled_at < now - KEEP_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)
