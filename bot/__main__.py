"""Entry point: `python -m bot` runs the bot; `migrate`, `backup`, `restore` tend its data."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.config import (
    ENV_FILE_VARIABLE,
    EnvFileError,
    MissingTokenError,
    Settings,
    find_env_file,
    load_settings,
    release,
)
from bot.logs import configure_logging, secrets_of
from storage.db import (
    DatabaseUnavailableError,
    check_sqlite_location,
    create_engine,
    describe,
    wait_for_database,
)
from storage.migrate import UnknownRevisionError

PROG = "interview-followup-bot"


def _fail(message: str, status: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


async def _migrate(settings: Settings) -> str:
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await wait_for_database(engine, within=settings.database_wait_seconds)
        return str(await upgrade(engine))
    finally:
        await engine.dispose()


async def _wait_for_database(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await wait_for_database(engine, within=settings.database_wait_seconds)
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        choices=["run", "migrate", "backup", "restore"],
        default="run",
        help="run the bot (default); only apply database migrations; back the database up "
        "while the bot runs; put an SQLite backup back in place (the bot stopped)",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="backup: the file to write (default: backups/ beside the database); "
        "restore: the backup to put back",
    )
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook on $PORT (the default when WEBHOOK_URL is set)",
    )
    parser.add_argument(
        "--env-file",
        metavar="PATH",
        help=f"read settings from this file (or ${ENV_FILE_VARIABLE}); default: .env in the "
        "current directory",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {release()}")
    return parser


def _missing_token(error: MissingTokenError, env_file: Path | None) -> str:
    if env_file is not None:
        return (
            f"BOT_TOKEN is not set in {env_file} nor in the environment. Create a bot with "
            f"@BotFather in Telegram (/newbot), then put BOT_TOKEN=<its token> in {env_file}."
        )
    here = Path.cwd().resolve()
    return (
        f"BOT_TOKEN is not set, and there is no .env in {here} (the current directory). "
        "Create a bot with @BotFather in Telegram (/newbot), then put BOT_TOKEN=<its token> "
        f"in {here / '.env'}, or name your settings file with --env-file PATH "
        f"(or {ENV_FILE_VARIABLE})."
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.path is not None and args.command not in {"backup", "restore"}:
        parser.error(f"{args.command} takes no path")

    try:
        env_file = find_env_file(args.env_file, cwd=Path.cwd())
        settings = load_settings(env_file)
    except EnvFileError as error:
        return _fail(str(error), 2)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper()
        message = str(first["msg"]).removeprefix("Value error, ")
        where = f" (in {env_file} or the environment)" if env_file else ""
        return _fail(f"invalid setting {field}{where}: {message}", 2)
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    try:
        check_sqlite_location(settings.database_url)
    except DatabaseUnavailableError as error:
        return _fail(str(error))

    if args.command == "migrate":
        try:
            done = asyncio.run(_migrate(settings))
        except (DatabaseUnavailableError, UnknownRevisionError) as error:
            return _fail(str(error))
        print(f"{describe(settings.database_url)}: {done}.")
        return 0
    if args.command == "backup":
        from bot.backups import backup

        return backup(settings, args.path)
    if args.command == "restore":
        from bot.backups import restore

        if args.path is None:
            parser.error("restore needs the backup file: python -m bot restore PATH")
        return restore(settings, args.path)

    try:
        settings.require_token()
    except MissingTokenError as error:
        return _fail(_missing_token(error, env_file), 2)
    webhook = args.webhook or settings.webhook_url is not None
    if webhook and settings.webhook_url is None:
        return _fail("webhook mode needs WEBHOOK_URL, the public https URL Telegram posts to", 2)
    try:
        asyncio.run(_wait_for_database(settings))
    except DatabaseUnavailableError as error:
        return _fail(str(error))
    return _run(settings, webhook=webhook)


def _run(settings: Settings, *, webhook: bool) -> int:
    from bot.app import build_application
    from bot.runtime.ptb import PTBChangedError
    from bot.runtime.serve import LostLeadershipError, ServingStoppedError, serve
    from bot.runtime.standby import AnotherInstanceError

    try:
        application = build_application(settings)
    except PTBChangedError as error:
        return _fail(str(error))
    try:
        asyncio.run(serve(settings, application, webhook=webhook))
    except AnotherInstanceError as error:
        return _fail(str(error))
    except (LostLeadershipError, ServingStoppedError) as error:
        return _fail(str(error))
    except (DatabaseUnavailableError, UnknownRevisionError) as error:
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
