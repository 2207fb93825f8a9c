"""The full path through the real application: a debrief saved, its nudges, the taps on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.follow_ups import dispatch
from storage.models import ApplicationStatus, FollowUpKind, FollowUpStatus, JobApplication
from tests.support import updates
from tests.support.follow_up_data import all_rows
from tests.support.harness import BotHarness

ANA = updates.person(601, "Ana", "Lima")
# A Wednesday afternoon in Berlin.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.send(ANA, "/start")
    for answer in ("Ana Lima", "Berlin", "9"):
        await harness.say(ANA, answer)
    yield harness
    await harness.stop()


async def _debrief(bot: BotHarness, *, held: str, timeline: str, company: str = "Acme") -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, company)
    await bot.say(ANA, "Site Reliability Engineer")
    await bot.say(ANA, held)
    await bot.say(ANA, "Bo Chen")
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "Add another")
    await bot.say(ANA, "Dee <Patel> & Co")
    for _ in range(3):
        await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, timeline)
    await bot.press(ANA, bot.api.last_message, "Save")


async def test_a_saved_debrief_sends_one_note_per_interviewer_and_sent_it_closes_it(
    bot: BotHarness,
) -> None:
    await _debrief(bot, held="yesterday 14:30", timeline="2 weeks")
    bot.api.clear()

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert report.sent == 2
    bo, dee = bot.api.messages
    assert "A thank-you note for Bo Chen" in bo.text
    assert "<pre>" in bo.text
    assert "Kubernetes migration" in bo.text
    assert "Dee &lt;Patel&gt; &amp; Co" in dee.text
    assert "LinkedIn" in dee.text
    assert "late" not in bo.text

    calls = await bot.press(ANA, bo, "Sent it")

    assert "Sent." in next(call for call in calls if call.method == "editMessageText").text
    rows = await all_rows(bot.db)
    statuses = {(row.kind, row.interviewer_id): row.status for row in rows}
    bo_id = rows[0].interviewer_id
    assert statuses[(FollowUpKind.THANK_YOU, bo_id)] == FollowUpStatus.DONE
    assert statuses[(FollowUpKind.THANK_YOU_CHASE, bo_id)] == FollowUpStatus.CANCELLED
    # Dee's note, untapped, is chased once the next morning.
    bot.api.clear()
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(days=1))
    (chase,) = bot.api.messages
    assert "gentle reminder" in chase.text
    assert "Dee &lt;Patel&gt;" in chase.text


async def test_a_debrief_whose_timeline_has_passed_brings_the_call_nudge_and_its_outcomes(
    bot: BotHarness,
) -> None:
    await _debrief(bot, held="2026-11-02 10:00", timeline="1 week")
    bot.api.clear()

    await dispatch.dispatch_due(bot.application, now=NOW)

    # The timeline passed weeks ago, but the notes go first: the call waits a business day.
    bo_note, dee_note = bot.api.messages
    for note in (bo_note, dee_note):
        assert "still well worth sending" in note.text
    bot.api.clear()
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(hours=20))
    assert not [message for message in bot.api.messages if "follow-up call" in message.text]
    # A day after Wednesday 16:00 in Berlin: Friday 10:00 is the first business morning.
    call_at = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    bot.now = call_at
    await dispatch.dispatch_due(bot.application, now=call_at)
    (call,) = [message for message in bot.api.messages if "follow-up call" in message.text]
    assert "Time for a short follow-up call" in call.text
    assert call.text.count("\n• ") == 4
    assert "If you reach voicemail" in call.text

    await bot.press(ANA, call, "No answer")
    retry = (await all_rows(bot.db))[-1]
    assert (retry.kind, retry.no_answer_count) == (FollowUpKind.CALL, 1)

    calls = await bot.press(ANA, call, "Offer")

    assert "Congratulations" in next(c for c in calls if c.method == "editMessageText").text
    async with bot.db() as session:
        application = await session.get(JobApplication, retry.application_id)
        assert application is not None
        assert application.status == ApplicationStatus.OFFER
    assert {row.status for row in await all_rows(bot.db)} <= {
        FollowUpStatus.DONE,
        FollowUpStatus.CANCELLED,
    }
    assert (await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(30))).sent == 0


async def test_next_round_on_the_call_nudge_starts_the_next_debrief(bot: BotHarness) -> None:
    await _debrief(bot, held="2026-11-02 10:00", timeline="1 week")
    call_at = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    bot.now = call_at
    await dispatch.dispatch_due(bot.application, now=call_at)
    (call,) = [message for message in bot.api.messages if "follow-up call" in message.text]

    calls = await bot.press(ANA, call, "Next round")

    (asked,) = [c for c in calls if c.method == "editMessageReplyMarkup"]
    assert asked.button_labels == ["✅ It happened: debrief it", "📅 It's scheduled"]
    await bot.tap(ANA, asked.data_for("It happened"), message_id=call.message_id)
    assert "Round 2 at <b>Acme</b>" in bot.api.last_message.text


async def test_next_round_scheduled_registers_it_with_its_checklist_and_prompt(
    bot: BotHarness,
) -> None:
    await _debrief(bot, held="2026-11-02 10:00", timeline="1 week")
    call_at = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # Friday 10:00 in Berlin
    bot.now = call_at
    await dispatch.dispatch_due(bot.application, now=call_at)
    (call,) = [message for message in bot.api.messages if "follow-up call" in message.text]
    asked = [c for c in await bot.press(ANA, call, "Next round")][-1]

    calls = await bot.tap(ANA, asked.data_for("scheduled"), message_id=call.message_id)
    said = [c.text for c in calls if c.method == "sendMessage"]
    assert "Round 2 at <b>Acme</b>" in said[0]
    assert "When is it?" in said[-1]
    await bot.say(ANA, "Tuesday 14:00")
    saved = [c for c in await bot.press(ANA, bot.api.last_message, "1 hour")][-1]

    assert "Registered: <b>Site Reliability Engineer</b> at <b>Acme</b>, round 2" in saved.text
    assert "Tue 1 Dec, 14:00" in saved.text
    assert "call reminder of the last round is off" in saved.text
    rows = await all_rows(bot.db)
    kinds = {(row.kind, row.status) for row in rows}
    assert (FollowUpKind.CHECKLIST, FollowUpStatus.PENDING) in kinds
    assert (FollowUpKind.DEBRIEF_PROMPT, FollowUpStatus.PENDING) in kinds
    assert [row.status for row in rows if row.kind == FollowUpKind.CALL] == [
        FollowUpStatus.CANCELLED
    ]
    # On the day, the checklist recalls who was met in round 1 and what they cared about.
    checklist_at = next(row.due_at for row in rows if row.kind == FollowUpKind.CHECKLIST)
    bot.api.clear()
    await dispatch.dispatch_due(bot.application, now=checklist_at)
    (checklist,) = [m for m in bot.api.messages if "Interview coming up" in m.text]
    assert "<b>Last round</b> (round 1, Mon 2 Nov) you met:" in checklist.text
    assert "• Bo Chen" in checklist.text
    assert "Kubernetes migration" in checklist.text


async def test_an_edit_during_an_open_debrief_takes_the_text_and_the_debrief_goes_on(
    bot: BotHarness,
) -> None:
    await _debrief(bot, held="yesterday 14:30", timeline="2 weeks")
    await dispatch.dispatch_due(bot.application, now=NOW)
    note = bot.api.messages[-2]
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Globex")

    await bot.press(ANA, note, "Edit")
    calls = await bot.send(ANA, "Dear Bo, thank you for today. Ana")

    assert "Saved your version" in calls[0].text
    bo_note = (await all_rows(bot.db))[0]
    assert bo_note.edited_text == "Dear Bo, thank you for today. Ana"
    # The debrief was waiting for the role, and still is.
    reply = await bot.say(ANA, "Platform Engineer")
    assert "Platform Engineer" not in (bo_note.edited_text or "")
    assert "when" in reply.text.lower()
