"""/list: the open applications page by page, and how an application is put in words."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.applications.tapped import tap
from bot.ui.callbacks import ListAction, Scope, button_data
from bot.ui.context import BotContext
from bot.ui.display import cut_to_length, day, esc, local, telegram_length, when
from bot.ui.guards import started, started_saying
from bot.ui.inputs import sender
from storage import listing
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
    User,
)

PAGE_SIZE = 10
UPCOMING_SHOWN = 5
MESSAGE_LIMIT = 4096
# Names are cut in the overview so ten applications always fit one message.
SHORT = 60
STATUS_WORDS = {
    ApplicationStatus.OPEN: "open",
    ApplicationStatus.OFFER: "closed with an offer",
    ApplicationStatus.REJECTED: "closed, they said no",
    ApplicationStatus.WITHDRAWN: "closed, withdrawn",
}


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


def held(application: JobApplication) -> list[Interview]:
    return [i for i in application.interviews if i.status == InterviewStatus.HELD]


def upcoming(application: JobApplication) -> list[Interview]:
    return [i for i in application.interviews if i.status == InterviewStatus.UPCOMING]


def page_button(label: str, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=button_data(Scope.LIST, ListAction.PAGE, page))


def _overview_line(
    number: int,
    application: JobApplication,
    next_up: FollowUp | None,
    tz: str,
    now: dt.datetime,
) -> str:
    done = held(application)
    coming = upcoming(application)
    if done:
        last = max(done, key=lambda interview: interview.held_at)
        progress = f"round {last.round_number} on {day(local(last.held_at, tz).date(), now=now)}"
    elif coming:
        progress = f"interview on {when(coming[0].held_at, tz, now=now)}"
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
    context: BotContext, user: User, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of one page."""
    session = context.session
    tz, now = user.timezone, context.bot_data.clock()
    total = await listing.count_open_applications(session, user_id=user.id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = await listing.open_applications_page(
        session, user_id=user.id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    next_ups = await listing.next_follow_ups(
        session, user_id=user.id, application_ids=[row.id for row in rows]
    )
    coming = await listing.upcoming_interviews(session, user_id=user.id)
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
        paging.append(page_button("« Previous", page - 1))
    if page < pages:
        paging.append(page_button("Next »", page + 1))
    if paging:
        buttons.append(paging)
    return fit("\n".join(lines)), InlineKeyboardMarkup(buttons)


@started_saying("First, a 30-second setup: send /start.")
async def show_list(update: Update, context: BotContext, user: User) -> None:
    _, message = sender(update)
    text, keyboard = await _overview(context, user, 1)
    await message.reply_text(text, reply_markup=keyboard)


@started
async def show_page(update: Update, context: BotContext, user: User) -> None:
    """« Previous, Next » and « Back to the list: ls:v1:page:<page>."""
    query, callback = tap(update)
    text, keyboard = await _overview(context, user, callback.int_arg() or 1)
    await query.answer()
    await query.edit_message_text(text, reply_markup=keyboard)
