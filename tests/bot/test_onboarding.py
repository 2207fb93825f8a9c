"""/start onboarding through the real application: name, time zone, hour; never a wipe."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import User
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(501, "Ana", "Lima")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    yield harness
    await harness.stop()


async def _stored_user(bot: BotHarness, user_id: int) -> User | None:
    async with bot.db() as session:
        return (await session.scalars(select(User).where(User.id == user_id))).one_or_none()


async def test_a_new_user_is_onboarded_with_buttons_and_typed_answers(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    intro, name_question = bot.api.texts()[-2:]
    assert "follow up after every job interview" in intro
    assert "sign your notes" in name_question
    assert bot.api.last_message.button_labels == ["Use “Ana Lima”"]

    await bot.press(ANA, bot.api.last_message, "Ana Lima")
    assert "Which time zone" in bot.api.last_message.text
    assert "Europe/Berlin" in bot.api.last_message.button_labels[1].replace(" ", "_")

    reply = await bot.say(ANA, "new york")
    assert "America/New_York" in bot.api.texts()[-2]
    assert "hour" in reply.text
    assert reply.button_labels == ["8:00", "9:00", "10:00"]

    done = await bot.say(ANA, "7am")
    assert "All set" in done.text
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert (user.sign_name, user.timezone, user.nudge_hour) == ("Ana Lima", "America/New_York", 7)


async def test_typed_name_is_stored_exactly_and_shown_escaped(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "<b>Ana</b> & Co 🚀")
    await bot.say(ANA, "Europe/Lisbon")
    await bot.press(ANA, bot.api.last_message, "9:00")
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co 🚀" in bot.api.last_message.text
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert user.sign_name == "<b>Ana</b> & Co 🚀"


async def test_bad_answers_get_a_friendly_reply_and_the_question_again(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.process(updates.sticker_update(ANA))
    assert "not a sticker" in bot.api.last_message.text
    assert "at most 100" in (await bot.say(ANA, "x" * 101)).text
    await bot.say(ANA, "Ana")
    nowhere = await bot.say(ANA, "Atlantis under the sea")
    assert "couldn't find a time zone" in nowhere.text
    assert nowhere.button_labels  # the common zones, to pick instead
    await bot.say(ANA, "Berlin")
    assert "Europe/Berlin" in bot.api.texts()[-2]
    assert "from 0 to 23" in (await bot.say(ANA, "25")).text
    await bot.process(updates.photo_update(ANA))
    assert "not a photo" in bot.api.last_message.text
    assert "All set" in (await bot.say(ANA, "18:00")).text


async def test_ambiguous_places_offer_a_choice(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    reply = await bot.say(ANA, "USA")
    assert "Which of these" in reply.text
    assert len(reply.buttons) > 1
    await bot.press(ANA, reply, "Chicago")
    assert "America/Chicago" in bot.api.texts()[-2]


async def test_start_again_never_wipes_an_existing_user(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    await bot.say(ANA, "Berlin")
    await bot.say(ANA, "9")
    again = await bot.say(ANA, "/start")
    assert "Welcome back, Ana" in again.text
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert user.timezone == "Europe/Berlin"


async def test_a_forged_time_zone_button_changes_nothing(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    calls = await bot.tap(ANA, "ob:v1:tz:Not/AZone")
    answer = next(call for call in calls if call.method == "answerCallbackQuery")
    assert "out of date" in answer.params["text"]
    assert "All set" not in " ".join(bot.api.texts())


async def test_onboarding_survives_a_restart(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana Restart")
    await bot.restart()
    await bot.say(ANA, "Tokyo")
    await bot.say(ANA, "10")
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert (user.sign_name, user.timezone, user.nudge_hour) == ("Ana Restart", "Asia/Tokyo", 10)


async def test_onboarding_offers_the_location_button_and_uses_a_shared_location(
    bot: BotHarness,
) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    tip = bot.api.messages[-2]
    assert "Share my location" in tip.text
    assert "request_location" in str(tip.params["reply_markup"])
    await bot.process(updates.location_update(ANA, latitude=-33.87, longitude=151.21))
    assert "Australia/Sydney" in bot.api.texts()[-2]
    assert "remove_keyboard" in str(bot.api.messages[-2].params["reply_markup"])
    await bot.say(ANA, "half past 8")
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert (user.timezone, user.nudge_hour, user.nudge_minute) == ("Australia/Sydney", 8, 30)
    assert "reminders from <b>8:30</b>" in bot.api.last_message.text


async def test_a_location_at_sea_asks_for_a_city(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    await bot.process(updates.location_update(ANA, latitude=0.0, longitude=-30.0))
    assert "couldn't tell a time zone" in bot.api.last_message.text
    reply = await bot.say(ANA, "Georgia")
    assert reply.button_labels == ["Georgia · Tbilisi", "Georgia, US · New York"]
    await bot.press(ANA, reply, "Georgia · Tbilisi")
    assert "Asia/Tbilisi" in bot.api.texts()[-2]


async def test_answers_kept_by_the_older_release_carry_on(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana")
    # The older release kept a plain dict of the same two answers.
    bot.application.user_data[ANA.id]["onboarding"] = {"name": "Ana Before"}
    await bot.say(ANA, "Berlin")
    assert "All set, Ana Before" in (await bot.say(ANA, "9")).text
    user = await _stored_user(bot, ANA.id)
    assert user is not None
    assert (user.sign_name, user.timezone) == ("Ana Before", "Europe/Berlin")
