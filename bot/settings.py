"""Settings from the environment and `.env`, validated once at start."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('data') / 'bot.sqlite3'}"
_PLACEHOLDER_TOKENS = {"", "changeme", "your-token-here", "123456:ABC-DEF"}


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

    @model_validator(mode="after")
    def _strip_token(self) -> Self:
        self.bot_token = SecretStr(self.bot_token.get_secret_value().strip())
        return self

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
