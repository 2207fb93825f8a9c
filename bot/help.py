"""/help, the command menu built from the same list, and replies to commands out of place.

Messages no conversation expects are read in bot/free_text.py.
"""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

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


def build_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/help and /cancel with nothing to cancel."""
    return [CommandHandler("help", show_help), CommandHandler("cancel", nothing_to_cancel)]


def build_fallbacks() -> list[BaseHandler[Update, BotContext, None]]:
    """Unknown commands (any other message: bot/free_text.py, registered after these)."""
    return [MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command)]
