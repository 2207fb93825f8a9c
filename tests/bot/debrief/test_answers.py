"""Answers in people's own words through the real application: guesses confirmed, contacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from telegram import User

from storage.models import Interview
from tests.support.harness import BotHarness

ANA = User(611, "Ana", is_bot=False, last_name="Lima", language_code="de")
BO = User(612, "Bo", is_bot=False, last_name="Chen", language_code="en")
# Wednesday 25 November 2026, 16:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    for user in (ANA, BO):
        await harness.send(user, "/start")
        await harness.say(user, f"{user.first_name} {user.last_name}")
        await harness.say(user, "Berlin")
        await harness.say(user, "9")
    yield harness
    await harness.stop()


async def _to_when(bot: BotHarness, user: User) -> None:
    await bot.send(user, "/new")
    await bot.say(user, "Acme")
    await bot.say(user, "Site Reliability Engineer")


async def _stored(bot: BotHarness) -> list[Interview]:
    async with bot.db() as session:
        found = await session.scalars(
            select(Interview).options(selectinload(Interview.interviewers)).order_by(Interview.id)
        )
        return list(found.all())


async def _finish(bot: BotHarness, user: User) -> None:
    """From the interviewer's name to the saved debrief, with a typed timeline."""
    await bot.say(user, "Dee Patel")
    await bot.send(user, "/skip")
    await bot.send(user, "/skip")
    await bot.send(user, "/skip")
    await bot.press(user, bot.api.last_message, "everyone")
    await bot.send(user, "/skip")
    await bot.press(user, bot.api.last_message, "Other")
    await bot.say(user, "2 weeks")
    await bot.press(user, bot.api.last_message, "Save")


async def test_a_guess_in_german_is_stored_only_after_yes(bot: BotHarness) -> None:
    await _to_when(bot, ANA)
    asked = await bot.say(ANA, "gestern 14 Uhr")
    assert asked.text == "I read “gestern 14 Uhr” as <b>Tuesday 24 Nov, 14:00</b>. Is that right?"
    assert asked.button_labels == ["Yes, that's right", "No, I'll type it again"]
    # Nothing is stored yet: the next question has not come.
    assert "interviewed you" not in asked.text
    await bot.press(ANA, asked, "Yes")
    assert "Who interviewed you?" in bot.api.last_message.text
    await _finish(bot, ANA)
    [interview] = await _stored(bot)
    assert interview.held_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)


async def test_no_lets_them_type_the_date_again(bot: BotHarness) -> None:
    await _to_when(bot, ANA)
    asked = await bot.say(ANA, "vorgestern Nachmittag")
    assert "<b>Monday 23 Nov, 14:00</b>" in asked.text
    await bot.press(ANA, asked, "No")
    again = bot.api.last_message
    assert again.text.startswith("OK, let's try again.\n\nWhen did it take place?")
    # The old guess's Yes is from an earlier step now.
    calls = await bot.press(ANA, asked, "Yes")
    assert any("earlier step" in str(call.params) for call in calls)
    await bot.say(ANA, "yesterday 11:00")
    assert "Who interviewed you?" in bot.api.last_message.text
    await _finish(bot, ANA)
    [interview] = await _stored(bot)
    assert interview.held_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


async def test_typing_instead_of_tapping_answers_the_question_again(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    asked = await bot.say(BO, "the call with the CTO was on monday at 2pm")
    assert "<b>Monday 23 Nov, 14:00</b>" in asked.text
    reply = await bot.say(BO, "tuesday 9:30")
    assert "Who interviewed you?" in reply.text
    calls = await bot.press(BO, asked, "Yes")  # the stale guess changes nothing
    assert any("earlier step" in str(call.params) for call in calls)
    await _finish(bot, BO)
    [interview] = await _stored(bot)
    assert interview.held_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)


async def test_a_sure_answer_in_a_sentence_needs_no_confirmation(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    reply = await bot.say(BO, "yesterday, half past two")
    assert "Who interviewed you?" in reply.text


async def test_english_only_senders_get_no_guess_in_german(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    reply = await bot.say(BO, "gestern um 14 Uhr")
    assert reply.text.startswith("I couldn't read that date.")
    assert reply.button_labels == []


async def test_a_dropped_typed_time_is_never_offered(bot: BotHarness) -> None:
    await _to_when(bot, ANA)
    reply = await bot.say(ANA, "gestern 25 Uhr")
    assert "I read" not in reply.text
    assert "Try e.g." in reply.text


async def test_odd_dates_get_a_clear_reply(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    for typed in ("midnight 0001-01-01", "in 9999999 months", "9999999999 weeks"):
        reply = await bot.say(BO, typed)
        assert "Try e.g." in reply.text, typed
    assert "Who interviewed" not in bot.api.last_message.text


async def test_a_timeline_guess_is_confirmed_and_survives_a_restart(bot: BotHarness) -> None:
    await _to_when(bot, ANA)
    await bot.say(ANA, "yesterday 14:30")
    await bot.say(ANA, "Dee Patel")
    await bot.send(ANA, "/skip")
    await bot.send(ANA, "/skip")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "Other")
    asked = await bot.say(ANA, "Ende nächster Woche")
    assert asked.text == "I read “Ende nächster Woche” as <b>until Friday 4 Dec</b>. Is that right?"
    await bot.restart()
    await bot.press(ANA, asked, "Yes")
    summary = bot.api.last_message
    assert "<b>Timeline:</b> Ende nächster Woche (until Fri 4 Dec)" in summary.text
    await bot.press(ANA, summary, "Save")
    [interview] = await _stored(bot)
    assert interview.timeline_date == dt.date(2026, 12, 4)


async def test_a_timeline_guess_refused_asks_for_it_again(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    await bot.say(BO, "yesterday 14:30")
    await bot.say(BO, "Dee Patel")
    await bot.send(BO, "/skip")
    await bot.send(BO, "/skip")
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "everyone")
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "Other")
    asked = await bot.say(BO, "they said 2 weeks but it may be longer")
    assert "<b>until Tuesday 8 Dec</b>" in asked.text
    await bot.press(BO, asked, "No")
    assert bot.api.last_message.text.startswith("OK, let's try again.\n\nType the timeline")
    await bot.say(BO, "3 weeks")
    assert "(until Tue 15 Dec)" in bot.api.last_message.text


@pytest.mark.parametrize(
    "contact",
    [
        "https://www.linkedin.com/in/dee-patel-42/",
        "linkedin.com/in/deepatel",
        "+49 30 123-45-67",
        "+1 (415) 555-0100",
        "dee@acme.example, +49 30 1234567",
        "dee@acme.example or linkedin.com/in/deepatel",
    ],
)
async def test_contacts_are_accepted_and_shown_as_typed(bot: BotHarness, contact: str) -> None:
    await _to_when(bot, BO)
    await bot.say(BO, "yesterday 14:30")
    await bot.say(BO, "Dee Patel")
    await bot.send(BO, "/skip")
    reply = await bot.say(BO, contact)
    assert "What did you talk about" in reply.text
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "everyone")
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "They didn't say")
    assert f"contact: {contact}" in bot.api.last_message.text
    await bot.press(BO, bot.api.last_message, "Save")
    [interview] = await _stored(bot)
    assert interview.interviewers[0].contact == contact


async def test_a_contact_that_is_none_of_those_is_refused(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    await bot.say(BO, "yesterday 14:30")
    await bot.say(BO, "Dee Patel")
    await bot.send(BO, "/skip")
    reply = await bot.say(BO, "dee@acme.example, ask the recruiter")
    assert reply.text.startswith("That doesn't look like an email address, a phone number")
    assert "linkedin.com/in/" in reply.text


async def test_editing_the_date_with_a_guess_goes_back_to_the_summary(bot: BotHarness) -> None:
    await _to_when(bot, BO)
    await bot.say(BO, "yesterday 14:30")
    await bot.say(BO, "Dee Patel")
    await bot.send(BO, "/skip")
    await bot.send(BO, "/skip")
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "everyone")
    await bot.send(BO, "/skip")
    await bot.press(BO, bot.api.last_message, "They didn't say")
    await bot.press(BO, bot.api.last_message, "Edit")
    await bot.press(BO, bot.api.last_message, "When")
    asked = await bot.say(BO, "monday at 7")
    assert "<b>Monday 23 Nov, 19:00</b>" in asked.text
    await bot.press(BO, asked, "Yes")
    summary = bot.api.last_message
    assert "<b>When:</b> Mon 23 Nov, 19:00" in summary.text
    assert summary.button_labels == ["Save", "Edit", "Cancel"]


async def test_cancel_while_a_guess_waits_forgets_it(bot: BotHarness) -> None:
    await _to_when(bot, ANA)
    asked = await bot.say(ANA, "gestern 14 Uhr")
    await bot.send(ANA, "/cancel")
    assert "Debrief cancelled" in bot.api.last_message.text
    calls = await bot.press(ANA, asked, "Yes")
    assert any("closed" in str(call.params) for call in calls)
    assert await _stored(bot) == []
