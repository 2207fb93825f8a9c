"""What the taps on a follow-up message's buttons do (the buttons themselves: keyboards.py;
Edit and Add what you discussed: edit.py; Type a time…: later.py).

Every tap is answered, acts once (conditional UPDATEs in storage) and only on the tapping
user's own follow-ups; the message is then edited to show what was done.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot.applications.undo import undo_keyboard
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.time import timing
from bot.follow_ups import schedule
from bot.follow_ups.choices import choices_keyboard, put_off_reply
from bot.follow_ups.keyboards import next_round_keyboard, outcome_keyboard
from bot.follow_ups.messages import keyboard_for, people_keyboard, render_text
from bot.follow_ups.tapped import (
    APPLICATION_CLOSED,
    REFUSED,
    Reply,
    is_open,
    owned,
    stale_reply,
)
from bot.runtime.unit import collecting_unit
from bot.ui import display
from bot.ui.callbacks import Callback, FollowUpAction, Scope
from bot.ui.context import BotContext
from bot.ui.inputs import tapped
from storage import applications, follow_ups
from storage.models import (
    CALL_KINDS,
    THANK_YOU_KINDS,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
)

log = logging.getLogger(__name__)


# The kinds whose messages carry these buttons; reminders of upcoming interviews have their own.
BUTTON_KINDS = (*THANK_YOU_KINDS, *CALL_KINDS)


def _with_status(row: FollowUp, now: dt.datetime, status_line: str) -> str:
    """The follow-up's text kept visible (the draft stays copyable), with what was done below."""
    return f"{render_text(row, now=now)}\n\n{status_line}"


def _place(row: FollowUp) -> str:
    return escape(f"{row.application.role} at {row.application.company}")


# --- one function per action: (session, row, now, callback) -> reply --------------------------

TapAction = Callable[[AsyncSession, FollowUp, dt.datetime, Callback], Awaitable[Reply]]


async def _done(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Sent it (a note or the email) / Called."""
    if not await follow_ups.transition(
        session,
        follow_up_id=row.id,
        user_id=row.user_id,
        to_status=FollowUpStatus.DONE,
        now=now,
    ):
        return stale_reply(row)
    if row.kind in THANK_YOU_KINDS:
        await follow_ups.settle_thank_you(
            session, follow_up=row, status=FollowUpStatus.DONE, now=now
        )
        return Reply(
            "Marked as sent ✓",
            _with_status(row, now, "✅ <b>Sent.</b> Nicely done: that note will be remembered."),
        )
    outcome = outcome_keyboard(row.id)
    if row.kind == FollowUpKind.EMAIL:
        return Reply(
            "Marked as sent ✓",
            _with_status(
                row,
                now,
                "✅ <b>Sent.</b> The ball is in their court now. Tap the outcome when "
                "you hear back.",
            ),
            outcome,
        )
    return Reply(
        "Noted ✓",
        f"📞 <b>You called</b> about {_place(row)}. Well done: that was the hard part.\n\n"
        "When you hear back, tap how it went:",
        outcome,
    )


async def _skip(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Skip a thank-you note: no more reminders for it."""
    if row.kind not in THANK_YOU_KINDS:
        return Reply(REFUSED)
    if not await follow_ups.transition(
        session,
        follow_up_id=row.id,
        user_id=row.user_id,
        to_status=FollowUpStatus.SKIPPED,
        now=now,
    ):
        return stale_reply(row)
    await follow_ups.settle_thank_you(
        session, follow_up=row, status=FollowUpStatus.SKIPPED, now=now
    )
    return Reply("Skipped", _with_status(row, now, "Skipped. No more reminders for this note."))


async def _later(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Remind me later on a note: the times to choose from in place of the buttons."""
    if row.kind not in THANK_YOU_KINDS:
        return Reply(REFUSED)
    if not is_open(row):
        return stale_reply(row)
    return Reply("When should I remind you?", keyboard=choices_keyboard(row, now), markup_only=True)


async def _no_answer(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """No answer (schedule.after_no_answer: a retry, or after two an email)."""
    if row.kind != FollowUpKind.CALL:
        return Reply(REFUSED)
    plan = await schedule.after_no_answer(session, row=row, now=now)
    if plan is None:
        return stale_reply(row)
    outcome = outcome_keyboard(row.id)
    if plan.email_instead:
        return Reply(
            "Noted",
            f"No answer again about {_place(row)}. That happens a lot and says nothing about "
            "you. Rather than a third call, I'm sending you a short email you can use "
            "instead: it's on its way.",
            outcome,
        )
    when = display.when(plan.due, row.user.timezone, now=now)
    return Reply(
        "Noted",
        f"No answer about {_place(row)}: completely normal, people are busy. One calm try "
        f"later is plenty: I'll bring the script back on <b>{when}</b>.",
        outcome,
    )


async def _snooze(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Snooze on a call or email: the times to choose from in place of the buttons."""
    if row.kind not in CALL_KINDS:
        return Reply(REFUSED)
    if not is_open(row):
        return stale_reply(row)
    return Reply("Snooze until when?", keyboard=choices_keyboard(row, now), markup_only=True)


async def _back(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """From the snooze choices back to the follow-up message's own buttons."""
    if not is_open(row):
        return stale_reply(row)
    return Reply(keyboard=keyboard_for(row), markup_only=True)


async def _snooze_for(
    session: AsyncSession, row: FollowUp, now: dt.datetime, callback: Callback
) -> Reply:
    """One of the times offered: this follow-up comes back then; its siblings keep theirs."""
    try:
        option = timing.Snooze(callback.args[1] if len(callback.args) == 2 else "")
    except ValueError:
        return Reply(REFUSED)
    if row.kind not in (*THANK_YOU_KINDS, *CALL_KINDS):
        return Reply(REFUSED)
    if not is_open(row):
        return stale_reply(row)
    due = await schedule.snooze(session, row=row, option=option, now=now)
    if due is None:
        return stale_reply(row)
    notice, line = put_off_reply(row, due, now)
    if row.kind in THANK_YOU_KINDS:
        return Reply(notice, _with_status(row, now, line))
    return Reply(notice, line)


async def _outcome(
    session: AsyncSession, row: FollowUp, now: dt.datetime, callback: Callback
) -> Reply:
    """Offer / Rejected: close the application and cancel what is still pending for it."""
    status = (
        ApplicationStatus.OFFER
        if callback.action == FollowUpAction.OFFER
        else ApplicationStatus.REJECTED
    )
    if (
        await applications.close(
            session, user_id=row.user_id, application_id=row.application_id, status=status, now=now
        )
        is None
    ):
        return Reply(APPLICATION_CLOSED)
    company = escape(row.application.company)
    undo = undo_keyboard(row.application_id)
    if status == ApplicationStatus.OFFER:
        return Reply(
            "Congratulations! 🎉",
            f"🎉 <b>Congratulations on the offer from {company}!</b> All that preparation paid "
            "off. I've closed this application and cleared its remaining reminders.",
            undo,
        )
    return Reply(
        "Noted",
        f"I'm sorry {company} went another way this time. It says nothing final about you: "
        "every interview makes the next one easier. I've closed this application and "
        "cleared its remaining reminders.",
        undo,
    )


async def _next_round(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Next round: has it happened (debrief it) or is it scheduled (register it)?"""
    if row.application.status != ApplicationStatus.OPEN:
        return Reply(APPLICATION_CLOSED)
    return Reply(
        "Has it happened yet?",
        keyboard=next_round_keyboard(row.application_id),
        markup_only=True,
    )


async def _who(session: AsyncSession, row: FollowUp, now: dt.datetime, _: Callback) -> Reply:
    """Call someone else: the interview's people, to pick whom the call or email is about."""
    if row.kind not in CALL_KINDS:
        return Reply(REFUSED)
    if not is_open(row):
        return stale_reply(row)
    return Reply("Whom should it be about?", keyboard=people_keyboard(row), markup_only=True)


async def _call_to(
    session: AsyncSession, row: FollowUp, now: dt.datetime, callback: Callback
) -> Reply:
    """One of the people: the script (or email) is redrafted for them."""
    person_id = callback.int_arg(1) if len(callback.args) == 2 else None
    people = row.interview.interviewers if row.interview is not None else []
    person = next((person for person in people if person.id == person_id), None)
    if row.kind not in CALL_KINDS or person is None:
        return Reply(REFUSED)
    if not await follow_ups.set_call_contact(session, follow_up=row, interviewer=person, now=now):
        return stale_reply(row)
    name = proper_case(split_name_title(person.name)[0])
    return Reply(f"Now about {name}", render_text(row, now=now), keyboard_for(row))


_ACTIONS: dict[str, TapAction] = {
    FollowUpAction.DONE: _done,
    FollowUpAction.SKIP: _skip,
    FollowUpAction.LATER: _later,
    FollowUpAction.NO_ANSWER: _no_answer,
    FollowUpAction.SNOOZE: _snooze,
    FollowUpAction.BACK: _back,
    FollowUpAction.SNOOZE_FOR: _snooze_for,
    FollowUpAction.OFFER: _outcome,
    FollowUpAction.REJECTED: _outcome,
    FollowUpAction.NEXT_ROUND: _next_round,
    FollowUpAction.WHO: _who,
    FollowUpAction.CALL_TO: _call_to,
}


OWN_VERSION_KEPT = "Your own version stays. To get another, tap Edit, then send /original first."
NO_OTHER_VERSION = "This is the only version that passes every check, so it stays."


async def _another(context: BotContext, row: FollowUp, now: dt.datetime) -> Reply:
    """Another version of a note: the model's in the background when there is one (the
    message is edited once it is checked), else another of ours, shown now."""
    if row.kind not in THANK_YOU_KINDS:
        return Reply(REFUSED)
    if row.status not in (FollowUpStatus.PENDING, FollowUpStatus.SENT):
        return stale_reply(row)
    if row.edited_text is not None:
        return Reply(OWN_VERSION_KEPT)
    # Imported here: without a model, and until someone taps this, bot.llm stays unloaded.
    from bot.llm import job
    from bot.llm.stored import Stored

    session, application = context.session, context.application
    if context.bot_data.settings.model_drafts:
        wanted = Stored.of(row.model_draft).another()
        await follow_ups.set_model_draft(
            session, follow_up_id=row.id, user_id=row.user_id, value=wanted.to_json(), now=now
        )
        unit = collecting_unit()
        assert unit is not None  # a tap is handled in its update's unit of work

        async def ask() -> None:
            job.ask_for_another(application, row.id)

        unit.later(ask)  # never inside the transaction: once it committed
        return Reply("Writing another version…")
    version = await job.own_version(session, row, now)
    if version is None:
        return Reply(NO_OTHER_VERSION)
    await follow_ups.set_model_draft(
        session, follow_up_id=row.id, user_id=row.user_id, value=version.to_json(), now=now
    )
    await session.refresh(row, ["model_draft"])  # the UPDATE bypassed the loaded row
    return Reply("Another version", render_text(row, now=now), keyboard_for(row))


async def on_tap(update: Update, context: BotContext) -> None:
    """Every follow-up button except Edit: act once, answer, show what was done."""
    query, callback = tapped(update)
    action = _ACTIONS.get(callback.action) if callback is not None else None
    another = callback is not None and callback.action == FollowUpAction.ANOTHER
    follow_up_id = callback.int_arg(0) if callback is not None else None
    if callback is None or (action is None and not another) or follow_up_id is None:
        # Malformed, forged, or from another version of the bot: touch nothing.
        await query.answer(REFUSED)
        return
    now = context.bot_data.clock()
    session = context.session
    row = await owned(session, follow_up_id, query.from_user.id)
    if row is None or row.kind not in BUTTON_KINDS:
        reply = Reply(REFUSED)
    elif action is None:
        reply = await _another(context, row, now)
    else:
        reply = await action(session, row, now, callback)
    if row is None:
        log.info("Refused a follow-up tap for a follow-up that is not the user's")
    await _show(query, reply)


async def _show(query: CallbackQuery, reply: Reply) -> None:
    await query.answer(reply.notice)
    # Made after the commit (bot/runtime/delivery.py): an edit a double tap makes twice, or
    # one of a message too old to edit, is handled there.
    if reply.text is not None:
        await query.edit_message_text(reply.text, reply_markup=reply.keyboard)
    elif reply.markup_only:
        await query.edit_message_reply_markup(reply.keyboard)


def build_handler() -> CallbackQueryHandler[BotContext, None]:
    """Every follow-up button but Edit (bot/follow_ups/edit.py takes that one first)."""
    # Every version of our prefix, so buttons from an older release are answered too.
    return CallbackQueryHandler(on_tap, pattern=f"^{Scope.FOLLOW_UP.value}:")
