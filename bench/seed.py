"""Bulk seeding: users with an application, an interview, an interviewer and ten follow-ups each.

SQLite gets one executemany transaction on the sqlite3 module (values bound by SQLAlchemy's
own type processors); PostgreSQL gets COPY through asyncpg. Both get the same rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url

from bench.databases import (
    WORK,
    admin_execute,
    migrate,
    postgres_url,
    remove_sqlite,
    sqlite_url,
)
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    Interviewer,
    InterviewStatus,
    JobApplication,
    User,
)

FOLLOW_UPS_PER_USER = 10
FIRST_USER_ID = 500_000_000
CHUNK = 20_000
# Bump when the generated rows change, so cached SQLite seeds are rebuilt.
SEED_VERSION = 1
# Fixed instants: a cached seed stays valid. Due rows are long past; the rest are years ahead.
PAST = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
FUTURE = dt.datetime(2031, 1, 6, 9, 0, tzinfo=dt.UTC)
SIX_HOURS = dt.timedelta(hours=6)


@dataclass(frozen=True)
class SeedSize:
    """How much to store: `follow_ups` rows over `users` users, `due` of them due now."""

    users: int
    follow_ups: int
    due: int

    @property
    def label(self) -> str:
        return f"u{self.users}-f{self.follow_ups}-d{self.due}"


Row = tuple[Any, ...]


def _users(size: SeedSize) -> Iterator[Row]:
    pitch = "I've run on-call for a payments platform for 4 years"
    for index in range(size.users):
        user_id = FIRST_USER_ID + index
        # id, chat_id, sign_name, timezone, nudge_hour, default_wait_days, phone, last_pitch,
        # active, created_at, updated_at, nudge_minute, call_hour
        yield (
            user_id,
            user_id,
            f"User {index}",
            "Europe/Berlin",
            9,
            14,
            None,
            pitch,
            True,
            PAST,
            PAST,
            0,
            10,
        )


def _applications(size: SeedSize) -> Iterator[Row]:
    role, status = "Site Reliability Engineer", ApplicationStatus.OPEN.value
    for index in range(size.users):
        # id, user_id, company, role, status, created_at, updated_at, closed_at
        company = f"Company {index % 5000}"
        yield (index + 1, FIRST_USER_ID + index, company, role, status, PAST, PAST, None)


def _interviews(size: SeedSize) -> Iterator[Row]:
    held_at, status = PAST - dt.timedelta(days=1), InterviewStatus.HELD.value
    timeline_date = (PAST + dt.timedelta(days=13)).date()
    pitch = "I've run on-call for a payments platform for 4 years"
    for index in range(size.users):
        # id, application_id, round_number, status, held_at, duration_minutes, timeline_text,
        # timeline_date, timeline_asked, pitch, created_at, timezone
        yield (
            index + 1,
            index + 1,
            1,
            status,
            held_at,
            None,
            "2 weeks",
            timeline_date,
            True,
            pitch,
            PAST,
            None,
        )


def _interviewers(size: SeedSize) -> Iterator[Row]:
    topics = "their Kubernetes migration, on-call rotation"
    for index in range(size.users):
        # id, interview_id, position, name, title, contact, topics, points (None: read from
        # the topics with the defaults, as for an interviewer saved before the review)
        yield (
            index + 1,
            index + 1,
            0,
            f"Bo Chen {index}",
            "Engineering Manager",
            f"bo{index}@acme.example",
            topics,
            None,
        )


# The nine rows of a user besides their first: what a few months of use leave behind.
_HISTORY = [
    (FollowUpKind.CALL, FollowUpStatus.PENDING),
    (FollowUpKind.THANK_YOU_CHASE, FollowUpStatus.CANCELLED),
    (FollowUpKind.THANK_YOU, FollowUpStatus.DONE),
    (FollowUpKind.THANK_YOU_CHASE, FollowUpStatus.PENDING),
    (FollowUpKind.CALL, FollowUpStatus.DONE),
    (FollowUpKind.EMAIL, FollowUpStatus.PENDING),
    (FollowUpKind.THANK_YOU, FollowUpStatus.SKIPPED),
    (FollowUpKind.CALL, FollowUpStatus.SENT),
    (FollowUpKind.CHECKLIST, FollowUpStatus.PENDING),
]
# Pending rows are years ahead, closed ones in the past; 4000 distinct times of each.
_SPREAD = 4000
_AHEAD = [FUTURE + SIX_HOURS * step for step in range(_SPREAD)]
_BEHIND = [PAST - SIX_HOURS * step for step in range(_SPREAD)]


def _follow_ups(size: SeedSize) -> Iterator[Row]:
    """Row 0 of every user is a thank-you (or call); `due` of those, spread evenly, are due."""
    per_user = size.follow_ups // size.users
    due_every = size.users // size.due if size.due else 0
    pending, done = FollowUpStatus.PENDING.value, FollowUpStatus.DONE.value
    history = [
        (kind.value, status.value, status == FollowUpStatus.PENDING, kind == FollowUpKind.CALL)
        for kind, status in _HISTORY
    ]
    open_values = {FollowUpStatus.PENDING.value, FollowUpStatus.SENT.value}
    row_id = 0
    for index in range(size.users):
        user_id, owner = FIRST_USER_ID + index, index + 1
        first_kind = FollowUpKind.THANK_YOU if index % 2 == 0 else FollowUpKind.CALL
        for slot in range(per_user):
            row_id += 1
            if slot == 0:
                kind, is_call = first_kind.value, first_kind == FollowUpKind.CALL
                is_pending = (
                    bool(due_every) and index % due_every == 0 and (index // due_every < size.due)
                )
                status = pending if is_pending else done
                due_at = _BEHIND[index % 600] if is_pending else _BEHIND[row_id % _SPREAD]
            else:
                kind, status, is_pending, is_call = history[(slot - 1) % len(history)]
                due_at = (_AHEAD if is_pending else _BEHIND)[row_id % _SPREAD]
            # id, user_id, application_id, interview_id, interviewer_id, kind, status, due_at,
            # attempts, claimed_by, lease_expires_at, sent_message_id, sent_at, acted_at,
            # no_answer_count, edited_text, last_error, created_at, updated_at,
            # status_before_close, waiting_since, sent_subject, sent_text, model_draft
            yield (
                row_id,
                user_id,
                owner,
                owner,
                None if is_call else owner,
                kind,
                status,
                due_at,
                0 if is_pending else 1,
                None,
                None,
                None if is_pending else row_id,
                None if is_pending else PAST,
                None if status in open_values else PAST,
                0,
                None,
                None,
                PAST,
                PAST,
                None,
                None,
                None,
                None,
                None,
            )


COLUMNS = {
    "users": "id chat_id sign_name timezone nudge_hour default_wait_days phone last_pitch "
    "active created_at updated_at nudge_minute call_hour",
    "applications": "id user_id company role status created_at updated_at closed_at",
    "interviews": "id application_id round_number status held_at duration_minutes "
    "timeline_text timeline_date timeline_asked pitch created_at timezone",
    "interviewers": "id interview_id position name title contact topics points",
    "follow_ups": "id user_id application_id interview_id interviewer_id kind status due_at "
    "attempts claimed_by lease_expires_at sent_message_id sent_at acted_at no_answer_count "
    "edited_text last_error created_at updated_at status_before_close waiting_since "
    "sent_subject sent_text model_draft",
}
TABLES: list[tuple[Table, Callable[[SeedSize], Iterator[Row]]]] = [
    (User.__table__, _users),  # type: ignore[list-item]
    (JobApplication.__table__, _applications),  # type: ignore[list-item]
    (Interview.__table__, _interviews),  # type: ignore[list-item]
    (Interviewer.__table__, _interviewers),  # type: ignore[list-item]
    (FollowUp.__table__, _follow_ups),  # type: ignore[list-item]
]


def _columns(table: Table) -> list[str]:
    """The columns our tuples fill, checked against the model so schema drift fails loudly."""
    names = COLUMNS[table.name].split()
    if set(names) != {column.name for column in table.columns}:
        raise RuntimeError(f"bench/seed.py is out of date with the {table.name} model")
    return names


def _chunks(rows: Iterator[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _sqlite_converter(table: Table, names: list[str]) -> Callable[[Row], Row]:
    """SQLAlchemy's own bind processing per column, memoised (few distinct timestamps)."""
    dialect = sqlite_dialect.dialect()
    processors: list[Callable[[Any], Any] | None] = []
    for name in names:
        processor = table.columns[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None and name.endswith(("_at", "_date")):
            processor = functools.lru_cache(maxsize=None)(processor)
        processors.append(processor)
    indexed = [(position, p) for position, p in enumerate(processors) if p is not None]

    def convert(row: Row) -> Row:
        values = list(row)
        for position, processor in indexed:
            if values[position] is not None:
                values[position] = processor(values[position])
        return tuple(values)

    return convert


def _seed_sqlite_file(path: Path, size: SeedSize) -> None:
    """Plain executemany in one transaction, values bound exactly as SQLAlchemy binds them."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA synchronous=OFF")
        for table, rows in TABLES:
            names = _columns(table)
            convert = _sqlite_converter(table, names)
            statement = (
                f"INSERT INTO {table.name} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})"
            )
            for chunk in _chunks(rows(size)):
                connection.executemany(statement, map(convert, chunk))
        connection.commit()
        # Fold the WAL into the main file so a plain file copy carries everything.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


async def sqlite_seed(size: SeedSize, *, fresh: bool = False) -> tuple[Path, float, bool]:
    """A seeded SQLite file, built once and cached; returns it, the build time, whether cached."""
    path = WORK / f"seed-v{SEED_VERSION}-{_head_revision()}-{size.label}.sqlite3"
    if path.exists() and not fresh:
        return path, 0.0, True
    remove_sqlite(path)
    started = time.perf_counter()
    building = path.with_suffix(".building")
    remove_sqlite(building)
    await migrate(sqlite_url(building))
    await asyncio.to_thread(_seed_sqlite_file, building, size)
    building.rename(path)
    return path, time.perf_counter() - started, False


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head or "none"


async def postgres_seed(size: SeedSize, name: str) -> float:
    """Create database `name`, migrate it and COPY the rows in; returns the seconds taken."""
    started = time.perf_counter()
    await admin_execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    )
    url = postgres_url(name)
    await migrate(url)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        # The rows are consistent by construction: skip per-row foreign key triggers.
        await connection.execute("SET session_replication_role = replica")
        for table, rows in TABLES:
            names = _columns(table)
            for chunk in _chunks(rows(size), 100_000):
                await connection.copy_records_to_table(table.name, records=chunk, columns=names)
        await connection.execute("SET session_replication_role = DEFAULT")
        # Sequences: the app inserts after us (chases, new debriefs).
        for table, _ in TABLES:
            if table.name != "users":
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                )
        # What autovacuum would do soon after a load this size; the planner needs it.
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return time.perf_counter() - started
