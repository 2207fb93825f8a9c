"""The harness runs the bot as each test states it, whatever a developer's .env or shell sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, find_env_file, load_settings
from bot.follow_ups import dispatch
from storage.models import FollowUpKind
from tests.support import updates
from tests.support.follow_up_data import NOW, add_follow_up, seed_interview
from tests.support.harness import TOKEN, BotHarness

HOSTILE = {
    "BOT_TOKEN": "999:from-a-developer-env",
    "DATABASE_URL": "sqlite+aiosqlite:///developer.sqlite3",
    "DISPATCH_BATCH_SIZE": "1",
    "ALLOWED_USERS": "42",
    "LOG_LEVEL": "DEBUG",
}


@pytest.fixture
def hostile_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A developer's .env in the current directory, and the same values exported."""
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in HOSTILE.items()))
    monkeypatch.chdir(tmp_path)
    for name, value in HOSTILE.items():
        monkeypatch.setenv(name, value)
    return env_file


def test_the_hostile_env_is_what_the_bot_itself_would_read(hostile_env: Path) -> None:
    # Not vacuous: `python -m bot` started here would run with every one of these values.
    found = find_env_file(None, cwd=Path.cwd())
    assert found == hostile_env
    assert load_settings(found).dispatch_batch_size == 1


async def test_the_harness_ignores_a_developers_env(hostile_env: Path, database_url: str) -> None:
    bot = await BotHarness(database_url).start()
    try:
        defaults = Settings.model_fields
        assert bot.settings.bot_token.get_secret_value() == TOKEN
        assert bot.settings.database_url == database_url
        assert bot.settings.allowed_users is None
        assert bot.settings.log_level == defaults["log_level"].default
        assert bot.settings.dispatch_batch_size == defaults["dispatch_batch_size"].default

        # Anyone may start (ALLOWED_USERS=42 would refuse Ana) ...
        answered = await bot.send(updates.person(1001), "/start")
        assert answered
        assert not [call.text for call in answered if "ALLOWED_USERS" in call.text]

        # ... and a run sends more than MAX_BATCHES_PER_RUN due rows (batches of 1 would not).
        seeded = await seed_interview(bot.db)
        for _ in range(dispatch.MAX_BATCHES_PER_RUN + 1):
            await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)
        report = await dispatch.dispatch_due(bot.application, now=NOW)
        assert report.sent == dispatch.MAX_BATCHES_PER_RUN + 1
    finally:
        await bot.stop()
