"""Logging for the running bot: one line per event, the token and other secrets never shown."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable

from bot.config import MissingTokenError, Settings

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces secrets in every record a handler writes, traceback included.

    Defence in depth: our code never logs the token, but a library might put a request URL
    (which carries it) into a message or an exception.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatter.format uses exc_text when it is set, so the redacted text is what prints.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


def secrets_of(settings: Settings) -> list[str]:
    """What no log line may show: the token, the webhook secret (set or derived), the
    language model's API key."""
    secrets = [settings.bot_token.get_secret_value()]
    # Derived from the token when WEBHOOK_SECRET is unset; PTB logs it at DEBUG. Without a
    # usable token nothing is derived, and the bot stops before serving.
    with contextlib.suppress(MissingTokenError):
        secrets.append(settings.webhook_secret_token())
    if settings.llm_api_key is not None:
        secrets.append(settings.llm_api_key.get_secret_value())
    return [secret for secret in secrets if secret]


class UtcFormatter(logging.Formatter):
    """Times in UTC with their offset, whatever the host's zone: 2026-12-06T05:50:00.123+00:00."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")


LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _NoRateLimiterErrors(logging.Filter):
    """PTB's rate limiter logs every 429 as an ERROR with a traceback; the reply's sender
    and the dispatcher retry it and log each one once, as a WARNING."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Rate limit hit after maximum of")


class _NoNetworkTracebacks(logging.Filter):
    """PTB logs each failed network attempt with a long traceback; one line says enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Network Retry Loop"):
            record.exc_info = None
            record.exc_text = None
        return True


class _NoSkippedTicks(logging.Filter):
    """A dispatch run longer than the interval skips ticks by design (max_instances=1)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Root logging to stderr at `level`, with `secrets` redacted from every line."""
    logging.basicConfig(level=level, format=LINE_FORMAT, force=True)
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(UtcFormatter(LINE_FORMAT))
        handler.addFilter(redact)
    # httpx logs every request URL at INFO, and the URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Tornado logs each request at INFO; Telegram's webhook calls are not events worth a line.
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.scheduler").addFilter(_NoSkippedTicks())
    logging.getLogger("telegram.ext").addFilter(_NoNetworkTracebacks())
    logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_NoRateLimiterErrors())
