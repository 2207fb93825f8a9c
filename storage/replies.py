"""The outbox of replies: an update's Bot API calls, written with its commit, deleted once made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutgoingReply


async def add(
    session: AsyncSession,
    *,
    update_id: int,
    chat_id: int,
    user_id: int | None,
    calls: Sequence[tuple[str, str, dict[str, Any], dict[str, Any]]],
    at: dt.datetime,
) -> list[int]:
    """Store an update's calls (channel, method, params, files), in order; their ids."""
    rows = [
        OutgoingReply(
            update_id=update_id,
            chat_id=chat_id,
            user_id=user_id,
            channel=channel,
            method=method,
            params=params,
            files=files,
            created_at=at,
        )
        for channel, method, params, files in calls
    ]
    session.add_all(rows)
    await session.flush()
    return [row.id for row in rows]


async def settle(
    session: AsyncSession, *, done: Sequence[int], given_up: Sequence[int], at: dt.datetime
) -> None:
    """Forget the calls made (or refused for good); keep those given up on, marked."""
    if done:
        await session.execute(delete(OutgoingReply).where(OutgoingReply.id.in_(done)))
    if given_up:
        await session.execute(
            update(OutgoingReply).where(OutgoingReply.id.in_(given_up)).values(given_up_at=at)
        )


async def unsent(session: AsyncSession, *, update_id: int | None = None) -> list[OutgoingReply]:
    """The calls committed but not made (a crash came first), of one update or of all;
    oldest first."""
    query = select(OutgoingReply).where(OutgoingReply.given_up_at.is_(None))
    if update_id is not None:
        query = query.where(OutgoingReply.update_id == update_id)
    return list(await session.scalars(query.order_by(OutgoingReply.id)))


async def chats_given_up(session: AsyncSession) -> set[int]:
    """The chats with calls given up on."""
    rows = await session.scalars(
        select(OutgoingReply.chat_id).where(OutgoingReply.given_up_at.is_not(None)).distinct()
    )
    return set(rows)


async def take_given_up(session: AsyncSession, *, chat_id: int) -> int:
    """Forget the calls to this chat that were given up on; how many there were."""
    result = await session.execute(
        delete(OutgoingReply).where(
            OutgoingReply.chat_id == chat_id, OutgoingReply.given_up_at.is_not(None)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
