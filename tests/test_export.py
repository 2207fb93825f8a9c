"""/export through the real application: the CSV and the calendar, parsed as users' apps would."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from storage import applications, follow_ups, upcoming
from storage.applications import InterviewerInput
from storage.models import FollowUpKind, FollowUpStatus
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(901, "Ana", "Lima")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.send(ANA, "/start")
    await harness.say(ANA, "Ana Lima")
    await harness.say(ANA, "Berlin")
    await harness.say(ANA, "9")
    yield harness
    await harness.stop()


async def seed(bot: BotHarness) -> None:
    """One debriefed interview (a sent note, a pending call), an upcoming one, an empty one."""
    async with bot.db.begin() as session:
        interview = await applications.save_interview(
            session,
            user_id=ANA.id,
            company="Café Crème",
            role="Barista, “head”",
            held_at=dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC),
            interviewers=[
                InterviewerInput("Zoë Müller", "Owner", "+49 30 1234567", "=latte art, 🚀"),
            ],
            pitch=None,
            timeline_text="2 weeks",
            timeline_date=dt.date(2026, 12, 8),
            timeline_asked=True,
        )
        note = await follow_ups.schedule(
            session,
            user_id=ANA.id,
            application_id=interview.application_id,
            interview_id=interview.id,
            interviewer_id=interview.interviewers[0].id,
            kind=FollowUpKind.THANK_YOU,
            due_at=NOW,
        )
        note.status = FollowUpStatus.SENT
        note.sent_at = NOW
        await follow_ups.schedule(
            session,
            user_id=ANA.id,
            application_id=interview.application_id,
            interview_id=interview.id,
            kind=FollowUpKind.CALL,
            due_at=dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC),
        )
        coming = await upcoming.register_upcoming(
            session,
            user_id=ANA.id,
            company="Beta & Co",
            role="Analyst",
            starts_at=dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC),
            duration_minutes=45,
        )
        await follow_ups.schedule(
            session,
            user_id=ANA.id,
            application_id=coming.application_id,
            interview_id=coming.id,
            kind=FollowUpKind.CHECKLIST,
            due_at=dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC),
        )


def documents(calls: list[Call]) -> dict[str, bytes]:
    """Each sent document's bytes by the extension of its filename."""
    found: dict[str, bytes] = {}
    for call in calls:
        if call.method != "sendDocument":
            continue
        (content,) = call.files.values()
        kind = "csv" if content.startswith(b"\xef\xbb\xbf") else "ics"
        found[kind] = content
    return found


async def test_the_csv_has_one_row_per_follow_up_with_its_context(bot: BotHarness) -> None:
    await seed(bot)
    files = documents(await bot.send(ANA, "/export"))
    raw = files["csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3
    note, call, checklist = rows
    assert note["Company"] == "Café Crème"
    assert note["Role"] == "Barista, “head”"
    assert note["Round"] == "1"
    assert note["Interview date (Europe/Berlin)"] == "2026-11-24 14:30"
    assert note["Interviewer"] == "Zoë Müller"
    # Cells that a spreadsheet would run as a formula are kept as text.
    assert note["Interviewer contact"] == "'+49 30 1234567"
    assert note["Talked about"] == "'=latte art, 🚀"
    assert note["Timeline"] == "2 weeks (until 2026-12-08)"
    assert note["Follow-up"] == "thank-you note to Zoë Müller"
    assert note["Follow-up status"] == "sent"
    assert note["Sent (Europe/Berlin)"] == "2026-11-25 16:00"
    assert call["Follow-up"] == "follow-up call"
    assert call["Interviewer"] == ""
    assert call["Due (Europe/Berlin)"] == "2026-12-09 09:00"
    assert checklist["Company"] == "Beta & Co"
    assert checklist["Interview status"] == "upcoming"
    assert checklist["Interview length (min)"] == "45"
    assert checklist["Follow-up"] == "pre-interview checklist"


async def test_the_calendar_holds_pending_follow_ups_and_upcoming_interviews(
    bot: BotHarness,
) -> None:
    await seed(bot)
    calendar = Calendar.from_ical(documents(await bot.send(ANA, "/export"))["ics"])
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "Interview: Analyst at Beta & Co",
        "Follow-up call: Barista, “head” at Café Crème",
        "Pre-interview checklist: Analyst at Beta & Co",
    }
    interview = events["Interview: Analyst at Beta & Co"]
    start = interview.decoded("dtstart")
    assert start == dt.datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    assert start.tzinfo is not None
    assert str(start.tzinfo) == "Europe/Berlin"
    assert interview.decoded("dtend") - start == dt.timedelta(minutes=45)
    call = events["Follow-up call: Barista, “head” at Café Crème"]
    assert call.decoded("dtstart") == dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


async def test_an_application_without_follow_ups_still_gets_a_row(bot: BotHarness) -> None:
    async with bot.db.begin() as session:
        await applications.save_interview(
            session,
            user_id=ANA.id,
            company="Quiet Ltd",
            role="PM",
            held_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
            interviewers=[],
            pitch=None,
            timeline_text=None,
            timeline_date=None,
            timeline_asked=False,
        )
    calls = await bot.send(ANA, "/export")
    rows = list(csv.DictReader(io.StringIO(documents(calls)["csv"].decode("utf-8-sig"))))
    assert [(row["Company"], row["Timeline"], row["Follow-up"]) for row in rows] == [
        ("Quiet Ltd", "not asked", "")
    ]
    assert "no calendar file" in [call for call in calls if call.method == "sendMessage"][-1].text


async def test_nothing_to_export_says_so(bot: BotHarness) -> None:
    calls = await bot.send(ANA, "/export")
    assert not [call for call in calls if call.method == "sendDocument"]
    assert "nothing to export" in bot.api.last_message.text.lower()
