"""A debrief question's buttons still answer it after the user typed something there instead."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import Interview
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(611, "Ana", "Lima")
# A Wednesday afternoon in Berlin; the interview was on Tuesday 24 November.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
EARLIER_STEP = "That button is from an earlier step; please answer the last question."


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.send(ANA, "/start")
    for answer in ("Ana Lima", "Berlin", "9"):
        await harness.say(ANA, answer)
    yield harness
    await harness.stop()


async def _up_to_the_timeline(bot: BotHarness) -> Call:
    await bot.send(ANA, "/new")
    for answer in ("Acme", "SRE", "yesterday 14:30", "Bo Chen", "Engineering Manager"):
        await bot.say(ANA, answer)
    await bot.say(ANA, "bo@acme.example")
    points = await bot.say(ANA, "their Kubernetes migration")
    if "Continue" in points.button_labels:  # the talking points as read
        await bot.press(ANA, points, "Continue")
    await bot.press(ANA, bot.api.last_message, "everyone")
    timeline = await bot.say(ANA, "I keep systems up")
    assert "2 weeks" in timeline.button_labels
    return timeline


def _answers(calls: list[Call]) -> list[str | None]:
    return [call.params.get("text") for call in calls if call.method == "answerCallbackQuery"]


async def _saved_timeline(bot: BotHarness) -> tuple[str | None, dt.date | None]:
    async with bot.db() as session:
        interview = await session.scalar(select(Interview))
    assert interview is not None
    return interview.timeline_text, interview.timeline_date


async def test_a_timeline_button_works_after_an_unreadable_answer(bot: BotHarness) -> None:
    timeline = await _up_to_the_timeline(bot)
    assert "couldn't read that timeline" in (await bot.say(ANA, "when pigs fly")).text

    calls = await bot.press(ANA, timeline, "2 weeks")

    assert EARLIER_STEP not in _answers(calls)
    summary = bot.api.last_message
    assert "Here's your debrief" in summary.text
    await bot.press(ANA, summary, "Save")
    assert await _saved_timeline(bot) == ("2 weeks", dt.date(2026, 12, 8))


async def test_a_timeline_button_answers_instead_of_a_guess_offered(bot: BotHarness) -> None:
    timeline = await _up_to_the_timeline(bot)
    guess = await bot.say(ANA, "the week of january 12")
    assert "Yes" in " ".join(guess.button_labels)

    calls = await bot.press(ANA, timeline, "They didn't say")

    assert EARLIER_STEP not in _answers(calls)
    summary = bot.api.last_message
    assert "Here's your debrief" in summary.text
    # The guess is gone: its Yes no longer changes the answer.
    assert _answers(await bot.press(ANA, guess, "Yes")) == [EARLIER_STEP]
    await bot.press(ANA, summary, "Save")
    assert await _saved_timeline(bot) == (None, None)  # not the guess: Jan 12


async def test_other_still_asks_for_the_timeline_after_a_typed_answer(bot: BotHarness) -> None:
    timeline = await _up_to_the_timeline(bot)
    await bot.say(ANA, "when pigs fly")

    calls = await bot.press(ANA, timeline, "Other")

    assert EARLIER_STEP not in _answers(calls)
    await bot.say(ANA, "end of next week")
    await bot.press(ANA, bot.api.last_message, "Save")
    assert await _saved_timeline(bot) == ("end of next week", dt.date(2026, 12, 4))


async def test_today_or_yesterday_works_after_a_guessed_time(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Acme")
    when = await bot.say(ANA, "SRE")
    assert "Yesterday" in when.button_labels
    guess = await bot.say(ANA, "it was yesterday but late")  # a guess, asked about
    assert "Yes" in " ".join(guess.button_labels)

    calls = await bot.press(ANA, when, "Yesterday")

    assert EARLIER_STEP not in _answers(calls)
    assert "name" in bot.api.last_message.text.casefold()
