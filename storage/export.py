"""Repository reads behind /export: everything a user has stored, loaded in a few queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import FOLLOW_UP_RENDERED_WITH, FollowUp, Interview, JobApplication


@dataclass(frozen=True, slots=True)
class UserRecords:
    """A user's applications (with interviews and interviewers) and all their follow-ups."""

    applications: Sequence[JobApplication]
    follow_ups: Sequence[FollowUp]


async def load_user_records(session: AsyncSession, *, user_id: int) -> UserRecords:
    """Every application, interview, interviewer and follow-up of one user, oldest first."""
    applications = (
        await session.scalars(
            select(JobApplication)
            .where(JobApplication.user_id == user_id)
            .options(selectinload(JobApplication.interviews).selectinload(Interview.interviewers))
            .order_by(JobApplication.created_at, JobApplication.id)
        )
    ).all()
    follow_ups = (
        await session.scalars(
            select(FollowUp)
            .where(FollowUp.user_id == user_id)
            # Drafting a delivered note again (bot/follow_ups/as_sent.py) renders it.
            .options(*FOLLOW_UP_RENDERED_WITH)
            .order_by(FollowUp.due_at, FollowUp.id)
        )
    ).all()
    return UserRecords(applications=applications, follow_ups=follow_ups)
