"""Dispatchers as separate OS processes: every due row is sent exactly once, even when one dies."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TypedDict

import pytest
from sqlalchemy import select

from bot.follow_ups import dispatch
from storage.db import create_engine, create_sessionmaker
from storage.interviews import InterviewerInput
from storage.models import FollowUp, FollowUpKind, FollowUpStatus
from tests.conftest import IN_CI, POSTGRES_URL
from tests.support.follow_up_data import NOW, add_follow_up, get_row, seed_interview
from tests.support.harness import BotHarness

ROOT = Path(__file__).resolve().parents[3]
USERS = 100
INTERVIEWERS = 15  # per user: one thank-you and one call row each, 3000 rows in all
PROCESSES = 2


async def _seed(database_url: str) -> set[int]:
    engine = create_engine(database_url)
    db = create_sessionmaker(engine)
    try:
        people = [
            InterviewerInput(name=f"Person {n}", topics="testing") for n in range(INTERVIEWERS)
        ]
        rows: list[FollowUp] = []
        for user in range(USERS):
            seeded = await seed_interview(db, user_id=10_000 + user, interviewers=people)
            for interviewer_id in seeded.interviewer_ids:
                for kind in (FollowUpKind.THANK_YOU, FollowUpKind.CALL):
                    rows.append(
                        FollowUp(
                            user_id=seeded.user_id,
                            application_id=seeded.application_id,
                            interview_id=seeded.interview_id,
                            interviewer_id=interviewer_id,
                            kind=kind,
                            status=FollowUpStatus.PENDING,
                            due_at=NOW,
                        )
                    )
        async with db.begin() as session:
            session.add_all(rows)
        return {row.id for row in rows}
    finally:
        await engine.dispose()


async def _start_worker(database_url: str, *mode: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-W",
        "error",
        "-m",
        "tests.support.dispatch_worker",
        database_url,
        NOW.isoformat(),
        *mode,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    ready = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    assert ready.strip() == b"ready", ready
    return process


class WorkerResult(TypedDict):
    worker: str
    runs: int
    sent: list[int]


async def _finish(process: asyncio.subprocess.Process) -> WorkerResult:
    stdout, stderr = await asyncio.wait_for(process.communicate(b"go\n"), timeout=300)
    assert process.returncode == 0, stderr.decode()
    result: WorkerResult = json.loads(stdout.decode().strip().splitlines()[-1])
    return result


@pytest.mark.postgres
@pytest.mark.skipif(
    not POSTGRES_URL and not IN_CI,
    reason="TEST_DATABASE_URL is not set: two dispatcher processes need a real PostgreSQL",
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_dispatcher_processes_send_every_row_exactly_once(database_url: str) -> None:
    expected = await _seed(database_url)
    assert len(expected) == USERS * INTERVIEWERS * 2

    workers = [await _start_worker(database_url) for _ in range(PROCESSES)]
    results = await asyncio.gather(*(_finish(worker) for worker in workers))

    sent = Counter(follow_up_id for result in results for follow_up_id in result["sent"])
    duplicates = {follow_up_id: n for follow_up_id, n in sent.items() if n > 1}
    assert duplicates == {}
    assert set(sent) == expected
    # Both processes really competed for the rows.
    assert all(result["sent"] for result in results)
    assert len({result["worker"] for result in results}) == PROCESSES

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = (await session.scalars(select(FollowUp))).all()
    finally:
        await engine.dispose()
    originals = [row for row in rows if row.id in expected]
    assert {row.status for row in originals} == {FollowUpStatus.SENT}
    assert all(row.claimed_by is None and row.attempts == 1 for row in originals)
    # Each thank-you got its one chase, never two.
    chases = Counter(row.interviewer_id for row in rows if row.kind == FollowUpKind.THANK_YOU_CHASE)
    assert len(chases) == USERS * INTERVIEWERS
    assert set(chases.values()) == {1}


async def test_a_dispatcher_process_killed_after_claiming_is_replaced_after_the_lease(
    database_url: str,
) -> None:
    seeded = await _seed_one(database_url)
    dying = await _start_worker(database_url, "claim-and-hang")
    assert dying.stdin is not None
    assert dying.stdout is not None
    dying.stdin.write(b"go\n")
    await dying.stdin.drain()
    claimed = json.loads(await asyncio.wait_for(dying.stdout.readline(), timeout=60))
    assert claimed["claimed"] == [seeded]
    dying.kill()  # SIGKILL: no shutdown hook, the claim stays behind
    await dying.wait()

    bot = await BotHarness(database_url).start()
    try:
        lease = dt.timedelta(seconds=bot.settings.dispatch_lease_seconds)
        before = NOW + lease - dt.timedelta(seconds=1)
        assert (await dispatch.dispatch_due(bot.application, now=before)).claimed == 0
        after = NOW + lease + dt.timedelta(seconds=1)
        assert (await dispatch.dispatch_due(bot.application, now=after)).sent == 1
        assert (await dispatch.dispatch_due(bot.application, now=after)).claimed == 0
        assert len(bot.api.messages) == 1
        assert f"fu:v1:done:{seeded}" in str(bot.api.messages[0].params["reply_markup"])
        row = await get_row(bot.db, seeded)
        assert (row.status, row.claimed_by) == (FollowUpStatus.SENT, None)
    finally:
        await bot.stop()


async def _seed_one(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        db = create_sessionmaker(engine)
        return await add_follow_up(db, await seed_interview(db))
    finally:
        await engine.dispose()
