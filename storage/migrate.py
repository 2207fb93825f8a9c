"""Apply Alembic migrations from code: at bot start-up and by `python -m bot migrate`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config that needs no alembic.ini, so it works from an installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class UnknownRevisionError(RuntimeError):
    """The database was migrated by a newer release than this one."""


@dataclass(frozen=True)
class Migration:
    """The schema revision before and after an upgrade (None: an empty database)."""

    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before == self.after:
            return f"already at revision {self.after} (current)"
        return f"migrated from revision {self.before or 'none (empty)'} to {self.after}"


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection, config: Config, revision: str) -> Migration:
    before = _revision(connection)
    if before is not None:
        try:
            ScriptDirectory.from_config(config).get_revision(before)
        except CommandError:
            raise UnknownRevisionError(
                f"the database is at schema revision {before}, which this release does not "
                "know: a newer release migrated it. Run that release again, or restore the "
                "backup taken before the update."
            ) from None
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    return Migration(before, _revision(connection))


async def upgrade(engine: AsyncEngine, revision: str = "head") -> Migration:
    """Bring the schema up to `revision` on the given engine; what it was and is now."""
    config = alembic_config()
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            return await connection.run_sync(_upgrade, config, revision)
    # SQLite's batch mode rebuilds a table (copy, DROP, rename): with foreign keys on, the
    # DROP of users cascaded to every application, interview and follow-up. The pragma is a
    # no-op inside a transaction, so it is set before the migration's transaction begins.
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        await connection.commit()
        try:
            async with connection.begin():
                migration = await connection.run_sync(_upgrade, config, revision)
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"the migration left rows without a parent: {broken[:5]}")
        finally:
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            await connection.commit()
    return migration
