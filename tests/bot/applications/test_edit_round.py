"""Editing a saved interview from /list, through the real application: follow-ups follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.follow_ups import dispatch
from storage.models import FollowUp, FollowUpKind, FollowUpStatus, Interview
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(1601, "Ana", "Lima")
MALLORY = updates.person(1666, "Mallory", None)
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # Wed 16:00 in Berlin


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def _debrief(bot: BotHarness) -> None:
    """A saved debrief of yesterday's interview with Bo Chen, timeline 2 weeks."""
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Acme")
    await bot.say(ANA, "Site Reliability Engineer")
    await bot.say(ANA, "yesterday 14:30")
    await bot.say(ANA, "Bo Chen")
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "I've run on-call for a payments platform for 4 years")
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    await bot.press(ANA, bot.api.last_message, "Save")


async def _rows(bot: BotHarness) -> list[FollowUp]:
    async with bot.db() as session:
        return list((await session.scalars(select(FollowUp).order_by(FollowUp.id))).all())


async def _interview(bot: BotHarness) -> Interview:
    async with bot.db() as session:
        (interview,) = (
            await session.scalars(
                select(Interview).options(
                    selectinload(Interview.interviewers), selectinload(Interview.application)
                )
            )
        ).all()
        return interview


def _edited(calls: list[Call]) -> Call:
    return [call for call in calls if call.method == "editMessageText"][-1]


async def _open_edit(bot: BotHarness) -> Call:
    """/list → the application → Edit round 1: the summary of the saved round."""
    details = _edited(await bot.press(ANA, await bot.say(ANA, "/list"), "Acme"))
    assert "✏️ Edit round 1" in details.button_labels
    await bot.press(ANA, details, "Edit round 1")
    summary = bot.api.last_message
    assert "Bo Chen" in summary.text
    assert summary.button_labels == ["Save changes", "Edit", "Cancel"]
    return summary


async def test_an_added_interviewer_gets_their_draft_and_a_changed_contact_shows(
    bot: BotHarness,
) -> None:
    await _debrief(bot)
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1
    summary = await _open_edit(bot)

    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Add an interviewer")
    await bot.say(ANA, "Dee Patel")
    await bot.say(ANA, "Staff Engineer")
    await bot.say(ANA, "+49 30 1234567")
    await bot.say(ANA, "the incident review process")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    # Straight back to the summary: the pitch and timeline are not asked again.
    summary = bot.api.last_message
    assert summary.button_labels == ["Save changes", "Edit", "Cancel"]
    assert "Dee Patel" in summary.text
    assert "payments platform" in summary.text
    calls = await bot.press(ANA, summary, "Save changes")

    saved = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Saved your changes" in saved.text
    assert "Thank-you drafts for Dee Patel" in saved.text
    interview = await _interview(bot)
    assert [person.name for person in interview.interviewers] == ["Bo Chen", "Dee Patel"]
    rows = await _rows(bot)
    thank_yous = [row for row in rows if row.kind == FollowUpKind.THANK_YOU]
    assert len(thank_yous) == 2
    # Only the new person's draft comes; Bo's stays delivered, not sent twice.
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1
    assert "Dee" in bot.api.last_message.text
    assert [row.kind for row in rows].count(FollowUpKind.CALL) == 1
    # The pitch stays: Dee's note is built on it.
    assert interview.pitch == "I've run on-call for a payments platform for 4 years"

    # Change Bo's contact: the reminder of his note shows the new one.
    summary = await _open_edit(bot)
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Contact")
    await bot.say(ANA, "bo.chen@acme.example")
    await bot.press(ANA, bot.api.last_message, "Save changes")
    interview = await _interview(bot)
    assert interview.interviewers[0].contact == "bo.chen@acme.example"
    # Bo keeps his row, so his note's history stays with him.
    assert interview.interviewers[0].id == thank_yous[0].interviewer_id
    # The next message about Bo's note, the chase, shows the new contact.
    bot.api.clear()
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(days=1))
    (chase,) = [message for message in bot.api.messages if "Bo" in message.text]
    assert "bo.chen@acme.example" in chase.text


async def test_a_changed_timeline_moves_the_call_nudge(bot: BotHarness) -> None:
    await _debrief(bot)
    (call,) = [row for row in await _rows(bot) if row.kind == FollowUpKind.CALL]
    assert call.due_at == dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)  # Wed 10:00 Berlin
    summary = await _open_edit(bot)

    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Timeline")
    await bot.press(ANA, bot.api.last_message, "1 week")
    calls = await bot.press(ANA, bot.api.last_message, "Save changes")

    saved = [call for call in calls if call.method == "sendMessage"][-1]
    # Timeline to Tue 1 Dec: the call the next business day, Wed 2 Dec, at the call hour.
    assert "Call reminder moved to Wed 2 Dec, 10:00" in saved.text
    (moved,) = [row for row in await _rows(bot) if row.kind == FollowUpKind.CALL]
    assert moved.id == call.id
    assert moved.status == FollowUpStatus.PENDING
    assert moved.due_at == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    interview = await _interview(bot)
    assert interview.timeline_text == "1 week"


async def test_someone_elses_edit_button_changes_nothing(bot: BotHarness) -> None:
    await _debrief(bot)
    interview = await _interview(bot)

    calls = await bot.tap(MALLORY, f"db:v1:resave:{interview.id}")

    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "isn't yours" in answer.params["text"]
    assert not [call for call in calls if call.method == "sendMessage"]


async def test_cancel_during_an_edit_keeps_the_saved_round(bot: BotHarness) -> None:
    await _debrief(bot)
    summary = await _open_edit(bot)
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Company")
    await bot.say(ANA, "Globex")

    calls = await bot.send(ANA, "/cancel")

    assert "nothing changed: the saved round stays as it was" in calls[-1].text
    interview = await _interview(bot)
    assert interview.application.company == "Acme"


async def test_a_removed_interviewer_takes_their_follow_ups_and_the_others_stay(
    bot: BotHarness,
) -> None:
    await _debrief(bot)
    summary = await _open_edit(bot)
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Add an interviewer")
    for answer in ("Dee Patel", "Staff Engineer", "dee@acme.example", "incident reviews"):
        await bot.say(ANA, answer)
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "Save changes")
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 2

    summary = await _open_edit(bot)
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Dee Patel")
    await bot.press(ANA, bot.api.last_message, "Remove")
    calls = await bot.press(ANA, bot.api.last_message, "Save changes")

    saved = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Removed 1 interviewer and the reminders" in saved.text
    interview = await _interview(bot)
    assert [person.name for person in interview.interviewers] == ["Bo Chen"]
    rows = await _rows(bot)
    assert {row.interviewer_id for row in rows if row.interviewer_id is not None} == {
        interview.interviewers[0].id
    }
    assert [row.kind for row in rows].count(FollowUpKind.CALL) == 1


async def test_edit_while_a_debrief_is_open_asks_to_finish_it_first(bot: BotHarness) -> None:
    await _debrief(bot)
    details = _edited(await bot.press(ANA, await bot.say(ANA, "/list"), "Acme"))
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Globex")

    calls = await bot.press(ANA, details, "Edit round 1")

    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "Finish or /cancel the debrief in progress first" in answer.params["text"]
    # The open debrief goes on where it was: the role was asked, the time comes next.
    assert "When" in (await bot.say(ANA, "Platform Engineer")).text


async def test_a_changed_interview_time_is_kept_with_its_zone_and_moves_the_call(
    bot: BotHarness,
) -> None:
    await _debrief(bot)
    summary = await _open_edit(bot)
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "When")
    await bot.say(ANA, "2026-11-20 10:00")
    if "Is that right?" in bot.api.last_message.text:
        await bot.press(ANA, bot.api.last_message, "Yes")
    calls = await bot.press(ANA, bot.api.last_message, "Save changes")

    saved = [call for call in calls if call.method == "sendMessage"][-1]
    interview = await _interview(bot)
    assert interview.held_at == dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    assert interview.timezone == "Europe/Berlin"
    # "2 weeks" counts from the new day: until Fri 4 Dec, so the call is Mon 7 Dec at 10:00.
    assert interview.timeline_date == dt.date(2026, 12, 4)
    assert "Call reminder moved to Mon 7 Dec, 10:00" in saved.text
