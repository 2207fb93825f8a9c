"""A long hostname (a Kubernetes pod's) still makes a worker id that claims and sends."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import AsyncIterator

import pytest

from bot import app as bot_app
from bot.follow_ups import dispatch
from storage.models import FollowUp, FollowUpStatus
from tests.support.follow_up_data import NOW, add_follow_up, get_row, seed_interview
from tests.support.harness import BotHarness

LONG_HOST = "ci-runner-" + "a1b2c3d4e5-" * 8 + "x" * 2  # 100 characters
assert len(LONG_HOST) == 100


def test_a_long_hostname_gives_a_worker_id_of_at_most_64_characters() -> None:
    name = bot_app.worker_name(LONG_HOST)

    assert len(name) <= 64
    host, pid, suffix = name.rsplit(":", 2)
    assert host.startswith(LONG_HOST[:20])  # readable in logs
    assert pid == str(os.getpid())
    assert re.fullmatch(r"[0-9a-f]{6}", suffix)
    # Two hosts sharing a long prefix stay apart: the hash is of the whole name.
    other = bot_app.worker_name(LONG_HOST[:-1] + "y")
    assert other.rsplit(":", 2)[0] != host
    # A short hostname is kept as it is.
    assert bot_app.worker_name("web-1").startswith("web-1:")


@pytest.fixture
async def bot(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotHarness]:
    monkeypatch.setattr(socket, "gethostname", lambda: LONG_HOST)
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    yield harness
    await harness.stop()


async def test_a_worker_on_a_long_hostname_claims_and_sends(bot: BotHarness) -> None:
    worker = bot.bot_data.worker_id
    assert len(worker) <= 64
    assert worker.startswith(LONG_HOST[:20])
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)

    # PostgreSQL enforces the claim column's length (SQLite does not): before the bounded
    # id, every claim failed there with "value too long" and nothing was ever sent.
    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.claimed, report.sent) == (1, 1)
    (message,) = bot.api.messages
    assert int(message.params["chat_id"]) == seeded.user_id
    row: FollowUp = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.SENT
    assert row.sent_message_id == message.message_id
