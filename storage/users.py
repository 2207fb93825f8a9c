"""Repository for users: onboarding, settings, blocking and erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.claims import UNCLAIMED
from storage.models import (
    FollowUp,
    FollowUpStatus,
    HandledUpdate,
    HeldUpdate,
    OutgoingReply,
    User,
    utcnow,
)


async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    """The user with this Telegram id, if they finished onboarding."""
    return await session.get(User, user_id)


async def create_or_update_user(
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    sign_name: str,
    timezone: str,
    nudge_hour: int,
    nudge_minute: int = 0,
) -> User:
    """Store onboarding answers; an existing user keeps everything else they had."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id,
            chat_id=chat_id,
            sign_name=sign_name,
            timezone=timezone,
            nudge_hour=nudge_hour,
            nudge_minute=nudge_minute,
            active=True,
        )
        session.add(user)
    else:
        user.chat_id = chat_id
        user.sign_name = sign_name
        user.timezone = timezone
        user.nudge_hour = nudge_hour
        user.nudge_minute = nudge_minute
    await session.flush()
    return user


async def update_settings(
    session: AsyncSession,
    *,
    user_id: int,
    sign_name: str | None = None,
    timezone: str | None = None,
    nudge_hour: int | None = None,
    nudge_minute: int | None = None,
    call_hour: int | None = None,
    default_wait_days: int | None = None,
    phone: str | None = None,
    clear_phone: bool = False,
    last_pitch: str | None = None,
) -> User | None:
    """Change the given settings of one user; None leaves a field as it is (clear_phone clears)."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    if sign_name is not None:
        user.sign_name = sign_name
    if timezone is not None:
        user.timezone = timezone
    if nudge_hour is not None:
        user.nudge_hour = nudge_hour
    if nudge_minute is not None:
        user.nudge_minute = nudge_minute
    if call_hour is not None:
        user.call_hour = call_hour
    if default_wait_days is not None:
        user.default_wait_days = default_wait_days
    if phone is not None:
        user.phone = phone
    elif clear_phone:
        user.phone = None
    if last_pitch is not None:
        user.last_pitch = last_pitch
    await session.flush()
    return user


async def mark_blocked(session: AsyncSession, *, user_id: int) -> int:
    """The user blocked the bot: mark them inactive and pause what is pending. Returns how many."""
    await session.execute(update(User).where(User.id == user_id).values(active=False))
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.user_id == user_id,
            FollowUp.status.in_([FollowUpStatus.PENDING, FollowUpStatus.SENDING]),
        )
        .values(
            status=FollowUpStatus.PAUSED,
            **UNCLAIMED,
            updated_at=utcnow(),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def reactivate(session: AsyncSession, *, user_id: int, now: dt.datetime) -> int:
    """The user came back: what waited for them is due again (overdue, it goes out now).

    Paused follow-ups (they blocked the bot, or their chat was not found), and those that
    failed because Telegram did not find their chat. Returns how many.
    """
    user = await session.get(User, user_id)
    if user is None:
        return 0
    user.active = True
    paused = (
        await session.scalars(
            select(FollowUp).where(
                FollowUp.user_id == user_id,
                or_(
                    FollowUp.status == FollowUpStatus.PAUSED,
                    and_(
                        FollowUp.status == FollowUpStatus.FAILED,
                        FollowUp.last_error.ilike("%chat not found%"),
                    ),
                ),
            )
        )
    ).all()
    for follow_up in paused:
        follow_up.status = FollowUpStatus.PENDING
        follow_up.due_at = max(follow_up.due_at, now)
        # Late because the user was away, not because Telegram was: its message says nothing.
        follow_up.waiting_since = None
    await session.flush()
    return len(paused)


async def delete_user(session: AsyncSession, *, user_id: int) -> bool:
    """Erase the user and, by cascade, every row of theirs. True if there was one.

    The raw updates they sent that were held (storage/updates.py) go too, and the replies
    to them not made yet (storage/replies.py). Not the updates still waiting to be handled,
    sent after this one: they run next, and are forgotten once handled like any other.
    """
    held = await session.execute(
        select(HeldUpdate.update_id, HeldUpdate.data).where(
            HeldUpdate.update_id.in_(select(HandledUpdate.update_id))
        )
    )
    theirs = [update_id for update_id, data in held if _sent_by(data, user_id)]
    if theirs:
        await session.execute(delete(HeldUpdate).where(HeldUpdate.update_id.in_(theirs)))
    # This update's own replies are stored after it, so its answer still goes out.
    await session.execute(
        delete(OutgoingReply).where(
            or_(OutgoingReply.user_id == user_id, OutgoingReply.chat_id == user_id)
        )
    )
    result = await session.execute(delete(User).where(User.id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _sent_by(update: Any, user_id: int) -> bool:
    """True when a raw update (Telegram's JSON) comes from this user or their chat."""
    if not isinstance(update, dict):
        return False
    for body in update.values():  # "message", "callback_query", ...: one per update
        if not isinstance(body, dict):
            continue
        for who in ("from", "chat", "user"):
            person = body.get(who)
            if isinstance(person, dict) and person.get("id") == user_id:
                return True
    return False
