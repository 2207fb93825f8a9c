"""/help, the command menu, unknown commands and /cancel with nothing to cancel."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.help import COMMANDS
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(1201, "Ana", "Lima")


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def test_help_names_every_command_of_the_menu(bot: BotHarness) -> None:
    text = (await bot.say(ANA, "/help")).text
    assert "thank-you note" in text
    for command, description in COMMANDS:
        assert f"/{command} · {description}" in text
    assert len(text) < 1500  # short


async def test_the_command_menu_is_set_at_start_from_the_same_list(bot: BotHarness) -> None:
    (call,) = bot.api.of("setMyCommands")
    commands = call.params["commands"]
    if isinstance(commands, str):
        commands = json.loads(commands)
    assert [(item["command"], item["description"]) for item in commands] == list(COMMANDS)
    assert {"new", "upcoming", "list", "export", "settings", "delete_me", "help"} <= {
        command for command, _ in COMMANDS
    }


async def test_the_menu_is_set_again_after_a_restart(bot: BotHarness) -> None:
    await bot.restart()
    assert len(bot.api.of("setMyCommands")) == 2


async def test_a_failing_menu_does_not_stop_the_bot(database_url: str) -> None:
    bot = BotHarness(database_url)
    bot.api.fail_next("setMyCommands", 400, "Bad Request: too many commands")
    await bot.start()
    try:
        assert "/new" in (await bot.say(ANA, "/help")).text
    finally:
        await bot.stop()


@pytest.mark.parametrize("text", ["/frobnicate", "/frobnicate@FollowUpTestBot now"])
async def test_an_unknown_command_points_to_new_and_help(bot: BotHarness, text: str) -> None:
    reply = await bot.say(ANA, text)
    assert "I don't know /frobnicate" in reply.text
    assert "/new" in reply.text
    assert "/help" in reply.text


async def test_an_unknown_command_is_escaped(bot: BotHarness) -> None:
    assert "/a&lt;b&gt;" in (await bot.say(ANA, "/a<b>")).text


async def test_cancel_outside_a_conversation_has_nothing_to_cancel(bot: BotHarness) -> None:
    assert "Nothing to cancel" in (await bot.say(ANA, "/cancel")).text
