"""Throwaway benchmark databases: SQLite files under bench/results, PostgreSQL `bench_*` ones."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine
from storage.migrate import upgrade

RESULTS = Path(__file__).resolve().parent / "results"
WORK = RESULTS / "work"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


@dataclass(frozen=True)
class Backend:
    """Where one benchmark's database lives."""

    name: str  # "SQLite" or "PostgreSQL"
    url: str


def backends() -> list[str]:
    """The backends to measure: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    return ["SQLite", "PostgreSQL"] if POSTGRES_URL else ["SQLite"]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def postgres_url(database: str) -> str:
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


async def admin_execute(*statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE) on the PostgreSQL server."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await admin.dispose()


async def migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def fresh_sqlite_path(label: str) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"{label}-{uuid.uuid4().hex[:8]}.sqlite3"
    return path


def remove_sqlite(path: Path) -> None:
    # ".lock": the bot's own lock file beside its database.
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_sqlite(source: Path, label: str) -> Path:
    """A copy of a (checkpointed, closed) SQLite file: seeding once serves several runs."""
    target = fresh_sqlite_path(label)
    shutil.copyfile(source, target)
    return target


@asynccontextmanager
async def migrated(backend: str, label: str, template: str | None = None) -> AsyncIterator[Backend]:
    """An empty migrated database (or a copy of `template`), removed afterwards."""
    if backend == "SQLite":
        if template is not None:
            path = copy_sqlite(Path(template), label)
        else:
            path = fresh_sqlite_path(label)
            await migrate(sqlite_url(path))
        try:
            yield Backend(backend, sqlite_url(path))
        finally:
            remove_sqlite(path)
        return
    name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
    if template is not None:
        await admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        await admin_execute(f'CREATE DATABASE "{name}"')
    try:
        if template is None:
            await migrate(postgres_url(name))
        yield Backend(backend, postgres_url(name))
    finally:
        await admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
