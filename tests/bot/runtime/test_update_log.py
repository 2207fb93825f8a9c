"""The per-update log line: id, kind and milliseconds, never what the user typed."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import pytest

from bot.ui.callbacks import OnboardingAction, Scope, button_data
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(1001, "Ana", "Lima")
SECRET_TEXT = "Jo Park jo@acme.example"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    yield harness
    await harness.stop()


async def test_each_update_gets_one_info_line_with_its_kind_and_time_but_no_text(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await bot.send(ANA, "/start")
        await bot.send(ANA, SECRET_TEXT)
        await bot.tap(ANA, button_data(Scope.ONBOARDING, OnboardingAction.HOUR, 9))
        await bot.process(updates.location_update(ANA, latitude=52.5, longitude=13.4))
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert [re.sub(r"\d+", "N", line) for line in lines] == [
        "Update N (command) in N ms",
        "Update N (text) in N ms",
        "Update N (button) in N ms",
        "Update N (location) in N ms",
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name == "bot.updates")
    assert not [r for r in caplog.records if "jo@acme" in r.getMessage()]
