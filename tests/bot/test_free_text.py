"""What the bot says to messages no conversation expects: an interview named in free text is
offered its debrief, anything else gets a pointer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(1201, "Ana", "Lima")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def test_free_text_and_stickers_outside_a_conversation_get_a_pointer(
    bot: BotHarness,
) -> None:
    for reply in (
        await bot.say(ANA, "hello?"),
        (await bot.process(updates.sticker_update(ANA)))[-1],
    ):
        assert "not waiting for an answer" in reply.text
        assert "/new" in reply.text
        assert "/help" in reply.text


async def test_text_inside_a_conversation_is_its_answer_not_the_pointer(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    assert "What role" in (await bot.say(ANA, "Acme")).text
    assert "Debrief cancelled" in (await bot.say(ANA, "/cancel")).text
    assert "not waiting" in (await bot.say(ANA, "Acme")).text


async def test_an_interview_named_in_free_text_offers_its_debrief_with_the_company(
    bot: BotHarness,
) -> None:
    offer = await bot.say(ANA, "hi, I just had another interview at Mayo Clinic")
    assert "interview at <b>Mayo Clinic</b>" in offer.text
    assert offer.button_labels == ["Debrief it now"]
    calls = await bot.press(ANA, offer, "Debrief it now")
    asked = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Debrief: <b>Mayo Clinic</b>" in asked.text
    assert "What role" in asked.text
    # The debrief goes on from the role, with the company kept.
    assert "When did it take place" in (await bot.say(ANA, "Data Engineer")).text
    # The same button again, while the debrief runs: it says so, and starts nothing new.
    again = await bot.press(ANA, offer, "Debrief it now")
    answer = next(call for call in again if call.method == "answerCallbackQuery")
    assert "in progress" in answer.params["text"]
    await bot.say(ANA, "/cancel")
    # And once the debrief is over, the old button is out of date.
    stale = await bot.press(ANA, offer, "Debrief it now")
    answer = next(call for call in stale if call.method == "answerCallbackQuery")
    assert "out of date" in answer.params["text"]


async def test_an_interview_ahead_points_to_upcoming(bot: BotHarness) -> None:
    reply = await bot.say(ANA, "I have an interview tomorrow at Stripe")
    assert "Good luck with the interview at <b>Stripe</b>" in reply.text
    assert "/upcoming" in reply.text
    assert reply.button_labels == []


async def test_an_interview_without_a_clear_company_offers_new(bot: BotHarness) -> None:
    reply = await bot.say(ANA, "I just had an interview with Sarah")
    assert "Send /new" in reply.text
    assert reply.button_labels == []
    either = await bot.say(ANA, "interview at <Acme> & Co")
    assert "<b>&lt;Acme&gt; &amp; Co</b>" in either.text
    assert "/upcoming" in either.text


async def test_a_user_not_set_up_is_sent_to_start_from_the_offer(database_url: str) -> None:
    harness = await BotHarness(database_url).start()
    try:
        newcomer = updates.person(1299, "Neu", "Ling")
        offer = await harness.say(newcomer, "just had an interview at Acme")
        calls = await harness.press(newcomer, offer, "Debrief it now")
        assert "send /start" in [c for c in calls if c.method == "sendMessage"][-1].text
    finally:
        await harness.stop()


async def test_a_location_outside_the_zone_question_points_to_settings(bot: BotHarness) -> None:
    await bot.process(updates.location_update(ANA, latitude=52.5, longitude=13.4))
    reply = bot.api.last_message
    assert "/settings" in reply.text
    assert "remove_keyboard" in str(reply.params["reply_markup"])
