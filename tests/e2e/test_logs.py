"""The log filter that keeps the token and the webhook secret out of every line."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactSecrets

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
