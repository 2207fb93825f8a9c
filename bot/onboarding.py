"""/start onboarding: the name to sign notes with, the time zone, the hour nudges may arrive."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from zoneinfo import available_timezones

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.places.timezones import zone_label
from bot.domain.reading.names import proper_case
from bot.domain.time.hours import ClockTime, parse_clock
from bot.domain.time.timeparse import ParseError
from bot.ui import zone_question
from bot.ui.callbacks import OnboardingAction, Scope, button_data, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, persistent_conversation, reply
from bot.ui.display import esc
from bot.ui.inputs import sender, tapped
from bot.ui.steps import END, Kept, Next, Refusal, StepRow, Table
from storage import users

NAME_LIMIT = 100
HOURS_OFFERED = (8, 9, 10)
KEY = "onboarding"


class Onboarding(IntEnum):
    NAME = 1
    TIMEZONE = 2
    HOUR = 3


@dataclass(slots=True)
class Setup:
    """The answers so far: the name to sign notes with and the time zone (the hour ends it)."""

    name: str | None = None
    timezone: str | None = None


KEPT = Kept(KEY, Setup)

INTRO = (
    "Hi! I help you follow up after every job interview.\n"
    "Right after one, tell me how it went (/new); I draft a thank-you note for each "
    "interviewer and remind you to call once their timeline has passed."
)


def telegram_name(update: Update) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    return user.full_name.strip()[:NAME_LIMIT] or None


async def start(update: Update, context: BotContext) -> int:
    """New users are onboarded; known users are welcomed back and never wiped."""
    tg_user, message = sender(update)
    now = context.bot_data.clock()
    session = context.session
    # Not the "must have started" guard: /start is where a user starts.
    user = await users.get_user(session, user_id=tg_user.id)
    if user is not None:
        resumed = await users.reactivate(session, user_id=tg_user.id, now=now)
        text = f"Welcome back, {esc(user.sign_name)}!"
        if resumed:
            text += f" I resumed {resumed} paused follow-up{'s' if resumed != 1 else ''}."
        await message.reply_text(
            text + "\nAfter an interview send /new. /list shows your applications, "
            "/settings changes your name, time zone or hour, /help lists everything."
        )
        return END
    await message.reply_text(INTRO)
    return await TABLE.go(update, context, Setup(), Next(Onboarding.NAME))


# ---------------------------------------------------------------------------
# The name


async def ask_name(update: Update, context: BotContext, answers: Setup, say: str) -> None:
    name = telegram_name(update)
    keyboard = (
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        f"Use “{name}”",
                        callback_data=button_data(Scope.ONBOARDING, OnboardingAction.TELEGRAM_NAME),
                    )
                ]
            ]
        )
        if name
        else None
    )
    await reply(
        update, "What name should I sign your notes with? (e.g. your first and last name)", keyboard
    )


async def read_name(update: Update, context: BotContext, answers: Setup, name: str) -> Next:
    # "priya raman" signs as "Priya Raman"; a name typed with any capital stays as typed.
    answers.name = proper_case(name)
    return Next(Onboarding.TIMEZONE)


async def tapped_telegram_name(update: Update, context: BotContext) -> int:
    query, _ = tapped(update)
    await query.answer()
    answers = KEPT.load(context) or Setup()
    name = telegram_name(update)
    if name is None:
        return await TABLE.go(update, context, answers, Next(Onboarding.NAME))
    answers.name = name
    await query.edit_message_text(f"I'll sign your notes as <b>{esc(name)}</b>.")
    return await TABLE.go(update, context, answers, Next(Onboarding.TIMEZONE))


# ---------------------------------------------------------------------------
# The time zone


def _zone_data(zone: str) -> str:
    return button_data(Scope.ONBOARDING, OnboardingAction.ZONE, zone)


async def ask_timezone(update: Update, context: BotContext, answers: Setup, say: str) -> None:
    _, message = sender(update)
    await zone_question.ask(message, _zone_data)


async def _zone_chosen(update: Update, context: BotContext, answers: Setup, zone: str) -> Next:
    answers.timezone = zone
    _, message = sender(update)
    await message.reply_text(
        f"Time zone: <b>{esc(zone_label(zone, now=context.bot_data.clock()))}</b>.",
        reply_markup=zone_question.remove_keyboard(),
    )
    return Next(Onboarding.HOUR)


async def read_timezone(
    update: Update, context: BotContext, answers: Setup, typed: str
) -> Next | Refusal:
    _, message = sender(update)
    zone = await zone_question.resolve_typed(message, typed, _zone_data)
    if zone is None:
        return Refusal("")  # resolve_typed said why, with zones to pick from
    return await _zone_chosen(update, context, answers, zone)


async def got_location(update: Update, context: BotContext) -> int:
    _, message = sender(update)
    zone = await zone_question.resolve_location(message, _zone_data)
    if zone is None:
        return Onboarding.TIMEZONE
    answers = KEPT.load(context) or Setup()
    to = await _zone_chosen(update, context, answers, zone)
    return await TABLE.go(update, context, answers, to)


async def tapped_timezone(update: Update, context: BotContext) -> int:
    query, callback = tapped(update)
    zone = callback.args[0] if callback and callback.args else ""
    if zone not in available_timezones():
        await query.answer("That button is out of date; please type your city.", show_alert=True)
        return Onboarding.TIMEZONE
    await query.answer()
    await query.edit_message_reply_markup(None)
    answers = KEPT.load(context) or Setup()
    to = await _zone_chosen(update, context, answers, zone)
    return await TABLE.go(update, context, answers, to)


# ---------------------------------------------------------------------------
# The hour, and the user stored


async def ask_hour(update: Update, context: BotContext, answers: Setup, say: str) -> None:
    buttons = [
        InlineKeyboardButton(
            f"{hour}:00", callback_data=button_data(Scope.ONBOARDING, OnboardingAction.HOUR, hour)
        )
        for hour in HOURS_OFFERED
    ]
    await reply(
        update,
        "At what hour may I send you reminders? Pick one or type a time (e.g. “7”, “18:00” or "
        "“7:30pm”). "
        "I never nudge at night or on weekends for calls.",
        InlineKeyboardMarkup([buttons]),
    )


async def read_hour(
    update: Update, context: BotContext, answers: Setup, typed: str
) -> Next | Refusal:
    try:
        clock = parse_clock(typed)
    except ParseError as error:
        return Refusal(esc(error.message))
    return await _finish(update, context, answers, clock)


async def tapped_hour(update: Update, context: BotContext) -> int:
    query, callback = tapped(update)
    hour = callback.int_arg() if callback else None
    if hour is None or hour > 23:
        await query.answer("That button is out of date; please type an hour.", show_alert=True)
        return Onboarding.HOUR
    await query.answer()
    await query.edit_message_reply_markup(None)
    answers = KEPT.load(context) or Setup()
    to = await _finish(update, context, answers, ClockTime(hour))
    return await TABLE.go(update, context, answers, to)


async def _finish(update: Update, context: BotContext, answers: Setup, clock: ClockTime) -> Next:
    tg_user, message = sender(update)
    name = answers.name or telegram_name(update) or tg_user.first_name
    zone = answers.timezone or "UTC"
    await users.create_or_update_user(
        context.session,
        user_id=tg_user.id,
        chat_id=message.chat_id,
        sign_name=name,
        timezone=zone,
        nudge_hour=clock.hour,
        nudge_minute=clock.minute,
    )
    await message.reply_text(
        f"All set, {esc(name)}: notes signed as <b>{esc(name)}</b>, time zone <b>{esc(zone)}</b>, "
        f"reminders from <b>{clock}</b>. You can change these any time with /settings.\n\n"
        "Right after your next interview, send /new and I'll debrief you while it's fresh. "
        "Have one coming up? /upcoming registers it and I'll send a checklist that day."
    )
    return Next(END)


async def start_over(update: Update, context: BotContext) -> int:
    """A typed answer with no answers kept (kept by an older release): the name again."""
    return await TABLE.go(update, context, Setup(), Next(Onboarding.NAME))


TABLE = Table(
    KEPT,
    {
        Onboarding.NAME: StepRow(
            ask_name,
            read_name,
            what="the name to sign your notes with",
            limit=NAME_LIMIT,
            buttons=(
                CallbackQueryHandler(
                    tapped_telegram_name,
                    pattern=pattern(Scope.ONBOARDING, OnboardingAction.TELEGRAM_NAME),
                ),
            ),
        ),
        Onboarding.TIMEZONE: StepRow(
            ask_timezone,
            read_timezone,
            what="your city or time zone",
            limit=100,
            buttons=(
                # The "Share my location" button under the question.
                MessageHandler(filters.LOCATION, got_location),
                CallbackQueryHandler(
                    tapped_timezone, pattern=pattern(Scope.ONBOARDING, OnboardingAction.ZONE)
                ),
            ),
        ),
        Onboarding.HOUR: StepRow(
            ask_hour,
            read_hour,
            what="an hour such as 9 or 18:00",
            buttons=(
                CallbackQueryHandler(
                    tapped_hour, pattern=pattern(Scope.ONBOARDING, OnboardingAction.HOUR)
                ),
            ),
        ),
    },
    gone=start_over,
)


cancel = closer(
    KEY,
    lambda update: zone_question.say_closing(
        update, "Setup stopped. Send /start whenever you want to finish it."
    ),
)


async def stale_button(update: Update, context: BotContext) -> None:
    """A setup button tapped outside setup: nothing to change."""
    query, _ = tapped(update)
    await query.answer("This setup is finished. /settings changes your details.")


def build_handler() -> ConversationHandler[BotContext]:
    """The /start conversation."""
    return persistent_conversation(
        entry_points=[CommandHandler("start", start)],
        states=TABLE.states(),
        fallbacks=[CommandHandler("cancel", cancel)],
        name="onboarding",
        allow_reentry=True,
    )


def build_stale_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers setup buttons that outlived their conversation."""
    return CallbackQueryHandler(stale_button, pattern=pattern(Scope.ONBOARDING))
