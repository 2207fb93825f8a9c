"""/export through the real application: the CSV and the calendar, parsed as users' apps would."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.follow_ups import dispatch
from storage import follow_ups, interviews, upcoming, users
from storage.interviews import InterviewerInput
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
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def seed(bot: BotHarness) -> None:
    """One debriefed interview (a sent note, a pending call), an upcoming one, an empty one."""
    async with bot.db.begin() as session:
        interview = await interviews.save_interview(
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
    assert note["Interview date"] == "2026-11-24 14:30"
    # Saved straight to storage without a zone (as before migration 0004): the user's zone.
    assert note["Interview time zone"] == "Europe/Berlin"
    assert note["Interviewer"] == "Zoë Müller"
    # Cells that a spreadsheet would run as a formula are kept as text.
    assert note["Interviewer contact"] == "'+49 30 1234567"
    assert note["Talked about"] == "'=latte art, 🚀"
    assert note["Timeline"] == "2 weeks (until 2026-12-08)"
    assert note["Follow-up"] == "thank-you note to Zoë Müller"
    assert note["Follow-up status"] == "delivered, not marked sent"
    assert note["Draft delivered by the bot (Europe/Berlin)"] == "2026-11-25 16:00"
    assert note["Sent or done by you (Europe/Berlin)"] == ""
    assert note["Subject"]
    assert "Zoë" in note["Note as sent"]
    assert call["Follow-up"] == "follow-up call"
    assert call["Follow-up status"] == "scheduled"
    assert call["Interviewer"] == "Zoë Müller"  # whom the call is for: the first interviewer
    assert call["Note as sent"] == ""  # not delivered yet
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
        await interviews.save_interview(
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


def _csv_rows(calls: list[Call]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(documents(calls)["csv"].decode("utf-8-sig"))))


async def test_the_csv_proves_each_note_as_sent_with_the_interview_in_its_own_zone(
    bot: BotHarness,
) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "=Acme")
    await bot.say(ANA, "Site Reliability Engineer")
    await bot.say(ANA, "yesterday 14:30")
    await bot.say(ANA, "Bo Chen")
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "Add another")
    await bot.say(ANA, "Dee Patel")
    for _ in range(3):
        await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "@home in on-call: I cut incidents by half")
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    await bot.press(ANA, bot.api.last_message, "Save")
    bot.api.clear()
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 2
    bo_note, dee_note = bot.api.messages

    # Bo's note: edited, then "Sent it" an hour later. Dee's: skipped.
    await bot.press(ANA, bo_note, "Edit")
    mine = "-Hi Bo, thank you for the talk about the Kubernetes migration. Ana"
    await bot.send(ANA, mine)
    bot.now = NOW + dt.timedelta(hours=1)
    await bot.press(ANA, bot.api.last_message, "Sent it")
    bot.now = NOW + dt.timedelta(hours=2)
    await bot.press(ANA, dee_note, "Skip")
    for answer in ("/upcoming", "Beta", "Analyst", "friday 14:00", "45"):
        await bot.send(ANA, answer)
    # Ana moves to Tokyo: the interviews stay at the time she entered, in Berlin's zone.
    async with bot.db.begin() as session:
        user = await users.get_user(session, user_id=ANA.id)
        assert user is not None
        user.timezone = "Asia/Tokyo"

    calls = await bot.send(ANA, "/export")

    caption = next(call for call in calls if call.method == "sendDocument").params["caption"]
    assert "zone you entered them in" in caption
    rows = _csv_rows(calls)
    by_what = {row["Follow-up"]: row for row in rows}
    bo = by_what["thank-you note to Bo Chen"]
    assert bo["Company"] == "'=Acme"  # never run as a formula
    assert bo["Interview date"] == "2026-11-24 14:30"
    assert bo["Interview time zone"] == "Europe/Berlin"
    assert bo["Your pitch"] == "'@home in on-call: I cut incidents by half"
    assert bo["Interviewer contact"] == "bo@acme.example"
    assert bo["Follow-up status"] == "sent"  # the user said so
    assert bo["Draft delivered by the bot (Asia/Tokyo)"] == "2026-11-26 00:00"
    assert bo["Sent or done by you (Asia/Tokyo)"] == "2026-11-26 01:00"
    assert bo["Skipped (Asia/Tokyo)"] == ""
    assert bo["Subject"]
    assert bo["Note as sent"] == "'" + mine  # the edited version, formula-safe
    dee = by_what["thank-you note to Dee Patel"]
    assert dee["Follow-up status"] == "skipped"
    assert dee["Skipped (Asia/Tokyo)"] == "2026-11-26 02:00"
    assert dee["Sent or done by you (Asia/Tokyo)"] == ""
    assert dee["Interviewer contact"] == ""
    # The draft as the bot delivered it: what the user had in hand to send.
    assert "Dee" in dee["Note as sent"]
    assert "Ana Lima" in dee["Note as sent"]
    assert dee["Note as sent"] in dee_note.params["text"].replace("&#x27;", "'")
    chases = [row for row in rows if row["Follow-up"].startswith("reminder about the note")]
    assert {row["Follow-up status"] for row in chases} == {"cancelled"}
    assert all(row["Note as sent"] == "" for row in chases)  # never delivered
    call = by_what["follow-up call"]
    assert (call["Follow-up status"], call["Interviewer"]) == ("scheduled", "Bo Chen")
    checklist = by_what["pre-interview checklist"]
    assert (checklist["Company"], checklist["Interview status"]) == ("Beta", "upcoming")
    assert checklist["Interview date"] == "2026-11-27 14:00"
    assert checklist["Interview time zone"] == "Europe/Berlin"
    # Nothing starts like a formula anywhere in the file.
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


async def test_the_csv_keeps_each_note_as_delivered_after_the_debrief_is_edited(
    bot: BotHarness,
) -> None:
    await bot.send(ANA, "/new")
    for answer in ("Acme", "Site Reliability Engineer", "yesterday 14:30", "Bo Chen"):
        await bot.say(ANA, answer)
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    await bot.press(ANA, bot.api.last_message, "Save")
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1
    assert "Kubernetes migration" in bot.api.last_message.text
    # The round is edited afterwards: Bo's topics become something else entirely.
    listed = await bot.say(ANA, "/list")
    details = [c for c in await bot.press(ANA, listed, "Acme") if c.method == "editMessageText"]
    await bot.press(ANA, details[-1], "Edit round 1")
    await bot.press(ANA, bot.api.last_message, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Topics")
    await bot.say(ANA, "the observability roadmap")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "Save changes")

    rows = _csv_rows(await bot.send(ANA, "/export"))

    (bo,) = [row for row in rows if row["Follow-up"] == "thank-you note to Bo Chen"]
    note = next(value for key, value in bo.items() if key.startswith("Note") and value)
    # What the bot delivered, not a draft made again from the edited debrief.
    assert "Kubernetes migration" in note
    assert "observability" not in note
