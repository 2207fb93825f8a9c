"""/settings: the signing name, time zone, reminder hour and default wait, changed one at a time.

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
from bot.callbacks import Callback, Scope, SettingsAction, button_data, pattern
from bot.context import BotContext
from bot.conversations import closer, reply, short_conversation
from bot.display import esc
from bot.domain.timeparse import ParseError, parse_hour
from bot.domain.timezones import COMMON_ZONES, match_timezone, zone_label
from bot.follow_ups import schedule
from bot.inputs import read_text
from storage import users
from storage.models import User

KEY = "settings"
CONVERSATION_NAME = "settings"
NAME_LIMIT = 100
HOURS_OFFERED = (7, 8, 9, 10, 12, 18)
WAITS_OFFERED = (7, 10, 14, 21)
MIN_WAIT, MAX_WAIT = 1, 60


class Step(IntEnum):
    MENU = 1
    NAME = 2
    ZONE = 3
    HOUR = 4
    WAIT = 5


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
            f"Reminders from: <b>{user.nudge_hour}:00</b>",
            f"Call reminder when no timeline was given: <b>{user.default_wait_days} days</b> "
            "after the interview",
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
                _button(context, "Default wait", SettingsAction.PICK, "wait"),
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


def _zone_keyboard(context: BotContext, zones: tuple[str, ...] | list[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(context, zone.replace("_", " "), SettingsAction.ZONE, zone)] for zone in zones]
    )


async def _ask(update: Update, context: BotContext, field: str) -> int:
    if field == "name":
        await reply(update, "What name should I sign your notes with?")
        return Step.NAME
    if field == "tz":
        await reply(
            update,
            "Which time zone are you in? Type your city (e.g. “Berlin”), an IANA name like "
            "“Europe/Lisbon”, or “UTC+2”, or pick one:",
            _zone_keyboard(context, COMMON_ZONES),
        )
        return Step.ZONE
    if field == "hour":
        buttons = [
            _button(context, f"{hour}:00", SettingsAction.HOUR, hour) for hour in HOURS_OFFERED
        ]
        await reply(
            update,
            "From what hour may reminders come? Tap one or type an hour (e.g. “7” or “18:00”).",
            InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
        )
        return Step.HOUR
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
    hour: int | None = None,
) -> int:
    now = context.bot_data.clock()
    session = context.session
    stored = await users.get_user(session, user_id=user_id)
    if stored is None:
        return await _gone(update, context)
    old_tz = stored.timezone
    new_tz, new_hour = zone or stored.timezone, stored.nudge_hour if hour is None else hour
    await users.update_settings(session, user_id=user_id, timezone=new_tz, nudge_hour=new_hour)
    moved = await schedule.retime_reminders(
        session,
        user_id=user_id,
        old_tz=old_tz,
        new_tz=new_tz,
        new_hour=new_hour,
        now=now,
        call_hour=stored.call_hour,
    )
    what = (
        f"Time zone: <b>{esc(zone_label(new_tz, now=now))}</b>."
        if zone is not None
        else f"Reminders now come from <b>{new_hour}:00</b>."
    )
    if moved:
        what += (
            f" I moved {moved} scheduled reminder{'s' if moved != 1 else ''}: each keeps its "
            f"day and now comes at {new_hour}:00 your time."
        )
    else:
        what += " Nothing scheduled needed to move."
    return await _show_menu(update, context, user_id, what + "\n\n")


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
    if step is Step.ZONE:
        typed = await read_text(update, limit=100, what="your city or time zone")
        if typed is None:
            return step
        candidates = match_timezone(typed)
        if not candidates:
            await reply(
                update,
                f"I couldn't find a time zone for “{esc(typed)}”. Try a big city near you "
                "(“Lisbon”), an IANA name (“America/Chicago”) or an offset (“UTC-5”), or pick one:",
                _zone_keyboard(context, COMMON_ZONES),
            )
            return step
        if len(candidates) == 1 or typed.lower() == candidates[0].lower():
            return await _save_timing(update, context, user.id, zone=candidates[0])
        await reply(
            update,
            f"Which of these do you mean by “{esc(typed)}”?",
            _zone_keyboard(context, candidates),
        )
        return step
    if step is Step.HOUR:
        typed = await read_text(update, limit=20, what="an hour such as 9 or 18:00")
        if typed is None:
            return step
        try:
            hour = parse_hour(typed)
        except ParseError as error:
            await reply(update, esc(error.message))
            return step
        return await _save_timing(update, context, user.id, hour=hour)
    typed = await read_text(update, limit=10, what="a number of days")
    if typed is None:
        return step
    days = int(typed) if typed.isdigit() else None
    if days is None or not MIN_WAIT <= days <= MAX_WAIT:
        await reply(update, f"Please send a whole number of days from {MIN_WAIT} to {MAX_WAIT}.")
        return step
    return await _save_wait(update, context, user.id, days)


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
        return await _save_timing(update, context, user_id, hour=value)
    if callback.action == SettingsAction.WAIT and step is Step.WAIT and value in WAITS_OFFERED:
        assert value is not None
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _save_wait(update, context, user_id, value)
    await query.answer("That button is not for this question.")
    return step


cancel = closer(
    KEY, lambda update: reply(update, "Okay, settings closed. What you already saved stays saved.")
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
