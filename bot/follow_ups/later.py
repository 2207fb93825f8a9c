"""Type a time… under Remind me later and Snooze: a time ahead the user types.

A short conversation: "Friday 10:00", "tomorrow 8am" or "5 Dec 14:30", read in the user's
zone, brings the follow-up back then (the buttons' choices are in choices.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from html import escape

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.time.timeparse import ParseError, parse_when_future
from bot.follow_ups import schedule
from bot.follow_ups.choices import put_off_reply
from bot.follow_ups.messages import MESSAGE_LIMIT
from bot.follow_ups.tapped import is_open, open_follow_up, owned, tapper_chat
from bot.ui import display
from bot.ui.callbacks import FollowUpAction, Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, persistent_conversation
from bot.ui.display import esc
from bot.ui.inputs import sender
from bot.ui.steps import END, Kept, Next, Refusal, StepRow, Table
from storage.models import CALL_KINDS, THANK_YOU_KINDS

# Further ahead than this is not "later" but a different plan; the user is told so.
MAX_AHEAD = dt.timedelta(days=60)
PUT_OFF_KINDS = (*THANK_YOU_KINDS, *CALL_KINDS)
CLOSED_MEANWHILE = "That follow-up was closed meanwhile, so nothing changed."


class LaterState(IntEnum):
    TIME = 1


@dataclass(slots=True)
class PuttingOff:
    """The follow-up a typed time brings back."""

    follow_up_id: int


def _kept_id(stored: object) -> PuttingOff | None:
    """The follow-up's id alone, as the release before kept it under the same key."""
    if isinstance(stored, bool) or not isinstance(stored, int):
        return None
    return PuttingOff(stored)


KEPT = Kept("later_follow_up_id", PuttingOff, legacy=_kept_id)


async def start_typing(update: Update, context: BotContext) -> int | None:
    """Type a time…: ask for it."""
    tap = await open_follow_up(update, context, PUT_OFF_KINDS)
    if tap is None:
        return None
    query, row = tap
    await query.answer()
    return await TABLE.go(update, context, PuttingOff(row.id), Next(LaterState.TIME))


async def ask_time(update: Update, context: BotContext, answers: PuttingOff, say: str) -> None:
    await context.bot.send_message(
        tapper_chat(update),
        "When should I bring it back? Type a day and time in your zone, like “Friday 10:00”, "
        "“tomorrow 8am” or “5 Dec 14:30”. /cancel keeps it as it is.",
    )


async def read_time(
    update: Update, context: BotContext, answers: PuttingOff, typed: str
) -> Next | Refusal:
    """A day and time ahead, within MAX_AHEAD: the follow-up comes back then."""
    user, _ = sender(update)
    row = await owned(context.session, answers.follow_up_id, user.id)
    if row is None or not is_open(row):
        return Next(END, CLOSED_MEANWHILE)
    now = context.bot_data.clock()
    tz = row.user.timezone
    try:
        due = parse_when_future(typed, now=now, tz=tz)
    except ParseError as error:
        return Refusal(f"{escape(str(error))} Or /cancel to keep it as it is.")
    if due <= now:
        return Refusal(
            f"{display.when(due, tz, now=now)} has already passed. When should I bring it back?"
        )
    if due > now + MAX_AHEAD:
        return Refusal(
            f"That's more than {MAX_AHEAD.days} days away, longer than a follow-up keeps. "
            "Please pick a time within the next few weeks."
        )
    if await schedule.put_off(context.session, row=row, due=due, now=now) is None:
        return Next(END, CLOSED_MEANWHILE)
    _, line = put_off_reply(row, due, now)
    return Next(END, line)


async def closed_meanwhile(update: Update, context: BotContext) -> int:
    _, message = sender(update)
    await message.reply_text(CLOSED_MEANWHILE)
    return END


TABLE = Table(
    KEPT,
    {
        LaterState.TIME: StepRow(
            ask_time,
            read_time,
            what="a day and time",
            limit=MESSAGE_LIMIT,  # any length: the time parser says what it could not read
            not_text="Please type the day and time as a message, like “Friday 10:00”. "
            "/cancel keeps it.",
        )
    },
    gone=closed_meanwhile,
)


async def _say_kept(update: Update) -> None:
    _, message = sender(update)
    await message.reply_text("Okay, it stays as it was.")


async def _say_left(update: Update) -> None:
    _, message = sender(update)
    command = esc(message.text.split()[0]) if message.text else ""
    await message.reply_text(f"Okay, it stays as it was. Send {command} again to go on.")


cancel = closer(KEPT.key, _say_kept)
# Another command while a time is expected leaves, so the command is not read as a time.
other_command = closer(KEPT.key, _say_left)


def build_handler() -> ConversationHandler[BotContext]:
    """Type a time…: registered before the debrief, like Edit, so the typed time is ours."""
    return persistent_conversation(
        name="put_off",
        entry_points=[
            CallbackQueryHandler(start_typing, pattern=pattern(Scope.FOLLOW_UP, FollowUpAction.AT))
        ],
        states=TABLE.states(),
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(filters.COMMAND, other_command),
        ],
        allow_reentry=True,
    )
