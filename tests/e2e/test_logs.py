"""The log filter that keeps the token and the webhook secret (set or derived) out of every line."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import sys

import pytest

from bot.config import Settings
from bot.logs import REDACTED, RedactSecrets, secrets_of
from tests.e2e.conftest import TOKEN as E2E_TOKEN
from tests.e2e.conftest import Bots, free_port
from tests.support.fake_bot_api import FakeBotApi

TOKEN = "123456789:AAH-very-secret"


def _format(record: logging.LogRecord) -> str:
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets([TOKEN, ""]))
    handler.setFormatter(logging.Formatter("%(message)s"))
    assert handler.filter(record)
    return handler.format(record)


def test_the_token_is_redacted_from_messages_and_their_arguments() -> None:
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{TOKEN}/getMe",), None
    )
    assert _format(record) == "POST https://x/bot[redacted]/getMe"


def test_the_token_is_redacted_from_tracebacks() -> None:
    try:
        raise RuntimeError(f"connect failed for /bot{TOKEN}/getUpdates")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "telegram", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    text = _format(record)
    assert TOKEN not in text
    assert "/bot[redacted]/getUpdates" in text


@pytest.mark.parametrize("message", ["nothing secret here", "a % sign"])
def test_other_lines_pass_unchanged(message: str) -> None:
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, message, None, None)
    assert _format(record) == message


def test_the_derived_webhook_secret_is_among_the_secrets_redacted() -> None:
    settings = Settings(bot_token=TOKEN, database_url="sqlite+aiosqlite:///:memory:")
    derived = settings.webhook_secret_token()
    assert secrets_of(settings) == [TOKEN, derived]
    # With no usable token nothing is derived (and the bot refuses to start anyway).
    unset = Settings(bot_token="", database_url="sqlite+aiosqlite:///:memory:")
    assert secrets_of(unset) == []


async def test_a_webhook_bot_at_debug_never_logs_its_derived_secret(
    bots: Bots, telegram: FakeBotApi
) -> None:
    derived = Settings(bot_token=E2E_TOKEN, database_url="sqlite://").webhook_secret_token()
    bot = await bots.start(
        "--webhook",
        WEBHOOK_URL="https://bot.example.test/telegram",
        WEBHOOK_LISTEN="127.0.0.1",
        PORT=str(free_port()),
        LOG_LEVEL="DEBUG",
    )
    (registered,) = telegram.of("setWebhook")
    assert registered.params["secret_token"] == derived  # no WEBHOOK_SECRET: the derived one
    # PTB logs each Bot API call's parameters at DEBUG, setWebhook's secret_token included.
    assert "setWebhook" in bot.log
    assert derived not in bot.log
    assert REDACTED in bot.log


def _logged_by_the_bots_setup(code: str, **env: str) -> str:
    """What a fresh process prints on stderr running `code` after configure_logging."""
    script = "import logging\nfrom bot.logs import configure_logging\n"
    script += f"configure_logging('INFO', secrets=[{TOKEN!r}])\n{code}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=True,
    )
    return done.stderr


def test_log_lines_carry_utc_time_with_its_offset() -> None:
    before = dt.datetime.now(dt.UTC)
    err = _logged_by_the_bots_setup(
        "logging.getLogger('bot.test').warning('a line')", TZ="America/New_York"
    )
    stamp, rest = err.strip().split(" ", 1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", stamp), err
    assert abs(dt.datetime.fromisoformat(stamp) - before) < dt.timedelta(seconds=30)
    assert rest == "WARNING bot.test: a line"


def test_the_rate_limiters_error_for_a_429_is_not_logged() -> None:
    err = _logged_by_the_bots_setup(
        "limiter = logging.getLogger('telegram.ext.AIORateLimiter')\n"
        "try:\n"
        "    raise RuntimeError('Flood control exceeded. Retry in 2 seconds')\n"
        "except RuntimeError:\n"
        "    limiter.exception('Rate limit hit after maximum of %d retries', 0)\n"
        "limiter.warning('something else')\n"
    )
    assert "Rate limit hit" not in err
    assert "Traceback" not in err
    assert "something else" in err
