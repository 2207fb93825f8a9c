"""The times offered under Remind me later and Snooze, and what the message says after.

In the user's zone: this evening, tomorrow morning, in 3 days, next Monday; a call or email
only on business days at the user's call hour (schedule.snooze_due), never "this evening".
Each button shows its hour, so the choice is never a surprise.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.time import timing
from bot.follow_ups import schedule
from bot.ui import display
from bot.ui.callbacks import FollowUpAction, Scope, button_data
from storage.models import CALL_KINDS, THANK_YOU_KINDS, FollowUp, FollowUpKind

LABELS = {
    timing.Snooze.THIS_EVENING: "This evening",
    timing.Snooze.TOMORROW_MORNING: "Tomorrow morning",
    timing.Snooze.THREE_DAYS: "In 3 days",
    timing.Snooze.NEXT_MONDAY: "Next Monday",
}


def _choice_label(row: FollowUp, option: timing.Snooze, now: dt.datetime) -> str:
    shown = display.local(schedule.snooze_due(row, option, now), row.user.timezone)
    same_day = option in (timing.Snooze.THIS_EVENING, timing.Snooze.TOMORROW_MORNING)
    return f"{LABELS[option]} · {shown:{'%H:%M' if same_day else '%a %H:%M'}}"


def choices_keyboard(row: FollowUp, now: dt.datetime) -> InlineKeyboardMarkup:
    """The times to choose from (each with its hour), "Type a time…", and « Back."""
    business = row.kind in CALL_KINDS
    options = timing.snooze_choices(now=now, tz=row.user.timezone, business=business)
    buttons = [
        InlineKeyboardButton(
            _choice_label(row, option, now),
            callback_data=button_data(Scope.FOLLOW_UP, FollowUpAction.SNOOZE_FOR, row.id, option),
        )
        for option in options
    ]
    rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
    rows.append(
        [
            InlineKeyboardButton(
                "⌨️ Type a time…",
                callback_data=button_data(Scope.FOLLOW_UP, FollowUpAction.AT, row.id),
            ),
            InlineKeyboardButton(
                "« Back", callback_data=button_data(Scope.FOLLOW_UP, FollowUpAction.BACK, row.id)
            ),
        ]
    )
    return InlineKeyboardMarkup(rows)


def put_off_reply(row: FollowUp, due: dt.datetime, now: dt.datetime) -> tuple[str, str]:
    """The toast and the line that replaces the buttons once a follow-up is put off."""
    when = display.when(due, row.user.timezone, now=now)
    place = escape(f"{row.application.role} at {row.application.company}")
    if row.kind in THANK_YOU_KINDS:
        return f"I'll remind you {when}", f"⏰ I'll bring this note back on <b>{when}</b>."
    what = "the script" if row.kind == FollowUpKind.CALL else "the email"
    return f"Snoozed until {when}", f"💤 Snoozed: {place}. I'll bring {what} back on <b>{when}</b>."
