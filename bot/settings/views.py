"""/settings as the user sees it: the menu, the questions and their buttons."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.places.timezones import zone_label
from bot.settings.answers import (
    CALL_HOURS_OFFERED,
    FIRST_CALL_HOUR,
    HOURS_OFFERED,
    LAST_CALL_HOUR,
    MAX_WAIT,
    MIN_WAIT,
    WAITS_OFFERED,
    SettingsAnswers,
)
from bot.ui import zone_question
from bot.ui.callbacks import Scope, SettingsAction, button_data
from bot.ui.context import BotContext
from bot.ui.conversations import reply
from bot.ui.display import esc
from bot.ui.inputs import sender
from storage.models import User


class Pick(StrEnum):
    """The menu's buttons: st:v1:pick:<token>:<pick>."""

    NAME = "name"
    ZONE = "tz"
    HOUR = "hour"
    CALL_HOUR = "call"
    WAIT = "wait"
    PHONE = "phone"
    DONE = "done"


def _button(
    answers: SettingsAnswers, label: str, action: SettingsAction, *args: object
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.SETTINGS, action, answers.token, *args)
    )


def zone_data(answers: SettingsAnswers) -> zone_question.ButtonData:
    return lambda zone: button_data(Scope.SETTINGS, SettingsAction.ZONE, answers.token, zone)


def menu_text(user: User, now: dt.datetime, prefix: str = "") -> str:
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


def menu_keyboard(answers: SettingsAnswers) -> InlineKeyboardMarkup:
    def pick(label: str, picked: Pick) -> InlineKeyboardButton:
        return _button(answers, label, SettingsAction.PICK, picked)

    return InlineKeyboardMarkup(
        [
            [pick("Name", Pick.NAME), pick("Time zone", Pick.ZONE)],
            [pick("Reminder hour", Pick.HOUR), pick("Call hour", Pick.CALL_HOUR)],
            [pick("Default wait", Pick.WAIT), pick("Phone", Pick.PHONE)],
            [pick("Done", Pick.DONE)],
        ]
    )


# ---------------------------------------------------------------------------
# The questions: `say` (what was saved, before the menu) goes before each.


async def ask_menu(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, say: str
) -> None:
    await reply(update, menu_text(user, context.bot_data.clock(), say), menu_keyboard(answers))


async def ask_name(update: Update, context: BotContext, answers: SettingsAnswers, say: str) -> None:
    await reply(update, say + "What name should I sign your notes with?")


async def ask_zone(update: Update, context: BotContext, answers: SettingsAnswers, say: str) -> None:
    _, message = sender(update)
    if say:
        await reply(update, say)
    await zone_question.ask(message, zone_data(answers))


async def ask_hour(update: Update, context: BotContext, answers: SettingsAnswers, say: str) -> None:
    buttons = [_button(answers, f"{hour}:00", SettingsAction.HOUR, hour) for hour in HOURS_OFFERED]
    await reply(
        update,
        say + "From what time may reminders come? Tap one or type a time (e.g. “7”, “18:00”, "
        "“7:30pm” or “half past 8”).",
        InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
    )


async def ask_call_hour(
    update: Update, context: BotContext, answers: SettingsAnswers, say: str
) -> None:
    buttons = [
        _button(answers, f"{hour}:00", SettingsAction.CALL_HOUR, hour)
        for hour in CALL_HOURS_OFFERED
    ]
    await reply(
        update,
        say + "At what hour should call reminders come (Monday to Friday, when recruiters pick "
        f"up)? Tap one or type an hour from {FIRST_CALL_HOUR} to {LAST_CALL_HOUR}.",
        InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
    )


async def ask_wait(update: Update, context: BotContext, answers: SettingsAnswers, say: str) -> None:
    buttons = [
        _button(answers, f"{days} days", SettingsAction.WAIT, days) for days in WAITS_OFFERED
    ]
    await reply(
        update,
        say + "When an interviewer gives no timeline, how many days after the interview should "
        f"I suggest the follow-up call? Tap one or type a number from {MIN_WAIT} to {MAX_WAIT}.",
        InlineKeyboardMarkup([buttons]),
    )


async def ask_phone(
    update: Update, context: BotContext, user: User, answers: SettingsAnswers, say: str
) -> None:
    current = user.phone
    clear = [[_button(answers, "Remove my number", SettingsAction.PHONE, "clear")]]
    await reply(
        update,
        say + "Which phone number should voicemail scripts leave for a call back? Type it "
        "(e.g. “+49 151 2345 6789”). It's optional: /cancel leaves it"
        + (f" as {esc(current)}." if current else " unset."),
        InlineKeyboardMarkup(clear) if current else None,
    )
