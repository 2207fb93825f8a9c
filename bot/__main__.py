"""Entry point: `python -m bot` runs the bot; `python -m bot migrate` only migrates."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.settings import MissingTokenError, Settings
from storage.db import DatabaseUnavailableError, create_engine


def _fail(message: str, status: int = 1) -> int:
    print(f"interview-followup-bot: {message}", file=sys.stderr)
    return status


class _NoNetworkTracebacks(logging.Filter):
    """PTB logs each failed network attempt with a long traceback; one line says enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Network Retry Loop"):
            record.exc_info = None
            record.exc_text = None
        return True


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO, and the URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("telegram.ext").addFilter(_NoNetworkTracebacks())


async def _migrate(settings: Settings) -> None:
    from storage.db import check_connection
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await check_connection(engine)
        await upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        choices=["run", "migrate"],
        default="run",
        help="run the bot (default) or only apply database migrations",
    )
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper()
        return _fail(f"invalid setting {field}: {first['msg']}", 2)
    _configure_logging(settings.log_level)

    if args.command == "migrate":
        try:
            asyncio.run(_migrate(settings))
        except DatabaseUnavailableError as error:
            return _fail(str(error))
        print("Database schema is up to date.")
        return 0

    try:
        settings.require_token()
    except MissingTokenError as error:
        return _fail(str(error), 2)

    from bot.app import build_application

    application = build_application(settings)
    try:
        application.run_polling(allowed_updates=["message", "callback_query"])
    except DatabaseUnavailableError as error:
        return _fail(str(error))
    except InvalidToken:
        return _fail("Telegram refused BOT_TOKEN: check it with @BotFather (/token).")
    except (NetworkError, TimedOut) as error:
        return _fail(f"Cannot reach Telegram ({error}). Check the network or TELEGRAM_BASE_URL.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
