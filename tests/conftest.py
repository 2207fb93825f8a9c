"""Shared fixtures: a migrated database on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade

# No per-example deadline: it is a timed assertion, and these machines are shared and noisy
# (a 200 ms deadline failed a time-zone property test while other jobs ran).
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _backends() -> list[object]:
    postgres_skip = "TEST_DATABASE_URL is not set: the PostgreSQL leg is skipped"
    postgres: object = pytest.param(
        "postgresql",
        marks=[pytest.mark.postgres]
        + ([] if POSTGRES_URL or IN_CI else [pytest.mark.skip(reason=postgres_skip)]),
    )
    return ["sqlite", postgres]


@pytest.fixture(scope="session", autouse=True)
def _postgres_required_in_ci() -> None:
    if IN_CI and not POSTGRES_URL:
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL must be tested in CI")


_template_ready = False
# Per process, so two test runs against one server never drop each other's template.
TEMPLATE_DB = f"followup_test_template_{os.getpid()}"


def _with_database(base_url: str, name: str) -> str:
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


async def _admin_execute(base_url: str, *statements: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await admin.dispose()


async def _fresh_postgres_database(base_url: str) -> tuple[str, str]:
    """A new database per test, cloned from a migrated template so tests never share rows."""
    global _template_ready
    if not _template_ready:
        await _admin_execute(
            base_url,
            f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)',
            f'CREATE DATABASE "{TEMPLATE_DB}"',
        )
        template = create_engine(_with_database(base_url, TEMPLATE_DB))
        await upgrade(template)
        await template.dispose()
        _template_ready = True
    name = f"t_{uuid.uuid4().hex[:12]}"
    await _admin_execute(base_url, f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    return _with_database(base_url, name), name


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop this run's template database."""
    if _template_ready:
        import asyncio

        asyncio.run(
            _admin_execute(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')
        )


@pytest.fixture(params=_backends())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A URL to an empty, migrated database of each backend."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url
        return
    url, name = await _fresh_postgres_database(POSTGRES_URL)
    try:
        yield url
    finally:
        await _admin_execute(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)
