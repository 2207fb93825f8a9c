"""Settings from the environment and `.env`, validated once at start."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('data') / 'bot.sqlite3'}"
_PLACEHOLDER_TOKENS = {"", "changeme", "your-token-here", "123456:ABC-DEF"}
_PLACEHOLDER_SECRETS = {"changeme", "secret", "your-secret-here"}
# What Telegram accepts as a webhook secret_token.
_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")


class MissingTokenError(ValueError):
    """BOT_TOKEN is not set, or still holds the example value."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = SecretStr("")
    database_url: str = DEFAULT_DATABASE_URL
    telegram_base_url: str | None = None
    dispatch_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    log_level: str = "INFO"
    # How long a dispatcher owns a claimed follow-up before another process may take it.
    dispatch_lease_seconds: float = Field(default=120.0, gt=0)
    dispatch_batch_size: int = Field(default=50, gt=0, le=10_000)
    # How many messages the dispatcher has in flight at once, each to a different chat (one
    # chat's messages always go in order). The rate limiter, not this, keeps to Telegram's cap.
    # Each worker records its outcome before its next send, so a kill -9 re-sends at most
    # this many; 16 keep ~30/s going at a 300-ms round trip (8 managed 26/s).
    dispatch_concurrency: int = Field(default=16, gt=0, le=64)
    # Webhook mode: Telegram POSTs updates to this public HTTPS URL; unset means long polling.
    webhook_url: str | None = None
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; unset, it is derived from the token.
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    port: int = Field(default=8080, gt=0, lt=65536)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        """Accept the URLs hosting platforms hand out and pick the async driver for them."""
        value = value.strip()
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+asyncpg://" + value.removeprefix(prefix)
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level

    @field_validator("telegram_base_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip().rstrip("/") or None if value else None

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        value = value.strip() if value else None
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            raise ValueError(
                f"WEBHOOK_URL must be a full URL like https://host/telegram, not {value!r}"
            )
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _usable_secret(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value().strip() if value else ""
        if not secret:
            return None
        if secret.lower() in _PLACEHOLDER_SECRETS or not _SECRET_PATTERN.fullmatch(secret):
            raise ValueError(
                "WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and - "
                "(e.g. from `openssl rand -hex 32`), or unset to derive one from BOT_TOKEN"
            )
        return SecretStr(secret)

    @model_validator(mode="after")
    def _strip_token(self) -> Self:
        self.bot_token = SecretStr(self.bot_token.get_secret_value().strip())
        return self

    @property
    def webhook_path(self) -> str:
        """The path Telegram POSTs to: WEBHOOK_URL's own path, `/telegram` when it has none."""
        path = urlsplit(self.webhook_url or "").path.rstrip("/")
        return path or "/telegram"

    def webhook_secret_token(self) -> str:
        """WEBHOOK_SECRET, or one derived from the token.

        Derived, it is the same in every process and across restarts (so a standby or a
        redeploy needs nothing more), unguessable without the token, and changes with it.
        """
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        key = self.require_token().encode()
        return hmac.new(key, b"telegram-webhook-secret", hashlib.sha256).hexdigest()

    def require_token(self) -> str:
        """The bot token, or MissingTokenError when it is unset or a placeholder."""
        token = self.bot_token.get_secret_value()
        if token in _PLACEHOLDER_TOKENS:
            raise MissingTokenError(
                "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), "
                "then put BOT_TOKEN=<the token it gives you> in .env or the environment."
            )
        return token

    @classmethod
    def for_migrations(cls) -> Settings:
        """Settings for tools that only need the database (no token required)."""
        return cls()
