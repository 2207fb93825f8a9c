"""Repository for follow-ups: scheduling, claiming with a lease, and recording what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OPEN_FOLLOW_UP_STATUSES,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    utcnow,
)


async def schedule(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int,
    kind: FollowUpKind,
    due_at: dt.datetime,
    interview_id: int | None = None,
    interviewer_id: int | None = None,
    no_answer_count: int = 0,
) -> FollowUp:
    """Add one pending follow-up."""
    follow_up = FollowUp(
        user_id=user_id,
        application_id=application_id,
        interview_id=interview_id,
        interviewer_id=interviewer_id,
        kind=kind,
        status=FollowUpStatus.PENDING,
        due_at=due_at,
        no_answer_count=no_answer_count,
    )
    session.add(follow_up)
    await session.flush()
    return follow_up


def _claimable(now: dt.datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(FollowUp.status == FollowUpStatus.PENDING, FollowUp.due_at <= now),
        # A claim whose lease ran out belongs to a dispatcher that died: take it again.
        and_(FollowUp.status == FollowUpStatus.SENDING, FollowUp.lease_expires_at <= now),
    )


async def claim_due(
    session: AsyncSession,
    *,
    worker: str,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> list[int]:
    """Claim up to `limit` due follow-ups for `worker`, oldest first; returns their ids.

    One statement: on PostgreSQL the subquery locks its rows with SKIP LOCKED, so two
    dispatchers never claim the same row; SQLite serialises writers.
    """
    due_ids = (
        select(FollowUp.id)
        .where(_claimable(now))
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    result = await session.execute(
        update(FollowUp)
        .where(FollowUp.id.in_(due_ids), _claimable(now))
        .values(
            status=FollowUpStatus.SENDING,
            claimed_by=worker,
            lease_expires_at=now + lease,
            attempts=FollowUp.attempts + 1,
            updated_at=now,
        )
        .returning(FollowUp.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars().all())


async def get_claimed(
    session: AsyncSession, *, worker: str, ids: Iterable[int]
) -> Sequence[FollowUp]:
    """The follow-ups among `ids` that `worker` still holds."""
    return (
        await session.scalars(
            select(FollowUp)
            .where(
                FollowUp.id.in_(list(ids)),
                FollowUp.claimed_by == worker,
                FollowUp.status == FollowUpStatus.SENDING,
            )
            .order_by(FollowUp.due_at, FollowUp.id)
        )
    ).all()


async def mark_sent(
    session: AsyncSession,
    *,
    follow_up_id: int,
    worker: str,
    message_id: int | None,
    now: dt.datetime,
    status: FollowUpStatus = FollowUpStatus.SENT,
) -> bool:
    """Record delivery of a claimed follow-up. False if the claim was lost meanwhile."""
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.claimed_by == worker,
            FollowUp.status == FollowUpStatus.SENDING,
        )
        .values(
            status=status,
            sent_message_id=message_id,
            sent_at=now,
            claimed_by=None,
            lease_expires_at=None,
            last_error=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(
    session: AsyncSession,
    *,
    follow_up_id: int,
    worker: str,
    due_at: dt.datetime,
    error: str | None = None,
) -> bool:
    """Give a claimed follow-up back, due again at `due_at` (after a rate limit or an error)."""
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.claimed_by == worker,
            FollowUp.status == FollowUpStatus.SENDING,
        )
        .values(
            status=FollowUpStatus.PENDING,
            due_at=due_at,
            claimed_by=None,
            lease_expires_at=None,
            last_error=error[:500] if error else None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release_all(session: AsyncSession, *, worker: str) -> int:
    """Give back every claim of `worker` (graceful shutdown), due as they were."""
    result = await session.execute(
        update(FollowUp)
        .where(FollowUp.claimed_by == worker, FollowUp.status == FollowUpStatus.SENDING)
        .values(
            status=FollowUpStatus.PENDING,
            claimed_by=None,
            lease_expires_at=None,
            attempts=FollowUp.attempts - 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def mark_failed(session: AsyncSession, *, follow_up_id: int, worker: str, error: str) -> bool:
    """Give up on a claimed follow-up after bounded retries."""
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.claimed_by == worker,
            FollowUp.status == FollowUpStatus.SENDING,
        )
        .values(
            status=FollowUpStatus.FAILED,
            claimed_by=None,
            lease_expires_at=None,
            last_error=error[:500],
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_owned(session: AsyncSession, *, follow_up_id: int, user_id: int) -> FollowUp | None:
    """The follow-up if it belongs to `user_id`; None for anyone else's (forged buttons)."""
    return (
        await session.scalars(
            select(FollowUp).where(FollowUp.id == follow_up_id, FollowUp.user_id == user_id)
        )
    ).one_or_none()


async def transition(
    session: AsyncSession,
    *,
    follow_up_id: int,
    user_id: int,
    from_statuses: Iterable[FollowUpStatus],
    to_status: FollowUpStatus,
    now: dt.datetime,
) -> bool:
    """Move one of the user's follow-ups to `to_status` if it is in `from_statuses`.

    A conditional UPDATE, so of two taps racing on one button only one acts.
    """
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_(list(from_statuses)),
        )
        .values(
            status=to_status,
            acted_at=now,
            claimed_by=None,
            lease_expires_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def reschedule(
    session: AsyncSession,
    *,
    follow_up_id: int,
    user_id: int,
    due_at: dt.datetime,
    now: dt.datetime,
) -> bool:
    """Make an open follow-up of the user's due again at `due_at` (snooze, remind me later)."""
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_([FollowUpStatus.PENDING, FollowUpStatus.SENT]),
        )
        .values(
            status=FollowUpStatus.PENDING,
            due_at=due_at,
            claimed_by=None,
            lease_expires_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_open(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int | None = None,
    interviewer_id: int | None = None,
    kinds: Iterable[FollowUpKind] | None = None,
    except_id: int | None = None,
    now: dt.datetime,
) -> int:
    """Cancel the user's open follow-ups, narrowed by application, interviewer and kind."""
    statement = update(FollowUp).where(
        FollowUp.user_id == user_id, FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES)
    )
    if application_id is not None:
        statement = statement.where(FollowUp.application_id == application_id)
    if interviewer_id is not None:
        statement = statement.where(FollowUp.interviewer_id == interviewer_id)
    if kinds is not None:
        statement = statement.where(FollowUp.kind.in_(list(kinds)))
    if except_id is not None:
        statement = statement.where(FollowUp.id != except_id)
    result = await session.execute(
        statement.values(
            status=FollowUpStatus.CANCELLED,
            claimed_by=None,
            lease_expires_at=None,
            updated_at=now,
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
