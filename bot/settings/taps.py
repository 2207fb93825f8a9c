"""What each /settings button does: the value it carries, checked, then saved or asked.

Each returns where the conversation goes next, or None when the value is not one the
question offers (a button of another question, or forged): the tap is then refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import available_timezones

from telegram import Update

from bot.domain.time.hours import ClockTime
from bot.settings import save
from bot.settings.answers import (
    CALL_HOURS_OFFERED,
    HOURS_OFFERED,
    WAITS_OFFERED,
    SettingsAnswers,
    Step,
)
from bot.settings.views import Pick
from bot.ui.callbacks import Callback
from bot.ui.context import BotContext
from bot.ui.steps import END, Next
from storage.models import User

Tap = Callable[[Update, BotContext, User, SettingsAnswers, Callback], Awaitable[Next | None]]
_PICKED = {
    Pick.NAME: Step.NAME,
    Pick.ZONE: Step.ZONE,
    Pick.HOUR: Step.HOUR,
    Pick.CALL_HOUR: Step.CALL_HOUR,
    Pick.WAIT: Step.WAIT,
    Pick.PHONE: Step.PHONE,
}


def _arg(callback: Callback) -> str:
    return callback.args[1] if len(callback.args) > 1 else ""


async def _taken(update: Update) -> None:
    """The tap is taken: its buttons go, so the question is answered once."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_reply_markup(None)


async def tap_pick(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    picked = _arg(callback)
    if picked == Pick.DONE:
        await _taken(update)
        return Next(END, "All saved. /help lists everything I can do.")
    if picked not in _PICKED:
        return None
    await _taken(update)
    return Next(_PICKED[Pick(picked)])


async def tap_zone(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    zone = _arg(callback)
    if zone not in available_timezones():
        return None
    await _taken(update)
    return await save.zone(update, context, user, zone)


async def tap_hour(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    hour = callback.int_arg(1)
    if hour is None or hour not in HOURS_OFFERED:
        return None
    await _taken(update)
    return await save.timing(context, user, clock=ClockTime(hour))


async def tap_call_hour(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    hour = callback.int_arg(1)
    if hour is None or hour not in CALL_HOURS_OFFERED:
        return None
    await _taken(update)
    return await save.call_hour(context, user, hour)


async def tap_clear_phone(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    if _arg(callback) != "clear":
        return None
    await _taken(update)
    return await save.phone(context, user, None)


async def tap_wait(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    days = callback.int_arg(1)
    if days is None or days not in WAITS_OFFERED:
        return None
    await _taken(update)
    return await save.wait(context, user, days)


async def not_here(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, callback: Callback
) -> Next | None:
    return None
