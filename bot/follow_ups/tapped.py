"""Reading a follow-up button: the follow-up it names if it is the tapper's and still open,
and how a tap is answered."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot.ui.context import BotContext
from bot.ui.inputs import tapped
from storage import follow_ups
from storage.models import OPEN_FOLLOW_UP_STATUSES, FollowUp, FollowUpKind, FollowUpStatus

REFUSED = "Sorry, this button doesn't work here. Please use the buttons on your latest messages."
ALREADY_DONE = "Already done ✓"
CLOSED = "This follow-up was closed."
ON_ITS_WAY = "This one is being delivered right now; try again in a moment."
APPLICATION_CLOSED = "This application is already closed."


@dataclass(frozen=True, slots=True)
class Reply:
    """How a tap is answered: a toast, and optionally the message's new text and buttons."""

    notice: str | None = None
    text: str | None = None
    keyboard: InlineKeyboardMarkup | None = None
    markup_only: bool = False


async def owned(session: AsyncSession, follow_up_id: int, user_id: int) -> FollowUp | None:
    """The follow-up with what its message is made from, if it belongs to `user_id`."""
    row = await follow_ups.load_follow_up(session, follow_up_id=follow_up_id)
    return row if row is not None and row.user_id == user_id else None


def stale_reply(row: FollowUp) -> Reply:
    if row.status in (FollowUpStatus.DONE, FollowUpStatus.SKIPPED):
        return Reply(ALREADY_DONE)
    if row.status == FollowUpStatus.SENDING:
        return Reply(ON_ITS_WAY)
    return Reply(CLOSED)


def is_open(row: FollowUp) -> bool:
    return row.status in OPEN_FOLLOW_UP_STATUSES


def tapper_chat(update: Update) -> int:
    """Where the question a tap opens goes: the tapper's private chat, whatever became of
    the message with the button."""
    query, _ = tapped(update)
    return query.from_user.id


async def open_follow_up(
    update: Update, context: BotContext, kinds: Collection[FollowUpKind]
) -> tuple[CallbackQuery, FollowUp] | None:
    """The tap and the open follow-up of `kinds` it names, if it is the tapper's; otherwise
    the tap is answered (refused, or told what became of the follow-up) and None."""
    query, callback = tapped(update)
    follow_up_id = callback.int_arg(0) if callback is not None else None
    row = (
        await owned(context.session, follow_up_id, query.from_user.id)
        if follow_up_id is not None
        else None
    )
    if row is None or row.kind not in kinds:
        await query.answer(REFUSED)
        return None
    if not is_open(row):
        await query.answer(stale_reply(row).notice)
        return None
    return query, row
