"""Repository for interviews registered before they happen (/upcoming) and their cancellation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.applications import open_application_for
from storage.claims import UNCLAIMED
from storage.interviews import next_round_number
from storage.models import (
    OPEN_FOLLOW_UP_STATUSES,
    ApplicationStatus,
    FollowUp,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
)


async def register_upcoming(
    session: AsyncSession,
    *,
    user_id: int,
    company: str,
    role: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str | None = None,
) -> Interview:
    """Store an upcoming interview as the next round of the open application, or a new one.

    `timezone` is the zone the time was entered in (the user's at the time), for the export.
    """
    application = await open_application_for(session, user_id=user_id, company=company, role=role)
    interview = Interview(
        application=application,
        round_number=await next_round_number(session, application_id=application.id),
        status=InterviewStatus.UPCOMING,
        held_at=starts_at,
        timezone=timezone,
        duration_minutes=duration_minutes,
    )
    session.add(interview)
    await session.flush()
    return interview


@dataclass(frozen=True, slots=True)
class CancelledInterview:
    """What a cancellation changed, for the reply."""

    company: str
    role: str
    held_at: dt.datetime
    follow_ups_cancelled: int
    application_closed: bool


async def cancel_upcoming(
    session: AsyncSession, *, user_id: int, interview_id: int, now: dt.datetime
) -> CancelledInterview | None:
    """Cancel the user's upcoming interview and its reminders; None if not theirs or not upcoming.

    An application that existed only for this registration (no other interview, held or
    upcoming) is closed as withdrawn, so /list does not keep an empty application open.
    """
    interview = (
        await session.scalars(
            select(Interview)
            .join(JobApplication)
            .where(
                Interview.id == interview_id,
                Interview.status == InterviewStatus.UPCOMING,
                JobApplication.user_id == user_id,
            )
        )
    ).one_or_none()
    if interview is None:
        return None
    application = await session.get(JobApplication, interview.application_id)
    assert application is not None
    interview.status = InterviewStatus.CANCELLED
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.user_id == user_id,
            FollowUp.interview_id == interview.id,
            FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES),
        )
        .values(status=FollowUpStatus.CANCELLED, **UNCLAIMED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    others = await session.scalar(
        select(func.count())
        .select_from(Interview)
        .where(
            Interview.application_id == application.id,
            Interview.id != interview.id,
            Interview.status.in_([InterviewStatus.HELD, InterviewStatus.UPCOMING]),
        )
    )
    closed = not others and application.status == ApplicationStatus.OPEN
    if closed:
        application.status = ApplicationStatus.WITHDRAWN
    await session.flush()
    return CancelledInterview(
        company=application.company,
        role=application.role,
        held_at=interview.held_at,
        follow_ups_cancelled=int(result.rowcount),  # type: ignore[attr-defined]
        application_closed=closed,
    )
