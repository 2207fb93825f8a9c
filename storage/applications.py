"""Repository for job applications: found or opened by company and role, closed, reopened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage import follow_ups
from storage.models import (
    ApplicationStatus,
    Interview,
    JobApplication,
)


def _same_text(column: object, value: str):  # type: ignore[no-untyped-def]
    return func.lower(func.trim(column)) == value.strip().lower()


async def find_open_application(
    session: AsyncSession, *, user_id: int, company: str, role: str
) -> JobApplication | None:
    """The user's open application for this company and role (case-insensitive), if any."""
    return (
        await session.scalars(
            select(JobApplication)
            .where(
                JobApplication.user_id == user_id,
                JobApplication.status == ApplicationStatus.OPEN,
                _same_text(JobApplication.company, company),
                _same_text(JobApplication.role, role),
            )
            .order_by(JobApplication.id.desc())
            .limit(1)
        )
    ).one_or_none()


async def open_application_for(
    session: AsyncSession, *, user_id: int, company: str, role: str
) -> JobApplication:
    """The user's open application for this company and role, created if there is none."""
    application = await find_open_application(session, user_id=user_id, company=company, role=role)
    if application is None:
        application = JobApplication(user_id=user_id, company=company, role=role)
        session.add(application)
        await session.flush()
    return application


async def get_application(
    session: AsyncSession, *, application_id: int, user_id: int
) -> JobApplication | None:
    """One of the user's applications with its interviews and interviewers; None if not theirs."""
    return (
        await session.scalars(
            select(JobApplication)
            .where(JobApplication.id == application_id, JobApplication.user_id == user_id)
            .options(selectinload(JobApplication.interviews).selectinload(Interview.interviewers))
        )
    ).one_or_none()


async def close(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int,
    status: ApplicationStatus,
    now: dt.datetime,
) -> int | None:
    """Close an open application of the user's with `status`; cancel what is pending for it.

    A conditional UPDATE, so of two taps racing to close it only one acts. Returns how many
    follow-ups it cancelled; None when the application is not the user's or not open.
    """
    result = await session.execute(
        update(JobApplication)
        .where(
            JobApplication.id == application_id,
            JobApplication.user_id == user_id,
            JobApplication.status == ApplicationStatus.OPEN,
        )
        .values(status=status, closed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    return await follow_ups.cancel_open(
        session, user_id=user_id, application_id=application_id, now=now, remember=True
    )


async def reopen(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int,
    closed_since: dt.datetime,
    now: dt.datetime,
) -> int | None:
    """Undo a close of `closed_since` or later: open again, its follow-ups as they were.

    Returns how many follow-ups came back; None when it is not the user's, not closed, or
    closed before `closed_since`. Conditional, so a double tap acts once.
    """
    result = await session.execute(
        update(JobApplication)
        .where(
            JobApplication.id == application_id,
            JobApplication.user_id == user_id,
            JobApplication.status != ApplicationStatus.OPEN,
            JobApplication.closed_at >= closed_since,
        )
        .values(status=ApplicationStatus.OPEN, closed_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    return await follow_ups.restore_closed(
        session, user_id=user_id, application_id=application_id, now=now
    )


async def list_open_applications(
    session: AsyncSession, *, user_id: int
) -> Sequence[JobApplication]:
    """The user's open applications, most recently changed first, with their interviews."""
    return (
        await session.scalars(
            select(JobApplication)
            .where(
                JobApplication.user_id == user_id,
                JobApplication.status == ApplicationStatus.OPEN,
            )
            .options(selectinload(JobApplication.interviews))
            .order_by(JobApplication.updated_at.desc(), JobApplication.id.desc())
        )
    ).all()


