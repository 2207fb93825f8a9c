"""Settings from the environment and `.env`, validated once at start."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('data') / 'bot.sqlite3'}"
# The environment variable naming the settings file, like --env-file.
ENV_FILE_VARIABLE = "BOT_ENV_FILE"
# The source checkout (pip install -e .), where .env.example and the docs are.
CHECKOUT_DIR = Path(__file__).resolve().parent.parent
_PLACEHOLDER_TOKENS = {"", "changeme", "your-token-here", "123456:ABC-DEF"}
_PLACEHOLDER_SECRETS = {"changeme", "secret", "your-secret-here"}
# The databases the bot is tested on, with their asyncio drivers.
_SUPPORTED_DRIVERS = {("sqlite", "aiosqlite"), ("postgresql", "asyncpg")}
# Beyond LLM_TIMEOUT_SECONDS: the model-drafts sweep's interval (5 s) and time to store.
MODEL_DRAFTS_MARGIN_SECONDS = 10.0
# What Telegram accepts as a webhook secret_token.
_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")


def release() -> str:
    """The installed release's version (pyproject.toml's), for --version and the logs."""
    try:
        return version("interview-followup-bot")
    except PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


class MissingTokenError(ValueError):
    """BOT_TOKEN is not set, or still holds the example value."""


class EnvFileError(ValueError):
    """The settings file named by --env-file or BOT_ENV_FILE does not exist."""


# Telegram usernames: 5-32 characters of letters, digits and _, starting with a letter.
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


@dataclass(frozen=True)
class AllowedUsers:
    """ALLOWED_USERS: who may use this instance, by Telegram user id or @username."""

    ids: frozenset[int] = frozenset()
    usernames: frozenset[str] = frozenset()  # lower-case, without the @

    @classmethod
    def parse(cls, text: str) -> AllowedUsers:
        ids: set[int] = set()
        usernames: set[str] = set()
        for entry in (part.strip() for part in text.split(",")):
            if not entry:
                continue
            if entry.isdigit():
                ids.add(int(entry))
            elif _USERNAME.fullmatch(entry.removeprefix("@")):
                usernames.add(entry.removeprefix("@").lower())
            else:
                raise ValueError(
                    f"{entry!r} is neither a Telegram user id (digits) nor an @username"
                )
        return cls(frozenset(ids), frozenset(usernames))

    def admits(self, user_id: int, username: str | None) -> bool:
        """True when this user id, or this username, is on the list."""
        return user_id in self.ids or (username is not None and username.lower() in self.usernames)

    def __str__(self) -> str:
        return ", ".join([*map(str, sorted(self.ids)), *(f"@{u}" for u in sorted(self.usernames))])


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    # No settings file unless one is given (load_settings finds it): tests stay hermetic.
    model_config = SettingsConfigDict(env_file=None, env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = SecretStr("")
    # Unset: anyone who finds the bot may use it. Set: these ids and @usernames only.
    allowed_users: Annotated[AllowedUsers | None, NoDecode] = None
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
    # The longest wait before a follow-up is tried again while Telegram cannot be reached
    # (network errors, timeouts, 5xx): such errors never end a follow-up. A delivery that
    # succeeds again brings every waiting one forward at once.
    dispatch_retry_max_seconds: float = Field(default=120.0, gt=0, le=600)
    # Webhook mode: Telegram POSTs updates to this public HTTPS URL; unset means long polling.
    webhook_url: str | None = None
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; unset, it is derived from the token.
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    port: int = Field(default=8080, gt=0, lt=65536)
    # How long the bot waits at start for a database it cannot reach (platforms start the
    # database late), warning every few seconds, before it exits with status 1.
    database_wait_seconds: float = Field(default=60.0, ge=0, le=3600)
    # A language model that writes the notes from the approved points (bot/llm/): an
    # OpenAI-compatible API. Unset: our own drafts only, and bot/llm is never imported.
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    # The longest wait for one draft; the thank-you notes of a saved debrief wait this long
    # (and a few seconds more) for the model's, then ours go out.
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=300)

    @field_validator("allowed_users", mode="before")
    @classmethod
    def _parse_allowed(cls, value: object) -> object:
        if isinstance(value, str):
            allowed = AllowedUsers.parse(value)
            return allowed if allowed.ids or allowed.usernames else None
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        """Accept the URLs hosting platforms hand out and pick the async driver for them."""
        value = value.strip()
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+asyncpg://" + value.removeprefix(prefix)
        if value.startswith("sqlite://"):
            value = "sqlite+aiosqlite://" + value.removeprefix("sqlite://")
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                f"{value!r} is not a database URL; use sqlite+aiosqlite:///path/to/bot.sqlite3 "
                "or postgresql+asyncpg://user:password@host/database"
            ) from None
        if (url.get_backend_name(), url.get_driver_name()) not in _SUPPORTED_DRIVERS:
            raise ValueError(
                f"{url.drivername}:// is not supported; use sqlite+aiosqlite:///path/to/"
                "bot.sqlite3 or postgresql+asyncpg://user:password@host/database"
            )
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

    @field_validator("llm_base_url", "llm_model")
    @classmethod
    def _blank_llm_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None

    @field_validator("llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            raise ValueError(
                "LLM_BASE_URL must be an OpenAI-compatible API's URL, such as "
                f"http://127.0.0.1:11434/v1 for Ollama, not {value!r}"
            )
        return value.rstrip("/")

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

    @model_validator(mode="after")
    def _model_named(self) -> Self:
        if self.llm_base_url is not None and self.llm_model is None:
            raise ValueError(
                "LLM_BASE_URL is set but LLM_MODEL is not: name the model to ask, such as "
                "llama3.1:8b for Ollama"
            )
        return self

    @property
    def model_drafts(self) -> bool:
        """Whether a language model writes drafts (LLM_BASE_URL and LLM_MODEL set)."""
        return self.llm_base_url is not None and self.llm_model is not None

    @property
    def model_drafts_lead(self) -> dt.timedelta:
        """How long before a draft is due the model is asked: its timeout, the sweep's
        interval and a margin to store the answer. Zero without a model."""
        if not self.model_drafts:
            return dt.timedelta(0)
        return dt.timedelta(seconds=self.llm_timeout_seconds + MODEL_DRAFTS_MARGIN_SECONDS)

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


def find_env_file(explicit: str | None, *, cwd: Path) -> Path | None:
    """The settings file to read: --env-file, else $BOT_ENV_FILE, else ./.env if there is one.

    Nothing is looked for elsewhere: which file the bot reads never depends on where it
    happens to be installed. Started from another directory (as systemd does), it is told
    the file by name.
    """
    named = explicit or os.environ.get(ENV_FILE_VARIABLE) or None
    if named is not None:
        path = (cwd / Path(named).expanduser()).resolve()
        if not path.is_file():
            source = "--env-file" if explicit else ENV_FILE_VARIABLE
            raise EnvFileError(f"{source} names {path}, which does not exist")
        return path
    found = cwd.resolve() / ".env"
    return found if found.is_file() else None


def load_settings(env_file: Path | None, *, cwd: Path | None = None) -> Settings:
    """Settings from the environment and `env_file`; relative SQLite paths made absolute.

    A relative SQLite path is taken from the settings file's directory when there is one,
    else from the current directory: the same file whichever directory the bot starts in.
    """
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    base = env_file.parent if env_file is not None else (cwd or Path.cwd())
    settings.database_url = absolute_sqlite_url(settings.database_url, base)
    return settings


def absolute_sqlite_url(url: str, base: Path) -> str:
    """An SQLite URL whose file path is absolute (relative ones taken from `base`)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    path = Path(database).expanduser()
    if not path.is_absolute():
        path = base / path
    return parsed.set(database=str(path.resolve())).render_as_string(hide_password=False)
