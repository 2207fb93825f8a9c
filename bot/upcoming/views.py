"""What /upcoming shows: its questions, the registration's confirmation, the cancel dialogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ui.callbacks import Scope, UpcomingAction, button_data
from bot.ui.display import esc, when
from storage.models import JobApplication
from storage.upcoming import CancelledInterview

LENGTH_CHOICES = (30, 45, 60, 90, 120)


def length_label(minutes: int) -> str:
    """'45 min', '1 hour', '1 hour 30 min', '2 hours'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    text = f"{hours} hour" + ("s" if hours > 1 else "")
    return text + (f" {rest} min" if rest else "")


def _button(token: str, label: str, action: UpcomingAction, *args: object) -> InlineKeyboardButton:
    """A button of one registration: its token tells a stale one from a live one."""
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.UPCOMING, action, token, *args)
    )


# ---------------------------------------------------------------------------
# The questions


def company_question(
    token: str, offered: Sequence[JobApplication]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Which company; the open applications offered for their next round, as buttons."""
    rows = [
        [
            _button(
                token,
                f"{app.company[:30]} · {app.role[:25]}",
                UpcomingAction.APPLICATION,
                app.id,
            )
        ]
        for app in offered
    ]
    question = "Which company is it with?"
    if rows:
        question += " Type it, or pick one of your open applications for its next round:"
    return question, InlineKeyboardMarkup(rows) if rows else None


def role_question(company: str) -> str:
    return f"What role at <b>{esc(company)}</b>?"


WHEN_QUESTION = "When is it? E.g. “tomorrow 10am”, “friday 3pm” or “2026-12-03 14:00” (your time)."


def length_question(token: str) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [
        _button(token, length_label(minutes), UpcomingAction.LENGTH, minutes)
        for minutes in LENGTH_CHOICES
    ]
    return (
        "How long is it planned to take? Tap one, type minutes (e.g. “45”), or /skip for one hour.",
        InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
    )


def round_ahead(round_number: int, company: str) -> str:
    """Next round → It's scheduled: the registration opens with the round it is."""
    return (
        f"Round {round_number} at <b>{esc(company)}</b>, well done! I'll send a "
        "checklist on the day and ask how it went afterwards. /cancel stops."
    )


def picked(application: JobApplication) -> str:
    """An open application tapped for its next round."""
    return f"<b>{esc(application.role)}</b> at <b>{esc(application.company)}</b>."


# ---------------------------------------------------------------------------
# Registered


def registered(
    *,
    company: str,
    role: str,
    round_number: int,
    starts_at: dt.datetime,
    minutes: int,
    checklist_at: dt.datetime,
    prompt_at: dt.datetime,
    calls_stopped: bool,
    tz: str,
    now: dt.datetime,
) -> str:
    """The confirmation: what was registered and when its two reminders come."""
    checklist_line = (
        "• Checklist: coming right now."
        if checklist_at <= now
        else f"• Checklist: {when(checklist_at, tz, now=now)}."
    )
    return "\n".join(
        [
            f"Registered: <b>{esc(role)}</b> at <b>{esc(company)}</b>"
            + (f", round {round_number}" if round_number > 1 else "")
            + f", {when(starts_at, tz, now=now)} ({length_label(minutes)}).",
            checklist_line,
            f"• “How did it go?”: {when(prompt_at, tz, now=now)}, to debrief while it's fresh.",
            *(
                ["• The call reminder of the last round is off: this round comes first."]
                if calls_stopped
                else []
            ),
            "It's in /list; cancel it there or with the button below.",
        ]
    )


def registered_keyboard(interview_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[cancel_interview_button(interview_id)]])


# ---------------------------------------------------------------------------
# Cancelling


def cancel_question(
    *, company: str, role: str, held_at: dt.datetime, tz: str, now: dt.datetime
) -> str:
    return (
        f"Cancel your interview for <b>{esc(role)}</b> at <b>{esc(company)}</b> on "
        f"{when(held_at, tz, now=now)}? Its checklist and the "
        "“How did it go?” message are cancelled with it."
    )


def cancel_keyboard(interview_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Yes, cancel it",
                    callback_data=button_data(
                        Scope.UPCOMING, UpcomingAction.CANCEL_CONFIRMED, interview_id
                    ),
                ),
                InlineKeyboardButton(
                    "Keep it",
                    callback_data=button_data(Scope.UPCOMING, UpcomingAction.KEEP, interview_id),
                ),
            ]
        ]
    )


def cancelled(interview: CancelledInterview) -> str:
    text = (
        f"Cancelled: {esc(interview.role)} at <b>{esc(interview.company)}</b>. "
        "No checklist or debrief reminder will come for it."
    )
    if interview.application_closed:
        text += " It was the only interview of that application, so I closed the application too."
    return text + " Rescheduled? Register the new date with /upcoming."


def cancel_interview_button(interview_id: object) -> InlineKeyboardButton:
    """Under a checklist reminder and the registration's reply: cancel the interview."""
    return InlineKeyboardButton(
        "Cancel this interview",
        callback_data=button_data(Scope.UPCOMING, UpcomingAction.CANCEL, interview_id),
    )
