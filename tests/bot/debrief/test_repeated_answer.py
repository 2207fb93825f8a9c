"""An answer that plainly repeats the one before, at a question about another field, is asked
about before it is stored: the question after it may never have reached the user."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.debrief.answers import KEY
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(7601, "Ana", "Lima")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    await harness.onboard(ANA)
    await harness.send(ANA, "/new")
    for answer in ("Acme", "SRE", "yesterday 14:30"):
        await harness.say(ANA, answer)
    yield harness
    await harness.stop()


def person(bot: BotHarness) -> dict[str, object]:
    person: dict[str, object] = bot.application.user_data[ANA.id][KEY]["person"]
    return person


async def test_the_name_typed_again_at_the_title_question_is_asked_about(bot: BotHarness) -> None:
    await bot.say(ANA, "Bo Chen")
    asked = await bot.say(ANA, "bo  chen")
    assert "Is “bo  chen” their job title?" in asked.text
    assert person(bot).get("title") is None  # not stored blindly
    await bot.press(ANA, asked, "No")
    assert "title" in bot.api.last_message.text.lower()
    assert "email" in (await bot.say(ANA, "Engineering Manager")).text.lower()
    assert person(bot)["title"] == "Engineering Manager"
    assert person(bot)["name"] == "Bo Chen"


async def test_a_title_that_is_the_name_is_kept_when_the_user_says_so(bot: BotHarness) -> None:
    await bot.say(ANA, "Bo Chen")
    asked = await bot.say(ANA, "Bo Chen")
    await bot.press(ANA, asked, "Yes")
    assert "email" in bot.api.last_message.text.lower()
    assert person(bot)["title"] == "Bo Chen"


async def test_the_contact_typed_again_at_the_topics_question_is_asked_about(
    bot: BotHarness,
) -> None:
    for answer in ("Bo Chen", "EM", "bo@acme.example"):
        await bot.say(ANA, answer)
    asked = await bot.say(ANA, "bo@acme.example")
    assert "what you talked about?" in asked.text
    assert person(bot).get("topics") is None
    await bot.press(ANA, asked, "No")
    assert "talk" in bot.api.last_message.text.lower()
    await bot.say(ANA, "their Kubernetes migration")
    assert person(bot)["topics"] == "their Kubernetes migration"


async def test_a_different_title_is_stored_without_a_question(bot: BotHarness) -> None:
    await bot.say(ANA, "Bo Chen")
    assert "email" in (await bot.say(ANA, "EM")).text.lower()
    assert person(bot)["title"] == "EM"
