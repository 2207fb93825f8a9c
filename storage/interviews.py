"""Repository for interviews and their interviewers: held rounds saved and edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.applications import open_application_for
from storage.models import (
    Interview,
    Interviewer,
    InterviewStatus,
    JobApplication,
)


@dataclass(frozen=True, slots=True)
class InterviewerInput:
    """One interviewer as the debrief collected them."""

    name: str
    title: str | None = None
    contact: str | None = None
    topics: str | None = None
    # The talking points as the user approved them, as JSON (bot/domain/reading/points.py).
    points: list[dict[str, Any]] | None = None


async def next_round_number(session: AsyncSession, *, application_id: int) -> int:
    """The round a new interview of this application would be."""
    highest = await session.scalar(
        select(func.max(Interview.round_number)).where(
            Interview.application_id == application_id,
            Interview.status == InterviewStatus.HELD,
        )
    )
    return int(highest or 0) + 1


async def save_interview(
    session: AsyncSession,
    *,
    user_id: int,
    company: str,
    role: str,
    held_at: dt.datetime,
    interviewers: Sequence[InterviewerInput],
    pitch: str | None,
    timeline_text: str | None,
    timeline_date: dt.date | None,
    timeline_asked: bool,
    upcoming_interview_id: int | None = None,
    timezone: str | None = None,
) -> Interview:
    """Store a held interview as the next round of the open application, or a new one.

    `timezone` is the zone the time was entered in (the user's at the time), for the export.

    A debrief started from a registered upcoming interview replaces that registration
    (its reminders go with it), so the application's history has no stray upcoming round.
    """
    if upcoming_interview_id is not None:
        await _drop_upcoming(session, user_id=user_id, interview_id=upcoming_interview_id)
    application = await open_application_for(session, user_id=user_id, company=company, role=role)
    if upcoming_interview_id is None:
        # Debriefed with /new rather than its button: the registration is the same event.
        await _drop_matching_upcoming(session, application_id=application.id, held_at=held_at)
    round_number = await next_round_number(session, application_id=application.id)
    interview = Interview(
        application=application,
        round_number=round_number,
        status=InterviewStatus.HELD,
        held_at=held_at,
        timezone=timezone,
        pitch=pitch,
        timeline_text=timeline_text,
        timeline_date=timeline_date,
        timeline_asked=timeline_asked,
        interviewers=[
            Interviewer(
                position=index,
                name=person.name,
                title=person.title,
                contact=person.contact,
                topics=person.topics,
                points=person.points,
            )
            for index, person in enumerate(interviewers)
        ],
    )
    session.add(interview)
    await session.flush()
    return interview


async def _drop_matching_upcoming(
    session: AsyncSession, *, application_id: int, held_at: dt.datetime
) -> None:
    """Delete a registration of this application within a day of the held interview."""
    window = dt.timedelta(hours=24)
    matching = (
        await session.scalars(
            select(Interview).where(
                Interview.application_id == application_id,
                Interview.status == InterviewStatus.UPCOMING,
                Interview.held_at.between(held_at - window, held_at + window),
            )
        )
    ).all()
    for upcoming in matching:
        await session.delete(upcoming)
    await session.flush()


async def _drop_upcoming(session: AsyncSession, *, user_id: int, interview_id: int) -> None:
    """Delete the user's upcoming-interview registration; its reminders cascade with it."""
    upcoming = await get_upcoming(session, interview_id=interview_id, user_id=user_id)
    if upcoming is not None:
        await session.delete(upcoming)
        await session.flush()


async def get_upcoming(
    session: AsyncSession, *, interview_id: int, user_id: int
) -> Interview | None:
    """The user's registered upcoming interview, with its application; None if not theirs."""
    return (
        await session.scalars(
            select(Interview)
            .join(JobApplication)
            .where(
                Interview.id == interview_id,
                Interview.status == InterviewStatus.UPCOMING,
                JobApplication.user_id == user_id,
            )
            .options(selectinload(Interview.application))
        )
    ).one_or_none()


async def get_held_interview(
    session: AsyncSession, *, interview_id: int, user_id: int
) -> Interview | None:
    """The user's held interview with its application and interviewers; None if not theirs."""
    return (
        await session.scalars(
            select(Interview)
            .join(JobApplication)
            .where(
                Interview.id == interview_id,
                Interview.status == InterviewStatus.HELD,
                JobApplication.user_id == user_id,
            )
            .options(selectinload(Interview.application), selectinload(Interview.interviewers))
        )
    ).one_or_none()


@dataclass(frozen=True, slots=True)
class SavedPerson:
    """An interviewer of an edited interview: `id` is the stored one, None for a new person."""

    id: int | None
    details: InterviewerInput


@dataclass(frozen=True, slots=True)
class InterviewChanges:
    """What an edit of a saved interview changed that its follow-ups must follow."""

    interview: Interview
    added: list[Interviewer]
    removed_ids: list[int]
    moved: bool  # the interview time or the timeline changed


async def update_interview(
    session: AsyncSession,
    *,
    interview: Interview,
    company: str,
    role: str,
    held_at: dt.datetime,
    people: Sequence[SavedPerson],
    pitch: str | None,
    timeline_text: str | None,
    timeline_date: dt.date | None,
    timeline_asked: bool,
    timezone: str,
) -> InterviewChanges:
    """Write an edited debrief over the saved interview (loaded by get_held_interview).

    A new interview time was entered in `timezone` (the user's now), and keeps it.

    Interviewers keep their rows (and so their follow-ups) by id; new ones are added, and
    those left out are deleted with their follow-ups. Company and role are the
    application's, so they change for every round.
    """
    application = interview.application
    application.company, application.role = company, role
    moved = (
        interview.held_at != held_at
        or interview.timeline_date != timeline_date
        or interview.timeline_asked != timeline_asked
    )
    if interview.held_at != held_at:
        interview.held_at, interview.timezone = held_at, timezone
    interview.pitch = pitch
    interview.timeline_text = timeline_text
    interview.timeline_date = timeline_date
    interview.timeline_asked = timeline_asked
    stored = {person.id: person for person in interview.interviewers}
    kept_ids = {person.id for person in people if person.id in stored}
    removed = [person for person in interview.interviewers if person.id not in kept_ids]
    added: list[Interviewer] = []
    for position, person in enumerate(people):
        row = stored.get(person.id) if person.id is not None else None
        if row is None:
            row = Interviewer(interview_id=interview.id)
            added.append(row)
            session.add(row)
        row.position = position
        row.name = person.details.name
        row.title = person.details.title
        row.contact = person.details.contact
        row.topics = person.details.topics
        row.points = person.details.points
    for row in removed:
        await session.delete(row)
    await session.flush()
    await session.refresh(interview, ["interviewers"])
    return InterviewChanges(
        interview=interview,
        added=added,
        removed_ids=[row.id for row in removed],
        moved=moved,
    )


async def add_interviewer_points(
    session: AsyncSession,
    *,
    user_id: int,
    interviewer_id: int,
    topics: str,
    points: list[dict[str, Any]],
) -> bool:
    """Topics the user added after the debrief, and the talking points that now stand; False
    when the interviewer is not one of the user's."""
    owner = (
        select(JobApplication.user_id)
        .join(Interview, Interview.application_id == JobApplication.id)
        .where(Interview.id == Interviewer.interview_id)
        .scalar_subquery()
    )
    result = await session.execute(
        update(Interviewer)
        .where(Interviewer.id == interviewer_id, owner == user_id)
        .values(topics=topics, points=points)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))
