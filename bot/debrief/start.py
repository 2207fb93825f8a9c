"""How a debrief begins: /new, "Debrief it now" under free text, a call nudge's Next round,
"How did it go?" after a registered interview, and Edit round N on /list's details.

Edit round N loads the saved round into the answers (bot/debrief/answers.answers_of), so
every question, check and menu of the debrief applies unchanged; Save changes writes them
back (bot/debrief/save.py).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot import free_text
from bot.debrief.answers import answers_of, begin
from bot.debrief.flow import ask
from bot.debrief.steps import Step
from bot.domain.debrief import DebriefAnswers
from bot.ui.callbacks import Callback
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc, when
from bot.ui.guards import started, started_saying
from storage import applications, follow_ups, interviews
from storage.models import ApplicationStatus, FollowUpKind, User

STOPS_ANY_TIME = "/cancel stops at any time.\n\n"


@started
async def start_new(update: Update, context: BotContext, user: User) -> Step | int:
    answers = begin(context, DebriefAnswers())
    return await ask(
        update,
        context,
        user,
        answers,
        Step.COMPANY,
        f"Let's capture it while it's fresh. {STOPS_ANY_TIME}",
    )


# A newcomer may tap the offer (free text is read before /start): told what /start is for.
@started_saying(tap_in_chat=True)
async def start_from_text(update: Update, context: BotContext, user: User) -> Step | int:
    """The "Debrief it now" button under a message that said where the interview was."""
    query = update.callback_query
    assert query is not None
    assert context.user_data is not None
    callback = Callback.parse(query.data)
    token = callback.args[0] if callback and callback.args else ""
    offer = free_text.take_offer(context.user_data, token)
    if offer is None:
        await query.answer("This suggestion is out of date; send /new to debrief.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    answers = begin(context, DebriefAnswers(company=offer))
    return await ask(
        update,
        context,
        user,
        answers,
        Step.ROLE,
        f"Debrief: <b>{esc(offer)}</b> (you can fix the name in the summary). {STOPS_ANY_TIME}",
    )


@started_saying(alert="This application is closed or not yours.")
async def start_next_round(update: Update, context: BotContext, user: User) -> Step | int:
    """The call nudge's Next round: close what was pending and debrief the new round."""
    query = update.callback_query
    assert query is not None
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
    round_number = await interviews.next_round_number(session, application_id=application.id)
    await query.answer("Next round!")
    await query.edit_message_reply_markup(None)
    answers = begin(context, DebriefAnswers(company=company, role=role, round=round_number))
    return await ask(
        update,
        context,
        user,
        answers,
        Step.WHEN,
        f"Round {round_number} at <b>{esc(company)}</b>, well done! I've stopped the call reminder "
        "for the last round. Tell me about this one.\n\n",
    )


@started_saying(alert="This interview was already debriefed or removed.")
async def start_from_upcoming(update: Update, context: BotContext, user: User) -> Step | int:
    """The "How did it go?" button after a registered interview: company, role, time filled."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    upcoming = (
        await interviews.get_upcoming(context.session, interview_id=interview_id, user_id=user.id)
        if interview_id
        else None
    )
    if upcoming is None:
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
        user,
        answers,
        Step.PERSON_NAME,
        f"Debrief: <b>{esc(role)}</b> at <b>{esc(company)}</b>, "
        f"{when(upcoming.held_at, user.timezone, now=context.bot_data.clock())}. "
        f"You can fix any of these in the summary. {STOPS_ANY_TIME}",
    )


@started_saying(alert="That application is closed or isn't yours.")
async def start_edit_saved(update: Update, context: BotContext, user: User) -> Step | int:
    """✏️ Edit round N on /list details: the round's summary, ready to change."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    interview = (
        await interviews.get_held_interview(
            context.session, interview_id=interview_id, user_id=user.id
        )
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
    return await ask(update, context, user, answers, Step.SUMMARY)
