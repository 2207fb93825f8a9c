"""Editing a saved interview from /list: the debrief's summary and Edit, then Save changes.

The saved round is loaded into the debrief's answers (each interviewer keeps their stored
id), so every question, check and menu of the debrief applies unchanged. Save writes the
answers back over the round, and the follow-ups follow (schedule.after_edit).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.debrief.conversation import ask, begin, drop
from bot.debrief.steps import Step
from bot.domain.debrief import TIMELINE_PHRASES, DebriefAnswers, Person
from bot.domain.reading.points import points_from_json, points_to_json
from bot.follow_ups import schedule
from bot.follow_ups.dispatch import dispatch_soon
from bot.ui.callbacks import Callback
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc, when
from storage import applications, users
from storage.applications import InterviewerInput, SavedPerson
from storage.models import ApplicationStatus, Interview


def answers_of(interview: Interview) -> DebriefAnswers:
    """A saved round as debrief answers."""
    if not interview.timeline_asked:
        timeline_code = "noask"
    elif interview.timeline_date is None:
        timeline_code = "nosay"
    else:
        # A button's phrase ("2 weeks") keeps counting from the interview day if that moves.
        codes = {phrase: code for code, phrase in TIMELINE_PHRASES.items()}
        timeline_code = codes.get(interview.timeline_text or "", "text")
    return DebriefAnswers(
        company=interview.application.company,
        role=interview.application.role,
        held_at=interview.held_at,
        people=[
            Person(
                name=person.name,
                title=person.title,
                contact=person.contact,
                topics=person.topics,
                id=person.id,
                points=points_from_json(person.points),
            )
            for person in interview.interviewers
        ],
        pitch=interview.pitch,
        timeline_code=timeline_code,
        timeline_text=interview.timeline_text,
        timeline_date=interview.timeline_date,
        timeline_asked=interview.timeline_asked,
        round=interview.round_number,
        saved_interview_id=interview.id,
    )


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


async def start_edit_saved(update: Update, context: BotContext) -> Step | int:
    """✏️ Edit round N on /list details: the round's summary, ready to change."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    session = context.session
    interview = (
        await applications.get_held_interview(session, interview_id=interview_id, user_id=user.id)
        if interview_id is not None
        else None
    )
    if interview is None or interview.application.status != ApplicationStatus.OPEN:
        await query.answer("That application is closed or isn't yours.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    answers = begin(context, answers_of(interview))
    await reply(
        update,
        f"Editing round {interview.round_number} at <b>{esc(answers.company)}</b>. Tap Edit "
        "to change or add anything, then Save changes. Pending reminders follow your "
        "changes; /cancel leaves it as it was.",
    )
    return await ask(update, context, answers, Step.SUMMARY)


async def save_changes(update: Update, context: BotContext, answers: DebriefAnswers) -> int:
    """Save changes: the answers over the saved round; the follow-ups follow."""
    user = update.effective_user
    query = update.callback_query
    assert user is not None
    assert query is not None
    assert answers.saved_interview_id is not None
    assert answers.held_at is not None
    now = context.bot_data.clock()
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    interview = await applications.get_held_interview(
        session, interview_id=answers.saved_interview_id, user_id=user.id
    )
    drop(context)
    await query.edit_message_reply_markup(None)
    if (
        stored is None
        or interview is None
        or interview.application.status != ApplicationStatus.OPEN
    ):
        await reply(
            update, "That application was closed or removed meanwhile, so I changed nothing."
        )
        return ConversationHandler.END
    changes = await applications.update_interview(
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
        timezone=stored.timezone,
    )
    outcome = await schedule.after_edit(
        session,
        user=stored,
        changes=changes,
        now=now,
        # With a language model, new notes wait for its drafts (bot/llm/job.py), no longer.
        hold=context.bot_data.settings.model_drafts_lead,
    )
    if answers.pitch:
        await users.update_settings(session, user_id=user.id, last_pitch=answers.pitch)
    lines = [
        f"Saved your changes to <b>{esc(answers.company)}</b>, round {interview.round_number}."
    ]
    if outcome.drafts_for:
        names = ", ".join(esc(name) for name in outcome.drafts_for)
        lines.append(f"• Thank-you drafts for {names}: coming in a moment.")
    if outcome.call_at is not None:
        lines.append(
            f"• Call reminder moved to {when(outcome.call_at, stored.timezone, now=now)} "
            "(your time)."
        )
    if changes.removed_ids:
        count = len(changes.removed_ids)
        lines.append(
            f"• Removed {count} interviewer{'s' if count != 1 else ''} and "
            f"{'their' if count != 1 else 'the'} reminders."
        )
    lines.append("Drafts still to come use what you changed.")
    await reply(update, "\n".join(lines))
    if outcome.drafts_for:
        dispatch_soon(context.application)
    return ConversationHandler.END
