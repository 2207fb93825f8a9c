"""Users, interviews and follow-ups written straight through the storage layer, for nudge tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import follow_ups, interviews, users
from storage.interviews import InterviewerInput
from storage.models import FollowUp, FollowUpKind

# A Wednesday, noon UTC (13:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)

BO = InterviewerInput(
    name="Bo Smith", title="Engineering Manager", contact="bo@acme.example", topics="on-call"
)


@dataclass(frozen=True, slots=True)
class Seeded:
    """One user's application, interview and interviewers."""

    user_id: int
    application_id: int
    interview_id: int
    interviewer_ids: tuple[int, ...]


async def seed_interview(
    db: async_sessionmaker[AsyncSession],
    *,
    user_id: int = 1001,
    company: str = "Acme",
    role: str = "SRE",
    held_at: dt.datetime = NOW - dt.timedelta(hours=3),
    interviewers: Sequence[InterviewerInput] = (BO,),
    timezone: str = "Europe/Berlin",
    nudge_hour: int = 9,
    pitch: str | None = "8 years of Python",
) -> Seeded:
    """An onboarded user (created if new) with one held interview."""
    async with db.begin() as session:
        if await users.get_user(session, user_id=user_id) is None:
            await users.create_or_update_user(
                session,
                user_id=user_id,
                chat_id=user_id,
                sign_name="Ana",
                timezone=timezone,
                nudge_hour=nudge_hour,
            )
        interview = await interviews.save_interview(
            session,
            user_id=user_id,
            company=company,
            role=role,
            held_at=held_at,
            interviewers=interviewers,
            pitch=pitch,
            timeline_text="2 weeks",
            timeline_date=None,
            timeline_asked=True,
        )
        return Seeded(
            user_id=user_id,
            application_id=interview.application_id,
            interview_id=interview.id,
            interviewer_ids=tuple(person.id for person in interview.interviewers),
        )


async def add_follow_up(
    db: async_sessionmaker[AsyncSession],
    seeded: Seeded,
    kind: FollowUpKind = FollowUpKind.THANK_YOU,
    *,
    due_at: dt.datetime = NOW,
    interviewer: int | None = 0,
    no_answer_count: int = 0,
) -> int:
    """Schedule one follow-up; `interviewer` is an index into the seeded interviewers."""
    async with db.begin() as session:
        row = await follow_ups.schedule(
            session,
            user_id=seeded.user_id,
            application_id=seeded.application_id,
            interview_id=seeded.interview_id,
            interviewer_id=None if interviewer is None else seeded.interviewer_ids[interviewer],
            kind=kind,
            due_at=due_at,
            no_answer_count=no_answer_count,
        )
        return row.id


async def get_row(db: async_sessionmaker[AsyncSession], follow_up_id: int) -> FollowUp:
    async with db() as session:
        row = await session.get(FollowUp, follow_up_id)
        assert row is not None
        return row


async def all_rows(db: async_sessionmaker[AsyncSession]) -> list[FollowUp]:
    async with db() as session:
        return list((await session.scalars(select(FollowUp).order_by(FollowUp.id))).all())
