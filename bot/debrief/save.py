"""Save and Save changes: the answers written as a new round or over a saved one, in the
update's transaction; the follow-ups follow (schedule.after_debrief, after_edit). Both end
the same way (`save`): the pitch kept for next time, the debrief closed, what was done said,
and new drafts sent soon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler

from bot.debrief.answers import drop
from bot.domain.debrief import DebriefAnswers
from bot.domain.reading.points import points_to_json
from bot.follow_ups import schedule
from bot.follow_ups.soon import dispatch_soon
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc, when
from storage import interviews, users
from storage.interviews import InterviewerInput, SavedPerson
from storage.models import ApplicationStatus, User

CHANGED_NOTHING = "That application was closed or removed meanwhile, so I changed nothing."


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote, as the user is told it, and whether thank-you drafts are on their way."""

    said: str
    drafts_coming: bool


async def save(update: Update, context: BotContext, user: User, answers: DebriefAnswers) -> int:
    """Save (Save changes, for a saved round): written, then the debrief closed."""
    query = update.callback_query
    assert query is not None
    now = context.bot_data.clock()
    # With a language model, new notes wait for its drafts (bot/llm/job.py), no longer.
    hold = context.bot_data.settings.model_drafts_lead
    write = _save_new if answers.saved_interview_id is None else _save_over
    saved = await write(context.session, user, answers, now=now, hold=hold)
    if saved is not None and answers.pitch:
        await users.update_settings(context.session, user_id=user.id, last_pitch=answers.pitch)
    drop(context)
    await query.edit_message_reply_markup(None)
    await reply(update, saved.said if saved is not None else CHANGED_NOTHING)
    if saved is not None and saved.drafts_coming:
        dispatch_soon(context.application)
    return ConversationHandler.END


def interviewer_inputs(answers: DebriefAnswers) -> list[InterviewerInput]:
    """The interviewers as storage takes them, each with the talking points they approved."""
    return [
        InterviewerInput(
            name=person.name or "",
            title=person.title,
            contact=person.contact,
            topics=person.topics,
            points=points_to_json(person.reviewed_points(known=answers.known())),
        )
        for person in answers.people
    ]


async def _save_new(
    session: AsyncSession,
    user: User,
    answers: DebriefAnswers,
    *,
    now: dt.datetime,
    hold: dt.timedelta,
) -> Saved:
    """Save: the interview, its interviewers, a thank-you per interviewer and the call nudge."""
    assert answers.held_at is not None
    tz = user.timezone
    interview = await interviews.save_interview(
        session,
        user_id=user.id,
        company=answers.company or "",
        role=answers.role or "",
        held_at=answers.held_at,
        interviewers=interviewer_inputs(answers),
        pitch=answers.pitch,
        timeline_text=answers.timeline_text,
        timeline_date=answers.timeline_date,
        timeline_asked=answers.timeline_asked is not False,
        upcoming_interview_id=answers.upcoming_id,
        timezone=tz,
    )
    call_at = await schedule.after_debrief(
        session,
        user=user,
        interview=interview,
        timeline_date=interview.timeline_date,
        now=now,
        hold=hold,
    )
    round_number = interview.round_number
    names = ", ".join(esc(person.name) for person in answers.people)
    wait_days = user.default_wait_days
    wait = "two weeks" if wait_days == 14 else f"{wait_days} days"
    lines = [
        f"Saved: <b>{esc(answers.company)}</b>, {esc(answers.role)}"
        + (f", round {round_number}" if round_number > 1 else "")
        + ".",
        f"• Thank-you drafts for {names}: coming in a moment, one message each.",
        f"• Call reminder: {when(call_at, tz, now=now)} (your time), "
        "the first business morning after "
        + ("their timeline." if answers.timeline_date else f"a wait of {wait}."),
    ]
    if answers.timeline_asked is False:
        lines += [
            "",
            "Tip for next time: at the end of the interview, ask “What are the next steps, and "
            "when can I expect to hear back?” It tells you exactly when a follow-up call is "
            "welcome.",
        ]
    elif not answers.timeline_date:
        lines += [
            "",
            f"They didn't give a timeline, so I'll wait {wait} before the call nudge "
            "(/settings changes this default).",
        ]
    return Saved("\n".join(lines), drafts_coming=True)


async def _save_over(
    session: AsyncSession,
    user: User,
    answers: DebriefAnswers,
    *,
    now: dt.datetime,
    hold: dt.timedelta,
) -> Saved | None:
    """Save changes: the answers over the saved round, the follow-ups following; None when
    the application was closed or removed meanwhile."""
    assert answers.saved_interview_id is not None
    assert answers.held_at is not None
    interview = await interviews.get_held_interview(
        session, interview_id=answers.saved_interview_id, user_id=user.id
    )
    if interview is None or interview.application.status != ApplicationStatus.OPEN:
        return None
    changes = await interviews.update_interview(
        session,
        interview=interview,
        company=answers.company or interview.application.company,
        role=answers.role or interview.application.role,
        held_at=answers.held_at,
        people=[
            SavedPerson(person.id, details)
            for person, details in zip(answers.people, interviewer_inputs(answers), strict=True)
        ],
        pitch=answers.pitch,
        timeline_text=answers.timeline_text,
        timeline_date=answers.timeline_date,
        timeline_asked=answers.timeline_asked is not False,
        timezone=user.timezone,
    )
    outcome = await schedule.after_edit(session, user=user, changes=changes, now=now, hold=hold)
    lines = [
        f"Saved your changes to <b>{esc(answers.company)}</b>, round {interview.round_number}."
    ]
    if outcome.drafts_for:
        names = ", ".join(esc(name) for name in outcome.drafts_for)
        lines.append(f"• Thank-you drafts for {names}: coming in a moment.")
    if outcome.call_at is not None:
        lines.append(
            f"• Call reminder moved to {when(outcome.call_at, user.timezone, now=now)} (your time)."
        )
    if changes.removed_ids:
        count = len(changes.removed_ids)
        lines.append(
            f"• Removed {count} interviewer{'s' if count != 1 else ''} and "
            f"{'their' if count != 1 else 'the'} reminders."
        )
    lines.append("Drafts still to come use what you changed.")
    return Saved("\n".join(lines), drafts_coming=bool(outcome.drafts_for))
