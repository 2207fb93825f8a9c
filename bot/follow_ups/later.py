"""Type a time… under Remind me later and Snooze: a time ahead the user types.

A short conversation: "Friday 10:00", "tomorrow 8am" or "5 Dec 14:30", read in the user's
zone, brings the follow-up back then (the buttons' choices are in choices.py).
"""

from __future__ import annotations

import datetime as dt
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
from bot.follow_ups.buttons import REFUSED, Reply, is_open, owned, stale_reply
from bot.follow_ups.choices import put_off_reply
from bot.follow_ups.messages import THANK_YOU_KINDS
from bot.ui import display
from bot.ui.callbacks import Callback, FollowUpAction, Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import persistent_conversation

LATER_KEY = "later_follow_up_id"
# Further ahead than this is not "later" but a different plan; the user is told so.
MAX_AHEAD = dt.timedelta(days=60)
PUT_OFF_KINDS = (*THANK_YOU_KINDS, *schedule.CALL_KINDS)


class LaterState(IntEnum):
    TIME = 1


async def start_typing(update: Update, context: BotContext) -> LaterState | None:
    """Type a time…: ask for it."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    follow_up_id = callback.int_arg(0) if callback is not None else None
    row = (
        await owned(context.session, follow_up_id, query.from_user.id)
        if follow_up_id is not None
        else None
    )
    reply: Reply | None = None
    if row is None or row.kind not in PUT_OFF_KINDS:
        reply = Reply(REFUSED)
    elif not is_open(row):
        reply = stale_reply(row)
    if reply is not None or row is None:
        await query.answer(reply.notice if reply else REFUSED)
        return None
    assert context.user_data is not None
    context.user_data[LATER_KEY] = row.id
    await query.answer()
    await context.bot.send_message(
        query.from_user.id,
        "When should I bring it back? Type a day and time in your zone, like “Friday 10:00”, "
        "“tomorrow 8am” or “5 Dec 14:30”. /cancel keeps it as it is.",
    )
    return LaterState.TIME


async def receive_time(update: Update, context: BotContext) -> LaterState | int:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    assert context.user_data is not None
    follow_up_id = context.user_data.get(LATER_KEY)
    user_id = message.chat_id if update.effective_user is None else update.effective_user.id
    row = (
        await owned(context.session, follow_up_id, user_id)
        if isinstance(follow_up_id, int)
        else None
    )
    if row is None or not is_open(row):
        context.user_data.pop(LATER_KEY, None)
        await message.reply_text("That follow-up was closed meanwhile, so nothing changed.")
        return ConversationHandler.END
    now = context.bot_data.clock()
    tz = row.user.timezone
    try:
        due = parse_when_future(message.text, now=now, tz=tz)
    except ParseError as error:
        await message.reply_text(f"{escape(str(error))} Or /cancel to keep it as it is.")
        return LaterState.TIME
    if due <= now:
        await message.reply_text(
            f"{display.when(due, tz, now=now)} has already passed. When should I bring it back?"
        )
        return LaterState.TIME
    if due > now + MAX_AHEAD:
        await message.reply_text(
            f"That's more than {MAX_AHEAD.days} days away, longer than a follow-up keeps. "
            "Please pick a time within the next few weeks."
        )
        return LaterState.TIME
    context.user_data.pop(LATER_KEY, None)
    if await schedule.put_off(context.session, row=row, due=due, now=now) is None:
        await message.reply_text("That follow-up was closed meanwhile, so nothing changed.")
        return ConversationHandler.END
    _, line = put_off_reply(row, due, now)
    await message.reply_text(line)
    return ConversationHandler.END


async def needs_text(update: Update, context: BotContext) -> LaterState:
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        "Please type the day and time as a message, like “Friday 10:00”. /cancel keeps it."
    )
    return LaterState.TIME


async def cancel(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None
    assert context.user_data is not None
    context.user_data.pop(LATER_KEY, None)
    await message.reply_text("Okay, it stays as it was.")
    return ConversationHandler.END


async def other_command(update: Update, context: BotContext) -> int:
    """Another command while a time is expected: leave, so the command is not read as a time."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    assert context.user_data is not None
    context.user_data.pop(LATER_KEY, None)
    command = escape(message.text.split()[0])
    await message.reply_text(f"Okay, it stays as it was. Send {command} again to go on.")
    return ConversationHandler.END


def build_handler() -> ConversationHandler[BotContext]:
    """Type a time…: registered before the debrief, like Edit, so the typed time is ours."""
    return persistent_conversation(
        name="put_off",
        entry_points=[
            CallbackQueryHandler(start_typing, pattern=pattern(Scope.FOLLOW_UP, FollowUpAction.AT))
        ],
        states={
            LaterState.TIME: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_time),
                MessageHandler(~filters.COMMAND, needs_text),
            ]
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(filters.COMMAND, other_command),
        ],
        allow_reentry=True,
    )
