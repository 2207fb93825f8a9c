"""Storage for ALLOWED_USERS: the users on record, and what a refused update may leave."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HeldUpdate, User


async def count_users(session: AsyncSession) -> int:
    """How many users finished onboarding (for the start-up line)."""
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def active_users(session: AsyncSession) -> list[tuple[int, int]]:
    """(user id, chat id) of every user whose follow-ups are not paused."""
    rows = await session.execute(select(User.id, User.chat_id).where(User.active.is_(True)))
    return [(user_id, chat_id) for user_id, chat_id in rows]


async def forget_held(session: AsyncSession, *, update_id: int) -> None:
    """Drop the raw update kept while it waited (it carries what a refused stranger typed)."""
    await session.execute(delete(HeldUpdate).where(HeldUpdate.update_id == update_id))
