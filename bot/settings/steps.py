"""/settings as one table: each step's question, how a typed answer is read, its buttons.

The menu (MENU) offers each setting; picking one asks its question, and its answer, typed or
tapped, is saved at once and brings the menu back with what was saved above it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.domain.time.hours import ClockTime, parse_clock
from bot.domain.time.timeparse import ParseError
from bot.settings import save, views
from bot.settings.answers import (
    FIRST_CALL_HOUR,
    KEPT,
    LAST_CALL_HOUR,
    MAX_PHONE_DIGITS,
    MAX_WAIT,
    MIN_PHONE_DIGITS,
    MIN_WAIT,
    NAME_LIMIT,
    SettingsAnswers,
    Step,
    phone_number,
    wait_days,
)
from bot.settings.taps import (
    Tap,
    not_here,
    tap_call_hour,
    tap_clear_phone,
    tap_hour,
    tap_pick,
    tap_wait,
    tap_zone,
)
from bot.ui import zone_question
from bot.ui.callbacks import Callback, Scope, SettingsAction, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc
from bot.ui.guards import started_saying
from bot.ui.inputs import sender
from bot.ui.steps import END, Ask, Next, Read, Refusal, StepRow, Table
from storage.models import User

GONE = "I don't have your settings; send /start to set up."
OUT_OF_DATE = "That menu is out of date; send /settings for a fresh one."
# Every handler and step gets the sender's stored row; without one, the answers go too.
started = started_saying(GONE, forget=KEPT.key)


async def gone(update: Update, context: BotContext) -> int:
    """A text or location while no answers are kept (kept by an older version, say)."""
    KEPT.drop(context)
    await reply(update, OUT_OF_DATE)
    return END


# ---------------------------------------------------------------------------
# Steps that need the sender's stored row: the menu and the phone question show it, every
# answer saves into it. Taps and /settings have it from `started` already, and the session
# hands the same row again without a query.

UserAsk = Callable[[Update, BotContext, User, SettingsAnswers, str], Awaitable[None]]
UserRead = Callable[[Update, BotContext, User, SettingsAnswers, str], Awaitable[Next | Refusal]]


def _asks_user(ask: UserAsk) -> Ask[SettingsAnswers]:
    async def run(update: Update, context: BotContext, answers: SettingsAnswers, say: str) -> None:
        @started
        async def with_user(update: Update, context: BotContext, user: User) -> None:
            await ask(update, context, user, answers, say)

        await with_user(update, context)

    return run


def _reads_user(read: UserRead) -> Read[SettingsAnswers]:
    async def run(
        update: Update, context: BotContext, answers: SettingsAnswers, typed: str
    ) -> Next | Refusal:
        @started
        async def with_user(update: Update, context: BotContext, user: User) -> Next | Refusal:
            return await read(update, context, user, answers, typed)

        outcome = await with_user(update, context)
        # END: `started` has told the user and dropped the answers.
        return Next(END) if isinstance(outcome, int) else outcome

    return run


# ---------------------------------------------------------------------------
# Typed answers


async def read_name(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    return await save.name(context, user, typed)


async def read_zone(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    _, message = sender(update)
    zone = await zone_question.resolve_typed(message, typed, views.zone_data(answers))
    if zone is None:
        return Refusal("")  # resolve_typed offered the choices
    return await save.zone(update, context, user, zone)


@started
async def on_location(update: Update, context: BotContext, user: User) -> int:
    """The “Share my location” button of the zone question."""
    answers = KEPT.load(context)
    if answers is None:
        return await gone(update, context)
    _, message = sender(update)
    zone = await zone_question.resolve_location(message, views.zone_data(answers))
    if zone is None:
        return Step.ZONE
    return await TABLE.go(update, context, answers, await save.zone(update, context, user, zone))


def _clock(typed: str) -> ClockTime | Refusal:
    try:
        return parse_clock(typed)
    except ParseError as error:
        return Refusal(esc(error.message))


async def read_hour(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    clock = _clock(typed)
    if isinstance(clock, Refusal):
        return clock
    return await save.timing(context, user, clock=clock)


async def read_call_hour(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    clock = _clock(typed)
    if isinstance(clock, Refusal):
        return clock
    if clock.minute or not FIRST_CALL_HOUR <= clock.hour <= LAST_CALL_HOUR:
        return Refusal(
            f"Call reminders come on the hour, from {FIRST_CALL_HOUR} to {LAST_CALL_HOUR} "
            "(when people pick up): send e.g. “10” or “14:00”."
        )
    return await save.call_hour(context, user, clock.hour)


async def read_phone(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    number = phone_number(typed)
    if number is None:
        return Refusal(
            "Please send a phone number: digits, with spaces or dashes if you like and "
            f"“+” and the country code in front, {MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS} "
            "digits (e.g. “+1 415-555-0100”). /cancel leaves it as it is."
        )
    return await save.phone(context, user, number)


async def read_wait(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, typed: str
) -> Next | Refusal:
    days = wait_days(typed)
    if days is None:
        return Refusal(
            f"Please send a whole number of days from {MIN_WAIT} to {MAX_WAIT}, e.g. “14”."
        )
    return await save.wait(context, user, days)


# ---------------------------------------------------------------------------
# Buttons (what each does: bot/settings/taps.py). Every step takes the menu's buttons too: a
# setting can be picked from any.

Handlers = list[BaseHandler[Update, BotContext, Any]]


def _button(
    state: Step, action: SettingsAction | None, tap: Tap
) -> CallbackQueryHandler[BotContext, Any]:
    @started
    async def on_tap(update: Update, context: BotContext, user: User) -> int:
        """Buttons carry the menu's token: those of an older menu are refused."""
        query = update.callback_query
        assert query is not None
        callback = Callback.parse(query.data)
        answers = KEPT.load(context)
        if callback is None or answers is None or callback.args[:1] != (answers.token,):
            await query.answer(OUT_OF_DATE)
            return state
        to = await tap(update, context, user, answers, callback)
        if to is None:
            await query.answer("That button is not for this question.")
            return state
        return await TABLE.go(update, context, answers, to)

    return CallbackQueryHandler(on_tap, pattern=pattern(Scope.SETTINGS, action))


def _buttons(state: Step, *own: tuple[SettingsAction, Tap]) -> Handlers:
    """The menu's buttons, the step's own, then any other settings button (refused)."""
    return [
        _button(state, SettingsAction.PICK, tap_pick),
        *(_button(state, action, tap) for action, tap in own),
        _button(state, None, not_here),
    ]


TABLE = Table(
    KEPT,
    {
        Step.MENU: StepRow(
            _asks_user(views.ask_menu),
            buttons=_buttons(Step.MENU),
            if_typed="Please tap one of the buttons above, or send /cancel to leave.",
        ),
        Step.NAME: StepRow(
            views.ask_name,
            _reads_user(read_name),
            what="the name to sign your notes with",
            limit=NAME_LIMIT,
            buttons=_buttons(Step.NAME),
        ),
        Step.ZONE: StepRow(
            views.ask_zone,
            _reads_user(read_zone),
            what="your city or time zone",
            buttons=[
                *_buttons(Step.ZONE, (SettingsAction.ZONE, tap_zone)),
                # The reply keyboard's “Share my location” sends a location, not text.
                MessageHandler(filters.LOCATION, on_location),
            ],
        ),
        Step.HOUR: StepRow(
            views.ask_hour,
            _reads_user(read_hour),
            what="a time such as 9 or 7:30pm",
            buttons=_buttons(Step.HOUR, (SettingsAction.HOUR, tap_hour)),
        ),
        Step.WAIT: StepRow(
            views.ask_wait,
            _reads_user(read_wait),
            what="a number of days",
            buttons=_buttons(Step.WAIT, (SettingsAction.WAIT, tap_wait)),
        ),
        Step.CALL_HOUR: StepRow(
            views.ask_call_hour,
            _reads_user(read_call_hour),
            what="an hour such as 10 or 14:00",
            buttons=_buttons(Step.CALL_HOUR, (SettingsAction.CALL_HOUR, tap_call_hour)),
        ),
        Step.PHONE: StepRow(
            _asks_user(views.ask_phone),
            _reads_user(read_phone),
            what="your phone number",
            buttons=_buttons(Step.PHONE, (SettingsAction.PHONE, tap_clear_phone)),
        ),
    },
    gone=gone,
)
