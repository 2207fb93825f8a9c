"""The start-up check of PTB's private parts: one line naming what a release changed."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import apscheduler.job
import pytest
import telegram
from telegram import Bot
from telegram.ext import ConversationHandler, ExtBot

from bot.app import build_application
from bot.runtime import ptb
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import BotHarness


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    yield harness
    await harness.stop()


def _first_conversation(bot: BotHarness) -> ConversationHandler[object]:
    return next(
        handler
        for group in bot.application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler)
    )


async def test_the_installed_release_passes(bot: BotHarness) -> None:
    ptb.check(bot.application)


Breakage = Callable[[pytest.MonkeyPatch, BotHarness], None]

BREAKAGES: dict[str, Breakage] = {
    "ConversationHandler._get_key(update)": lambda patch, _: patch.delattr(
        ConversationHandler, "_get_key"
    ),
    "ConversationHandler._conversations": lambda patch, bot: patch.delattr(
        _first_conversation(bot), "_conversations"
    ),
    "ExtBot._do_post(endpoint, data)": lambda patch, _: patch.setattr(
        ExtBot, "_do_post", lambda self, endpoint, data: None
    ),
    "Bot._post(endpoint, data, read_timeout=)": lambda patch, _: patch.delattr(Bot, "_post"),
    "telegram.request._requestparameter.RequestParameter": lambda patch, _: patch.setitem(
        sys.modules, "telegram.request._requestparameter", None
    ),
    "Job.job (an APScheduler job with modify())": lambda patch, _: patch.delattr(
        apscheduler.job.Job, "modify"
    ),
}


@pytest.mark.parametrize("changed", BREAKAGES)
async def test_a_changed_private_part_is_named_in_one_line(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    BREAKAGES[changed](monkeypatch, bot)

    with pytest.raises(ptb.PTBChangedError) as raised:
        ptb.check(bot.application)

    message = str(raised.value)
    assert "\n" not in message
    assert changed in message
    assert f"python-telegram-bot {telegram.__version__} changed" in message
    assert "bot/runtime/ptb.py" in message


def test_building_the_application_runs_the_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = BotHarness(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}").settings
    monkeypatch.delattr(ConversationHandler, "_get_key")

    with pytest.raises(ptb.PTBChangedError, match=r"ConversationHandler\._get_key"):
        build_application(settings, request=FakeBotApi(), rate_limit=False)
