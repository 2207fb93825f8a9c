"""/start onboarding: the name to sign notes with, the time zone, the hour nudges may arrive."""

from __future__ import annotations

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
from bot.ui.callbacks import Callback, OnboardingAction, Scope, button_data, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, persistent_conversation
from bot.ui.display import esc
from bot.ui.inputs import read_text, sender
from storage import users

NAME_LIMIT = 100
HOURS_OFFERED = (8, 9, 10)
KEY = "onboarding"


class Onboarding(IntEnum):
    NAME = 1
    TIMEZONE = 2
    HOUR = 3


INTRO = (
    "Hi! I help you follow up after every job interview.\n"
    "Right after one, tell me how it went (/new); I draft a thank-you note for each "
    "interviewer and remind you to call once their timeline has passed."
)


def _answers(context: BotContext) -> dict[str, object]:
    data = context.user_data
    assert data is not None
    answers: dict[str, object] = data.setdefault(KEY, {})
    return answers


def telegram_name(update: Update) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    return user.full_name.strip()[:NAME_LIMIT] or None


async def ask_name(update: Update, context: BotContext) -> Onboarding:
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
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        "What name should I sign your notes with? (e.g. your first and last name)",
        reply_markup=keyboard,
    )
    return Onboarding.NAME


def _zone_data(zone: str) -> str:
    return button_data(Scope.ONBOARDING, OnboardingAction.ZONE, zone)


async def ask_timezone(update: Update, context: BotContext) -> Onboarding:
    message = update.effective_message
    assert message is not None
    await zone_question.ask(message, _zone_data)
    return Onboarding.TIMEZONE


async def ask_hour(update: Update, context: BotContext) -> Onboarding:
    message = update.effective_message
    assert message is not None
    buttons = [
        InlineKeyboardButton(
            f"{hour}:00", callback_data=button_data(Scope.ONBOARDING, OnboardingAction.HOUR, hour)
        )
        for hour in HOURS_OFFERED
    ]
    await message.reply_text(
        "At what hour may I send you reminders? Pick one or type a time (e.g. “7”, “18:00” or "
        "“7:30pm”). "
        "I never nudge at night or on weekends for calls.",
        reply_markup=InlineKeyboardMarkup([buttons]),
    )
    return Onboarding.HOUR


async def start(update: Update, context: BotContext) -> Onboarding | int:
    """New users are onboarded; known users are welcomed back and never wiped."""
    tg_user, message = sender(update)
    now = context.bot_data.clock()
    session = context.session
    user = await users.get_user(session, user_id=tg_user.id)
    resumed = await users.reactivate(session, user_id=tg_user.id, now=now) if user else 0
    if user is not None:
        text = f"Welcome back, {esc(user.sign_name)}!"
        if resumed:
            text += f" I resumed {resumed} paused follow-up{'s' if resumed != 1 else ''}."
        await message.reply_text(
            text + "\nAfter an interview send /new. /list shows your applications, "
            "/settings changes your name, time zone or hour, /help lists everything."
        )
        return ConversationHandler.END
    _answers(context).clear()
    await message.reply_text(INTRO)
    return await ask_name(update, context)


async def got_name(update: Update, context: BotContext) -> Onboarding:
    name = await read_text(update, limit=NAME_LIMIT, what="the name to sign your notes with")
    if name is None:
        return Onboarding.NAME
    # "priya raman" signs as "Priya Raman"; a name typed with any capital stays as typed.
    _answers(context)["name"] = proper_case(name)
    return await ask_timezone(update, context)


async def tapped_telegram_name(update: Update, context: BotContext) -> Onboarding:
    query = update.callback_query
    assert query is not None
    await query.answer()
    name = telegram_name(update)
    if name is None:
        return await ask_name(update, context)
    _answers(context)["name"] = name
    await query.edit_message_text(f"I'll sign your notes as <b>{esc(name)}</b>.")
    return await ask_timezone(update, context)


async def _zone_chosen(update: Update, context: BotContext, zone: str) -> Onboarding:
    _answers(context)["timezone"] = zone
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        f"Time zone: <b>{esc(zone_label(zone, now=context.bot_data.clock()))}</b>.",
        reply_markup=zone_question.remove_keyboard(),
    )
    return await ask_hour(update, context)


async def got_timezone(update: Update, context: BotContext) -> Onboarding:
    typed = await read_text(update, limit=100, what="your city or time zone")
    if typed is None:
        return Onboarding.TIMEZONE
    message = update.effective_message
    assert message is not None
    zone = await zone_question.resolve_typed(message, typed, _zone_data)
    if zone is None:
        return Onboarding.TIMEZONE
    return await _zone_chosen(update, context, zone)


async def got_location(update: Update, context: BotContext) -> Onboarding:
    message = update.effective_message
    assert message is not None
    zone = await zone_question.resolve_location(message, _zone_data)
    if zone is None:
        return Onboarding.TIMEZONE
    return await _zone_chosen(update, context, zone)


async def tapped_timezone(update: Update, context: BotContext) -> Onboarding:
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    zone = callback.args[0] if callback and callback.args else ""
    if zone not in available_timezones():
        await query.answer("That button is out of date; please type your city.", show_alert=True)
        return Onboarding.TIMEZONE
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _zone_chosen(update, context, zone)


async def _finish(update: Update, context: BotContext, clock: ClockTime) -> int:
    tg_user = update.effective_user
    chat = update.effective_chat
    message = update.effective_message
    assert tg_user is not None
    assert chat is not None
    assert message is not None
    answers = _answers(context)
    name = str(answers.get("name") or telegram_name(update) or tg_user.first_name)
    zone = str(answers.get("timezone") or "UTC")
    session = context.session
    await users.create_or_update_user(
        session,
        user_id=tg_user.id,
        chat_id=chat.id,
        sign_name=name,
        timezone=zone,
        nudge_hour=clock.hour,
        nudge_minute=clock.minute,
    )
    assert context.user_data is not None
    context.user_data.pop(KEY, None)
    await message.reply_text(
        f"All set, {esc(name)}: notes signed as <b>{esc(name)}</b>, time zone <b>{esc(zone)}</b>, "
        f"reminders from <b>{clock}</b>. You can change these any time with /settings.\n\n"
        "Right after your next interview, send /new and I'll debrief you while it's fresh. "
        "Have one coming up? /upcoming registers it and I'll send a checklist that day."
    )
    return ConversationHandler.END


async def got_hour(update: Update, context: BotContext) -> Onboarding | int:
    typed = await read_text(update, limit=200, what="a time such as 9 or 7:30pm")
    if typed is None:
        return Onboarding.HOUR
    message = update.effective_message
    assert message is not None
    try:
        clock = parse_clock(typed)
    except ParseError as error:
        await message.reply_text(esc(error.message))
        return Onboarding.HOUR
    return await _finish(update, context, clock)


async def tapped_hour(update: Update, context: BotContext) -> Onboarding | int:
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    hour = callback.int_arg() if callback else None
    if hour is None or hour > 23:
        await query.answer("That button is out of date; please type an hour.", show_alert=True)
        return Onboarding.HOUR
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _finish(update, context, ClockTime(hour))


cancel = closer(
    KEY,
    lambda update: zone_question.say_closing(
        update, "Setup stopped. Send /start whenever you want to finish it."
    ),
)


async def stale_button(update: Update, context: BotContext) -> None:
    """A setup button tapped outside setup: nothing to change."""
    query = update.callback_query
    assert query is not None
    await query.answer("This setup is finished. /settings changes your details.")


def _non_text(state_prompt: str):  # type: ignore[no-untyped-def]
    async def reply(update: Update, context: BotContext) -> None:
        await read_text(update, limit=1, what=state_prompt)

    return reply


def build_handler() -> ConversationHandler[BotContext]:
    """The /start conversation."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.TEXT & ~filters.COMMAND
    return persistent_conversation(
        entry_points=[CommandHandler("start", start)],
        states={
            Onboarding.NAME: [
                MessageHandler(text, got_name),
                CallbackQueryHandler(
                    tapped_telegram_name,
                    pattern=pattern(Scope.ONBOARDING, OnboardingAction.TELEGRAM_NAME),
                ),
                MessageHandler(other, _non_text("the name to sign your notes with")),
            ],
            Onboarding.TIMEZONE: [
                MessageHandler(text, got_timezone),
                MessageHandler(filters.LOCATION, got_location),
                CallbackQueryHandler(
                    tapped_timezone, pattern=pattern(Scope.ONBOARDING, OnboardingAction.ZONE)
                ),
                MessageHandler(other, _non_text("your city or time zone")),
            ],
            Onboarding.HOUR: [
                MessageHandler(text, got_hour),
                CallbackQueryHandler(
                    tapped_hour, pattern=pattern(Scope.ONBOARDING, OnboardingAction.HOUR)
                ),
                MessageHandler(other, _non_text("an hour such as 9 or 18:00")),
            ],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        name="onboarding",
        allow_reentry=True,
    )


def build_stale_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers setup buttons that outlived their conversation."""
    return CallbackQueryHandler(stale_button, pattern=pattern(Scope.ONBOARDING))
