"""Saving one setting; then the menu again, with what was saved above it.

Reminders already scheduled follow a new zone or hour: each keeps its day and comes at the
new hour in the new zone (a checklist is worked out again from its interview). The
"How did it go?" prompt stays where it is: it is tied to the interview's end, not the hour.

`user` is the sender's row, which users.update_settings changes in place (the session hands
it the same object): the menu shown next reads the new values from it.
"""

from __future__ import annotations

from telegram import Update

from bot.domain.places.timezones import zone_label
from bot.domain.time.hours import ClockTime
from bot.follow_ups import schedule
from bot.settings.answers import Step
from bot.ui import zone_question
from bot.ui.context import BotContext
from bot.ui.display import esc
from bot.ui.inputs import sender
from bot.ui.steps import Next
from storage import users
from storage.models import User


def _menu_after(saved: str) -> Next:
    return Next(Step.MENU, saved + "\n\n")


async def name(context: BotContext, user: User, sign_name: str) -> Next:
    await users.update_settings(context.session, user_id=user.id, sign_name=sign_name)
    return _menu_after(f"Saved: I'll sign your notes as <b>{esc(sign_name)}</b>.")


async def zone(update: Update, context: BotContext, user: User, new_zone: str) -> Next:
    saved = await timing(context, user, zone=new_zone)
    # The location keyboard goes away with the question it belonged to.
    _, message = sender(update)
    await message.reply_text("Got it.", reply_markup=zone_question.remove_keyboard())
    return saved


async def timing(
    context: BotContext, user: User, *, zone: str | None = None, clock: ClockTime | None = None
) -> Next:
    """A new zone or reminder time; the reminders scheduled move with it."""
    now = context.bot_data.clock()
    session = context.session
    old_tz = user.timezone
    new_tz = zone or user.timezone
    new = clock or ClockTime(user.nudge_hour, user.nudge_minute)
    await users.update_settings(
        session, user_id=user.id, timezone=new_tz, nudge_hour=new.hour, nudge_minute=new.minute
    )
    moved = await schedule.retime_reminders(
        session,
        user_id=user.id,
        old_tz=old_tz,
        new_tz=new_tz,
        new_hour=new.hour,
        new_minute=new.minute,
        now=now,
        call_hour=user.call_hour,
    )
    what = (
        f"Time zone: <b>{esc(zone_label(new_tz, now=now))}</b>."
        if zone is not None
        else f"Reminders now come from <b>{new}</b>."
    )
    if moved:
        what += (
            f" I moved {moved} scheduled reminder{'s' if moved != 1 else ''}: each keeps its "
            f"day; calls come at {user.call_hour}:00, the others at {new} your time."
        )
    else:
        what += " Nothing scheduled needed to move."
    return _menu_after(what)


async def call_hour(context: BotContext, user: User, hour: int) -> Next:
    session = context.session
    await users.update_settings(session, user_id=user.id, call_hour=hour)
    # The same move as for a new reminder hour: calls and emails go to the new call hour.
    moved = await schedule.retime_reminders(
        session,
        user_id=user.id,
        old_tz=user.timezone,
        new_tz=user.timezone,
        new_hour=user.nudge_hour,
        new_minute=user.nudge_minute,
        now=context.bot_data.clock(),
        call_hour=hour,
    )
    what = f"Call reminders now come at <b>{hour}:00</b>, Monday to Friday."
    if moved:
        what += f" I moved {moved} scheduled reminder{'s' if moved != 1 else ''} to that hour."
    return _menu_after(what)


async def phone(context: BotContext, user: User, number: str | None) -> Next:
    """The number voicemail scripts leave; None removes it."""
    await users.update_settings(
        context.session, user_id=user.id, phone=number, clear_phone=number is None
    )
    if number:
        return _menu_after(f"Saved: voicemail scripts will leave <b>{esc(number)}</b>.")
    return _menu_after("Removed: voicemail scripts won't mention a number.")


async def wait(context: BotContext, user: User, days: int) -> Next:
    await users.update_settings(context.session, user_id=user.id, default_wait_days=days)
    return _menu_after(
        f"Saved: when no timeline is given, I'll suggest the call {days} days after the "
        "interview. Call reminders already scheduled keep their date."
    )
