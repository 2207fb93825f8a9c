"""/help, the command menu built from the same list, and replies to what no conversation expects.

Free text that mentions an interview ("I just had an interview at Mayo Clinic") is met with
an offer to debrief it, the company filled in, or to register one ahead with /upcoming.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.domain.reading.intent import FreeText, Intent, read_free_text
from bot.ui.callbacks import DebriefAction, Scope, button_data
from bot.ui.context import BotContext
from bot.ui.display import esc

# One list for /help and for Telegram's command menu (set_my_commands at start-up).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("new", "Debrief an interview you just had"),
    ("upcoming", "Register an interview before it happens"),
    ("list", "Your open applications and their next step"),
    ("export", "Everything as a spreadsheet, plus a calendar file"),
    ("settings", "Your name, time zone, reminder hour, default wait"),
    ("delete_me", "Erase everything I store about you"),
    ("start", "Set up, or pick up where you left off"),
    ("skip", "Skip an optional question"),
    ("cancel", "Stop what you're doing"),
    ("help", "What I do and every command"),
)

POINTER = "After an interview, send /new and I'll debrief you. /help lists everything I can do."
# Commands that only show things: they pass through a conversation without ending it.
READ_ONLY_COMMANDS = ("list", "help", "export")


def bot_commands() -> list[BotCommand]:
    """The command menu Telegram shows next to the text field."""
    return [BotCommand(command, description) for command, description in COMMANDS]


def help_text() -> str:
    lines = [
        "<b>I help you follow up after every job interview.</b>",
        "Right after one, I ask how it went, draft a personal thank-you note for each "
        "interviewer, and once their hiring timeline has passed I remind you to call, with "
        "a short script. Buttons under each reminder record what you did.",
        "",
        *(f"/{command} · {description}" for command, description in COMMANDS),
    ]
    return "\n".join(lines)


async def show_help(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(help_text())


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text("Nothing to cancel: you're not in the middle of anything.")


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    command = (message.text or "").split()[0] if message.text else ""
    await message.reply_text(f"I don't know {esc(command)}. {POINTER}")


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


def leaves_conversation() -> filters.BaseFilter:
    """Commands that end a short conversation (/settings, /upcoming) before they run."""
    read_only = "|".join(READ_ONLY_COMMANDS)
    return filters.COMMAND & ~filters.Regex(rf"^/({read_only})(@\w+)?(\s|$)")


async def left_conversation(update: Update, what: str) -> None:
    """Tell the user their conversation closed so the command they sent is not misread."""
    message = update.effective_message
    assert message is not None
    command = (message.text or "").split()[0] if message.text else ""
    await message.reply_text(f"I've closed {what}. Send {esc(command)} again to go on.")


def build_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/help and /cancel with nothing to cancel."""
    return [CommandHandler("help", show_help), CommandHandler("cancel", nothing_to_cancel)]


def build_fallbacks() -> list[BaseHandler[Update, BotContext, None]]:
    """Unknown commands, then any other message (free text, stickers, photos)."""
    messages = filters.UpdateType.MESSAGE
    return [
        MessageHandler(messages & filters.COMMAND, unknown_command),
        MessageHandler(messages, outside_conversation),
    ]
