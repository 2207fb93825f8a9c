"""Every rule that creates, moves, chases or cancels a follow-up, in one place.

The timing itself (business days, the user's hour and zone) is pure code in
bot/domain/time/timing.py; here it meets the rows: what gets scheduled after a debrief or a
registration, what "Remind me later", "No answer" and "Snooze" do to a follow-up, which
delivered note gets a chase, and how /settings moves what is pending. Each function takes
the update's session and never commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.places.timezones import as_zone
from bot.domain.time import timing
from storage import follow_ups, listing
from storage.interviews import InterviewChanges
from storage.models import (
    CALL_KINDS,
    THANK_YOU_KINDS,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    Interviewer,
    InterviewStatus,
    User,
)

# What /settings moves to a new hour or zone. The debrief prompt is tied to the
# interview's end, not to the user's hour: a new hour or zone leaves it be.
FIXED_KINDS = (FollowUpKind.DEBRIEF_PROMPT,)
RETIMED_KINDS = tuple(kind for kind in FollowUpKind if kind not in FIXED_KINDS)


async def after_debrief(
    session: AsyncSession,
    *,
    user: User,
    interview: Interview,
    timeline_date: dt.date | None,
    now: dt.datetime,
    hold: dt.timedelta = dt.timedelta(0),
) -> dt.datetime:
    """A saved debrief: a thank-you per interviewer now (after `hold`, the time a language
    model has to write them), the call nudge later; returns its time."""
    await _thank_yous(
        session, user=user, interview=interview, people=interview.interviewers, now=now, hold=hold
    )
    due = call_nudge_due(user=user, interview=interview, timeline_date=timeline_date, now=now)
    await follow_ups.schedule(
        session,
        user_id=user.id,
        application_id=interview.application_id,
        interview_id=interview.id,
        kind=FollowUpKind.CALL,
        due_at=due,
    )
    return due


async def _thank_yous(
    session: AsyncSession,
    *,
    user: User,
    interview: Interview,
    people: Sequence[Interviewer],
    now: dt.datetime,
    hold: dt.timedelta = dt.timedelta(0),
) -> None:
    """A thank-you draft for each of `people`, due now (or once `hold` has passed)."""
    for person in people:
        await follow_ups.schedule(
            session,
            user_id=user.id,
            application_id=interview.application_id,
            interview_id=interview.id,
            interviewer_id=person.id,
            kind=FollowUpKind.THANK_YOU,
            due_at=timing.thank_you_due(now=now) + hold,
        )


@dataclass(frozen=True)
class EditOutcome:
    """What an edit of a saved interview did to its follow-ups."""

    drafts_for: list[str]  # new interviewers whose thank-you draft is on its way
    call_at: dt.datetime | None  # where the call nudge now is, when it moved


async def after_edit(
    session: AsyncSession,
    *,
    user: User,
    changes: InterviewChanges,
    now: dt.datetime,
    hold: dt.timedelta = dt.timedelta(0),
) -> EditOutcome:
    """A saved interview edited: pending follow-ups follow.

    A new interviewer gets their thank-you draft now; the call nudge moves with a new
    interview time or timeline (one already delivered is replaced when the new time is
    ahead). Changed names, contacts, topics and pitch need nothing: messages are drawn
    from the rows when they are sent. Removed interviewers took their follow-ups along.
    """
    interview = changes.interview
    await _thank_yous(
        session, user=user, interview=interview, people=changes.added, now=now, hold=hold
    )
    call_at = None
    if changes.moved:
        call_at = await _move_call(session, user=user, interview=interview, now=now)
    return EditOutcome([person.name for person in changes.added], call_at)


async def _calls_of(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int,
    interview_id: int | None,
    statuses: Sequence[FollowUpStatus],
) -> list[FollowUp]:
    """The call nudges of one interview in `statuses`."""
    calls = await listing.open_follow_ups(
        session,
        user_id=user_id,
        application_id=application_id,
        kinds=[FollowUpKind.CALL],
        statuses=statuses,
    )
    return [call for call in calls if call.interview_id == interview_id]


async def _move_call(
    session: AsyncSession, *, user: User, interview: Interview, now: dt.datetime
) -> dt.datetime | None:
    mine = await _calls_of(
        session,
        user_id=user.id,
        application_id=interview.application_id,
        interview_id=interview.id,
        statuses=[FollowUpStatus.PENDING, FollowUpStatus.SENT],
    )
    if not mine:
        return None  # called already, or moved on to the next round: nothing to move
    due = call_nudge_due(
        user=user, interview=interview, timeline_date=interview.timeline_date, now=now
    )
    for row in mine:
        if row.status == FollowUpStatus.PENDING:
            await follow_ups.reschedule(
                session, follow_up_id=row.id, user_id=user.id, due_at=due, now=now
            )
        elif due > now:
            # Delivered under the old timeline: it comes again at the new one instead.
            await follow_ups.transition(
                session,
                follow_up_id=row.id,
                user_id=user.id,
                to_status=FollowUpStatus.CANCELLED,
                now=now,
            )
            await follow_ups.schedule(
                session,
                user_id=user.id,
                application_id=interview.application_id,
                interview_id=interview.id,
                kind=FollowUpKind.CALL,
                due_at=due,
                no_answer_count=row.no_answer_count,
                edited_text=row.edited_text,
            )
    return due


def call_nudge_due(
    *, user: User, interview: Interview, timeline_date: dt.date | None, now: dt.datetime
) -> dt.datetime:
    """The call nudge of a debriefed interview: the first business morning (the user's call
    hour) after the timeline given or the default wait, and never before the notes had a day."""
    due = timing.call_nudge_due(
        held_at=interview.held_at,
        timeline_date=timeline_date,
        tz=user.timezone,
        nudge_hour=user.call_hour,
        default_wait_days=user.default_wait_days,
    )
    return timing.call_after_notes(due=due, now=now, tz=user.timezone, call_hour=user.call_hour)


@dataclass(frozen=True)
class Registration:
    """When the two reminders of an interview registered ahead come."""

    checklist_at: dt.datetime
    prompt_at: dt.datetime


async def after_registration(
    session: AsyncSession,
    *,
    user: User,
    interview: Interview,
    duration_minutes: int,
    now: dt.datetime,
) -> Registration:
    """/upcoming saved: the checklist on the day, "How did it go?" after the end."""
    plan = Registration(
        checklist_at=timing.checklist_due(
            starts_at=interview.held_at,
            tz=user.timezone,
            nudge_hour=user.nudge_hour,
            nudge_minute=user.nudge_minute,
            now=now,
        ),
        prompt_at=timing.debrief_prompt_due(
            starts_at=interview.held_at, duration_minutes=duration_minutes
        ),
    )
    for kind, due_at in (
        (FollowUpKind.CHECKLIST, plan.checklist_at),
        (FollowUpKind.DEBRIEF_PROMPT, plan.prompt_at),
    ):
        await follow_ups.schedule(
            session,
            user_id=user.id,
            application_id=interview.application_id,
            interview_id=interview.id,
            kind=kind,
            due_at=due_at,
        )
    return plan


def chases_for(
    delivered: Sequence[tuple[FollowUp, dt.datetime]],
) -> list[tuple[FollowUp, dt.datetime]]:
    """The chase of each thank-you note just delivered (row, sent at): when it comes."""
    return [
        (
            row,
            timing.chase_due(
                sent_at=sent_at,
                tz=row.user.timezone,
                nudge_hour=row.user.nudge_hour,
                nudge_minute=row.user.nudge_minute,
            ),
        )
        for row, sent_at in delivered
        if row.kind == FollowUpKind.THANK_YOU
    ]


@dataclass(frozen=True)
class NoAnswer:
    """What follows a call nobody answered: a retry at `due`, or (after two) an email now."""

    due: dt.datetime
    email_instead: bool


async def after_no_answer(
    session: AsyncSession, *, row: FollowUp, now: dt.datetime
) -> NoAnswer | None:
    """No answer: a calm retry 3 business days on; after the second, an email instead.

    None when the call was already settled (a double tap).
    """
    if not await follow_ups.transition(
        session, follow_up_id=row.id, user_id=row.user_id, to_status=FollowUpStatus.DONE, now=now
    ):
        return None
    count = row.no_answer_count + 1
    if count >= 2:
        plan = NoAnswer(due=now, email_instead=True)
        kind, edited = FollowUpKind.EMAIL, None
    else:
        due = timing.no_answer_retry_due(
            now=now, tz=row.user.timezone, nudge_hour=row.user.call_hour
        )
        plan = NoAnswer(due=due, email_instead=False)
        # The retry is the same call: the user's own script, if they wrote one, comes along.
        kind, edited = FollowUpKind.CALL, row.edited_text
    await follow_ups.schedule(
        session,
        user_id=row.user_id,
        application_id=row.application_id,
        interview_id=row.interview_id,
        interviewer_id=row.interviewer_id,
        kind=kind,
        due_at=plan.due,
        no_answer_count=count,
        edited_text=edited,
    )
    return plan


def snooze_due(row: FollowUp, option: timing.Snooze, now: dt.datetime) -> dt.datetime:
    """When a snooze choice brings this follow-up back: a call or email on a business day at
    the user's call hour, a note at their nudge hour any day."""
    business = row.kind in CALL_KINDS
    return timing.snooze_due(
        now=now,
        tz=row.user.timezone,
        nudge_hour=row.user.call_hour if business else row.user.nudge_hour,
        option=option,
        business=business,
        nudge_minute=0 if business else row.user.nudge_minute,
    )


async def snooze(
    session: AsyncSession, *, row: FollowUp, option: timing.Snooze, now: dt.datetime
) -> dt.datetime | None:
    """Put off this one follow-up to a choice of button; None if it closed."""
    return await put_off(session, row=row, due=snooze_due(row, option, now), now=now)


async def put_off(
    session: AsyncSession, *, row: FollowUp, due: dt.datetime, now: dt.datetime
) -> dt.datetime | None:
    """Bring this one follow-up back at `due` (its other follow-ups keep their times, but
    the call waits for the note); None if it closed. A note put off replaces its chase: one
    reminder, not two."""
    if not await follow_ups.reschedule(
        session, follow_up_id=row.id, user_id=row.user_id, due_at=due, now=now
    ):
        return None
    if row.kind == FollowUpKind.THANK_YOU and row.interviewer_id is not None:
        await follow_ups.cancel_open(
            session,
            user_id=row.user_id,
            application_id=row.application_id,
            interviewer_id=row.interviewer_id,
            kinds=[FollowUpKind.THANK_YOU_CHASE],
            now=now,
        )
    if row.kind in THANK_YOU_KINDS:
        await _call_after_note(session, row=row, note_due=due, now=now)
    return due


async def _call_after_note(
    session: AsyncSession, *, row: FollowUp, note_due: dt.datetime, now: dt.datetime
) -> None:
    """A note put off past its interview's call nudge: the call moves to a day after it."""
    calls = await _calls_of(
        session,
        user_id=row.user_id,
        application_id=row.application_id,
        interview_id=row.interview_id,
        statuses=[FollowUpStatus.PENDING],
    )
    user = row.user
    for call in calls:
        due = timing.call_after_notes(
            due=call.due_at, now=note_due, tz=user.timezone, call_hour=user.call_hour
        )
        if due != call.due_at:
            await follow_ups.reschedule(
                session, follow_up_id=call.id, user_id=row.user_id, due_at=due, now=now
            )


async def retime_reminders(
    session: AsyncSession,
    *,
    user_id: int,
    old_tz: str,
    new_tz: str,
    new_hour: int,
    new_minute: int,
    now: dt.datetime,
    call_hour: int,
) -> int:
    """Move the user's future pending reminders to the new hours and zone; returns how many.

    Each keeps the day it had (in the old zone); one that lands in the past is due now. Calls
    and emails go at `call_hour`, the rest at `new_hour`.
    """
    rows = await listing.open_follow_ups(
        session,
        user_id=user_id,
        kinds=RETIMED_KINDS,
        statuses=[FollowUpStatus.PENDING],
        due_after=now,
    )
    moved = 0
    for row in rows:
        if row.kind == FollowUpKind.CHECKLIST:
            if row.interview is None or row.interview.status != InterviewStatus.UPCOMING:
                continue
            due = timing.checklist_due(
                starts_at=row.interview.held_at,
                tz=new_tz,
                nudge_hour=new_hour,
                nudge_minute=new_minute,
                now=now,
            )
        else:
            day = row.due_at.astimezone(as_zone(old_tz)).date()
            hour, minute = (call_hour, 0) if row.kind in CALL_KINDS else (new_hour, new_minute)
            due = max(timing.local_at(day, hour, new_tz, minute=minute), now)
        if due != row.due_at and await follow_ups.reschedule(
            session, follow_up_id=row.id, user_id=user_id, due_at=due, now=now
        ):
            moved += 1
    return moved
