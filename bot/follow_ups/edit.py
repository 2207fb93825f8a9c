"""Edit on a follow-up message: the user's own version of a draft, tone-checked and kept;
and Add what you discussed, under a note with no point of theirs."""

from __future__ import annotations

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

from bot.domain.drafting.compose import allowed_words_for
from bot.domain.drafting.tone import ToneFinding, check_tone
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.reading.points import note_points, points_to_json, read_points
from bot.follow_ups.messages import (
    MESSAGE_LIMIT,
    call_input,
    interviewer_points,
    note_input,
    render,
)
from bot.follow_ups.tapped import REFUSED, is_open, open_follow_up, owned, tapper_chat
from bot.ui.callbacks import FollowUpAction, Scope, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, left_conversation, persistent_conversation
from bot.ui.display import telegram_length
from bot.ui.inputs import sender
from bot.ui.steps import END, Kept, Next, Refusal, StepRow, Table
from storage import follow_ups, interviews
from storage.models import CALL_KINDS, THANK_YOU_KINDS, FollowUp, FollowUpKind

MAX_EDIT_CHARS = 3000
MAX_POINT_CHARS = 200
# During an edit: forget the user's version and show the bot's draft again.
ORIGINAL_COMMAND = "original"
EDITABLE_KINDS = (*THANK_YOU_KINDS, *CALL_KINDS)


class EditState(IntEnum):
    TEXT = 1
    POINT = 2  # Add what you discussed: one thing they talked about, for a note without one


@dataclass(slots=True)
class Editing:
    """The follow-up whose draft (or talking points) the user is writing, and what its
    question says of it."""

    follow_up_id: int
    person: str = ""  # the interviewer's name as typed, when the follow-up names one
    call: bool = False  # a call script, not a note or an email
    edited: bool = False  # the user's own version is shown now: /original is offered


def _kept_id(stored: object) -> Editing | None:
    """The follow-up's id alone, as the release before kept it under the same key (its
    question's wording is all that is missing, and it was asked already)."""
    if isinstance(stored, bool) or not isinstance(stored, int):
        return None
    return Editing(stored)


KEPT = Kept("edit_follow_up_id", Editing, legacy=_kept_id)


async def start_edit(update: Update, context: BotContext) -> int | None:
    """Edit tapped: ask for the user's own version of the draft."""
    tap = await open_follow_up(update, context, EDITABLE_KINDS)
    if tap is None:
        return None  # an edit already in progress, if any, goes on
    query, row = tap
    await query.answer()
    editing = Editing(
        row.id,
        person=row.interviewer.name if row.interviewer is not None else "",
        call=row.kind == FollowUpKind.CALL,
        edited=row.edited_text is not None,
    )
    return await TABLE.go(update, context, editing, Next(EditState.TEXT))


async def start_add_point(update: Update, context: BotContext) -> int | None:
    """Add what you discussed, under a note with no point of theirs: ask for one thing."""
    tap = await open_follow_up(update, context, THANK_YOU_KINDS)
    if tap is None:
        return None
    query, row = tap
    if row.interviewer is None:
        await query.answer(REFUSED)
        return None
    await query.answer()
    editing = Editing(row.id, person=row.interviewer.name)
    return await TABLE.go(update, context, editing, Next(EditState.POINT))


async def ask_text(update: Update, context: BotContext, editing: Editing, say: str) -> None:
    if editing.call:
        what = "your call script (what you'll say, and the voicemail if you like)"
    else:
        what = f"your note to {escape(editing.person)}" if editing.person else "your email"
    await context.bot.send_message(
        tapper_chat(update),
        f"✏️ Send me {what} as you'd like it, in one message (up to {MAX_EDIT_CHARS} "
        "characters). Tip: tap the draft above to copy it, then change what you like.\n"
        + (f"/{ORIGINAL_COMMAND} goes back to the bot's version.\n" if editing.edited else "")
        + "/cancel keeps the draft as it is.",
    )


async def ask_point(update: Update, context: BotContext, editing: Editing, say: str) -> None:
    name = escape(proper_case(split_name_title(editing.person)[0]))
    await context.bot.send_message(
        tapper_chat(update),
        f"What did you talk about with {name}? One thing they cared about is "
        "enough: a project, a plan, how the team works (e.g. “their move to the new ward "
        "system”). I'll show you how the note uses it.\n/cancel keeps the note as it is.",
    )


async def read_version(
    update: Update, context: BotContext, editing: Editing, text: str
) -> Next | Refusal:
    """The edited text: checked for length, tone-checked, stored, and the note shown again."""
    # Counted as Telegram counts (an emoji is two), so the note shown back always fits.
    if telegram_length(text) > MAX_EDIT_CHARS:
        return Refusal(
            f"That's {telegram_length(text)} characters as Telegram counts them (an emoji "
            f"is two); I can keep up to {MAX_EDIT_CHARS}. A note reads best when short: "
            "could you trim it and send it again?"
        )
    user, message = sender(update)
    now = context.bot_data.clock()
    session = context.session
    stored = await follow_ups.set_edited_text(
        session, follow_up_id=editing.follow_up_id, user_id=user.id, text=text, now=now
    )
    row = await owned(session, editing.follow_up_id, user.id) if stored else None
    if row is None:
        return Next(END, "That follow-up was closed meanwhile, so I kept nothing.")
    findings = check_tone(text, allowed_words=_allowed_words(row))
    await message.reply_text(_saved_reply(findings))
    await _show(update, row, context)
    return Next(END)


async def read_point(
    update: Update, context: BotContext, editing: Editing, typed: str
) -> Next | Refusal:
    """The thing they discussed: read into points, kept with the person, the note redrafted."""
    text = " ".join(typed.split())
    if telegram_length(text) > MAX_POINT_CHARS:
        return Refusal(
            f"Please send one short phrase (up to {MAX_POINT_CHARS} characters) about what "
            "you discussed, or /cancel."
        )
    user, message = sender(update)
    session = context.session
    row = await owned(session, editing.follow_up_id, user.id)
    if row is None or row.interviewer is None or not is_open(row):
        return Next(END, "That note was closed meanwhile, so I kept nothing.")
    person = row.interviewer
    known = (row.application.company, row.application.role)
    added = read_points(text, known=known)
    if not note_points(added):
        reasons = ", ".join(sorted({point.why for point in added if point.why}))
        return Refusal(
            "I'd keep that one for you"
            + (f" ({escape(reasons)})" if reasons else "")
            + ", so it stays out of the note. Try a topic they talked about, such as their "
            "project or how the team works, or /cancel."
        )
    points = (*interviewer_points(person, known=known), *added)
    topics = f"{person.topics}\n{text}" if person.topics else text
    await interviews.add_interviewer_points(
        session,
        user_id=user.id,
        interviewer_id=person.id,
        topics=topics,
        points=points_to_json(points),
    )
    await session.refresh(person, ["topics", "points"])  # the UPDATE bypassed the loaded row
    await message.reply_text("Added ✓ Here is the note with it:")
    await _show(update, row, context)
    return Next(END)


async def _show(update: Update, row: FollowUp, context: BotContext) -> None:
    """The follow-up's message again, as it reads now, with its buttons."""
    _, message = sender(update)
    rendered = render(row, now=context.bot_data.clock())
    await message.reply_text(rendered.text, reply_markup=rendered.keyboard)


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


async def lost_track(update: Update, context: BotContext) -> int:
    """A text in the edit with no follow-up kept (kept by an older release): tap again."""
    _, message = sender(update)
    await message.reply_text(
        "I've lost track of which draft you were editing. Please tap Edit again."
    )
    return END


TABLE = Table(
    KEPT,
    {
        EditState.TEXT: StepRow(
            ask_text,
            read_version,
            what="your version",
            # Never refused for its length here: read_version counts as Telegram does.
            limit=MESSAGE_LIMIT,
            not_text="I can only take text here: please send your version as a message. "
            "/cancel keeps the draft as it is.",
        ),
        EditState.POINT: StepRow(
            ask_point, read_point, what="one thing you talked about", limit=MESSAGE_LIMIT
        ),
    },
    gone=lost_track,
)


async def back_to_original(update: Update, context: BotContext) -> int:
    """/original during an edit: the user's version is forgotten, the bot's draft shown again."""
    user, message = sender(update)
    editing = KEPT.load(context)
    KEPT.drop(context)
    session = context.session
    if editing is None:
        return await lost_track(update, context)
    row = await owned(session, editing.follow_up_id, user.id)
    if row is None or not is_open(row):
        await message.reply_text("That follow-up was closed meanwhile, so nothing changed.")
        return END
    if row.edited_text is None:
        await message.reply_text("This draft is already the bot's version; nothing changed.")
        return END
    await follow_ups.set_edited_text(
        session, follow_up_id=row.id, user_id=user.id, text=None, now=context.bot_data.clock()
    )
    await session.refresh(row, ["edited_text"])  # the UPDATE bypassed the loaded row
    await message.reply_text("Back to the bot's version ✓ Here it is with its buttons:")
    await _show(update, row, context)
    return END


async def _say_kept(update: Update) -> None:
    _, message = sender(update)
    await message.reply_text("Okay, the draft stays as it was.")


cancel = closer(KEPT.key, _say_kept)
# Another command during an edit leaves it, so the command is not taken as the text.
other_command = closer(
    KEPT.key, lambda update: left_conversation(update, "the edit; the draft stays as it was")
)


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
        states=TABLE.states(),
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler(ORIGINAL_COMMAND, back_to_original),
            MessageHandler(filters.COMMAND, other_command),
        ],
        # Edit on another note while editing one switches to that note.
        allow_reentry=True,
    )
