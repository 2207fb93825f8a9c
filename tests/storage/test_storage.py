"""The repository layer on SQLite and PostgreSQL: users, cascades, claims, transitions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import claims, follow_ups, users
from storage.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    Interviewer,
    JobApplication,
    User,
)

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=2)


async def _user_with_application(
    sessions: async_sessionmaker[AsyncSession], user_id: int = 1001
) -> tuple[int, int, int]:
    async with sessions.begin() as session:
        await users.create_or_update_user(
            session,
            user_id=user_id,
            chat_id=user_id,
            sign_name="Ana",
            timezone="Europe/Berlin",
            nudge_hour=9,
        )
        application = JobApplication(user_id=user_id, company="Acme", role="SRE")
        interview = Interview(application=application, held_at=NOW - dt.timedelta(hours=3))
        interviewer = Interviewer(interview=interview, name="Bo", topics="on-call")
        session.add_all([application, interview, interviewer])
        await session.flush()
        return application.id, interview.id, interviewer.id


async def test_timestamps_come_back_aware_in_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _user_with_application(sessions)
    async with sessions() as session:
        interview = (await session.scalars(select(Interview))).one()
    assert interview.held_at == NOW - dt.timedelta(hours=3)
    assert interview.held_at.tzinfo is not None
    assert interview.held_at.utcoffset() == dt.timedelta(0)


async def test_onboarding_again_keeps_the_user_and_their_data(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    application_id, _, _ = await _user_with_application(sessions)
    async with sessions.begin() as session:
        await users.create_or_update_user(
            session, user_id=1001, chat_id=1001, sign_name="Ana B.", timezone="UTC", nudge_hour=8
        )
    async with sessions() as session:
        user = await users.get_user(session, user_id=1001)
        assert user is not None
        assert (user.sign_name, user.timezone, user.nudge_hour) == ("Ana B.", "UTC", 8)
        assert await session.get(JobApplication, application_id) is not None


async def test_deleting_a_user_deletes_everything_of_theirs(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    application_id, interview_id, interviewer_id = await _user_with_application(sessions)
    await _user_with_application(sessions, user_id=2002)
    async with sessions.begin() as session:
        await follow_ups.schedule(
            session,
            user_id=1001,
            application_id=application_id,
            interview_id=interview_id,
            interviewer_id=interviewer_id,
            kind=FollowUpKind.THANK_YOU,
            due_at=NOW,
        )
        assert await users.delete_user(session, user_id=1001)
    async with sessions() as session:
        for model in (JobApplication, Interview, Interviewer, FollowUp):
            owned = await session.scalar(select(func.count()).select_from(model))
            assert owned == (0 if model is FollowUp else 1), model.__name__


async def test_a_relationship_no_query_loaded_fails_at_once_naming_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    application_id, interview_id, interviewer_id = await _user_with_application(sessions)
    async with sessions.begin() as session:
        row = await follow_ups.schedule(
            session,
            user_id=1001,
            application_id=application_id,
            interview_id=interview_id,
            interviewer_id=interviewer_id,
            kind=FollowUpKind.THANK_YOU,
            due_at=NOW,
        )
    async with sessions() as session:
        bare = await session.get(FollowUp, row.id)
        assert bare is not None
        # Refused even when the user is at hand in the session: no query asked for it.
        assert await session.get(User, 1001) is not None
        with pytest.raises(InvalidRequestError, match=r"FollowUp\.user"):
            _ = bare.user
    async with sessions() as session:
        shown = await follow_ups.load_follow_up(session, follow_up_id=row.id)
    assert shown is not None
    assert shown.user.sign_name == "Ana"
    assert shown.interviewer is not None
    assert shown.interviewer.name == "Bo"
    assert shown.interview is not None
    assert [person.name for person in shown.interview.interviewers] == ["Bo"]
    assert [interview.id for interview in shown.application.interviews] == [interview_id]
    assert [p.name for p in shown.application.interviews[0].interviewers] == ["Bo"]


async def _schedule_many(
    sessions: async_sessionmaker[AsyncSession], count: int, due_at: dt.datetime = NOW
) -> None:
    application_id, interview_id, _ = await _user_with_application(sessions)
    async with sessions.begin() as session:
        session.add_all(
            FollowUp(
                user_id=1001,
                application_id=application_id,
                interview_id=interview_id,
                kind=FollowUpKind.THANK_YOU,
                status=FollowUpStatus.PENDING,
                due_at=due_at - dt.timedelta(seconds=i),
            )
            for i in range(count)
        )


async def test_claim_takes_only_due_rows_and_never_twice(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _schedule_many(sessions, 5)
    await _schedule_many(sessions, 3, due_at=NOW + dt.timedelta(hours=1))
    async with sessions.begin() as session:
        first = await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=3)
    async with sessions.begin() as session:
        second = await claims.claim_due(session, worker="b", now=NOW, lease=LEASE, limit=10)
    assert len(first) == 3
    assert len(second) == 2
    assert not set(first) & set(second)


async def test_an_expired_lease_is_claimed_again_and_the_old_worker_cannot_mark_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _schedule_many(sessions, 1)
    async with sessions.begin() as session:
        (claimed,) = await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=5)
    async with sessions.begin() as session:
        assert await claims.claim_due(session, worker="b", now=NOW, lease=LEASE, limit=5) == []
    later = NOW + LEASE + dt.timedelta(seconds=1)
    async with sessions.begin() as session:
        assert await claims.claim_due(session, worker="b", now=later, lease=LEASE, limit=5) == [
            claimed
        ]
    async with sessions.begin() as session:
        assert not await claims.mark_sent_many(
            session,
            worker="a",
            deliveries=[claims.Delivery(follow_up_id=claimed, message_id=1, sent_at=later)],
        )
        assert await claims.mark_sent_many(
            session,
            worker="b",
            deliveries=[claims.Delivery(follow_up_id=claimed, message_id=7, sent_at=later)],
        )
    async with sessions() as session:
        row = await session.get(FollowUp, claimed)
        assert row is not None
        assert (row.status, row.sent_message_id, row.attempts) == (FollowUpStatus.SENT, 7, 2)


async def test_released_rows_come_back_when_due_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _schedule_many(sessions, 1)
    async with sessions.begin() as session:
        (claimed,) = await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=5)
        retry_at = NOW + dt.timedelta(seconds=30)
        assert await claims.release(
            session, follow_up_id=claimed, worker="a", due_at=retry_at, error="429"
        )
    async with sessions.begin() as session:
        assert await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=5) == []
        assert await claims.claim_due(session, worker="a", now=retry_at, lease=LEASE, limit=5) == [
            claimed
        ]


async def test_a_transition_acts_once_and_only_for_the_owner(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _schedule_many(sessions, 1)
    async with sessions() as session:
        follow_up_id = (await session.scalars(select(FollowUp.id))).one()

    async def act(user_id: int) -> bool:
        async with sessions.begin() as session:
            return await follow_ups.transition(
                session,
                follow_up_id=follow_up_id,
                user_id=user_id,
                from_statuses=[FollowUpStatus.PENDING, FollowUpStatus.SENT],
                to_status=FollowUpStatus.DONE,
                now=NOW,
            )

    assert not await act(user_id=999)
    assert await act(user_id=1001)
    assert not await act(user_id=1001)


async def test_blocking_pauses_pending_and_coming_back_resumes(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _schedule_many(sessions, 2, due_at=NOW - dt.timedelta(days=1))
    async with sessions.begin() as session:
        assert await users.mark_blocked(session, user_id=1001) == 2
    async with sessions.begin() as session:
        assert await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=5) == []
    async with sessions.begin() as session:
        assert await users.reactivate(session, user_id=1001, now=NOW) == 2
    async with sessions.begin() as session:
        claimed = await claims.claim_due(session, worker="a", now=NOW, lease=LEASE, limit=5)
    assert len(claimed) == 2


async def test_a_database_error_never_carries_what_the_user_typed(engine: AsyncEngine) -> None:
    # Its text goes to the log and to handled_updates.error; the SQL may, the values not.
    insert = text(
        "INSERT INTO users (id, chat_id, sign_name, timezone, nudge_hour, default_wait_days,"
        " active, created_at, updated_at) VALUES (7, 7, :name, 'UTC', 9, 14, :t, :now, :now)"
    )
    values = {"name": "my salary is 90k", "t": True, "now": NOW}
    async with engine.begin() as connection:
        await connection.execute(insert, values)
    with pytest.raises(IntegrityError) as caught:
        async with engine.begin() as connection:
            await connection.execute(insert, values)
    assert "INSERT INTO users" in str(caught.value)
    assert "90k" not in str(caught.value)
