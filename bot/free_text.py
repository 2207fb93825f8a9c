"""Messages no conversation or command took: an interview named in free text is offered.

"I just had an interview at Mayo Clinic" is met with an offer to debrief it, the company
filled in (its button starts the debrief: bot/debrief/start.py); "I have an interview
tomorrow" with a pointer to /upcoming; anything else with a pointer to /new and /help.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import MessageHandler, filters

from bot.domain.reading.intent import FreeText, Intent, read_free_text
from bot.help import POINTER
from bot.ui.callbacks import DebriefAction, Scope, button_data
from bot.ui.context import BotContext
from bot.ui.display import esc

# The company offered under the last message that named one, with the token of its button.
OFFER_KEY = "debrief_offer"
UPCOMING_POINTER = (
    "/upcoming registers it: I'll send a checklist that day and ask how it went afterwards."
)


async def outside_conversation(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if message.location is not None:
        # A "Share my location" keyboard left up after its question was closed.
        await message.reply_text(
            "I use a location only to set your time zone: /settings → Time zone.",
            reply_markup=ReplyKeyboardRemove(),
        )
        return
    found = read_free_text(message.text) if message.text else FreeText()
    if found.intent is None:
        await message.reply_text(f"I'm not waiting for an answer from you right now. {POINTER}")
        return
    if found.intent is Intent.UPCOMING:
        where = f" at <b>{esc(found.company)}</b>" if found.company else ""
        await message.reply_text(f"Good luck with the interview{where}! {UPCOMING_POINTER}")
        return
    ahead = f"\nIf it's still ahead, {UPCOMING_POINTER}" if found.intent is Intent.EITHER else ""
    if found.company is None:
        await message.reply_text(
            "Sounds like you had an interview. Send /new and I'll debrief you while it's fresh, "
            f"then draft the thank-you notes.{ahead}"
        )
        return
    assert context.user_data is not None
    token = secrets.token_hex(3)
    context.user_data[OFFER_KEY] = {"token": token, "company": found.company}
    button = InlineKeyboardButton(
        "Debrief it now", callback_data=button_data(Scope.DEBRIEF, DebriefAction.FROM_TEXT, token)
    )
    await message.reply_text(
        f"Sounds like you had an interview at <b>{esc(found.company)}</b>. Shall we debrief it "
        "while it's fresh? I'll draft the thank-you notes. (Another company? Send /new.)" + ahead,
        reply_markup=InlineKeyboardMarkup([[button]]),
    )


def take_offer(user_data: MutableMapping[str, Any], token: str) -> str | None:
    """The company offered under the button with this token; the offer is used up."""
    offer = user_data.get(OFFER_KEY)
    if not isinstance(offer, dict) or not token or offer.get("token") != token:
        return None
    user_data.pop(OFFER_KEY, None)
    company = offer.get("company")
    return company if isinstance(company, str) and company else None


def build_handler() -> MessageHandler[BotContext, None]:
    """Any message (free text, stickers, photos, a location) that nothing before it took."""
    return MessageHandler(filters.UpdateType.MESSAGE, outside_conversation)
