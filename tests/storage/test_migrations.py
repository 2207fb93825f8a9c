"""Migrations and models agree, on every backend."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.conftest import POSTGRES_URL, _admin_execute, _backends, _with_database


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_autogenerate_finds_no_difference_after_migrating(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


async def test_upgrading_twice_is_harmless(engine: AsyncEngine) -> None:
    await upgrade(engine)
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert {"users", "applications", "interviews", "interviewers", "follow_ups"} <= tables


@pytest.fixture(params=_backends())
async def empty_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """An engine on a database with no schema at all, of each backend."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        await engine.dispose()
        return
    name = f"m_{uuid.uuid4().hex[:12]}"
    await _admin_execute(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    engine = create_engine(_with_database(POSTGRES_URL, name))
    try:
        yield engine
    finally:
        await engine.dispose()
        await _admin_execute(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
LONG_WORKER = "w" * 100  # longer than 0003's VARCHAR(64)


async def test_0004_upgrades_a_database_holding_rows_from_0003(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine, "0003")
    async with empty_engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, chat_id, sign_name, timezone, nudge_hour,"
                " default_wait_days, active, created_at, updated_at)"
                " VALUES (42, 42, 'Ana', 'Europe/Berlin', 19, 5, :t, :now, :now)"
            ),
            {"t": True, "now": NOW},
        )
        await connection.execute(
            text(
                "INSERT INTO applications (id, user_id, company, role, status, created_at,"
                " updated_at) VALUES (1, 42, 'Acme', 'SRE', 'open', :now, :now)"
            ),
            {"now": NOW},
        )
        await connection.execute(
            text(
                "INSERT INTO interviews (id, application_id, round_number, status, held_at,"
                " timeline_asked, created_at) VALUES (1, 1, 1, 'held', :now, :f, :now)"
            ),
            {"f": False, "now": NOW},
        )
        await connection.execute(
            text(
                "INSERT INTO follow_ups (id, user_id, application_id, interview_id, kind, status,"
                " due_at, attempts, claimed_by, no_answer_count, created_at, updated_at)"
                " VALUES (1, 42, 1, 1, 'call', 'pending', :now, 0, :worker, 0, :now, :now)"
            ),
            {"now": NOW, "worker": "old-host:1:abcdef"},
        )

    await upgrade(empty_engine)

    async with empty_engine.begin() as connection:
        user = (
            await connection.execute(text("SELECT nudge_hour, call_hour, nudge_minute FROM users"))
        ).one()
        assert tuple(user) == (19, 10, 0)  # the reminder hour kept; the new ones at defaults
        application = (
            await connection.execute(text("SELECT company, status, closed_at FROM applications"))
        ).one()
        assert tuple(application) == ("Acme", "open", None)
        interview = (await connection.execute(text("SELECT timezone FROM interviews"))).one()
        assert interview[0] is None  # the export falls back to the user's zone
        follow_up = (
            await connection.execute(
                text("SELECT kind, status, claimed_by, status_before_close FROM follow_ups")
            )
        ).one()
        assert tuple(follow_up) == ("call", "pending", "old-host:1:abcdef", None)
        # The widened claim column takes a worker id past 0003's 64 characters (PostgreSQL
        # enforces the length; before 0004 this update failed with "value too long").
        await connection.execute(
            text("UPDATE follow_ups SET claimed_by = :worker"), {"worker": LONG_WORKER}
        )
        claimed = (await connection.execute(text("SELECT claimed_by FROM follow_ups"))).scalar()
        assert claimed == LONG_WORKER
    async with empty_engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def test_0007_keeps_every_row_and_never_reuses_an_erased_id(
    empty_engine: AsyncEngine,
) -> None:
    await upgrade(empty_engine, "0006")
    async with empty_engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, chat_id, sign_name, timezone, nudge_hour,"
                " default_wait_days, active, created_at, updated_at)"
                " VALUES (42, 42, 'Ana', 'Europe/Berlin', 9, 14, :t, :now, :now)"
            ),
            {"t": True, "now": NOW},
        )
        for statement in (
            "INSERT INTO users (id, chat_id, sign_name, timezone, nudge_hour,"
            " default_wait_days, active, created_at, updated_at)"
            " VALUES (43, 43, 'Bea', 'UTC', 9, 14, :t, :now, :now)",
            "INSERT INTO applications (id, user_id, company, role, status, created_at,"
            " updated_at) VALUES (6, 43, 'Initech', 'QA', 'open', :now, :now)",
            "INSERT INTO applications (id, user_id, company, role, status, created_at,"
            " updated_at) VALUES (7, 42, 'Acme', 'SRE', 'open', :now, :now)",
            "INSERT INTO interviews (id, application_id, round_number, status, held_at,"
            " timeline_asked, created_at) VALUES (8, 7, 1, 'held', :now, :t, :now)",
            "INSERT INTO interviewers (id, interview_id, position, name)"
            " VALUES (9, 8, 0, 'Bo Chen')",
            "INSERT INTO follow_ups (id, user_id, application_id, interview_id, interviewer_id,"
            " kind, status, due_at, attempts, no_answer_count, created_at, updated_at)"
            " VALUES (10, 42, 7, 8, 9, 'thank_you', 'sent', :now, 0, 0, :now, :now)",
        ):
            await connection.execute(text(statement), {"t": True, "now": NOW})

    await upgrade(empty_engine)

    ids = "SELECT (SELECT max(id) FROM {0}), (SELECT count(*) FROM {0})"
    async with empty_engine.begin() as connection:
        for table, *kept in (
            ("applications", 7, 2),
            ("interviews", 8, 1),
            ("interviewers", 9, 1),
            ("follow_ups", 10, 1),
        ):
            assert list((await connection.execute(text(ids.format(table)))).one()) == kept
        # Ana erased (by cascade, every row of hers); Bea's application 6 is now the largest.
        await connection.execute(text("DELETE FROM users WHERE id = 42"))
        assert (await connection.execute(text(ids.format("follow_ups")))).one()[1] == 0
        await connection.execute(
            text(
                "INSERT INTO users (id, chat_id, sign_name, timezone, nudge_hour,"
                " default_wait_days, active, created_at, updated_at)"
                " VALUES (42, 42, 'Ana', 'Europe/Berlin', 9, 14, :t, :now, :now)"
            ),
            {"t": True, "now": NOW},
        )
        new_id = (
            await connection.execute(
                text(
                    "INSERT INTO applications (user_id, company, role, status, created_at,"
                    " updated_at) VALUES (42, 'Acme', 'SRE', 'open', :now, :now) RETURNING id"
                ),
                {"now": NOW},
            )
        ).scalar()
        # Never 7 again (PostgreSQL's sequence never saw the ids written here by hand).
        assert new_id != 7
    async with empty_engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def test_sqlite_never_reuses_the_ids_buttons_carry(engine: AsyncEngine) -> None:
    # A later migration that rebuilds one of these tables on SQLite (batch mode) drops
    # AUTOINCREMENT unless it passes table_kwargs={"sqlite_autoincrement": True} again.
    wanted = sorted(
        table.name
        for table in Base.metadata.sorted_tables
        if table.dialect_options["sqlite"]["autoincrement"]
    )
    assert {"applications", "follow_ups", "interviewers", "interviews"} <= set(wanted)
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's sequences never go back
    async with engine.connect() as connection:
        created = dict(
            (await connection.execute(text("SELECT name, sql FROM sqlite_master"))).all()
        )
    assert [name for name in wanted if "AUTOINCREMENT" not in created[name]] == []
