"""Issue 22: a tap's reply while a language model takes 10 s per note, against none at all.

The real application (build_application, started: its JobQueue runs the dispatcher and the
model-drafts sweep) on a real database, answering a fake Bot API in memory; taps fed one at
a time through process_update, paced like people tapping. With the model, a fake
OpenAI-compatible server on 127.0.0.1 answers every request after 10 s, while 2 notes per
user are waiting for drafts (4 requests always in flight). Without it, the same notes go
out as ours. Runs alternate, without first and last (without, with, without, with, without
by default); each condition's taps are pooled and the ratio is of their p99s.

    .venv/bin/python -m bench.model_taps [--users 50] [--seconds 30] [--delay 10]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import time
from typing import Any

from pydantic import SecretStr
from sqlalchemy import select
from telegram import Update

from bench.databases import backends, migrated
from bench.fake_api import LeanBotApi
from bench.report import Row, markdown, percentile
from bench.users import FIRST_USER_ID, UpdateFactory
from bot.app import build_application
from bot.config import Settings
from bot.follow_ups import dispatch
from bot.llm.stored import Stored
from bot.ui.context import BotData
from storage import applications, follow_ups, users
from storage.applications import InterviewerInput
from storage.models import FollowUp, FollowUpKind, utcnow
from tests.support.fake_model import FakeModel, good_note

TOKEN = "123456789:bench-token-for-the-in-memory-bot-api"
# People tap a button every few seconds; 50 of them about one every 20 ms.
PACE_SECONDS = 0.02
TARGET_RATIO = 1.2
PANEL = (
    InterviewerInput("Bo Chen", "Engineering Manager", "bo@acme.ex", "their Kubernetes migration"),
    InterviewerInput("Ana Ruiz", "Staff Engineer", None, "how they run blameless postmortems"),
    InterviewerInput("Li Wei", "SRE", None, "the on-call rotation across 3 regions"),
)  # fmt: skip


async def _seed(application: Any, people: int) -> list[int]:
    """Each user with an interview of three: a delivered note to tap, two notes waiting."""
    bot_data: BotData = application.bot_data
    now = utcnow()
    waiting_due = now + max(bot_data.settings.model_drafts_lead, dt.timedelta(seconds=30))
    tapped: list[int] = []
    async with bot_data.db.begin() as session:
        for user_id in range(FIRST_USER_ID, FIRST_USER_ID + people):
            await users.create_or_update_user(
                session, user_id=user_id, chat_id=user_id, sign_name="Ana Lima",
                timezone="Europe/Berlin", nudge_hour=9,
            )  # fmt: skip
            interview = await applications.save_interview(
                session, user_id=user_id, company="Acme", role="Site Reliability Engineer",
                held_at=now - dt.timedelta(hours=3), interviewers=PANEL,
                pitch="ran on-call for a payments platform for 4 years", timeline_text="2 weeks",
                timeline_date=None, timeline_asked=True,
            )  # fmt: skip
            for index, person in enumerate(interview.interviewers):
                row: FollowUp = await follow_ups.schedule(
                    session, user_id=user_id, application_id=interview.application_id,
                    interview_id=interview.id, interviewer_id=person.id,
                    kind=FollowUpKind.THANK_YOU,
                    due_at=now - dt.timedelta(minutes=1) if index == 0 else waiting_due,
                )  # fmt: skip
                if index == 0:
                    tapped.append(row.id)
    return tapped


async def one_run(
    database_url: str, *, people: int, seconds: float, model: FakeModel | None
) -> tuple[list[float], int]:
    """Tap latencies (s) of one run, and how many model drafts were kept meanwhile."""
    settings: dict[str, Any] = {}
    if model is not None:
        settings = {"llm_base_url": model.url, "llm_model": "slow", "llm_timeout_seconds": 20}
    api = LeanBotApi()
    application = build_application(
        Settings(bot_token=SecretStr(TOKEN), database_url=database_url, **settings),
        request=api,
        rate_limit=False,
        run_dispatcher=True,
    )
    await application.initialize()
    tapped = await _seed(application, people)
    await dispatch.dispatch_due(application)  # the notes to tap, delivered before the clock
    await application.start()  # the dispatcher and (with a model) the sweep from now on
    try:
        await asyncio.sleep(1.5)  # the sweep's first run has asked the model
        factory = UpdateFactory()
        latencies: list[float] = []
        actions = itertools.cycle(["later", "back"])
        ids = itertools.cycle(tapped)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            follow_up_id = next(ids)
            data = factory.tap(
                FIRST_USER_ID + tapped.index(follow_up_id), f"fu:v1:{next(actions)}:{follow_up_id}"
            )
            started = time.perf_counter()
            await application.process_update(Update.de_json(data, application.bot))
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(PACE_SECONDS)
        async with application.bot_data.db() as session:
            stored = await session.scalars(
                select(FollowUp.model_draft).where(
                    FollowUp.model_draft.is_not(None), FollowUp.kind == FollowUpKind.THANK_YOU
                )
            )
            kept = sum(1 for value in stored if Stored.of(value).draft is not None)
        return latencies, kept
    finally:
        await application.stop()
        await application.shutdown()


def _figure(latencies: list[float]) -> str:
    p50, p99 = (percentile(latencies, share) * 1000 for share in (0.5, 0.99))
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(latencies):,} taps)"


async def run(people: int, seconds: float, delay: float, rounds: int) -> list[Row]:
    """Runs without and with the slow model, alternated (without first and last), pooled."""
    rows: list[Row] = []
    for backend in backends():
        pooled: dict[bool, list[float]] = {False: [], True: []}
        asked = kept = 0
        for with_model in [False, *([True, False] * rounds)]:
            async with migrated(backend, "model_taps") as database:
                if with_model:
                    async with FakeModel(answer=_varied(), delay=delay) as fake:
                        latencies, drafts = await one_run(
                            database.url, people=people, seconds=seconds, model=fake
                        )
                        asked += len(fake.requests)
                        kept += drafts
                else:
                    latencies, _ = await one_run(
                        database.url, people=people, seconds=seconds, model=None
                    )
            pooled[with_model].extend(latencies)
        without, with_slow = pooled[False], pooled[True]
        rows.append(Row("Model taps", f"{backend}, no model", _figure(without)))
        rows.append(
            Row(
                "Model taps",
                f"{backend}, a model taking {delay:g} s per note",
                f"{_figure(with_slow)}; {asked} model requests, {kept} drafts kept",
            )
        )
        ratio = percentile(with_slow, 0.99) / percentile(without, 0.99)
        rows.append(
            Row(
                "Model taps",
                f"{backend}, tap p99 ratio with/without",
                f"{ratio:.2f}",
                f"≤ {TARGET_RATIO}",
                ratio <= TARGET_RATIO,
            )
        )
    return rows


def _varied() -> Any:
    counter = itertools.count()
    return lambda body: good_note(body, variant=next(counter))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--delay", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2, help="runs with the model")
    args = parser.parse_args()
    rows = asyncio.run(run(args.users, args.seconds, args.delay, args.rounds))
    print(markdown(rows))


if __name__ == "__main__":
    main()
