"""Repository reads behind /list: open applications by page, next steps, upcoming interviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import (
    OPEN_FOLLOW_UP_STATUSES,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
)


async def count_open_applications(session: AsyncSession, *, user_id: int) -> int:
    """How many applications of the user are still open."""
    total = await session.scalar(
        select(func.count())
        .select_from(JobApplication)
        .where(JobApplication.user_id == user_id, JobApplication.status == ApplicationStatus.OPEN)
    )
    return int(total or 0)


async def open_applications_page(
    session: AsyncSession, *, user_id: int, offset: int, limit: int
) -> Sequence[JobApplication]:
    """One page of the user's open applications, newest first, with interviews and people."""
    return (
        await session.scalars(
            select(JobApplication)
            .where(
                JobApplication.user_id == user_id, JobApplication.status == ApplicationStatus.OPEN
            )
            .options(selectinload(JobApplication.interviews).selectinload(Interview.interviewers))
            .order_by(JobApplication.created_at.desc(), JobApplication.id.desc())
            .offset(offset)
            .limit(limit)
        )
    ).all()


async def next_follow_ups(
    session: AsyncSession, *, user_id: int, application_ids: Iterable[int]
) -> dict[int, FollowUp]:
    """Each application's next step: the earliest open follow-up (those with none are absent).

    A delivered follow-up still waiting for the user's tap counts; a delivered checklist
    asks nothing of the user and does not.
    """
    ids = list(application_ids)
    if not ids:
        return {}
    rows = (
        await session.scalars(
            select(FollowUp)
            .where(
                FollowUp.user_id == user_id,
                FollowUp.application_id.in_(ids),
                FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES),
                ~(
                    (FollowUp.kind == FollowUpKind.CHECKLIST)
                    & (FollowUp.status == FollowUpStatus.SENT)
                ),
            )
            .options(selectinload(FollowUp.interviewer))
            .order_by(FollowUp.due_at, FollowUp.id)
        )
    ).all()
    earliest: dict[int, FollowUp] = {}
    for row in rows:
        earliest.setdefault(row.application_id, row)
    return earliest


async def upcoming_interviews(session: AsyncSession, *, user_id: int) -> Sequence[Interview]:
    """The user's registered interviews not yet debriefed, soonest first, with applications."""
    return (
        await session.scalars(
            select(Interview)
            .join(JobApplication)
            .where(
                JobApplication.user_id == user_id,
                JobApplication.status == ApplicationStatus.OPEN,
                Interview.status == InterviewStatus.UPCOMING,
            )
            .options(selectinload(Interview.application))
            .order_by(Interview.held_at, Interview.id)
        )
    ).all()


async def open_follow_ups(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int | None = None,
    kinds: Iterable[FollowUpKind] | None = None,
    statuses: Iterable[FollowUpStatus] = OPEN_FOLLOW_UP_STATUSES,
    due_after: dt.datetime | None = None,
) -> Sequence[FollowUp]:
    """The user's follow-ups in `statuses`, soonest first, with the people and interview loaded."""
    statement = select(FollowUp).where(
        FollowUp.user_id == user_id, FollowUp.status.in_(list(statuses))
    )
    if application_id is not None:
        statement = statement.where(FollowUp.application_id == application_id)
    if kinds is not None:
        statement = statement.where(FollowUp.kind.in_(list(kinds)))
    if due_after is not None:
        statement = statement.where(FollowUp.due_at > due_after)
    return (
        await session.scalars(
            statement.options(
                selectinload(FollowUp.interviewer),
                selectinload(FollowUp.interview),
                selectinload(FollowUp.application),
            ).order_by(FollowUp.due_at, FollowUp.id)
        )
    ).all()
