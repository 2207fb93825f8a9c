"""/settings: name, time zone, reminder and call hours, default wait, phone; one at a time.

Reminders already scheduled follow a new zone or hour: each keeps its day and comes at the
new hour in the new zone (a checklist is worked out again from its interview). The
"How did it go?" prompt stays where it is: it is tied to the interview's end, not the hour.
"""

from __future__ import annotations

import datetime as dt
import secrets
from enum import IntEnum
from typing import Any
from zoneinfo import available_timezones

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import help
from bot.domain.places.timezones import zone_label
from bot.domain.time.hours import ClockTime, parse_clock
from bot.domain.time.timeparse import ParseError
from bot.follow_ups import schedule
from bot.ui import zone_question
from bot.ui.callbacks import Callback, Scope, SettingsAction, button_data, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, reply, short_conversation
from bot.ui.display import esc
from bot.ui.inputs import read_text
from storage import users
from storage.models import User

KEY = "settings"
CONVERSATION_NAME = "settings"
NAME_LIMIT = 100
HOURS_OFFERED = (7, 8, 9, 10, 12, 18)
CALL_HOURS_OFFERED = (9, 10, 11, 14, 15, 16)
FIRST_CALL_HOUR, LAST_CALL_HOUR = 7, 20
WAITS_OFFERED = (7, 10, 14, 21)
MIN_WAIT, MAX_WAIT = 1, 60
PHONE_LIMIT = 40
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15
# Longer than any answer we expect, so a long one gets "please send …", not a length error.
TEXT_LIMIT = 200


class Step(IntEnum):
    MENU = 1
    NAME = 2
    ZONE = 3
    HOUR = 4
    WAIT = 5
    # Appended: states are stored with the conversation, so numbers never change.
    CALL_HOUR = 6
    PHONE = 7


# ---------------------------------------------------------------------------
# The menu


def _token(context: BotContext) -> str | None:
    assert context.user_data is not None
    token = context.user_data.get(KEY)
    return token if isinstance(token, str) else None


def _button(
    context: BotContext, label: str, action: SettingsAction, *args: object
) -> InlineKeyboardButton:
    token = _token(context)
    assert token is not None
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.SETTINGS, action, token, *args)
    )


async def _stored(context: BotContext, user_id: int) -> User | None:
    session = context.session
    return await users.get_user(session, user_id=user_id)


def _menu_text(user: User, now: dt.datetime, prefix: str = "") -> str:
    return prefix + "\n".join(
        [
            "<b>Your settings</b>",
            f"Notes signed as: <b>{esc(user.sign_name)}</b>",
            f"Time zone: <b>{esc(zone_label(user.timezone, now=now))}</b>",
            f"Reminders from: <b>{user.nudge_hour}:{user.nudge_minute:02d}</b>",
            f"Call reminders (Monday to Friday) at: <b>{user.call_hour}:00</b>",
            f"Call reminder when no timeline was given: <b>{user.default_wait_days} days</b> "
            "after the interview",
            f"Your phone number (for voicemail scripts): <b>{esc(user.phone or 'not set')}</b>",
            "",
            "What would you like to change?",
        ]
    )


def _menu_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(context, "Name", SettingsAction.PICK, "name"),
                _button(context, "Time zone", SettingsAction.PICK, "tz"),
            ],
            [
                _button(context, "Reminder hour", SettingsAction.PICK, "hour"),
                _button(context, "Call hour", SettingsAction.PICK, "call"),
            ],
            [
                _button(context, "Default wait", SettingsAction.PICK, "wait"),
                _button(context, "Phone", SettingsAction.PICK, "phone"),
            ],
            [_button(context, "Done", SettingsAction.PICK, "done")],
        ]
    )


async def _show_menu(update: Update, context: BotContext, user_id: int, prefix: str = "") -> int:
    stored = await _stored(context, user_id)
    if stored is None:
        return await _gone(update, context)
    await reply(
        update, _menu_text(stored, context.bot_data.clock(), prefix), _menu_keyboard(context)
    )
    return Step.MENU


async def _gone(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(KEY, None)
    await reply(update, "I don't have your settings; send /start to set up.")
    return ConversationHandler.END


async def start(update: Update, context: BotContext) -> int:
    user = update.effective_user
    assert user is not None
    assert context.user_data is not None
    # Buttons carry this token: those of an older /settings message are refused.
    context.user_data[KEY] = secrets.token_hex(3)
    return await _show_menu(update, context, user.id)


def _zone_data(context: BotContext) -> zone_question.ButtonData:
    token = _token(context)
    assert token is not None
    return lambda zone: button_data(Scope.SETTINGS, SettingsAction.ZONE, token, zone)


async def _ask(update: Update, context: BotContext, field: str) -> int:
    message = update.effective_message
    assert message is not None
    if field == "name":
        await reply(update, "What name should I sign your notes with?")
        return Step.NAME
    if field == "tz":
        await zone_question.ask(message, _zone_data(context))
        return Step.ZONE
    if field == "hour":
        buttons = [
            _button(context, f"{hour}:00", SettingsAction.HOUR, hour) for hour in HOURS_OFFERED
        ]
        await reply(
            update,
            "From what time may reminders come? Tap one or type a time (e.g. “7”, “18:00”, "
            "“7:30pm” or “half past 8”).",
            InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
        )
        return Step.HOUR
    if field == "call":
        buttons = [
            _button(context, f"{hour}:00", SettingsAction.CALL_HOUR, hour)
            for hour in CALL_HOURS_OFFERED
        ]
        await reply(
            update,
            "At what hour should call reminders come (Monday to Friday, when recruiters pick "
            f"up)? Tap one or type an hour from {FIRST_CALL_HOUR} to {LAST_CALL_HOUR}.",
            InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
        )
        return Step.CALL_HOUR
    if field == "phone":
        user = update.effective_user
        assert user is not None
        stored = await _stored(context, user.id)
        current = stored.phone if stored is not None else None
        clear = [[_button(context, "Remove my number", SettingsAction.PHONE, "clear")]]
        await reply(
            update,
            "Which phone number should voicemail scripts leave for a call back? Type it "
            "(e.g. “+49 151 2345 6789”). It's optional: /cancel leaves it"
            + (f" as {esc(current)}." if current else " unset."),
            InlineKeyboardMarkup(clear) if current else None,
        )
        return Step.PHONE
    buttons = [
        _button(context, f"{days} days", SettingsAction.WAIT, days) for days in WAITS_OFFERED
    ]
    await reply(
        update,
        "When an interviewer gives no timeline, how many days after the interview should I "
        f"suggest the follow-up call? Tap one or type a number from {MIN_WAIT} to {MAX_WAIT}.",
        InlineKeyboardMarkup([buttons]),
    )
    return Step.WAIT


# ---------------------------------------------------------------------------
# Saving one setting


async def _save_name(update: Update, context: BotContext, user_id: int, name: str) -> int:
    session = context.session
    saved = await users.update_settings(session, user_id=user_id, sign_name=name)
    if saved is None:
        return await _gone(update, context)
    return await _show_menu(
        update, context, user_id, f"Saved: I'll sign your notes as <b>{esc(name)}</b>.\n\n"
    )


async def _save_timing(
    update: Update,
    context: BotContext,
    user_id: int,
    *,
    zone: str | None = None,
    clock: ClockTime | None = None,
) -> int:
    now = context.bot_data.clock()
    session = context.session
    stored = await users.get_user(session, user_id=user_id)
    if stored is None:
        return await _gone(update, context)
    old_tz = stored.timezone
    new_tz = zone or stored.timezone
    new = clock or ClockTime(stored.nudge_hour, stored.nudge_minute)
    await users.update_settings(
        session, user_id=user_id, timezone=new_tz, nudge_hour=new.hour, nudge_minute=new.minute
    )
    moved = await schedule.retime_reminders(
        session,
        user_id=user_id,
        old_tz=old_tz,
        new_tz=new_tz,
        new_hour=new.hour,
        new_minute=new.minute,
        now=now,
        call_hour=stored.call_hour,
    )
    if zone is not None:
        message = update.effective_message
        assert message is not None
        # The location keyboard goes away with the question it belonged to.
        await message.reply_text("Got it.", reply_markup=zone_question.remove_keyboard())
    what = (
        f"Time zone: <b>{esc(zone_label(new_tz, now=now))}</b>."
        if zone is not None
        else f"Reminders now come from <b>{new}</b>."
    )
    if moved:
        what += (
            f" I moved {moved} scheduled reminder{'s' if moved != 1 else ''}: each keeps its "
            f"day; calls come at {stored.call_hour}:00, the others at {new} your time."
        )
    else:
        what += " Nothing scheduled needed to move."
    return await _show_menu(update, context, user_id, what + "\n\n")


async def _save_call_hour(update: Update, context: BotContext, user_id: int, hour: int) -> int:
    now = context.bot_data.clock()
    session = context.session
    stored = await users.update_settings(session, user_id=user_id, call_hour=hour)
    if stored is None:
        return await _gone(update, context)
    # The same move as for a new reminder hour: calls and emails go to the new call hour.
    moved = await schedule.retime_reminders(
        session,
        user_id=user_id,
        old_tz=stored.timezone,
        new_tz=stored.timezone,
        new_hour=stored.nudge_hour,
        now=now,
        call_hour=hour,
    )
    what = f"Call reminders now come at <b>{hour}:00</b>, Monday to Friday."
    if moved:
        what += f" I moved {moved} scheduled reminder{'s' if moved != 1 else ''} to that hour."
    return await _show_menu(update, context, user_id, what + "\n\n")


async def _save_phone(update: Update, context: BotContext, user_id: int, phone: str | None) -> int:
    session = context.session
    saved = await users.update_settings(
        session, user_id=user_id, phone=phone, clear_phone=phone is None
    )
    if saved is None:
        return await _gone(update, context)
    what = (
        f"Saved: voicemail scripts will leave <b>{esc(phone)}</b>."
        if phone
        else "Removed: voicemail scripts won't mention a number."
    )
    return await _show_menu(update, context, user_id, what + "\n\n")


def _phone(typed: str) -> str | None:
    """The number as typed, if it looks like one: digits with spaces, dashes, dots, brackets."""
    digits = sum(char in "0123456789" for char in typed)
    allowed = set("0123456789 +-.()/")
    if len(typed) > PHONE_LIMIT or not set(typed) <= allowed or "+" in typed[1:]:
        return None
    return typed if MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS else None


def _wait_days(typed: str) -> int | None:
    # ASCII digits only: "²".isdigit() is True, but int("²") raises.
    text = typed.removesuffix("days").removesuffix("day").strip()
    if not text or len(text) > 3 or any(char not in "0123456789" for char in text):
        return None
    days = int(text)
    return days if MIN_WAIT <= days <= MAX_WAIT else None


async def _save_wait(update: Update, context: BotContext, user_id: int, days: int) -> int:
    session = context.session
    saved = await users.update_settings(session, user_id=user_id, default_wait_days=days)
    if saved is None:
        return await _gone(update, context)
    return await _show_menu(
        update,
        context,
        user_id,
        f"Saved: when no timeline is given, I'll suggest the call {days} days after the "
        "interview. Call reminders already scheduled keep their date.\n\n",
    )


# ---------------------------------------------------------------------------
# Handlers


async def on_text(update: Update, context: BotContext, step: Step) -> int:
    user = update.effective_user
    assert user is not None
    if step is Step.MENU:
        await reply(update, "Please tap one of the buttons above, or send /cancel to leave.")
        return step
    if step is Step.NAME:
        name = await read_text(update, limit=NAME_LIMIT, what="the name to sign your notes with")
        return step if name is None else await _save_name(update, context, user.id, name)
    message = update.effective_message
    assert message is not None
    if step is Step.ZONE:
        if message.location is not None:
            zone = await zone_question.resolve_location(message, _zone_data(context))
            return step if zone is None else await _save_timing(update, context, user.id, zone=zone)
        typed = await read_text(update, limit=TEXT_LIMIT, what="your city or time zone")
        if typed is None:
            return step
        zone = await zone_question.resolve_typed(message, typed, _zone_data(context))
        return step if zone is None else await _save_timing(update, context, user.id, zone=zone)
    typed = await read_text(update, limit=TEXT_LIMIT, what=_EXPECTED[step])
    if typed is None:
        return step
    if step in (Step.HOUR, Step.CALL_HOUR):
        try:
            clock = parse_clock(typed)
        except ParseError as error:
            await reply(update, esc(error.message))
            return step
        if step is Step.HOUR:
            return await _save_timing(update, context, user.id, clock=clock)
        if clock.minute or not FIRST_CALL_HOUR <= clock.hour <= LAST_CALL_HOUR:
            await reply(
                update,
                f"Call reminders come on the hour, from {FIRST_CALL_HOUR} to {LAST_CALL_HOUR} "
                "(when people pick up): send e.g. “10” or “14:00”.",
            )
            return step
        return await _save_call_hour(update, context, user.id, clock.hour)
    if step is Step.PHONE:
        phone = _phone(typed)
        if phone is None:
            await reply(
                update,
                "Please send a phone number: digits, with spaces or dashes if you like and "
                f"“+” and the country code in front, {MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS} "
                "digits (e.g. “+1 415-555-0100”). /cancel leaves it as it is.",
            )
            return step
        return await _save_phone(update, context, user.id, phone)
    days = _wait_days(typed)
    if days is None:
        await reply(
            update, f"Please send a whole number of days from {MIN_WAIT} to {MAX_WAIT}, e.g. “14”."
        )
        return step
    return await _save_wait(update, context, user.id, days)


_EXPECTED = {
    Step.HOUR: "a time such as 9 or 7:30pm",
    Step.CALL_HOUR: "an hour such as 10 or 14:00",
    Step.PHONE: "your phone number",
    Step.WAIT: "a number of days",
}


async def on_button(update: Update, context: BotContext, step: Step) -> int:
    query = update.callback_query
    assert query is not None
    user_id = query.from_user.id
    callback = Callback.parse(query.data)
    token = _token(context)
    if callback is None or token is None or callback.args[:1] != (token,):
        await query.answer("That menu is out of date; send /settings for a fresh one.")
        return step
    arg = callback.args[1] if len(callback.args) > 1 else ""
    if callback.action == SettingsAction.PICK and arg in {
        "name",
        SettingsAction.ZONE,
        SettingsAction.HOUR,
        SettingsAction.WAIT,
        "call",
        "phone",
        "done",
    }:
        await query.answer()
        await query.edit_message_reply_markup(None)
        if arg == "done":
            assert context.user_data is not None
            context.user_data.pop(KEY, None)
            await reply(update, "All saved. /help lists everything I can do.")
            return ConversationHandler.END
        return await _ask(update, context, arg)
    if (
        callback.action == SettingsAction.ZONE
        and step is Step.ZONE
        and arg in available_timezones()
    ):
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_timing(update, context, user_id, zone=arg)
    value = callback.int_arg(1)
    if callback.action == SettingsAction.HOUR and step is Step.HOUR and value in HOURS_OFFERED:
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_timing(update, context, user_id, clock=ClockTime(value))
    if (
        callback.action == SettingsAction.CALL_HOUR
        and step is Step.CALL_HOUR
        and value in CALL_HOURS_OFFERED
    ):
        assert value is not None
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_call_hour(update, context, user_id, value)
    if callback.action == SettingsAction.PHONE and step is Step.PHONE and arg == "clear":
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_phone(update, context, user_id, None)
    if callback.action == SettingsAction.WAIT and step is Step.WAIT and value in WAITS_OFFERED:
        assert value is not None
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_wait(update, context, user_id, value)
    await query.answer("That button is not for this question.")
    return step


cancel = closer(
    KEY,
    lambda update: zone_question.say_closing(
        update, "Okay, settings closed. What you already saved stays saved."
    ),
)
# Another command in the menu closes it, so the next text is not taken as a setting.
other_command = closer(
    KEY,
    lambda update: help.left_conversation(update, "your settings (what you saved stays saved)"),
)


async def stale_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("This settings menu is closed. Send /settings to open it again.")


def _state_handlers(step: Step) -> list[BaseHandler[Update, BotContext, Any]]:
    async def text(update: Update, context: BotContext) -> int:
        return await on_text(update, context, step)

    async def button(update: Update, context: BotContext) -> int:
        return await on_button(update, context, step)

    return [
        # Non-text messages too: read_text answers them with what is expected.
        MessageHandler(~filters.COMMAND, text),
        CallbackQueryHandler(button, pattern=pattern(Scope.SETTINGS)),
    ]


def build_handler() -> ConversationHandler[BotContext]:
    """The /settings conversation."""
    return short_conversation(
        name=CONVERSATION_NAME,
        command="settings",
        start=start,
        states={step: _state_handlers(step) for step in Step},
        cancel=cancel,
        other_command=other_command,
    )


def build_stale_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers settings buttons that outlived their menu."""
    return CallbackQueryHandler(stale_button, pattern=pattern(Scope.SETTINGS))
