"""/export: a spreadsheet of everything stored (CSV) and a calendar (.ics) of what is coming."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from icalendar import Calendar, Event
from telegram import InputFile, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.applications.overview import describe
from bot.domain.places.timezones import as_zone
from bot.follow_ups.as_sent import as_sent
from bot.ui.context import BotContext
from bot.ui.display import local
from bot.ui.guards import started_saying
from bot.ui.inputs import sender
from storage import export
from storage.export import UserRecords
from storage.models import (
    CALL_KINDS,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
    User,
)

PRODUCT_ID = "-//Interview Follow-Up Bot//EN"
UID_DOMAIN = "interview-follow-up-bot"
REMINDER_LENGTH = dt.timedelta(minutes=15)
DEFAULT_INTERVIEW_MINUTES = 60
# Excel runs cells starting with these as formulas; a leading apostrophe keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CALENDAR_STATUSES = (FollowUpStatus.PENDING, FollowUpStatus.SENDING)
# "sent" is what the user said they did (Sent it, Called), never only the bot's delivery.
DONE_WORDS = {
    FollowUpKind.THANK_YOU: "sent",
    FollowUpKind.THANK_YOU_CHASE: "sent",
    FollowUpKind.EMAIL: "sent",
    FollowUpKind.CALL: "called",
}
STATUS_WORDS = {
    FollowUpStatus.PENDING: "scheduled",
    FollowUpStatus.SENDING: "scheduled",
    FollowUpStatus.SENT: "delivered, not marked sent",
    FollowUpStatus.SKIPPED: "skipped",
    FollowUpStatus.CANCELLED: "cancelled",
    FollowUpStatus.PAUSED: "paused (bot blocked)",
    FollowUpStatus.FAILED: "could not be delivered",
}


def _cell(value: str | None) -> str:
    """User text safe for a spreadsheet: never read as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _stamp(moment: dt.datetime | None, tz: str) -> str:
    """ "2026-11-24 14:30" in the given zone: spreadsheets read it as a date and time."""
    return local(moment, tz).strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _timeline(interview: Interview) -> str:
    if interview.status != InterviewStatus.HELD:
        return ""
    if interview.timeline_date is not None:
        return f"{interview.timeline_text or ''} (until {interview.timeline_date.isoformat()})"
    return "not asked" if not interview.timeline_asked else "not given"


def header(tz: str) -> list[str]:
    """The CSV's columns; times the bot chose are in the user's zone `tz`."""
    return [
        "Company",
        "Role",
        "Application status",
        "Round",
        "Interview status",
        "Interview date",  # in the zone it was entered in, the next column
        "Interview time zone",
        "Interview length (min)",
        "Timeline",
        "Your pitch",
        "Interviewer",
        "Interviewer title",
        "Interviewer contact",
        "Talked about",
        "Follow-up",
        "Follow-up status",
        f"Due ({tz})",
        f"Draft delivered by the bot ({tz})",
        f"Sent or done by you ({tz})",
        f"Skipped ({tz})",
        "Subject",
        "Note as sent",
    ]


WIDTH = len(header("UTC"))
INTERVIEW_CELLS = 5  # Round .. Timeline, bar the pitch
PERSON_CELLS = 4
FOLLOW_UP_CELLS = 8


def csv_bytes(records: UserRecords, tz: str) -> bytes:
    """One row per follow-up with its application, interview, interviewer and note.

    Interviews and applications without any follow-up get a row of their own, so nothing
    stored is missing. UTF-8 with a byte-order mark, so Excel shows accents right.
    """
    by_interview: dict[int | None, list[FollowUp]] = defaultdict(list)
    by_application: dict[int, list[FollowUp]] = defaultdict(list)
    for item in records.follow_ups:
        if item.interview_id is None:
            by_application[item.application_id].append(item)
        else:
            by_interview[item.interview_id].append(item)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(tz))
    for application in records.applications:
        base = [
            _cell(application.company),
            _cell(application.role),
            str(application.status),
        ]
        written = False
        for interview in application.interviews:
            # Entered before the zone was kept (migration 0004): the user's zone now.
            zone = interview.timezone or tz
            context_cells = [
                str(interview.round_number),
                str(interview.status),
                _stamp(interview.held_at, zone),
                zone,
                str(interview.duration_minutes or ""),
                _cell(_timeline(interview)),
                _cell(interview.pitch),
            ]
            items = by_interview.get(interview.id, [])
            for item in items:
                writer.writerow(base + context_cells + _person(item) + _follow_up(item, tz))
            if not items:
                writer.writerow(base + context_cells + [""] * (PERSON_CELLS + FOLLOW_UP_CELLS))
            written = True
        for item in by_application.get(application.id, []):
            writer.writerow(
                base + [""] * (INTERVIEW_CELLS + 2) + _person(item) + _follow_up(item, tz)
            )
            written = True
        if not written:
            writer.writerow(base + [""] * (WIDTH - len(base)))
    return buffer.getvalue().encode("utf-8-sig")


def _person(item: FollowUp) -> list[str]:
    """The person a follow-up is for: a note's interviewer, a call's first interviewer."""
    person = item.interviewer
    if person is None and item.kind in CALL_KINDS and item.interview is not None:
        person = item.interview.interviewers[0] if item.interview.interviewers else None
    if person is None:
        return [""] * PERSON_CELLS
    return [_cell(person.name), _cell(person.title), _cell(person.contact), _cell(person.topics)]


def _status(item: FollowUp) -> str:
    if item.status == FollowUpStatus.DONE:
        return DONE_WORDS.get(FollowUpKind(item.kind), "done")
    return STATUS_WORDS.get(FollowUpStatus(item.status), str(item.status))


def _follow_up(item: FollowUp, tz: str) -> list[str]:
    subject, note = as_sent(item)
    return [
        describe(item),
        _status(item),
        _stamp(item.due_at, tz),
        _stamp(item.sent_at, tz),
        _stamp(item.acted_at, tz) if item.status == FollowUpStatus.DONE else "",
        _stamp(item.acted_at, tz) if item.status == FollowUpStatus.SKIPPED else "",
        _cell(subject),
        _cell(note),
    ]


def calendar_bytes(
    *,
    applications: Sequence[JobApplication],
    follow_ups: Iterable[FollowUp],
    tz: str,
    now: dt.datetime,
) -> bytes | None:
    """An .ics of pending follow-ups and upcoming interviews, in the user's zone; None if empty."""
    zone = as_zone(tz)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Interview follow-ups")
    places = {app.id: app for app in applications if app.status == ApplicationStatus.OPEN}
    for application in places.values():
        for interview in application.interviews:
            if interview.status != InterviewStatus.UPCOMING:
                continue
            minutes = interview.duration_minutes or DEFAULT_INTERVIEW_MINUTES
            event = Event()
            event.add("uid", f"interview-{interview.id}@{UID_DOMAIN}")
            event.add("dtstamp", now)
            event.add("summary", f"Interview: {application.role} at {application.company}")
            event.add("dtstart", interview.held_at.astimezone(zone))
            event.add("dtend", (interview.held_at + dt.timedelta(minutes=minutes)).astimezone(zone))
            calendar.add_component(event)
    for item in follow_ups:
        owner = places.get(item.application_id)
        if owner is None or item.status not in CALENDAR_STATUSES:
            continue
        event = Event()
        event.add("uid", f"follow-up-{item.id}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        what = describe(item)
        event.add("summary", f"{what[0].upper()}{what[1:]}: {owner.role} at {owner.company}")
        event.add("dtstart", item.due_at.astimezone(zone))
        event.add("duration", REMINDER_LENGTH)
        event.add("description", "The Interview Follow-Up Bot sends this reminder on Telegram.")
        calendar.add_component(event)
    if not calendar.subcomponents:
        return None
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


@started_saying("There is nothing to export yet. Send /start to set up.")
async def export_command(update: Update, context: BotContext, user: User) -> None:
    _, message = sender(update)
    now = context.bot_data.clock()
    records = await export.load_user_records(context.session, user_id=user.id)
    tz = user.timezone
    if not records.applications:
        await message.reply_text(
            "There is nothing to export yet. After your next interview, send /new."
        )
        return
    today = local(now, tz).date().isoformat()
    await context.bot.send_document(
        message.chat_id,
        InputFile(csv_bytes(records, tz), filename=f"interview-follow-ups-{today}.csv"),
        caption=(
            f"Everything you stored: {len(records.applications)} application(s), one row per "
            f"follow-up, with each note as it was sent. Interview times are in the zone you "
            f"entered them in; the rest in {tz}. Opens in Excel, Numbers or Google Sheets."
        ),
    )
    calendar = calendar_bytes(
        applications=records.applications, follow_ups=records.follow_ups, tz=tz, now=now
    )
    if calendar is None:
        await message.reply_text(
            "No pending follow-ups or upcoming interviews, so no calendar file this time."
        )
        return
    await context.bot.send_document(
        message.chat_id,
        InputFile(calendar, filename=f"interview-follow-ups-{today}.ics"),
        caption="Your coming follow-ups and interviews: open it to add them to your calendar.",
    )


def build_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CommandHandler("export", export_command)]
