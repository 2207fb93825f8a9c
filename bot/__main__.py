"""Entry point: `python -m bot` runs the bot; `python -m bot migrate` only migrates."""

from __future__ import annotations

import argparse
import asyncio
import sys

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.config import MissingTokenError, Settings
from bot.logs import configure_logging, secrets_of
from storage.db import DatabaseUnavailableError, create_engine


def _fail(message: str, status: int = 1) -> int:
    print(f"interview-followup-bot: {message}", file=sys.stderr)
    return status


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
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook on $PORT (the default when WEBHOOK_URL is set)",
    )
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper()
        return _fail(f"invalid setting {field}: {first['msg']}", 2)
    configure_logging(settings.log_level, secrets=secrets_of(settings))

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
    webhook = args.webhook or settings.webhook_url is not None
    if webhook and settings.webhook_url is None:
        return _fail("webhook mode needs WEBHOOK_URL, the public https URL Telegram posts to", 2)

    from bot.app import build_application
    from bot.runtime.serve import LostLeadershipError, ServingStoppedError, serve
    from bot.runtime.standby import AnotherInstanceError

    application = build_application(settings)
    try:
        asyncio.run(serve(settings, application, webhook=webhook))
    except AnotherInstanceError as error:
        return _fail(str(error))
    except (LostLeadershipError, ServingStoppedError) as error:
        return _fail(str(error))
    except DatabaseUnavailableError as error:
        return _fail(str(error))
    except InvalidToken:
        return _fail("Telegram refused BOT_TOKEN: check it with @BotFather (/token).")
    except (NetworkError, TimedOut) as error:
        return _fail(f"Cannot reach Telegram ({error}). Check the network or TELEGRAM_BASE_URL.")
    except OSError as error:
        if not webhook:
            raise
        return _fail(f"Cannot listen on {settings.webhook_listen}:{settings.port}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
