"""/upcoming through the real application: registration, checklist, debrief prompt, cancelling."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.domain.time.timing import checklist_due, debrief_prompt_due
from bot.follow_ups.dispatch import dispatch_due
from bot.ui.callbacks import Scope, button_data
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    JobApplication,
)
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(701, "Ana", "Lima")
MALLORY = updates.person(766, "Mallory", None)
# Wednesday 25 Nov 2026, 16:00 in Berlin (UTC+1).
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


async def onboard(bot: BotHarness, user: object, city: str = "Berlin") -> None:
    await bot.send(user, "/start")  # type: ignore[arg-type]
    await bot.say(user, "Ana Lima")  # type: ignore[arg-type]
    await bot.say(user, city)  # type: ignore[arg-type]
    await bot.say(user, "9")  # type: ignore[arg-type]


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await onboard(harness, ANA)
    yield harness
    await harness.stop()


async def register(
    bot: BotHarness, company: str = "Beta GmbH", role: str = "Data Engineer", when: str = ""
) -> None:
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, company)
    await bot.say(ANA, role)
    await bot.say(ANA, when or "friday 14:00")


async def interviews(bot: BotHarness) -> list[Interview]:
    async with bot.db() as session:
        return list((await session.scalars(select(Interview).order_by(Interview.id))).all())


async def reminders(bot: BotHarness) -> dict[str, FollowUp]:
    async with bot.db() as session:
        rows = (await session.scalars(select(FollowUp).order_by(FollowUp.id))).all()
    return {row.kind: row for row in rows}


async def test_a_registration_stores_the_interview_and_its_two_reminders(bot: BotHarness) -> None:
    await register(bot)
    length = bot.api.last_message
    assert length.button_labels == ["30 min", "45 min", "1 hour", "1 hour 30 min", "2 hours"]
    calls = await bot.press(ANA, length, "45 min")
    done = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Registered" in done.text
    assert "Fri 27 Nov, 14:00" in done.text
    assert "Checklist: Fri 27 Nov, 09:00" in done.text
    assert "Fri 27 Nov, 15:15" in done.text
    assert done.button_labels == ["Cancel this interview"]

    (interview,) = await interviews(bot)
    assert interview.status == InterviewStatus.UPCOMING
    assert interview.held_at == dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)
    assert interview.duration_minutes == 45
    rows = await reminders(bot)
    assert rows[FollowUpKind.CHECKLIST].due_at == dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
    assert rows[FollowUpKind.DEBRIEF_PROMPT].due_at == dt.datetime(
        2026, 11, 27, 14, 15, tzinfo=dt.UTC
    )


async def test_checklist_then_prompt_then_a_prefilled_debrief(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(ANA, "/skip")  # one hour
    bot.api.clear()

    assert (
        await dispatch_due(bot.application, now=dt.datetime(2026, 11, 27, 7, 59, tzinfo=dt.UTC))
    ).sent == 0
    checklist_time = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
    assert (await dispatch_due(bot.application, now=checklist_time)).sent == 1
    checklist = bot.api.last_message
    assert "Data Engineer" in checklist.text
    assert "hiring timeline" in checklist.text
    assert "every interviewer's name and email or phone" in checklist.text
    assert "cares about" in checklist.text
    assert checklist.button_labels == ["Cancel this interview"]

    # The interview ends 14:00 UTC; the prompt comes 30 minutes later, not before.
    before = dt.datetime(2026, 11, 27, 14, 29, tzinfo=dt.UTC)
    assert (await dispatch_due(bot.application, now=before)).sent == 0
    after = dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC)
    assert (await dispatch_due(bot.application, now=after)).sent == 1
    prompt = bot.api.last_message
    assert "How did it go at <b>Beta GmbH</b>? Let's capture it while it's fresh" in prompt.text
    assert prompt.button_labels == ["📝 Debrief now"]

    bot.now = after
    calls = await bot.press(ANA, prompt, "Debrief now")
    asked = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Data Engineer" in asked.text
    assert "Beta GmbH" in asked.text
    assert "Fri 27 Nov, 14:00" in asked.text
    assert "interviewer's name" in asked.text
    await bot.say(ANA, "Bo Chen")
    await bot.send(ANA, "/skip")
    await bot.send(ANA, "/skip")
    await bot.say(ANA, "pipelines")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    summary = await bot.press(ANA, bot.api.last_message, "didn't say")
    assert "Beta GmbH" in summary[-1].text
    await bot.press(ANA, bot.api.last_message, "Save")

    (held,) = await interviews(bot)
    assert held.status == InterviewStatus.HELD
    assert held.held_at == dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)
    rows = await reminders(bot)
    assert FollowUpKind.CHECKLIST not in rows
    assert FollowUpKind.DEBRIEF_PROMPT not in rows


async def test_the_checklist_comes_two_hours_ahead_of_an_early_interview(bot: BotHarness) -> None:
    await register(bot, when="friday 10:00")
    await bot.send(ANA, "/skip")
    rows = await reminders(bot)
    # 10:00 Berlin minus two hours is 08:00 Berlin, earlier than the 09:00 nudge hour.
    assert rows[FollowUpKind.CHECKLIST].due_at == dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)


async def test_registering_on_the_day_after_the_checklist_time_sends_it_now(
    bot: BotHarness,
) -> None:
    await register(bot, when="today 17:00")
    await bot.send(ANA, "/skip")
    assert "Checklist: coming right now" in bot.api.last_message.text
    rows = await reminders(bot)
    assert rows[FollowUpKind.CHECKLIST].due_at == NOW
    assert (await dispatch_due(bot.application, now=NOW)).sent == 1
    assert "today at 17:00" in bot.api.last_message.text


def test_timing_rules_as_plain_functions() -> None:
    start = dt.datetime(2027, 3, 28, 12, 0, tzinfo=dt.UTC)  # the day Berlin moves to summer time
    assert checklist_due(starts_at=start, tz="Europe/Berlin", nudge_hour=9, now=NOW) == (
        dt.datetime(2027, 3, 28, 7, 0, tzinfo=dt.UTC)
    )
    later = dt.datetime(2027, 3, 28, 11, 0, tzinfo=dt.UTC)
    assert checklist_due(starts_at=start, tz="Europe/Berlin", nudge_hour=9, now=later) == later
    assert debrief_prompt_due(starts_at=start, duration_minutes=90) == start + dt.timedelta(hours=2)


async def test_bad_answers_get_friendly_replies_and_the_question_stays(bot: BotHarness) -> None:
    await bot.send(ANA, "/upcoming")
    assert "can't be skipped" in (await bot.say(ANA, "/skip")).text
    await bot.process(updates.sticker_update(ANA))
    assert "not a sticker" in bot.api.last_message.text
    await bot.say(ANA, "<b>Smith & Co</b>")
    assert "&lt;b&gt;Smith &amp; Co&lt;/b&gt;" in bot.api.last_message.text
    await bot.say(ANA, "SRE")
    assert "couldn't" in (await bot.say(ANA, "when pigs fly")).text.lower()
    assert "already passed" in (await bot.say(ANA, "today 9:00")).text
    assert "more than a year" in (await bot.say(ANA, "2028-01-10 10:00")).text
    await bot.say(ANA, "tomorrow 10am")
    assert "minutes" in (await bot.say(ANA, "forever")).text
    assert "minutes" in (await bot.say(ANA, "600")).text
    done = await bot.say(ANA, "1h30")
    assert "Registered" in done.text
    assert "(1 hour 30 min)" in done.text
    assert "&lt;b&gt;Smith &amp; Co&lt;/b&gt;" in done.text


async def test_a_registration_survives_a_restart(bot: BotHarness) -> None:
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, "Gamma")
    await bot.restart()
    await bot.say(ANA, "Analyst")
    await bot.say(ANA, "friday 15:00")
    await bot.restart()
    await bot.press(ANA, bot.api.last_message, "2 hours")
    (interview,) = await interviews(bot)
    assert interview.duration_minutes == 120


async def test_an_open_application_can_be_picked_for_its_next_round(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(ANA, "/skip")
    await bot.send(ANA, "/upcoming")
    ask = bot.api.last_message
    assert ask.button_labels == ["Beta GmbH · Data Engineer"]
    await bot.press(ANA, ask, "Beta GmbH")
    assert "When is it" in bot.api.last_message.text
    await bot.say(ANA, "2026-12-04 11:00")
    await bot.send(ANA, "/skip")
    first, second = await interviews(bot)
    assert first.application_id == second.application_id
    async with bot.db() as session:
        assert len((await session.scalars(select(JobApplication))).all()) == 1


async def test_another_command_closes_the_registration(bot: BotHarness) -> None:
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, "Delta")
    closed = await bot.say(ANA, "/new")
    assert "closed the registration" in closed.text
    assert "/new" in closed.text
    assert "company" in (await bot.say(ANA, "/new")).text.lower()


async def test_cancelling_asks_first_then_cancels_the_reminders(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(ANA, "/skip")
    registered = bot.api.last_message
    await bot.press(ANA, registered, "Cancel this interview")
    confirm = bot.api.last_message
    assert "Cancel your interview" in confirm.text
    await bot.press(ANA, confirm, "Keep it")
    assert (await interviews(bot))[0].status == InterviewStatus.UPCOMING

    await bot.press(ANA, registered, "Cancel this interview")
    calls = await bot.press(ANA, bot.api.last_message, "Yes, cancel it")
    edited = [call for call in calls if call.method == "editMessageText"][-1]
    assert "Cancelled" in edited.text
    assert "closed the application too" in edited.text
    (interview,) = await interviews(bot)
    assert interview.status == InterviewStatus.CANCELLED
    rows = await reminders(bot)
    assert {row.status for row in rows.values()} == {FollowUpStatus.CANCELLED}
    async with bot.db() as session:
        (application,) = (await session.scalars(select(JobApplication))).all()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert (await dispatch_due(bot.application, now=NOW + dt.timedelta(days=5))).sent == 0

    # A second tap on the same confirmation changes nothing and says so.
    again = await bot.tap(ANA, button_data(Scope.UPCOMING, "cancelyes", interview.id))
    (answer,) = [call for call in again if call.method == "answerCallbackQuery"]
    assert "isn't upcoming" in answer.params["text"]


async def test_someone_elses_interview_cannot_be_cancelled(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(ANA, "/skip")
    (interview,) = await interviews(bot)
    await onboard(bot, MALLORY)
    for action in ("cancel", "cancelyes"):
        calls = await bot.tap(MALLORY, button_data(Scope.UPCOMING, action, interview.id))
        (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
        assert "isn't upcoming" in answer.params["text"]
        assert not [call for call in calls if call.method == "sendMessage"]
    assert (await interviews(bot))[0].status == InterviewStatus.UPCOMING
    assert {row.status for row in (await reminders(bot)).values()} == {FollowUpStatus.PENDING}


async def test_a_registration_button_after_the_end_is_answered(bot: BotHarness) -> None:
    await register(bot)
    length = bot.api.last_message
    await bot.send(ANA, "/skip")
    calls = await bot.press(ANA, length, "45 min")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "finished" in answer.params["text"]
    assert len(await interviews(bot)) == 1


async def test_upcoming_before_setup_points_to_start(database_url: str) -> None:
    bot = await BotHarness(database_url).start()
    try:
        assert "/start" in (await bot.say(ANA, "/upcoming")).text
    finally:
        await bot.stop()


async def test_a_registration_kept_by_the_first_version_goes_on(bot: BotHarness) -> None:
    await register(bot, company="Gamma", role="Analyst")
    length = bot.api.last_message
    token = bot.application.user_data[ANA.id]["upcoming"]["token"]
    # What the first version kept at the length: an untyped dict of the same keys.
    bot.application.user_data[ANA.id]["upcoming"] = {
        "token": token,
        "company": "Gamma",
        "role": "Analyst",
        "starts_at": "2026-11-27T13:00:00+00:00",
    }
    await bot.press(ANA, length, "2 hours")
    (interview,) = await interviews(bot)
    assert interview.duration_minutes == 120
    assert interview.held_at == dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("kept", ["a1b2c3", {"token": "a1b2c3", "draft": {"company": "Gamma"}}])
async def test_answers_of_another_shape_are_lost_track_of_not_a_crash(
    bot: BotHarness, kept: object
) -> None:
    await register(bot)
    length = bot.api.last_message
    bot.application.user_data[ANA.id]["upcoming"] = kept
    calls = await bot.press(ANA, length, "45 min")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "older registration" in answer.params["text"]
    assert "lost track" in (await bot.say(ANA, "/skip")).text
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, "Gamma")
    bot.application.user_data[ANA.id]["upcoming"] = kept
    assert "lost track" in (await bot.say(ANA, "Analyst")).text
    assert await interviews(bot) == []


async def test_a_registration_survives_a_restart_in_the_middle(bot: BotHarness) -> None:
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, "Beta GmbH")
    await bot.restart()
    bot.now = NOW
    await bot.say(ANA, "Data Engineer")
    await bot.say(ANA, "friday 14:00")
    await bot.restart()
    bot.now = NOW
    calls = await bot.press(ANA, bot.api.last_message, "45 min")  # sent before the restart
    done = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Registered" in done.text
    assert [row.status for row in await interviews(bot)] == [InterviewStatus.UPCOMING]
