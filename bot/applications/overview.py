"""/list: open applications page by page, each one's details, and closing an application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.applications.undo import undo_row
from bot.ui.callbacks import (
    Callback,
    DebriefAction,
    ListAction,
    Scope,
    UpcomingAction,
    button_data,
    pattern,
)
from bot.ui.context import BotContext
from bot.ui.display import cut_to_length, day, esc, local, telegram_length, when
from bot.ui.inputs import sender
from storage import applications, listing, users
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
)

PAGE_SIZE = 10
UPCOMING_SHOWN = 5
MESSAGE_LIMIT = 4096
# Names are cut in the overview so ten applications always fit one message.
SHORT = 60
TOPICS_SHOWN = 300
CLOSE_CHOICES = {
    "offer": (ApplicationStatus.OFFER, "🎉 Offer"),
    "rejected": (ApplicationStatus.REJECTED, "They said no"),
    "withdrawn": (ApplicationStatus.WITHDRAWN, "I withdrew"),
}
STATUS_WORDS = {
    ApplicationStatus.OPEN: "open",
    ApplicationStatus.OFFER: "closed with an offer",
    ApplicationStatus.REJECTED: "closed, they said no",
    ApplicationStatus.WITHDRAWN: "closed, withdrawn",
}
NOT_YOURS = "That application is closed or isn't yours."


def short(text: str, limit: int = SHORT) -> str:
    """User text cut to `limit` characters (with an ellipsis), then HTML-escaped."""
    return esc(text if len(text) <= limit else text[: limit - 1] + "…")


def fit(text: str, note: str = "…the rest is cut to fit one message.") -> str:
    """Text within Telegram's message limit (UTF-16 units), cut on a line with a note if not."""
    if telegram_length(text) <= MESSAGE_LIMIT:
        return text
    room = MESSAGE_LIMIT - telegram_length(note) - 2
    cut = cut_to_length(text, room)
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + "\n" + note


def describe(follow_up: FollowUp) -> str:
    """What a follow-up is, in plain words (plain text: escape before showing as HTML)."""
    person = follow_up.interviewer.name if follow_up.interviewer is not None else None
    match follow_up.kind:
        case FollowUpKind.THANK_YOU:
            return f"thank-you note to {person}" if person else "thank-you note"
        case FollowUpKind.THANK_YOU_CHASE:
            return f"reminder about the note to {person}" if person else "thank-you reminder"
        case FollowUpKind.CALL:
            return "follow-up call"
        case FollowUpKind.EMAIL:
            return "follow-up email"
        case FollowUpKind.CHECKLIST:
            return "pre-interview checklist"
        case FollowUpKind.DEBRIEF_PROMPT:
            return "“How did it go?” debrief"
    return str(follow_up.kind)


def _held(application: JobApplication) -> list[Interview]:
    return [i for i in application.interviews if i.status == InterviewStatus.HELD]


def _upcoming(application: JobApplication) -> list[Interview]:
    return [i for i in application.interviews if i.status == InterviewStatus.UPCOMING]


def _overview_line(
    number: int,
    application: JobApplication,
    next_up: FollowUp | None,
    tz: str,
    now: dt.datetime,
) -> str:
    held = _held(application)
    upcoming = _upcoming(application)
    if held:
        last = max(held, key=lambda interview: interview.held_at)
        progress = f"round {last.round_number} on {day(local(last.held_at, tz).date(), now=now)}"
    elif upcoming:
        progress = f"interview on {when(upcoming[0].held_at, tz, now=now)}"
    else:
        progress = "no interview yet"
    if next_up is None:
        step = "nothing scheduled"
    elif next_up.status == FollowUpStatus.SENT:
        step = f"waiting for you: {esc(describe(next_up))}"
    else:
        step = f"next: {esc(describe(next_up))}, {when(next_up.due_at, tz, now=now)}"
    return (
        f"{number}. <b>{short(application.company)}</b> · {short(application.role)}\n"
        f"    {progress} · {step}"
    )


async def _overview(
    context: BotContext, user_id: int, page: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The text and buttons of one page; None when the user has not set up."""
    session = context.session
    stored = await users.get_user(session, user_id=user_id)
    if stored is None:
        return None
    tz, now = stored.timezone, context.bot_data.clock()
    total = await listing.count_open_applications(session, user_id=user_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = await listing.open_applications_page(
        session, user_id=user_id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    next_ups = await listing.next_follow_ups(
        session, user_id=user_id, application_ids=[row.id for row in rows]
    )
    coming = await listing.upcoming_interviews(session, user_id=user_id)
    if not total:
        return (
            "No open applications yet. Right after an interview, send /new; "
            "for one that's coming up, /upcoming.",
            None,
        )
    heading = f"<b>Your open applications</b> ({total})"
    if pages > 1:
        heading += f" · page {page} of {pages}"
    first = (page - 1) * PAGE_SIZE + 1
    lines = [heading, ""]
    lines += [
        _overview_line(number, row, next_ups.get(row.id), tz, now)
        for number, row in enumerate(rows, start=first)
    ]
    if coming:
        lines += ["", "<b>Coming up</b>"]
        lines += [
            f"• {when(interview.held_at, tz, now=now)}"
            f" · <b>{short(interview.application.company)}</b>"
            f" · {short(interview.application.role)}"
            for interview in coming[:UPCOMING_SHOWN]
        ]
        if len(coming) > UPCOMING_SHOWN:
            lines.append(f"…and {len(coming) - UPCOMING_SHOWN} more.")
    lines += ["", "Tap one for its details."]
    buttons = [
        [
            InlineKeyboardButton(
                f"{number}. {row.company[:30]} · {row.role[:25]}",
                callback_data=button_data(Scope.LIST, ListAction.DETAILS, row.id, page),
            )
        ]
        for number, row in enumerate(rows, start=first)
    ]
    paging = []
    if page > 1:
        paging.append(
            InlineKeyboardButton(
                "« Previous", callback_data=button_data(Scope.LIST, ListAction.PAGE, page - 1)
            )
        )
    if page < pages:
        paging.append(
            InlineKeyboardButton(
                "Next »", callback_data=button_data(Scope.LIST, ListAction.PAGE, page + 1)
            )
        )
    if paging:
        buttons.append(paging)
    return fit("\n".join(lines)), InlineKeyboardMarkup(buttons)


def _timeline(interview: Interview, now: dt.datetime) -> str:
    if interview.timeline_date is not None:
        return f"{esc(interview.timeline_text)} (until {day(interview.timeline_date, now=now)})"
    return "not asked" if not interview.timeline_asked else "not given"


def _follow_up_line(follow_up: FollowUp, tz: str, now: dt.datetime) -> str:
    what = esc(describe(follow_up))
    if follow_up.status == FollowUpStatus.SENT and follow_up.sent_at is not None:
        return f"• {what}: sent {when(follow_up.sent_at, tz, now=now)}, waiting for your tap on it"
    return f"• {when(follow_up.due_at, tz, now=now)} · {what}"


def _details_text(
    application: JobApplication, open_items: Sequence[FollowUp], tz: str, now: dt.datetime
) -> str:
    lines = [
        f"<b>{esc(application.company)}</b> · {esc(application.role)}",
        f"Status: {STATUS_WORDS.get(ApplicationStatus(application.status), application.status)}",
    ]
    for interview in application.interviews:
        if interview.status == InterviewStatus.CANCELLED:
            continue
        if interview.status == InterviewStatus.UPCOMING:
            length = interview.duration_minutes or 60
            lines += [
                "",
                f"<b>Round {interview.round_number} (upcoming)</b> · "
                f"{when(interview.held_at, tz, now=now)}, {length} min",
            ]
            continue
        lines += [
            "",
            f"<b>Round {interview.round_number}</b> · {when(interview.held_at, tz, now=now)}",
        ]
        for person in interview.interviewers:
            title = f", {esc(person.title)}" if person.title else ""
            contact = esc(person.contact) if person.contact else "no contact yet"
            lines.append(f"• {esc(person.name)}{title} · {contact}")
            if person.topics:
                lines.append(f"   talked about: {short(person.topics, TOPICS_SHOWN)}")
        lines.append(f"Timeline: {_timeline(interview, now)}")
    shown = [
        item
        for item in open_items
        # A delivered checklist asks nothing of the user; it is history, not a next step.
        if not (item.kind == FollowUpKind.CHECKLIST and item.status == FollowUpStatus.SENT)
    ]
    lines += ["", "<b>Next steps</b>" if shown else "No reminders scheduled."]
    lines += [_follow_up_line(item, tz, now) for item in shown]
    return fit("\n".join(lines))


def _details_keyboard(
    application: JobApplication, page: int, tz: str, now: dt.datetime
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                f"Cancel the interview on {day(local(interview.held_at, tz).date(), now=now)}",
                callback_data=button_data(Scope.UPCOMING, UpcomingAction.CANCEL, interview.id),
            )
        ]
        for interview in _upcoming(application)
    ]
    if application.status == ApplicationStatus.OPEN:
        # The debrief's summary and Edit, for a round already saved (bot/debrief/resave.py).
        rows += [
            [
                InlineKeyboardButton(
                    f"✏️ Edit round {interview.round_number}",
                    callback_data=button_data(
                        Scope.DEBRIEF, DebriefAction.EDIT_SAVED, interview.id
                    ),
                )
            ]
            for interview in _held(application)
        ]
        # One tap closes it; the message that confirms it carries Undo.
        rows.append(
            [
                InlineKeyboardButton(
                    label,
                    callback_data=button_data(
                        Scope.LIST, ListAction.CLOSE_AS, application.id, page, key
                    ),
                )
                for key, (_, label) in CLOSE_CHOICES.items()
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                "« Back to the list", callback_data=button_data(Scope.LIST, ListAction.PAGE, page)
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def _closed_text(application: JobApplication, status: ApplicationStatus, cancelled: int) -> str:
    text = f"<b>{esc(application.company)}</b> · {esc(application.role)}: {STATUS_WORDS[status]}."
    if cancelled:
        text += f" I cancelled {cancelled} reminder{'s' if cancelled != 1 else ''} for it."
    if status == ApplicationStatus.OFFER:
        text += " Congratulations! 🎉"
    elif status == ApplicationStatus.REJECTED:
        text += " Their loss. Every interview is practice for the next one."
    return text


async def show_list(update: Update, context: BotContext) -> None:
    user, message = sender(update)
    shown = await _overview(context, user.id, 1)
    if shown is None:
        await message.reply_text("First, a 30-second setup: send /start.")
        return
    text, keyboard = shown
    await message.reply_text(text, reply_markup=keyboard)


async def on_button(update: Update, context: BotContext) -> None:
    """Page, details, close, and the chosen outcome; each acts only on the tapper's own data."""
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    user_id = query.from_user.id
    if callback is None:
        await query.answer("That button is out of date.")
        return
    if callback.action == ListAction.PAGE:
        shown = await _overview(context, user_id, callback.int_arg() or 1)
        if shown is None:
            await query.answer("Send /start first.")
            return
        await query.answer()
        await query.edit_message_text(shown[0], reply_markup=shown[1])
        return
    application_id = callback.int_arg()
    page = callback.int_arg(1) or 1
    if application_id is None or callback.action not in {
        ListAction.DETAILS,
        ListAction.CLOSE,
        ListAction.CLOSE_AS,
    }:
        await query.answer("That button is out of date.")
        return
    now = context.bot_data.clock()
    session = context.session
    stored = await users.get_user(session, user_id=user_id)
    application = await applications.get_application(
        session, application_id=application_id, user_id=user_id
    )
    if stored is None or application is None:
        await query.answer(NOT_YOURS, show_alert=True)
        return
    tz = stored.timezone
    if callback.action == ListAction.CLOSE_AS:
        choice = CLOSE_CHOICES.get(callback.args[2] if len(callback.args) > 2 else "")
        cancelled = (
            None
            if choice is None
            else await applications.close(
                session, user_id=user_id, application_id=application.id, status=choice[0], now=now
            )
        )
        if choice is None or cancelled is None:
            await query.answer(NOT_YOURS, show_alert=True)
            return
        await query.answer("Closed.")
        await query.edit_message_text(
            _closed_text(application, choice[0], cancelled),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        *undo_row(application.id),
                        InlineKeyboardButton(
                            "« Back to the list",
                            callback_data=button_data(Scope.LIST, ListAction.PAGE, page),
                        ),
                    ]
                ]
            ),
        )
        return
    open_items = await listing.open_follow_ups(
        session, user_id=user_id, application_id=application.id
    )
    if callback.action == ListAction.DETAILS:
        await query.answer()
        await query.edit_message_text(
            _details_text(application, open_items, tz, now),
            reply_markup=_details_keyboard(application, page, tz, now),
        )
        return
    if callback.action == ListAction.CLOSE:
        if application.status != ApplicationStatus.OPEN:
            await query.answer(NOT_YOURS, show_alert=True)
            return
        await query.answer()
        rows = [
            [
                InlineKeyboardButton(
                    label,
                    callback_data=button_data(
                        Scope.LIST, ListAction.CLOSE_AS, application.id, page, key
                    ),
                )
            ]
            for key, (_, label) in CLOSE_CHOICES.items()
        ]
        rows.append(
            [
                InlineKeyboardButton(
                    "« Keep it open",
                    callback_data=button_data(Scope.LIST, ListAction.DETAILS, application.id, page),
                )
            ]
        )
        pending = len(open_items)
        await query.edit_message_text(
            f"How did <b>{esc(application.company)}</b> · {esc(application.role)} end? "
            + (
                f"Closing it cancels its {pending} open reminder{'s' if pending != 1 else ''}."
                if pending
                else "Nothing is scheduled for it."
            ),
            reply_markup=InlineKeyboardMarkup(rows),
        )


def build_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/list and its buttons."""
    return [
        CommandHandler("list", show_list),
        CallbackQueryHandler(on_button, pattern=pattern(Scope.LIST)),
    ]
