"""How a debrief begins (/new, Next round, "How did it go?") and ends (Save)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot import help
from bot.debrief.conversation import ask, begin, drop
from bot.debrief.resave import interviewer_inputs, save_changes
from bot.debrief.steps import Step
from bot.domain.debrief import DebriefAnswers
from bot.follow_ups import schedule
from bot.follow_ups.dispatch import dispatch_soon
from bot.ui.callbacks import Callback
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc, when
from storage import applications, follow_ups, users
from storage.models import ApplicationStatus, FollowUpKind


async def start_new(update: Update, context: BotContext) -> Step | int:
    user = update.effective_user
    assert user is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        await reply(
            update,
            "First, a 30-second setup so your notes are signed and timed right: send /start.",
        )
        return ConversationHandler.END
    answers = begin(context, DebriefAnswers())
    return await ask(
        update,
        context,
        answers,
        Step.COMPANY,
        "Let's capture it while it's fresh. /cancel stops at any time.\n\n",
    )


async def start_from_text(update: Update, context: BotContext) -> Step | int:
    """The "Debrief it" button under a message that said where the interview was."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    assert context.user_data is not None
    callback = Callback.parse(query.data)
    token = callback.args[0] if callback and callback.args else ""
    offer = help.take_offer(context.user_data, token)
    if offer is None:
        await query.answer("This suggestion is out of date; send /new to debrief.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    session = context.session
    if await users.get_user(session, user_id=user.id) is None:
        await reply(
            update,
            "First, a 30-second setup so your notes are signed and timed right: send /start.",
        )
        return ConversationHandler.END
    answers = begin(context, DebriefAnswers(company=offer))
    return await ask(
        update,
        context,
        answers,
        Step.ROLE,
        f"Debrief: <b>{esc(offer)}</b> (you can fix the name in the summary). "
        "/cancel stops at any time.\n\n",
    )


async def start_next_round(update: Update, context: BotContext) -> Step | int:
    """The call nudge's Next round: close what was pending and debrief the new round."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    callback = Callback.parse(query.data)
    application_id = callback.int_arg() if callback else None
    now = context.bot_data.clock()
    session = context.session
    application = (
        await applications.get_application(session, application_id=application_id, user_id=user.id)
        if application_id
        else None
    )
    if application is None or application.status != ApplicationStatus.OPEN:
        await query.answer("This application is closed or not yours.", show_alert=True)
        return ConversationHandler.END
    await follow_ups.cancel_open(
        session,
        user_id=user.id,
        application_id=application.id,
        kinds=[FollowUpKind.CALL, FollowUpKind.EMAIL],
        now=now,
    )
    company, role = application.company, application.role
    round_number = await applications.next_round_number(session, application_id=application.id)
    await query.answer("Next round!")
    await query.edit_message_reply_markup(None)
    answers = begin(context, DebriefAnswers(company=company, role=role, round=round_number))
    return await ask(
        update,
        context,
        answers,
        Step.WHEN,
        f"Round {round_number} at <b>{esc(company)}</b>, well done! I've stopped the call reminder "
        "for the last round. Tell me about this one.\n\n",
    )


async def start_from_upcoming(update: Update, context: BotContext) -> Step | int:
    """The "How did it go?" button after a registered interview: company, role, time filled."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    session = context.session
    upcoming = (
        await applications.get_upcoming(session, interview_id=interview_id, user_id=user.id)
        if interview_id
        else None
    )
    stored = await users.get_user(session, user_id=user.id)
    if upcoming is None or stored is None:
        await query.answer("This interview was already debriefed or removed.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    company, role = upcoming.application.company, upcoming.application.role
    answers = begin(
        context,
        DebriefAnswers(
            company=company, role=role, held_at=upcoming.held_at, upcoming_id=upcoming.id
        ),
    )
    return await ask(
        update,
        context,
        answers,
        Step.PERSON_NAME,
        f"Debrief: <b>{esc(role)}</b> at <b>{esc(company)}</b>, "
        f"{when(upcoming.held_at, stored.timezone, now=context.bot_data.clock())}. "
        "You can fix any of these in the summary. "
        "/cancel stops at any time.\n\n",
    )


async def save(update: Update, context: BotContext, answers: DebriefAnswers) -> int:
    """Save: the interview, its interviewers and its follow-ups, in the update's transaction."""
    if answers.saved_interview_id is not None:
        return await save_changes(update, context, answers)
    user = update.effective_user
    query = update.callback_query
    assert user is not None
    assert query is not None
    now = context.bot_data.clock()
    assert answers.held_at is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        await reply(update, "I no longer have your settings; send /start, then /new again.")
        drop(context)
        return ConversationHandler.END
    tz = stored.timezone
    interview = await applications.save_interview(
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
    wait_days = stored.default_wait_days
    call_at = await schedule.after_debrief(
        session,
        user=stored,
        interview=interview,
        timeline_date=interview.timeline_date,
        now=now,
        # With a language model, the notes wait for its drafts (bot/llm/job.py), no longer.
        hold=context.bot_data.settings.model_drafts_lead,
    )
    if answers.pitch:
        await users.update_settings(session, user_id=user.id, last_pitch=answers.pitch)
    round_number = interview.round_number
    drop(context)
    await query.edit_message_reply_markup(None)
    names = ", ".join(esc(person.name) for person in answers.people)
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
    await reply(update, "\n".join(lines))
    dispatch_soon(context.application)
    return ConversationHandler.END
