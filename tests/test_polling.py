"""Long polling confirms an update only after it was handled; a redelivery is skipped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.runtime.polling import poll
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(9101, "Ana", None)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    yield harness
    await harness.stop()


async def test_a_redelivered_update_is_handled_once(bot: BotHarness) -> None:
    update = updates.text_update(ANA, "/help")
    await bot.process(update)
    await bot.restart()  # handled and stored, but the process died before confirming it
    assert await bot.process(update) == []
    assert len(bot.api.messages) == 1


async def test_polling_moves_the_offset_only_past_handled_updates(bot: BotHarness) -> None:
    first, second = updates.text_update(ANA, "/help"), updates.text_update(ANA, "/start")
    bot.api.incoming = [first.to_dict(), second.to_dict()]
    stop = asyncio.Event()
    task = asyncio.create_task(poll(bot.application, stop, allowed_updates=["message"]))
    for _ in range(200):
        if len(bot.api.of("getUpdates")) >= 2:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=5)

    offsets = [call.params.get("offset") for call in bot.api.of("getUpdates")]
    assert offsets[0] is None
    assert offsets[1] == second.update_id + 1
    assert bot.api.incoming == []
    assert "I help you follow up" in bot.api.messages[0].text
    assert "sign your notes" in bot.api.messages[-1].text
