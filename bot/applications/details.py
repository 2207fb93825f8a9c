"""One application's details from /list: its rounds, people, timeline and next steps, with
its buttons (cancel an upcoming interview, Edit round N, close with an outcome, back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.applications.close import close_buttons
from bot.applications.overview import (
    STATUS_WORDS,
    describe,
    fit,
    held,
    page_button,
    short,
    upcoming,
)
from bot.applications.tapped import NOT_YOURS, application_tapped
from bot.ui.callbacks import DebriefAction, Scope, UpcomingAction, button_data
from bot.ui.context import BotContext
from bot.ui.display import day, esc, local, when
from bot.ui.guards import started_saying
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

TOPICS_SHOWN = 300


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
        for interview in upcoming(application)
    ]
    if application.status == ApplicationStatus.OPEN:
        # Edit round N opens the debrief's summary of that saved round: the conversation
        # is the debrief's (bot/debrief/), only its button is ours.
        rows += [
            [
                InlineKeyboardButton(
                    f"✏️ Edit round {interview.round_number}",
                    callback_data=button_data(
                        Scope.DEBRIEF, DebriefAction.EDIT_SAVED, interview.id
                    ),
                )
            ]
            for interview in held(application)
        ]
        # One tap closes it; the message that confirms it carries Undo.
        rows.append(close_buttons(application.id, page))
    rows.append([page_button("« Back to the list", page)])
    return InlineKeyboardMarkup(rows)


@started_saying(alert=NOT_YOURS)
async def show_details(update: Update, context: BotContext, user: User) -> None:
    """An application's button in the overview: ls:v1:app:<application id>:<page>."""
    tapped = await application_tapped(update, context, user)
    if tapped is None:
        return
    application, now = tapped.application, context.bot_data.clock()
    open_items = await listing.open_follow_ups(
        context.session, user_id=user.id, application_id=application.id
    )
    await tapped.query.answer()
    await tapped.query.edit_message_text(
        _details_text(application, open_items, user.timezone, now),
        reply_markup=_details_keyboard(application, tapped.page, user.timezone, now),
    )
