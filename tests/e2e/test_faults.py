"""`python -m bot` under faults: a locked or read-only database, kill -9 mid-conversation,
hostile webhook bodies, update ids that restart lower. Never deaf, nothing lost or doubled."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import datetime as dt
import json
import os
import random
import signal
import time
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from storage.db import create_engine, create_sessionmaker
from storage.interviews import InterviewerInput
from storage.models import FollowUpKind, Interview, JobApplication, User
from tests.conftest import IN_CI, POSTGRES_URL
from tests.e2e.conftest import BotProcess, Bots, free_port, person
from tests.e2e.faults_support import (
    Conversation,
    Debrief,
    PeakRss,
    ReadOnlyPostgres,
    SqliteWriteLock,
    assert_never_deaf,
    log_events,
    padded_update,
    post_raw,
)
from tests.e2e.test_polling import follow_up_id, onboard
from tests.support.fake_bot_api import MESSAGE_METHODS, Call, FakeBotApi
from tests.support.follow_up_data import add_follow_up, seed_interview

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not POSTGRES_URL and not IN_CI,
        reason="TEST_DATABASE_URL is not set: a read-only database needs a real PostgreSQL",
    ),
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]

SECRET = "e2e-webhook-secret-0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MIB = 1024 * 1024


async def say_and_expect(
    telegram: FakeBotApi, user: dict[str, object], text: str, expect: str
) -> Call:
    mark = len(telegram.calls)
    await telegram.say(user, text)
    return await telegram.reply(int(str(user["id"])), expect, since=mark)


# --- 1 and 2: the database refuses writes for a while -------------------------------------

LOCK_SECONDS = 40  # longer than the bot's busy_timeout of 30 s


@pytest.mark.slow
@sqlite_only
async def test_a_foreign_sqlite_write_lock_longer_than_busy_timeout_never_leaves_the_bot_deaf(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    user = person(7101, "Lou")
    bot = await bots.start()
    await onboard(telegram, user)
    async with SqliteWriteLock(database_url) as lock:
        mark = len(telegram.calls)
        await telegram.say(user, "/new")
        await asyncio.sleep(LOCK_SECONDS)
        healed_at = await lock.release()
    outcome = await assert_never_deaf(bot, telegram, user, since=mark, healed_at=healed_at)
    print(
        json.dumps({"after_lock_seconds": round(outcome.seconds, 1), "exit": outcome.exit_status})
    )


WRITE_OUTAGE_SECONDS = 10


@postgres_only[0]
@postgres_only[1]
@postgres_only[2]
async def test_postgres_refusing_writes_for_ten_seconds_never_leaves_the_bot_deaf(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    user = person(7102, "Lou")
    bot = await bots.start()
    await onboard(telegram, user)
    outage = ReadOnlyPostgres(database_url, POSTGRES_URL)
    await outage.start()
    try:
        mark = len(telegram.calls)
        await telegram.say(user, "/new")
        await asyncio.sleep(WRITE_OUTAGE_SECONDS)
    finally:
        healed_at = await outage.restore()
    outcome = await assert_never_deaf(bot, telegram, user, since=mark, healed_at=healed_at)
    print(
        json.dumps(
            {
                "after_outage_seconds": round(outcome.seconds, 1),
                "exit": outcome.exit_status,
                "connections_cut": outage.cut,
            }
        )
    )


# --- 3: kill -9 at random points while users converse and follow-ups go out ---------------

KILLS = 20
CONVERSING = 3
DUE_USERS = 30
DUE_INTERVIEWERS = 5  # a thank-you and a call each: 300 due rows
# Kill -9 leaves the dead process's claims for the lease to run out: short, so they go out
# within the test. Above the dispatcher's 5-s margin, under which it gives claims back.
LEASE_SECONDS = 12
# Each worker records its outcome before its next send: a process killed leaves at most
# one message per worker at Telegram and not recorded, sent again once the lease runs out.
# Fewer workers than the default (16) make the bound tight enough to catch outcomes held
# back even briefly (the dispatcher before a482b56 held them up to 0.1 s: ~3 at 29/s, plus
# those on the wire), while 4 still keep up with the 30/s cap at this fake's 10 ms.
DISPATCH_CONCURRENCY = 4
# The first cycles kill mostly at replies to the users, the others by time or mid-dispatch.
REPLY_CYCLES = 14
# An answer not sent this long after Telegram no longer holds its update is lost for good.
LOST_AFTER_SECONDS = 8


@dataclass
class KillPoint:
    """When one cycle's bot gets SIGKILL: after some seconds, or at its n-th message of a kind."""

    kind: str  # "time", "reply" (to a conversing user) or "dispatch" (a follow-up)
    seconds: float  # "time": from spawn; otherwise the fallback, from "Serving updates"
    nth: int = 0

    @classmethod
    def draw(cls, rng: random.Random, cycle: int) -> KillPoint:
        """The kill point of one cycle: a function of the seed and the cycle number only."""
        roll = rng.random()
        if cycle < REPLY_CYCLES:
            # The users answer within milliseconds: a kill timed in seconds would let each of
            # them through a dozen turns, so most of these kills come at a reply.
            if roll < 0.15:
                return cls("time", rng.uniform(0.2, 2.0))
            return cls("reply", rng.uniform(0.5, 2.0), rng.randint(2, 6))
        if roll < 0.5:
            return cls("time", rng.uniform(0.2, 3.0))
        # At 29 messages/s, the 25th goes out about a second after the dispatch starts.
        return cls("dispatch", rng.uniform(0.5, 2.5), rng.randint(1, 25))


async def kill_at(
    point: KillPoint,
    bot: BotProcess,
    telegram: FakeBotApi,
    conversing: set[int],
    killed_at_saved: set[int],
) -> str:
    """Kill the bot at `point`, or at a user's first "Saved" reply; what did, for the report.

    That reply is the one point every run kills at, for each user: the debrief's save is in,
    and its update not yet confirmed.
    """
    assert bot.process is not None
    pid = bot.process.pid
    spawned = time.monotonic()
    count = 0
    fired: list[str] = []

    def watch(call: Call) -> None:
        # Synchronously, before the bot hears Telegram's answer: Telegram did what the bot
        # asked, the bot never learns it.
        nonlocal count
        if fired or call.method not in MESSAGE_METHODS or call.chat_id is None:
            return
        ours = call.chat_id in conversing
        if ours and call.chat_id not in killed_at_saved and call.text.startswith("Saved:"):
            os.kill(pid, signal.SIGKILL)
            killed_at_saved.add(call.chat_id)
            fired.append(f"at user {call.chat_id}'s Saved reply")
            return
        if (point.kind == "reply" and ours) or (
            point.kind == "dispatch" and not ours and follow_up_id(call) is not None
        ):
            count += 1
            if count == point.nth:
                os.kill(pid, signal.SIGKILL)
                fired.append(f"{point.kind} #{count} ({call.method})")

    telegram.after_call = watch
    ready_at: float | None = None
    try:
        while not fired:
            now = time.monotonic()
            if point.kind == "time" and now - spawned >= point.seconds:
                break
            if ready_at is None and "Serving updates" in bot.log:
                ready_at = now
            if point.kind != "time" and (
                (ready_at is not None and now - ready_at >= point.seconds) or now - spawned > 10
            ):
                break
            if bot.process.returncode is not None:
                break
            await asyncio.sleep(0.01)
    finally:
        telegram.after_call = None
    if fired:
        # Only wait: asyncio's Process.kill() would poll (and so reap) the dead child itself,
        # and asyncio would then report status 255 instead of the SIGKILL.
        await bot.wait()
        return fired[0]
    await bot.kill()
    return f"{point.kind} after {time.monotonic() - spawned:.2f} s" + (
        "" if ready_at is not None else " (still starting)"
    )


async def seed_due_follow_ups(database_url: str) -> set[int]:
    engine = create_engine(database_url)
    due: set[int] = set()
    try:
        db = create_sessionmaker(engine)
        people = [InterviewerInput(name=f"P{n}", topics="testing") for n in range(DUE_INTERVIEWERS)]
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        for user in range(DUE_USERS):
            seeded = await seed_interview(db, user_id=40_000 + user, interviewers=people)
            for index in range(DUE_INTERVIEWERS):
                for kind in (FollowUpKind.THANK_YOU, FollowUpKind.CALL):
                    due.add(await add_follow_up(db, seeded, kind, due_at=now, interviewer=index))
    finally:
        await engine.dispose()
    return due


async def saved_debriefs(database_url: str, user_id: int) -> tuple[User | None, list[Interview]]:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            user = await session.get(User, user_id)
            interviews = (
                await session.scalars(
                    select(Interview)
                    .join(JobApplication)
                    .where(JobApplication.user_id == user_id)
                    .options(
                        selectinload(Interview.application), selectinload(Interview.interviewers)
                    )
                )
            ).all()
            applications = await session.scalar(
                select(func.count())
                .select_from(JobApplication)
                .where(JobApplication.user_id == user_id)
            )
    finally:
        await engine.dispose()
    assert applications == len({interview.application_id for interview in interviews})
    return user, list(interviews)


def lost_answers(debrief: Debrief, user: User | None, interviews: list[Interview]) -> list[str]:
    """Every answer the user gave that the stored debrief (each copy of it) does not hold."""
    if user is None:
        return ["the settings: no user row"]
    if not interviews:
        return ["the whole debrief: none saved"]
    missing = [
        f"{name}: {stored!r}, not {given!r}"
        for name, stored, given in [
            ("sign name", user.sign_name, debrief.sign_name),
            ("time zone", user.timezone, "Europe/Berlin"),
            ("hour", user.nudge_hour, 9),
        ]
        if stored != given
    ]
    berlin = ZoneInfo("Europe/Berlin")
    yesterday = dt.datetime.now(berlin).date() - dt.timedelta(days=1)
    given_people = [(debrief.interviewer, debrief.title, debrief.contact, debrief.topics)]
    for interview in interviews:
        held = interview.held_at.astimezone(berlin)
        people = [(p.name, p.title, p.contact, p.topics) for p in interview.interviewers]
        checks = [
            ("company", interview.application.company, debrief.company),
            ("role", interview.application.role, debrief.role),
            ("when", (held.hour, held.minute), (14, 30)),
            ("interviewers", people, given_people),
            ("pitch", interview.pitch, debrief.pitch),
            ("timeline", interview.timeline_text, "2 weeks"),
        ]
        missing += [
            f"{name}: {got!r}, not {given!r}" for name, got, given in checks if got != given
        ]
        # "yesterday" as of the answer; the day before too, should the test cross midnight.
        if held.date() not in (yesterday, yesterday - dt.timedelta(days=1)):
            missing.append(f"when: {held.date()}, not yesterday")
    return missing


def follow_ups_sent(telegram: FakeBotApi) -> list[int]:
    """The follow-up of every follow-up message Telegram accepted, repeats included."""
    return [number for _, number in follow_up_messages(telegram)]


def follow_up_messages(telegram: FakeBotApi) -> list[tuple[float, int]]:
    """When each follow-up message Telegram accepted arrived, and its follow-up, in order."""
    return [
        (call.at, number)
        for call in telegram.of("sendMessage")
        if call.status == 200 and (number := follow_up_id(call)) is not None
    ]


def duplicates_by_process(
    messages: list[tuple[float, int]], spawned: list[float]
) -> dict[int, int]:
    """Per bot process (by its index), how many of the follow-ups it sent went again.

    The processes ran one after another, each started once the last was dead: a message
    belongs to the last one started before it arrived. A repeat is owed to the process that
    sent the copy before it (killed before recording it; a follow-up may go three times).
    """
    last: dict[int, int] = {}  # follow-up -> the process that last sent it
    again: Counter[int] = Counter()
    for at, number in messages:
        process = bisect.bisect_right(spawned, at) - 1
        if number in last:
            again[last[number]] += 1
        last[number] = process
    return dict(again)


async def still_answers(
    telegram: FakeBotApi, user: dict[str, object], debrief: Debrief
) -> list[str]:
    """/list shows the saved application; /new starts afresh, and /cancel ends it."""
    problems = []
    for text, expect in [
        ("/list", debrief.company),
        ("/new", "Which company"),
        ("/cancel", "Debrief cancelled"),
    ]:
        try:
            await say_and_expect(telegram, user, text, expect)
        except AssertionError as error:
            problems.append(f"user {user['id']}: {text} answered wrongly: {error}")
    return problems


@pytest.mark.slow
async def test_kill_9_at_random_points_loses_no_answer_saves_nothing_twice_and_strands_no_one(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    seed = int(os.environ.get("E2E_KILL_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"kill schedule seed: {seed} (rerun it with E2E_KILL_SEED={seed})")
    rng = random.Random(seed)
    due = await seed_due_follow_ups(database_url)
    assert len(due) == DUE_USERS * DUE_INTERVIEWERS * 2
    telegram.delays["sendMessage"] = 0.01
    debriefs = [Debrief(number) for number in range(1, CONVERSING + 1)]
    users = [
        Conversation(
            telegram, person(71_000 + d.number, f"Kim{d.number}"), d.turns(), LOST_AFTER_SECONDS
        )
        for d in debriefs
    ]
    conversing = {conversation.chat for conversation in users}
    talking = [asyncio.create_task(conversation.run()) for conversation in users]
    env = {
        "DISPATCH_LEASE_SECONDS": str(LEASE_SECONDS),
        "DISPATCH_CONCURRENCY": str(DISPATCH_CONCURRENCY),
    }
    started = time.monotonic()
    kills: list[str] = []
    by_itself: list[str] = []
    finished_in: dict[int, int] = {}  # user -> the cycle in which their debrief was through
    killed_at_saved: set[int] = set()
    spawned: list[float] = []  # when each bot process was started, the last one's included
    try:
        for cycle in range(KILLS):
            spawned.append(time.monotonic())
            bot = await bots.start(ready=None, **env)
            point = KillPoint.draw(rng, cycle)
            kills.append(await kill_at(point, bot, telegram, conversing, killed_at_saved))
            assert bot.process is not None
            if bot.process.returncode != -signal.SIGKILL:
                by_itself.append(f"status {bot.process.returncode}:\n{log_events(bot, 5)}")
            for conversation in users:
                if conversation.done:
                    finished_in.setdefault(conversation.chat, cycle)
            failed = [task for task in talking if task.done() and task.exception()]
            if failed:
                failed[0].result()
        killed_for = time.monotonic() - started

        spawned.append(time.monotonic())
        await bots.start(**env)
        done, _ = await asyncio.wait(talking, timeout=45)
        for task in done:
            task.result()  # an apology or a crash of the driver surfaces here
        with contextlib.suppress(AssertionError):  # reported below, with everything else
            await telegram.wait_for(
                lambda: due <= set(follow_ups_sent(telegram)), within=LEASE_SECONDS + 30
            )
        await asyncio.sleep(1.5)  # anything still going out twice shows up now
    finally:
        for task in talking:
            task.cancel()

    problems = [f"a bot process stopped by itself, {line}" for line in by_itself]
    problems += [f"never finished: {c!r}" for c in users if not c.done]
    unsent = due - set(follow_ups_sent(telegram))
    if unsent:
        problems.append(f"{len(unsent)} due follow-ups never sent")
    for conversation, debrief in zip(users, debriefs, strict=True):
        if conversation.done:
            # Finished, and a command afterwards answers normally, outside any conversation.
            problems += await still_answers(telegram, conversation.user, debrief)
        user, interviews = await saved_debriefs(database_url, conversation.chat)
        if len(interviews) > 1:
            problems.append(f"user {conversation.chat}: saved {len(interviews)} times")
        problems += [
            f"user {conversation.chat} lost {what}"
            for what in lost_answers(debrief, user, interviews)
        ]
    counts = Counter(follow_ups_sent(telegram))
    duplicates = sum(n - 1 for n in counts.values())
    per_process = duplicates_by_process(follow_up_messages(telegram), spawned)
    per_kill = [per_process.get(cycle, 0) for cycle in range(KILLS)]
    report = {
        "seed": seed,
        "kills": kills,
        "killing_seconds": round(killed_for, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "follow_up_messages": sum(counts.values()),
        "follow_up_duplicates": duplicates,
        "duplicates_per_kill": per_kill,
        "answers_lost_after_commit": {c.chat: c.lost for c in users},
        "finished_in_cycle": finished_in,
    }
    print(json.dumps(report))
    over = [(cycle, n) for cycle, n in enumerate(per_kill) if n > DISPATCH_CONCURRENCY]
    if over:
        problems.append(
            f"kills re-sent more than DISPATCH_CONCURRENCY={DISPATCH_CONCURRENCY} follow-up "
            f"messages (cycle, how many): {over}"
        )
    if per_process.get(KILLS):
        problems.append(f"the bot never killed sent {per_process[KILLS]} follow-ups twice")
    assert not problems, f"seed {seed}:\n" + "\n".join(problems) + f"\n{report}"


# --- 4: hostile webhook bodies ------------------------------------------------------------


async def test_the_webhook_refuses_unauthenticated_and_oversized_bodies_without_reading_them(
    bots: Bots, telegram: FakeBotApi
) -> None:
    user = person(7104, "Lou")
    port = free_port()
    bot = await bots.start(
        "--webhook",
        WEBHOOK_URL="https://bot.example.test/telegram",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        PORT=str(port),
    )
    assert bot.process is not None

    def start_update(update_id: int) -> dict[str, object]:
        # Each request its own update id: a redelivery of one already handled is skipped.
        return {"update_id": update_id, **telegram.text_update(user, "/start")}

    problems: list[str] = []

    async with PeakRss(bot.process.pid) as memory:
        unauthenticated = await post_raw(
            port, "/telegram", body_size=95 * MIB, head=json.dumps(start_update(1)).encode()
        )
    grew = memory.growth_mib()
    if not unauthenticated.answered or unauthenticated.status not in (403, None):
        problems.append(f"95 MB without the secret: {unauthenticated}, not 403 or closed")
    elif unauthenticated.seconds > 5:
        problems.append(
            f"95 MB without the secret: refused only after {unauthenticated.seconds:.1f} s"
        )
    if grew >= 20:
        problems.append(
            f"95 MB without the secret: the bot's memory grew by {grew:.0f} MiB: it was read"
        )

    secret = {SECRET_HEADER: SECRET}
    oversized = {
        "2 MB with the secret": await post_raw(
            port,
            "/telegram",
            body_size=2 * MIB,
            head=json.dumps(start_update(2)).encode(),
            headers=secret,
        ),
        "2 MB chunked with the secret": await post_raw(
            port,
            "/telegram",
            body_size=2 * MIB,
            head=json.dumps(start_update(3)).encode(),
            headers=secret,
            chunked=True,
        ),
    }
    for what, answer in oversized.items():
        # 413, or the connection closed on it (tornado's own cap answers 400 and closes).
        if answer.status != 413 and not answer.refused_and_closed:
            problems.append(f"{what}: {answer}, neither 413 nor closed")
    if telegram.sent_to(7104):
        problems.append("an oversized update was handled: the bot answered it")
    mark = len(telegram.calls)

    # Padded as the oversized ones were, but small: only the size set those apart.
    async with httpx.AsyncClient(timeout=10) as client:
        served = await client.post(
            f"http://127.0.0.1:{port}/telegram",
            content=padded_update(start_update(4), 4096),
            headers=secret,
        )
    if served.status_code != 200:
        problems.append(f"a valid update with the secret afterwards: {served.status_code}")
    else:
        try:
            await telegram.reply(7104, "sign your notes", since=mark, within=10)
        except AssertionError as error:
            problems.append(f"a valid update with the secret afterwards was not answered: {error}")
    if bot.process.returncode is not None:
        problems.append(f"the bot exited with {bot.process.returncode}")
    print(
        json.dumps(
            {
                "unauthenticated": vars(unauthenticated),
                "rss_growth_mib": round(grew, 1),
                **{what: vars(answer) for what, answer in oversized.items()},
            }
        )
    )
    assert not problems, "\n".join(problems) + "\n" + log_events(bot)


# --- 5: update ids that restart lower -------------------------------------------------------


async def test_update_ids_restarting_lower_after_a_quiet_week_are_answered_across_a_restart(
    bots: Bots, telegram: FakeBotApi
) -> None:
    user = person(7105, "Lou")
    telegram.restart_update_ids(900_000_000)
    bot = await bots.start()
    await say_and_expect(telegram, user, "/start", "sign your notes")
    await telegram.wait_for(
        lambda: not telegram.pending_update_ids(),
        within=10,
        what="update 900 000 000 confirmed",
        seen=telegram.pending_update_ids,
    )

    # A quiet week later the Bot API numbers updates afresh, far below the last offset.
    telegram.restart_update_ids(12_345)
    await say_and_expect(telegram, user, "Ana Lima", "Which time zone")
    await telegram.wait_for(
        lambda: not telegram.pending_update_ids(),
        within=10,
        what="update 12 345 confirmed",
        seen=telegram.pending_update_ids,
    )

    await bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
    await bots.start()
    await say_and_expect(telegram, user, "Berlin", "At what hour")
    await telegram.wait_for(
        lambda: not telegram.pending_update_ids(),
        within=10,
        what="update 12 346 confirmed",
        seen=telegram.pending_update_ids,
    )
    await asyncio.sleep(1)  # an update handled twice would be answered twice by now
    texts = [call.text for call in telegram.sent_to(7105)]
    for fragment in ("sign your notes", "Which time zone", "At what hour"):
        assert sum(fragment.lower() in text.lower() for text in texts) == 1, (fragment, texts)


# --- 6: Telegram out of reach for (simulated) minutes with follow-ups due -------------------

# Timings shortened 15 times: a 9-minute outage, the dispatcher's 30-s tick and 2-min
# backoff cap; every follow-up due meanwhile must go out once within "a minute" of the return.
OUTAGE_SCALE = 15
OUTAGE_SECONDS = 9 * 60 / OUTAGE_SCALE
OUTAGE_USERS = 8
OUTAGE_PER_USER = 5  # 40 follow-ups due during the outage, as in issue 20's report
# The minute, shortened; plus the messages at Telegram's ~29/s, which nothing shortens.
DELIVERED_WITHIN_SECONDS = 60 / OUTAGE_SCALE + OUTAGE_USERS * OUTAGE_PER_USER / 29


@pytest.mark.slow
@pytest.mark.parametrize("kill_midway", [False, True], ids=["steady", "kill-9-midway"])
async def test_telegram_refusing_connections_for_minutes_loses_and_doubles_no_follow_up(
    bots: Bots, telegram: FakeBotApi, database_url: str, kill_midway: bool
) -> None:
    timings = {
        "DISPATCH_INTERVAL_SECONDS": str(30 / OUTAGE_SCALE),
        "DISPATCH_RETRY_MAX_SECONDS": str(120 / OUTAGE_SCALE),
        "DISPATCH_LEASE_SECONDS": str(120 / OUTAGE_SCALE),
    }
    bot = await bots.start(**timings)
    first = bot
    await telegram.refuse_connections()
    refused_at = time.monotonic()
    # Due one after another from the start of the outage to shortly before its end.
    engine = create_engine(database_url)
    due: set[int] = set()
    try:
        db = create_sessionmaker(engine)
        people = [InterviewerInput(name=f"P{n}", topics="testing") for n in range(OUTAGE_PER_USER)]
        start = dt.datetime.now(dt.UTC)
        step = (OUTAGE_SECONDS - 4) / (OUTAGE_USERS * OUTAGE_PER_USER)
        for user in range(OUTAGE_USERS):
            seeded = await seed_interview(db, user_id=41_000 + user, interviewers=people)
            for index in range(OUTAGE_PER_USER):
                at = start + dt.timedelta(seconds=step * (user * OUTAGE_PER_USER + index))
                due.add(await add_follow_up(db, seeded, due_at=at, interviewer=index))
    finally:
        await engine.dispose()
    if kill_midway:
        await asyncio.sleep(max(OUTAGE_SECONDS / 2 - (time.monotonic() - refused_at), 0))
        await bot.kill()  # SIGKILL, whatever it had claimed stays claimed until the lease ends
        # As the platform would restart it: it cannot start while Telegram is out of reach.
        retry = await bots.start(ready=None, **timings)
        assert await retry.wait() == 1, retry.log
        assert "Cannot reach Telegram" in retry.log, retry.log
    await asyncio.sleep(max(OUTAGE_SECONDS - (time.monotonic() - refused_at), 0))
    back_at = await telegram.accept_connections()
    if kill_midway:
        bot = await bots.start(**timings)
    serving_at = time.monotonic()

    await telegram.wait_for(
        lambda: set(follow_ups_sent(telegram)) >= due,
        within=DELIVERED_WITHIN_SECONDS + 30,
        what="every follow-up due during the outage",
        seen=lambda: f"{len(set(follow_ups_sent(telegram)) & due)} of {len(due)}",
    )
    await asyncio.sleep(2)  # a second copy would be out by now

    arrivals = follow_up_messages(telegram)
    counts = Counter(number for _, number in arrivals)
    last = max(at for at, number in arrivals if number in due)
    print(
        json.dumps(
            {
                "outage_seconds": round(back_at - refused_at, 1),
                "due": len(due),
                "killed_midway": kill_midway,
                "serving_after_return_seconds": round(serving_at - back_at, 1),
                "last_delivered_after_return_seconds": round(last - back_at, 1),
            }
        )
    )
    assert {n: c for n, c in counts.items() if c > 1} == {}
    # Once serving again (a restarted process needs its start first).
    assert last - serving_at <= DELIVERED_WITHIN_SECONDS, (last - serving_at, log_events(bot))
    assert bot.process is not None
    assert bot.process.returncode is None, log_events(bot)
    assert first.log.count("Telegram cannot be reached") == 1, log_events(first)
