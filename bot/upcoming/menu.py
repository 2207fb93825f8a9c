"""/upcoming: register an interview before it happens; its checklist and debrief prompt."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import help
from bot.domain.time.timeparse import ParseError, parse_when_future
from bot.follow_ups import schedule
from bot.follow_ups.dispatch import dispatch_soon
from bot.follow_ups.messages import cancel_interview_button
from bot.ui.callbacks import Callback, Scope, UpcomingAction, button_data, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, reply, short_conversation
from bot.ui.display import esc, when
from bot.ui.inputs import read_text
from storage import applications, follow_ups, users
from storage import upcoming as upcoming_store
from storage.models import ApplicationStatus, FollowUpKind

KEY = "upcoming"
CONVERSATION_NAME = "upcoming"
DEFAULT_MINUTES = 60
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60
LENGTH_CHOICES = (30, 45, 60, 90, 120)
MAX_AHEAD = dt.timedelta(days=366)
APPLICATIONS_OFFERED = 5


class Step(IntEnum):
    COMPANY = 1
    ROLE = 2
    WHEN = 3
    LENGTH = 4


def parse_minutes(text: str) -> int | None:
    """Read a length: "45", "45 min", "1h", "1.5 hours", "1h30"; None if unreadable."""
    phrase = text.strip().lower().replace(",", ".")
    found = re.fullmatch(r"(\d+)\s*(?:m|min|mins|minutes?)?", phrase)
    if found:
        return int(found[1])
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)", phrase)
    if found:
        return round(float(found[1]) * 60)
    found = re.fullmatch(r"(\d+)\s*(?:h|hr|hours?)\s*(\d{1,2})\s*(?:m|min|mins|minutes?)?", phrase)
    if found:
        return int(found[1]) * 60 + int(found[2])
    return None


def _length_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    text = f"{hours} hour" + ("s" if hours > 1 else "")
    return text + (f" {rest} min" if rest else "")


# ---------------------------------------------------------------------------
# The conversation


def _draft(context: BotContext) -> dict[str, Any] | None:
    assert context.user_data is not None
    draft = context.user_data.get(KEY)
    return draft if isinstance(draft, dict) else None


def _button(
    draft: dict[str, Any], label: str, action: UpcomingAction, *args: object
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.UPCOMING, action, draft["token"], *args)
    )


async def _settings(context: BotContext, user_id: int) -> tuple[str, int] | None:
    session = context.session
    stored = await users.get_user(session, user_id=user_id)
    return (stored.timezone, stored.nudge_hour) if stored else None


async def start(update: Update, context: BotContext) -> Step | int:
    user = update.effective_user
    assert user is not None
    assert context.user_data is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    open_apps = (
        await applications.list_open_applications(session, user_id=user.id) if stored else []
    )
    offered = [(app.id, app.company, app.role) for app in open_apps[:APPLICATIONS_OFFERED]]
    if stored is None:
        await reply(update, "First, a 30-second setup so reminders come at the right time: /start.")
        return ConversationHandler.END
    draft: dict[str, Any] = {"token": secrets.token_hex(3)}
    context.user_data[KEY] = draft
    rows = [
        [_button(draft, f"{company[:30]} · {role[:25]}", UpcomingAction.APPLICATION, app_id)]
        for app_id, company, role in offered
    ]
    intro = "Let's register your interview; I'll send a checklist on the day. /cancel stops.\n\n"
    question = "Which company is it with?"
    if rows:
        question += " Type it, or pick one of your open applications for its next round:"
    await reply(update, intro + question, InlineKeyboardMarkup(rows) if rows else None)
    return Step.COMPANY


async def start_ahead(update: Update, context: BotContext) -> Step | int:
    """Next round → It's scheduled: register it for this application, from its time on."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    assert context.user_data is not None
    callback = Callback.parse(query.data)
    application_id = callback.int_arg() if callback is not None else None
    session = context.session
    application = (
        await applications.get_application(session, application_id=application_id, user_id=user.id)
        if application_id is not None
        else None
    )
    if application is None or application.status != ApplicationStatus.OPEN:
        await query.answer("That application is closed or not yours.", show_alert=True)
        return ConversationHandler.END
    if await users.get_user(session, user_id=user.id) is None:
        await query.answer("Send /start first.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    round_number = await applications.next_round_number(session, application_id=application.id)
    context.user_data[KEY] = {
        "token": secrets.token_hex(3),
        "company": application.company,
        "role": application.role,
    }
    await reply(
        update,
        f"Round {round_number} at <b>{esc(application.company)}</b>, well done! I'll send a "
        "checklist on the day and ask how it went afterwards. /cancel stops.",
    )
    return await _ask_when(update)


async def _ask_when(update: Update) -> Step:
    await reply(
        update,
        "When is it? E.g. “tomorrow 10am”, “friday 3pm” or “2026-12-03 14:00” (your time).",
    )
    return Step.WHEN


async def _ask_length(update: Update, draft: dict[str, Any]) -> Step:
    buttons = [_button(draft, _length_label(m), UpcomingAction.LENGTH, m) for m in LENGTH_CHOICES]
    await reply(
        update,
        "How long is it planned to take? Tap one, type minutes (e.g. “45”), or /skip for one hour.",
        InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
    )
    return Step.LENGTH


async def on_text(update: Update, context: BotContext, step: Step) -> Step | int:
    draft = _draft(context)
    user = update.effective_user
    assert user is not None
    if draft is None:
        await reply(update, "I lost track of this registration, sorry. Send /upcoming again.")
        return ConversationHandler.END
    if step is Step.COMPANY:
        company = await read_text(update, limit=200, what="the company name")
        if company is None:
            return step
        draft["company"] = company
        await reply(update, f"What role at <b>{esc(company)}</b>?")
        return Step.ROLE
    if step is Step.ROLE:
        role = await read_text(update, limit=200, what="the role")
        if role is None:
            return step
        draft["role"] = role
        return await _ask_when(update)
    if step is Step.WHEN:
        typed = await read_text(update, limit=100, what="when the interview is")
        if typed is None:
            return step
        return await _accept_when(update, context, draft, typed, user.id)
    typed = await read_text(update, limit=20, what="the length in minutes, e.g. 45")
    if typed is None:
        return step
    minutes = parse_minutes(typed)
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        await reply(
            update,
            f"Please send the length in minutes, from {MIN_MINUTES} to {MAX_MINUTES} "
            "(e.g. “45” or “1h30”), or /skip for one hour.",
        )
        return step
    return await _save(update, context, minutes)


async def _accept_when(
    update: Update, context: BotContext, draft: dict[str, Any], typed: str, user_id: int
) -> Step | int:
    stored = await _settings(context, user_id)
    tz = stored[0] if stored else "UTC"
    now = context.bot_data.clock()
    try:
        starts_at = parse_when_future(typed, now=now, tz=tz)
    except ParseError as error:
        await reply(update, esc(error.message))
        return Step.WHEN
    if starts_at <= now:
        await reply(
            update,
            f"{when(starts_at, tz, now=now)} has already passed. For an interview you've had, "
            "send /new after /cancel; otherwise type a time that's still ahead.",
        )
        return Step.WHEN
    if starts_at > now + MAX_AHEAD:
        await reply(update, "That is more than a year away, is the year right? Type it again.")
        return Step.WHEN
    draft["starts_at"] = starts_at.isoformat()
    return await _ask_length(update, draft)


async def on_skip(update: Update, context: BotContext, step: Step) -> Step | int:
    if step is Step.LENGTH:
        return await _save(update, context, DEFAULT_MINUTES)
    await reply(update, "This one can't be skipped; please answer the question above.")
    return step


async def on_button(update: Update, context: BotContext, step: Step) -> Step | int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    draft = _draft(context)
    callback = Callback.parse(query.data)
    if draft is None or callback is None or callback.args[:1] != (draft["token"],):
        await query.answer("That button belongs to an older registration.")
        return step
    value = callback.int_arg(1)
    if callback.action == UpcomingAction.LENGTH and step is Step.LENGTH and value in LENGTH_CHOICES:
        await query.answer()
        await query.edit_message_reply_markup(None)
        assert value is not None
        return await _save(update, context, value)
    if callback.action == UpcomingAction.APPLICATION and step is Step.COMPANY and value is not None:
        session = context.session
        application = await applications.get_application(
            session, application_id=value, user_id=user.id
        )
        if application is None or application.status != ApplicationStatus.OPEN:
            await query.answer("That application is closed or not yours.", show_alert=True)
            return step
        await query.answer()
        await query.edit_message_reply_markup(None)
        draft["company"], draft["role"] = application.company, application.role
        await reply(update, f"<b>{esc(application.role)}</b> at <b>{esc(application.company)}</b>.")
        return await _ask_when(update)
    await query.answer("That button is not for this question.")
    return step


async def _save(update: Update, context: BotContext, minutes: int) -> int:
    draft = _draft(context)
    user = update.effective_user
    assert draft is not None
    assert user is not None
    assert context.user_data is not None
    now = context.bot_data.clock()
    starts_at = dt.datetime.fromisoformat(draft["starts_at"])
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        context.user_data.pop(KEY, None)
        await reply(update, "I no longer have your settings; send /start, then /upcoming.")
        return ConversationHandler.END
    tz = stored.timezone
    interview = await upcoming_store.register_upcoming(
        session,
        user_id=user.id,
        company=draft["company"],
        role=draft["role"],
        starts_at=starts_at,
        duration_minutes=minutes,
        timezone=stored.timezone,
    )
    planned = await schedule.after_registration(
        session, user=stored, interview=interview, duration_minutes=minutes, now=now
    )
    # A next round is the answer the call would have asked for.
    calls_stopped = await follow_ups.cancel_open(
        session,
        user_id=user.id,
        application_id=interview.application_id,
        kinds=[FollowUpKind.CALL, FollowUpKind.EMAIL],
        now=now,
    )
    checklist_at, prompt_at = planned.checklist_at, planned.prompt_at
    interview_id, round_number = interview.id, interview.round_number
    context.user_data.pop(KEY, None)
    checklist_line = (
        "• Checklist: coming right now."
        if checklist_at <= now
        else f"• Checklist: {when(checklist_at, tz, now=now)}."
    )
    await reply(
        update,
        "\n".join(
            [
                f"Registered: <b>{esc(draft['role'])}</b> at <b>{esc(draft['company'])}</b>"
                + (f", round {round_number}" if round_number > 1 else "")
                + f", {when(starts_at, tz, now=now)} ({_length_label(minutes)}).",
                checklist_line,
                f"• “How did it go?”: {when(prompt_at, tz, now=now)}, to debrief while it's fresh.",
                *(
                    ["• The call reminder of the last round is off: this round comes first."]
                    if calls_stopped
                    else []
                ),
                "It's in /list; cancel it there or with the button below.",
            ]
        ),
        InlineKeyboardMarkup([[cancel_interview_button(interview_id)]]),
    )
    dispatch_soon(context.application)
    return ConversationHandler.END


cancel = closer(
    KEY, lambda update: reply(update, "Okay, nothing registered. /upcoming starts again.")
)
# Another command mid-registration closes it, so the next text is not taken as an answer.
other_command = closer(
    KEY, lambda update: help.left_conversation(update, "the registration (nothing saved)")
)


# ---------------------------------------------------------------------------
# Cancelling a registered interview (checklist button, /list details)


async def on_cancel_button(update: Update, context: BotContext) -> None:
    """cancel → asks to confirm; cancelyes → cancels; keep → leaves it. Only the tapper's own."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    user_id = query.from_user.id
    action = callback.action if callback else ""
    if action == UpcomingAction.KEEP:
        await query.answer("Kept.")
        await query.edit_message_text("Okay, the interview stays registered. Good luck!")
        return
    if interview_id is None or action not in {
        UpcomingAction.CANCEL,
        UpcomingAction.CANCEL_CONFIRMED,
    }:
        await query.answer("That button is out of date.")
        return
    now = context.bot_data.clock()
    if action == UpcomingAction.CANCEL:
        session = context.session
        interview = await applications.get_upcoming(
            session, interview_id=interview_id, user_id=user_id
        )
        stored = await users.get_user(session, user_id=user_id)
        if interview is None or stored is None:
            await query.answer("This interview isn't upcoming any more.", show_alert=True)
            return
        await query.answer()
        await context.bot.send_message(
            user_id,
            f"Cancel your interview for <b>{esc(interview.application.role)}</b> at "
            f"<b>{esc(interview.application.company)}</b> on "
            f"{when(interview.held_at, stored.timezone, now=now)}? Its checklist and the "
            "“How did it go?” message are cancelled with it.",
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            "Yes, cancel it",
                            callback_data=button_data(
                                Scope.UPCOMING, UpcomingAction.CANCEL_CONFIRMED, interview_id
                            ),
                        ),
                        InlineKeyboardButton(
                            "Keep it",
                            callback_data=button_data(
                                Scope.UPCOMING, UpcomingAction.KEEP, interview_id
                            ),
                        ),
                    ]
                ]
            ),
        )
        return
    session = context.session
    cancelled = await upcoming_store.cancel_upcoming(
        session, user_id=user_id, interview_id=interview_id, now=now
    )
    if cancelled is None:
        await query.answer("This interview isn't upcoming any more.", show_alert=True)
        return
    await query.answer("Cancelled.")
    text = (
        f"Cancelled: {esc(cancelled.role)} at <b>{esc(cancelled.company)}</b>. "
        "No checklist or debrief reminder will come for it."
    )
    if cancelled.application_closed:
        text += " It was the only interview of that application, so I closed the application too."
    text += " Rescheduled? Register the new date with /upcoming."
    await query.edit_message_text(text)


async def stale_button(update: Update, context: BotContext) -> None:
    """A registration button tapped after that registration ended."""
    query = update.callback_query
    assert query is not None
    await query.answer("This registration is finished. /upcoming starts a new one.")


# ---------------------------------------------------------------------------
# Wiring

CONVERSATION_BUTTONS = (
    pattern(Scope.UPCOMING) + f"({UpcomingAction.APPLICATION}|{UpcomingAction.LENGTH}):"
)
CANCEL_BUTTONS = (
    pattern(Scope.UPCOMING)
    + f"({UpcomingAction.CANCEL}|{UpcomingAction.CANCEL_CONFIRMED}|{UpcomingAction.KEEP}):"
)


def _state_handlers(step: Step) -> list[BaseHandler[Update, BotContext, Any]]:
    async def text(update: Update, context: BotContext) -> Step | int:
        return await on_text(update, context, step)

    async def skip(update: Update, context: BotContext) -> Step | int:
        return await on_skip(update, context, step)

    async def button(update: Update, context: BotContext) -> Step | int:
        return await on_button(update, context, step)

    return [
        CommandHandler("skip", skip),
        # Non-text messages too: read_text answers them with what is expected.
        MessageHandler(~filters.COMMAND, text),
        CallbackQueryHandler(button, pattern=CONVERSATION_BUTTONS),
    ]


def build_handler() -> ConversationHandler[BotContext]:
    """The /upcoming conversation."""
    return short_conversation(
        name=CONVERSATION_NAME,
        command="upcoming",
        start=start,
        also_started_by=[
            CallbackQueryHandler(start_ahead, pattern=pattern(Scope.UPCOMING, UpcomingAction.AHEAD))
        ],
        states={step: _state_handlers(step) for step in Step},
        cancel=cancel,
        other_command=other_command,
    )


def build_button_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Cancel-interview buttons, and registration buttons that outlived their conversation."""
    return [
        CallbackQueryHandler(on_cancel_button, pattern=CANCEL_BUTTONS),
        CallbackQueryHandler(stale_button, pattern=pattern(Scope.UPCOMING)),
    ]
