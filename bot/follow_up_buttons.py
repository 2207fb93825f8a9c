"""The buttons under follow-up messages, and the conversation that edits a draft.

Every tap is answered, acts once (conditional UPDATEs in storage) and only on the tapping
user's own follow-ups; the message is then edited to show what was done.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum
from html import escape
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import Callback, Scope, pattern
from bot.context import BotContext
from bot.conversations import persistent_conversation
from bot.domain import timing
from bot.domain.drafting import allowed_words_for
from bot.domain.tone import ToneFinding, check_tone
from bot.nudges import (
    THANK_YOU_KINDS,
    Action,
    call_input,
    format_when,
    keyboard_for,
    note_input,
    outcome_row,
    render,
    render_text,
    snooze_keyboard,
)
from storage import applications, follow_ups
from storage.models import (
    OPEN_FOLLOW_UP_STATUSES,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
)

log = logging.getLogger(__name__)

MAX_EDIT_CHARS = 3000
EDIT_KEY = "edit_follow_up_id"

REFUSED = "Sorry, this button doesn't work here. Please use the buttons on your latest messages."
ALREADY_DONE = "Already done ✓"
CLOSED = "This follow-up was closed."
ON_ITS_WAY = "This one is being delivered right now; try again in a moment."
APPLICATION_CLOSED = "This application is already closed."

CALL_KINDS = (FollowUpKind.CALL, FollowUpKind.EMAIL)
# The kinds whose messages carry these buttons; reminders of upcoming interviews have their own.
BUTTON_KINDS = (*THANK_YOU_KINDS, *CALL_KINDS)


@dataclass(frozen=True, slots=True)
class _Reply:
    """How a tap is answered: a toast, and optionally the message's new text and buttons."""

    notice: str | None = None
    text: str | None = None
    keyboard: InlineKeyboardMarkup | None = None
    markup_only: bool = False


async def _owned(session: AsyncSession, follow_up_id: int, user_id: int) -> FollowUp | None:
    """The follow-up with what its message is made from, if it belongs to `user_id`."""
    row = await applications.load_follow_up(session, follow_up_id=follow_up_id)
    return row if row is not None and row.user_id == user_id else None


def _stale(row: FollowUp) -> _Reply:
    if row.status in (FollowUpStatus.DONE, FollowUpStatus.SKIPPED):
        return _Reply(ALREADY_DONE)
    if row.status == FollowUpStatus.SENDING:
        return _Reply(ON_ITS_WAY)
    return _Reply(CLOSED)


def _is_open(row: FollowUp) -> bool:
    return row.status in OPEN_FOLLOW_UP_STATUSES


def _with_status(row: FollowUp, now: dt.datetime, status_line: str) -> str:
    """The follow-up's text kept visible (the draft stays copyable), with what was done below."""
    return f"{render_text(row, now=now)}\n\n{status_line}"


def _place(row: FollowUp) -> str:
    return escape(f"{row.application.role} at {row.application.company}")


# --- one function per action: (session, row, now, callback) -> reply --------------------------

TapAction = Callable[[AsyncSession, FollowUp, dt.datetime, Callback], Awaitable[_Reply]]


async def _done(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """Sent it (a note or the email) / Called."""
    if not await follow_ups.transition(
        session,
        follow_up_id=row.id,
        user_id=row.user_id,
        to_status=FollowUpStatus.DONE,
        now=now,
    ):
        return _stale(row)
    if row.kind in THANK_YOU_KINDS:
        await follow_ups.settle_thank_you(
            session, follow_up=row, status=FollowUpStatus.DONE, now=now
        )
        return _Reply(
            "Marked as sent ✓",
            _with_status(row, now, "✅ <b>Sent.</b> Nicely done: that note will be remembered."),
        )
    outcome = InlineKeyboardMarkup([outcome_row(row.id, row.application_id)])
    if row.kind == FollowUpKind.EMAIL:
        return _Reply(
            "Marked as sent ✓",
            _with_status(
                row,
                now,
                "✅ <b>Sent.</b> The ball is in their court now. Tap the outcome when "
                "you hear back.",
            ),
            outcome,
        )
    return _Reply(
        "Noted ✓",
        f"📞 <b>You called</b> about {_place(row)}. Well done: that was the hard part.\n\n"
        "When you hear back, tap how it went:",
        outcome,
    )


async def _skip(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """Skip a thank-you note: no more reminders for it."""
    if row.kind not in THANK_YOU_KINDS:
        return _Reply(REFUSED)
    if not await follow_ups.transition(
        session,
        follow_up_id=row.id,
        user_id=row.user_id,
        to_status=FollowUpStatus.SKIPPED,
        now=now,
    ):
        return _stale(row)
    await follow_ups.settle_thank_you(
        session, follow_up=row, status=FollowUpStatus.SKIPPED, now=now
    )
    return _Reply("Skipped", _with_status(row, now, "Skipped. No more reminders for this note."))


async def _later(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """Remind me later: the user's next nudge hour at least 4 hours from now, any day.

    The same rule as the chase (timing.chase_due): a note is best sent within a day or two,
    so a weekend does not postpone it, and "later" is never a few minutes away.
    """
    if row.kind not in THANK_YOU_KINDS:
        return _Reply(REFUSED)
    if not _is_open(row):
        return _stale(row)
    due = timing.chase_due(sent_at=now, tz=row.user.timezone, nudge_hour=row.user.nudge_hour)
    if not await follow_ups.reschedule(
        session, follow_up_id=row.id, user_id=row.user_id, due_at=due, now=now
    ):
        return _stale(row)
    if row.kind == FollowUpKind.THANK_YOU and row.interviewer_id is not None:
        # The reminder the user asked for replaces the chase: one reminder, not two.
        await follow_ups.cancel_open(
            session,
            user_id=row.user_id,
            application_id=row.application_id,
            interviewer_id=row.interviewer_id,
            kinds=[FollowUpKind.THANK_YOU_CHASE],
            now=now,
        )
    when = format_when(due, row.user.timezone)
    return _Reply(
        f"I'll remind you {when}",
        _with_status(row, now, f"⏰ I'll bring this note back on <b>{when}</b>."),
    )


async def _no_answer(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """No answer: a calm retry 3 business days on; after the second, an email instead."""
    if row.kind != FollowUpKind.CALL:
        return _Reply(REFUSED)
    if not await follow_ups.transition(
        session,
        follow_up_id=row.id,
        user_id=row.user_id,
        to_status=FollowUpStatus.DONE,
        now=now,
    ):
        return _stale(row)
    count = row.no_answer_count + 1
    outcome = InlineKeyboardMarkup([outcome_row(row.id, row.application_id)])
    if count >= 2:
        await follow_ups.schedule(
            session,
            user_id=row.user_id,
            application_id=row.application_id,
            interview_id=row.interview_id,
            interviewer_id=row.interviewer_id,
            kind=FollowUpKind.EMAIL,
            due_at=now,
            no_answer_count=count,
        )
        return _Reply(
            "Noted",
            f"No answer again about {_place(row)}. That happens a lot and says nothing about "
            "you. Rather than a third call, I'm sending you a short email you can use "
            "instead: it's on its way.",
            outcome,
        )
    due = timing.no_answer_retry_due(now=now, tz=row.user.timezone, nudge_hour=row.user.nudge_hour)
    await follow_ups.schedule(
        session,
        user_id=row.user_id,
        application_id=row.application_id,
        interview_id=row.interview_id,
        interviewer_id=row.interviewer_id,
        kind=FollowUpKind.CALL,
        due_at=due,
        no_answer_count=count,
        # The retry is the same call: the user's own script, if they wrote one, comes along.
        edited_text=row.edited_text,
    )
    when = format_when(due, row.user.timezone)
    return _Reply(
        "Noted",
        f"No answer about {_place(row)}: completely normal, people are busy. One calm try "
        f"later is plenty: I'll bring the script back on <b>{when}</b>.",
        outcome,
    )


async def _snooze(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """Show the snooze choices in place of the buttons."""
    if row.kind not in CALL_KINDS:
        return _Reply(REFUSED)
    if not _is_open(row):
        return _stale(row)
    return _Reply("Snooze for how long?", keyboard=snooze_keyboard(row.id), markup_only=True)


async def _back(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> _Reply:
    """From the snooze choices back to the nudge's own buttons."""
    if not _is_open(row):
        return _stale(row)
    return _Reply(keyboard=keyboard_for(row), markup_only=True)


async def _snooze_for(
    session: AsyncSession, row: FollowUp, now: dt.datetime, callback: Callback
) -> _Reply:
    """Put off this one follow-up; its siblings keep their times."""
    try:
        option = timing.Snooze(callback.args[1] if len(callback.args) == 2 else "")
    except ValueError:
        return _Reply(REFUSED)
    if row.kind not in CALL_KINDS:
        return _Reply(REFUSED)
    if not _is_open(row):
        return _stale(row)
    due = timing.snooze_due(
        now=now, tz=row.user.timezone, nudge_hour=row.user.nudge_hour, option=option
    )
    if not await follow_ups.reschedule(
        session, follow_up_id=row.id, user_id=row.user_id, due_at=due, now=now
    ):
        return _stale(row)
    when = format_when(due, row.user.timezone)
    what = "the script" if row.kind == FollowUpKind.CALL else "the email"
    return _Reply(
        f"Snoozed until {when}",
        f"💤 Snoozed: {_place(row)}. I'll bring {what} back on <b>{when}</b>.",
    )


async def _outcome(
    session: AsyncSession, row: FollowUp, now: dt.datetime, callback: Callback
) -> _Reply:
    """Offer / Rejected: close the application and cancel what is still pending for it."""
    status = (
        ApplicationStatus.OFFER if callback.action == Action.OFFER else ApplicationStatus.REJECTED
    )
    if not await follow_ups.record_outcome(
        session, user_id=row.user_id, application_id=row.application_id, status=status, now=now
    ):
        return _Reply(APPLICATION_CLOSED)
    company = escape(row.application.company)
    if status == ApplicationStatus.OFFER:
        return _Reply(
            "Congratulations! 🎉",
            f"🎉 <b>Congratulations on the offer from {company}!</b> All that preparation paid "
            "off. I've closed this application and cleared its remaining reminders.",
        )
    return _Reply(
        "Noted",
        f"I'm sorry {company} went another way this time. It says nothing final about you: "
        "every interview makes the next one easier. I've closed this application and "
        "cleared its remaining reminders.",
    )


_ACTIONS: dict[str, TapAction] = {
    Action.DONE: _done,
    Action.SKIP: _skip,
    Action.LATER: _later,
    Action.NO_ANSWER: _no_answer,
    Action.SNOOZE: _snooze,
    Action.BACK: _back,
    Action.SNOOZE_FOR: _snooze_for,
    Action.OFFER: _outcome,
    Action.REJECTED: _outcome,
}


async def on_tap(update: Update, context: BotContext) -> None:
    """Every follow-up button except Edit: act once, answer, show what was done."""
    query = update.callback_query
    assert query is not None  # CallbackQueryHandler only passes callback queries
    callback = Callback.parse(query.data)
    action = _ACTIONS.get(callback.action) if callback is not None else None
    follow_up_id = callback.int_arg(0) if callback is not None else None
    if callback is None or action is None or follow_up_id is None:
        # Malformed, forged, or from another version of the bot: touch nothing.
        await query.answer(REFUSED)
        return
    now = context.bot_data.clock()
    session = context.session
    row = await _owned(session, follow_up_id, query.from_user.id)
    if row is None or row.kind not in BUTTON_KINDS:
        reply = _Reply(REFUSED)
    else:
        reply = await action(session, row, now, callback)
    if row is None:
        log.info("Refused a follow-up tap for a follow-up that is not the user's")
    await _show(query, reply)


async def _show(query: CallbackQuery, reply: _Reply) -> None:
    await query.answer(reply.notice)
    try:
        if reply.text is not None:
            await query.edit_message_text(reply.text, reply_markup=reply.keyboard)
        elif reply.markup_only:
            await query.edit_message_reply_markup(reply.keyboard)
    except BadRequest as error:
        # A double tap edits to the same content, and very old messages cannot be edited:
        # what was recorded stands either way.
        if "not modified" not in str(error).lower():
            log.warning("Could not edit the tapped message: %s", error)


# --- the Edit conversation ---------------------------------------------------------------------


class EditState(IntEnum):
    TEXT = 1


EDITABLE_KINDS = (*THANK_YOU_KINDS, FollowUpKind.EMAIL, FollowUpKind.CALL)


async def start_edit(update: Update, context: BotContext) -> EditState | None:
    """Edit tapped: ask for the user's own version of the draft."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    follow_up_id = callback.int_arg(0) if callback is not None else None
    reply: _Reply | None = None
    name = ""
    is_call = False
    if follow_up_id is None:
        reply = _Reply(REFUSED)
    else:
        session = context.session
        row = await _owned(session, follow_up_id, query.from_user.id)
        if row is None or row.kind not in EDITABLE_KINDS:
            reply = _Reply(REFUSED)
        elif not _is_open(row):
            reply = _stale(row)
        else:
            name = row.interviewer.name if row.interviewer is not None else ""
            is_call = row.kind == FollowUpKind.CALL
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
        "/cancel keeps the draft as it is.",
    )
    return EditState.TEXT


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
    if len(text) > MAX_EDIT_CHARS:
        await message.reply_text(
            f"That's {len(text)} characters; I can keep up to {MAX_EDIT_CHARS}. A note reads "
            "best when short: could you trim it and send it again?"
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
    row = await _owned(session, follow_up_id, user_id) if stored else None
    if row is None:
        await message.reply_text("That follow-up was closed meanwhile, so I kept nothing.")
        return ConversationHandler.END
    findings = check_tone(text, allowed_words=_allowed_words(row))
    await message.reply_text(_saved_reply(findings))
    nudge = render(row, now=now)
    await message.reply_text(nudge.text, reply_markup=nudge.keyboard)
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
            f"Perhaps: <i>{escape(finding.suggestion)}</i>"
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


def edit_conversation() -> ConversationHandler[BotContext]:
    """The persistent Edit conversation: Edit button → the user's text → stored, shown again."""
    return persistent_conversation(
        name="edit_draft",
        entry_points=[
            CallbackQueryHandler(start_edit, pattern=f"{pattern(Scope.FOLLOW_UP)}{Action.EDIT}:")
        ],
        states={
            EditState.TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_edit),
                MessageHandler(~filters.COMMAND, edit_needs_text),
            ]
        },
        fallbacks=[
            CommandHandler("cancel", cancel_edit),
            MessageHandler(filters.COMMAND, other_command),
        ],
        # Edit on another note while editing one switches to that note.
        allow_reentry=True,
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the Edit conversation and the button handler, both in group 0.

    They must come before the debrief conversation: PTB gives an update to the first
    matching handler of a group, and the debrief would otherwise take the edited text
    (while a debrief is open) or Edit taps (through its catch-all fallbacks).
    """
    application.add_handler(edit_conversation())
    # Every version of our prefix, so buttons from an older release are answered too.
    application.add_handler(CallbackQueryHandler(on_tap, pattern=f"^{Scope.FOLLOW_UP.value}:"))
