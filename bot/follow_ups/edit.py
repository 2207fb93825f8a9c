"""Edit on a follow-up message: the user's own version of a draft, tone-checked and kept."""

from __future__ import annotations

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

from bot.domain.drafting.compose import allowed_words_for
from bot.domain.drafting.tone import ToneFinding, check_tone
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.reading.points import note_points, points_to_json, read_points
from bot.follow_ups.buttons import REFUSED, Reply, is_open, owned, stale_reply
from bot.follow_ups.messages import (
    THANK_YOU_KINDS,
    call_input,
    interviewer_points,
    note_input,
    render,
)
from bot.ui.callbacks import Callback, FollowUpAction, Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import persistent_conversation
from bot.ui.display import telegram_length
from storage import applications, follow_ups
from storage.models import FollowUp, FollowUpKind

MAX_EDIT_CHARS = 3000
MAX_POINT_CHARS = 200
EDIT_KEY = "edit_follow_up_id"
# During an edit: forget the user's version and show the bot's draft again.
ORIGINAL_COMMAND = "original"


class EditState(IntEnum):
    TEXT = 1
    POINT = 2  # Add what you discussed: one thing they talked about, for a note without one


EDITABLE_KINDS = (*THANK_YOU_KINDS, FollowUpKind.EMAIL, FollowUpKind.CALL)


async def start_edit(update: Update, context: BotContext) -> EditState | None:
    """Edit tapped: ask for the user's own version of the draft."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    follow_up_id = callback.int_arg(0) if callback is not None else None
    reply: Reply | None = None
    name = ""
    is_call = False
    edited = False
    if follow_up_id is None:
        reply = Reply(REFUSED)
    else:
        session = context.session
        row = await owned(session, follow_up_id, query.from_user.id)
        if row is None or row.kind not in EDITABLE_KINDS:
            reply = Reply(REFUSED)
        elif not is_open(row):
            reply = stale_reply(row)
        else:
            name = row.interviewer.name if row.interviewer is not None else ""
            is_call = row.kind == FollowUpKind.CALL
            edited = row.edited_text is not None
    if reply is not None or follow_up_id is None:
        await query.answer(reply.notice if reply else REFUSED)
        return None  # an edit already in progress, if any, goes on
    assert context.user_data is not None
    context.user_data[EDIT_KEY] = follow_up_id
    await query.answer()
    if is_call:
        what = "your call script (what you'll say, and the voicemail if you like)"
    else:
        what = f"your note to {escape(name)}" if name else "your email"
    await context.bot.send_message(
        query.from_user.id,
        f"✏️ Send me {what} as you'd like it, in one message (up to {MAX_EDIT_CHARS} "
        "characters). Tip: tap the draft above to copy it, then change what you like.\n"
        + (f"/{ORIGINAL_COMMAND} goes back to the bot's version.\n" if edited else "")
        + "/cancel keeps the draft as it is.",
    )
    return EditState.TEXT


async def back_to_original(update: Update, context: BotContext) -> int:
    """/original during an edit: the user's version is forgotten, the bot's draft shown again."""
    message = update.effective_message
    assert message is not None
    assert context.user_data is not None
    follow_up_id = context.user_data.pop(EDIT_KEY, None)
    user_id = message.chat_id if update.effective_user is None else update.effective_user.id
    session = context.session
    row = await owned(session, follow_up_id, user_id) if isinstance(follow_up_id, int) else None
    if row is None or not is_open(row):
        await message.reply_text("That follow-up was closed meanwhile, so nothing changed.")
        return ConversationHandler.END
    if row.edited_text is None:
        await message.reply_text("This draft is already the bot's version; nothing changed.")
        return ConversationHandler.END
    now = context.bot_data.clock()
    await follow_ups.set_edited_text(
        session, follow_up_id=row.id, user_id=user_id, text=None, now=now
    )
    await session.refresh(row, ["edited_text"])  # the UPDATE bypassed the loaded row
    await message.reply_text("Back to the bot's version ✓ Here it is with its buttons:")
    rendered = render(row, now=now)
    await message.reply_text(rendered.text, reply_markup=rendered.keyboard)
    return ConversationHandler.END


async def receive_edit(update: Update, context: BotContext) -> EditState | int:
    """The edited text: checked for length, tone-checked, stored, and the note shown again."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    assert context.user_data is not None
    text = message.text.strip()
    if not text:
        await message.reply_text("That message was empty. Please send the text of your note.")
        return EditState.TEXT
    # Counted as Telegram counts (an emoji is two), so the note shown back always fits.
    if telegram_length(text) > MAX_EDIT_CHARS:
        await message.reply_text(
            f"That's {telegram_length(text)} characters as Telegram counts them (an emoji "
            f"is two); I can keep up to {MAX_EDIT_CHARS}. A note reads best when short: "
            "could you trim it and send it again?"
        )
        return EditState.TEXT
    follow_up_id = context.user_data.pop(EDIT_KEY, None)
    if not isinstance(follow_up_id, int):
        await message.reply_text(
            "I've lost track of which draft you were editing. Please tap Edit again."
        )
        return ConversationHandler.END
    user_id = message.chat_id if update.effective_user is None else update.effective_user.id
    now = context.bot_data.clock()
    session = context.session
    stored = await follow_ups.set_edited_text(
        session, follow_up_id=follow_up_id, user_id=user_id, text=text, now=now
    )
    row = await owned(session, follow_up_id, user_id) if stored else None
    if row is None:
        await message.reply_text("That follow-up was closed meanwhile, so I kept nothing.")
        return ConversationHandler.END
    findings = check_tone(text, allowed_words=_allowed_words(row))
    await message.reply_text(_saved_reply(findings))
    rendered = render(row, now=now)
    await message.reply_text(rendered.text, reply_markup=rendered.keyboard)
    return ConversationHandler.END


async def start_add_point(update: Update, context: BotContext) -> EditState | None:
    """Add what you discussed, under a note with no point of theirs: ask for one thing."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    follow_up_id = callback.int_arg(0) if callback is not None else None
    row = await owned(context.session, follow_up_id, query.from_user.id) if follow_up_id else None
    if row is None or row.kind not in THANK_YOU_KINDS or row.interviewer is None:
        await query.answer(REFUSED)
        return None
    if not is_open(row):
        await query.answer(stale_reply(row).notice)
        return None
    assert context.user_data is not None
    context.user_data[EDIT_KEY] = row.id
    await query.answer()
    name = escape(proper_case(split_name_title(row.interviewer.name)[0]))
    await context.bot.send_message(
        query.from_user.id,
        f"What did you talk about with {name}? One thing they cared about is enough: a "
        "project, a plan, how the team works (e.g. “their move to the new ward system”). "
        "I'll show you how the note uses it.\n/cancel keeps the note as it is.",
    )
    return EditState.POINT


async def receive_point(update: Update, context: BotContext) -> EditState | int:
    """The thing they discussed: read into points, kept with the person, the note redrafted."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    assert context.user_data is not None
    text = " ".join(message.text.split())
    if not text or telegram_length(text) > MAX_POINT_CHARS:
        await message.reply_text(
            f"Please send one short phrase (up to {MAX_POINT_CHARS} characters) about what "
            "you discussed, or /cancel."
        )
        return EditState.POINT
    follow_up_id = context.user_data.get(EDIT_KEY)
    user_id = message.chat_id if update.effective_user is None else update.effective_user.id
    session = context.session
    row = await owned(session, follow_up_id, user_id) if isinstance(follow_up_id, int) else None
    if row is None or row.interviewer is None or not is_open(row):
        context.user_data.pop(EDIT_KEY, None)
        await message.reply_text("That note was closed meanwhile, so I kept nothing.")
        return ConversationHandler.END
    person = row.interviewer
    known = (row.application.company, row.application.role)
    added = read_points(text, known=known)
    if not note_points(added):
        reasons = ", ".join(sorted({point.why for point in added if point.why}))
        await message.reply_text(
            "I'd keep that one for you"
            + (f" ({escape(reasons)})" if reasons else "")
            + ", so it stays out of the note. Try a topic they talked about, such as their "
            "project or how the team works, or /cancel."
        )
        return EditState.POINT
    context.user_data.pop(EDIT_KEY, None)
    points = (*interviewer_points(person, known=known), *added)
    topics = f"{person.topics}\n{text}" if person.topics else text
    await applications.add_interviewer_points(
        session,
        user_id=user_id,
        interviewer_id=person.id,
        topics=topics,
        points=points_to_json(points),
    )
    await session.refresh(person, ["topics", "points"])  # the UPDATE bypassed the loaded row
    now = context.bot_data.clock()
    await message.reply_text("Added ✓ Here is the note with it:")
    rendered = render(row, now=now)
    await message.reply_text(rendered.text, reply_markup=rendered.keyboard)
    return ConversationHandler.END


def _allowed_words(row: FollowUp) -> tuple[str, ...]:
    item = note_input(row) if row.kind in THANK_YOU_KINDS else call_input(row)
    return allowed_words_for(item)


def _saved_reply(findings: list[ToneFinding]) -> str:
    if not findings:
        return "Saved your version ✓ It reads calm and friendly. Here it is with its buttons:"
    lines = [
        "Saved your version ✓ A few words might come across stronger than you mean:",
        *(
            f"• “{escape(finding.phrase)}”: {escape(finding.reason)} "
            f"<i>{escape(finding.advice)}</i>"
            for finding in findings[:8]
        ),
        "I kept your text exactly as you wrote it; tap Edit again if you'd like to change it.",
    ]
    return "\n".join(lines)


async def edit_needs_text(update: Update, context: BotContext) -> EditState:
    """A sticker, photo or voice message where the edited text is expected."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        "I can only take text here: please send your version as a message. "
        "/cancel keeps the draft as it is."
    )
    return EditState.TEXT


async def cancel_edit(update: Update, context: BotContext) -> int:
    """/cancel: leave the edit, the draft unchanged."""
    message = update.effective_message
    assert message is not None
    assert context.user_data is not None
    context.user_data.pop(EDIT_KEY, None)
    await message.reply_text("Okay, the draft stays as it was.")
    return ConversationHandler.END


async def other_command(update: Update, context: BotContext) -> int:
    """Another command during an edit: leave the edit so the command is not taken as text."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    assert context.user_data is not None
    context.user_data.pop(EDIT_KEY, None)
    command = escape(message.text.split()[0])
    await message.reply_text(
        f"I've closed the edit; the draft stays as it was. Send {command} again to go on."
    )
    return ConversationHandler.END


def build_handler() -> ConversationHandler[BotContext]:
    """The persistent Edit conversation: Edit button → the user's text → stored, shown again.

    It must come before the debrief conversation (and the other follow-up buttons): PTB
    gives an update to the first matching handler of a group, and the debrief would
    otherwise take the edited text (while a debrief is open) or Edit taps (through its
    catch-all fallbacks).
    """
    return persistent_conversation(
        name="edit_draft",
        entry_points=[
            CallbackQueryHandler(start_edit, pattern=pattern(Scope.FOLLOW_UP, FollowUpAction.EDIT)),
            CallbackQueryHandler(
                start_add_point, pattern=pattern(Scope.FOLLOW_UP, FollowUpAction.ADD_POINT)
            ),
        ],
        states={
            EditState.TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_edit),
                MessageHandler(~filters.COMMAND, edit_needs_text),
            ],
            EditState.POINT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_point),
                MessageHandler(~filters.COMMAND, edit_needs_text),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel_edit),
            CommandHandler(ORIGINAL_COMMAND, back_to_original),
            MessageHandler(filters.COMMAND, other_command),
        ],
        # Edit on another note while editing one switches to that note.
        allow_reentry=True,
    )
