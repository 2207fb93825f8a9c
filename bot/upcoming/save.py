"""The end of a registration: the interview stored, its two reminders planned, the user told."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from bot.follow_ups import schedule
from bot.follow_ups.soon import dispatch_soon
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.upcoming import views
from storage import follow_ups
from storage import upcoming as upcoming_store
from storage.models import FollowUpKind, User


async def register(
    update: Update,
    context: BotContext,
    user: User,
    *,
    company: str,
    role: str,
    starts_at: dt.datetime,
    minutes: int,
) -> None:
    """Store the interview with its checklist and "How did it go?"; its last round's call is off."""
    now = context.bot_data.clock()
    session = context.session
    interview = await upcoming_store.register_upcoming(
        session,
        user_id=user.id,
        company=company,
        role=role,
        starts_at=starts_at,
        duration_minutes=minutes,
        timezone=user.timezone,
    )
    planned = await schedule.after_registration(
        session, user=user, interview=interview, duration_minutes=minutes, now=now
    )
    # A next round is the answer the call would have asked for.
    calls_stopped = await follow_ups.cancel_open(
        session,
        user_id=user.id,
        application_id=interview.application_id,
        kinds=[FollowUpKind.CALL, FollowUpKind.EMAIL],
        now=now,
    )
    text = views.registered(
        company=company,
        role=role,
        round_number=interview.round_number,
        starts_at=starts_at,
        minutes=minutes,
        checklist_at=planned.checklist_at,
        prompt_at=planned.prompt_at,
        calls_stopped=bool(calls_stopped),
        tz=user.timezone,
        now=now,
    )
    await reply(update, text, views.registered_keyboard(interview.id))
    dispatch_soon(context.application)
