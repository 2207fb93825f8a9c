"""Part 2c: kill -9 of a dispatching process; how many messages go out twice per kill.

The dispatcher runs in a process of its own (`python -m bench.dispatch_kills child …`:
the app as configured, dispatcher runs back to back) against a fake Bot API over real HTTP
in this process: every call a round trip away, any message beyond 30 in a sliding 1-s
window answered 429. The fake SIGKILLs the process the moment it accepts the process's
n-th message (n drawn per kill from a fixed seed), before answering it: Telegram has the
message, the process never learns it. The next process is started once the last is dead;
the dead one's claims go out again when their lease runs out. After the kills one last
process sends everything left. A message belongs to the last process started before it
arrived; a follow-up sent first by a killed process and again later is one of its
duplicates.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import contextlib
import json
import math
import os
import random
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import tornado.web
from pydantic import SecretStr
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bench.databases import WORK
from bench.dispatching import CAP, dispatch_once, keep_due, mode_settings
from bench.fake_api import answer
from bench.incoming import TOKEN
from bench.report import Row
from bot.app import build_application
from bot.config import Settings

KILLS = 6
RTT = 0.3  # the slow end of Telegram's round trip: the most messages in flight
# Above the dispatcher's 5-s margin (under it, claims are given back, not sent).
LEASE_SECONDS = 10.0
SEED = 15


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class KillingBotApi:
    """Telegram over HTTP, `rtt` away, capped at 30/s; kills `victim` at its `kill_at`-th
    message; `all_in` is set once every chat of `wanted` has had a message."""

    def __init__(self, rtt: float) -> None:
        self.rtt = rtt
        self.rejected = 0
        self.messages: list[tuple[float, int]] = []  # (arrival, chat) of accepted messages
        self.victim: int | None = None
        self.kill_at = 0
        self.count = 0
        self._window: collections.deque[float] = collections.deque()
        self._message_ids = iter(range(1000, 10**9))
        self.wanted: set[int] = set()
        self.seen: set[int] = set()
        self.all_in = asyncio.Event()
        self._server: HTTPServer | None = None
        self.port = 0

    def aim(self, pid: int | None, nth: int) -> None:
        self.victim, self.kill_at, self.count = pid, nth, 0

    async def start(self) -> KillingBotApi:
        app = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", _Handler, {"api": self})], log_function=lambda _: None
        )
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app)
        self._server.add_sockets(sockets)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        arrives = time.monotonic() + self.rtt / 2
        await asyncio.sleep(self.rtt / 2)
        if "chat_id" in params:
            while self._window and self._window[0] <= arrives - 1.0:
                self._window.popleft()
            if len(self._window) >= CAP:
                self.rejected += 1
                wait = max(1, math.ceil(self._window[0] + 1.0 - arrives))
                await asyncio.sleep(self.rtt / 2)
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {wait}",
                    "parameters": {"retry_after": wait},
                }
            self._window.append(arrives)
            self.messages.append((arrives, int(params["chat_id"])))
            self.seen.add(int(params["chat_id"]))
            if self.wanted <= self.seen:
                self.all_in.set()
            self.count += 1
            if self.victim is not None and self.count == self.kill_at:
                os.kill(self.victim, signal.SIGKILL)
                self.victim = None
        result = answer(method, params, next(self._message_ids))
        await asyncio.sleep(self.rtt / 2)
        return 200, {"ok": True, "result": result}


class _Handler(tornado.web.RequestHandler):
    def initialize(self, api: KillingBotApi) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        params = {name: _decode(v[-1].decode()) for name, v in self.request.arguments.items()}
        status, body = await self.api.call(method, params)
        self.set_status(status)
        self.finish(body)


@dataclass(frozen=True)
class KillRun:
    """Duplicates per kill, and how the run went."""

    per_kill: list[int]
    kill_points: list[int]
    after_kills: int  # duplicates first sent by the process never killed (0 expected)
    concurrency: int
    left_undelivered: int
    rejected: int
    seconds: float


def _child_command(url: str, base_url: str, mode: str) -> list[str]:
    return [sys.executable, "-m", "bench.dispatch_kills", "child", url, base_url, mode]


async def run(url: str, count: int, mode: str, *, rtt: float = RTT, kills: int = KILLS) -> KillRun:
    """`kills` kill -9s of dispatching processes over `count` due rows, then one to finish."""
    chats = await _due_chats(url, await keep_due(url, count))
    api = await KillingBotApi(rtt).start()
    api.wanted = chats
    rng = random.Random(SEED)
    points = [rng.randint(5, 60) for _ in range(kills)]
    spawned: list[float] = []
    log_path = WORK / f"kills-{mode}.log"
    started = time.monotonic()
    try:
        with log_path.open("ab") as log:
            for nth in points:
                process = await _spawn(url, api, mode, log, spawned)
                api.aim(process.pid, nth)
                await asyncio.wait_for(process.wait(), 120)
                # What it had on the wire reaches Telegram within half a round trip: before
                # the next process starts, so that it is counted as the dead one's.
                await asyncio.sleep(rtt + 0.2)
            process = await _spawn(url, api, mode, log, spawned)
            api.aim(None, 0)
            with contextlib.suppress(TimeoutError):  # what never came is reported
                await asyncio.wait_for(api.all_in.wait(), LEASE_SECONDS + 3 * count / CAP + 60)
            await asyncio.sleep(1.5)  # anything still going out twice shows up now
            process.kill()
            await process.wait()
    finally:
        api.stop()
    # A repeat is owed to the process that sent the copy before it: that one was killed
    # before recording it (a row may go out three times over two kills).
    last: dict[int, int] = {}
    again: Counter[int] = Counter()
    for at, chat in api.messages:
        owner = bisect.bisect_right(spawned, at) - 1
        if chat in last:
            again[last[chat]] += 1
        last[chat] = owner
    concurrency = Settings(**mode_settings(mode)).dispatch_concurrency
    return KillRun(
        per_kill=[again.get(i, 0) for i in range(kills)],
        kill_points=points,
        after_kills=again.get(kills, 0),
        concurrency=concurrency,
        left_undelivered=len(chats - set(last)),
        rejected=api.rejected,
        seconds=time.monotonic() - started,
    )


async def _spawn(
    url: str, api: KillingBotApi, mode: str, log: Any, spawned: list[float]
) -> asyncio.subprocess.Process:
    spawned.append(time.monotonic())
    return await asyncio.create_subprocess_exec(
        *_child_command(url, api.base_url, mode),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )


async def _due_chats(url: str, ids: list[int]) -> set[int]:
    from sqlalchemy import select

    from storage.db import create_engine, create_sessionmaker
    from storage.models import FollowUp, User

    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.scalars(
                select(User.chat_id)
                .join(FollowUp, FollowUp.user_id == User.id)
                .where(FollowUp.id.in_(ids))
            )
            chats = set(rows.all())
    finally:
        await engine.dispose()
    assert len(chats) == len(ids), "one due follow-up per chat, so a repeat is a duplicate"
    return chats


def rows(backend: str, count: int, stored: int, results: dict[str, KillRun]) -> list[Row]:
    out = []
    for mode, result in results.items():
        case = (
            f"{backend}, {mode}: {KILLS} kill -9s while dispatching {count} due of {stored:,} "
            f"stored, at message {result.kill_points}; round trip {RTT * 1000:.0f} ms, "
            f"{result.concurrency} workers, lease {LEASE_SECONDS:.0f} s"
        )
        worst = max(result.per_kill)
        out += [
            Row(
                "2c Kill -9",
                case,
                f"re-sent per kill {result.per_kill}: at most {worst}, mean "
                f"{sum(result.per_kill) / len(result.per_kill):.1f}",
                f"≤ DISPATCH_CONCURRENCY ({result.concurrency})",
                worst <= result.concurrency,
            ),
            Row(
                "2c Kill -9",
                case,
                f"{result.left_undelivered} never delivered, {result.after_kills} re-sent "
                f"without a kill ({result.seconds:.0f} s; {result.rejected} answers 429, see "
                "bench/README.md)",
                "0 and 0",
                result.left_undelivered == 0 and result.after_kills == 0,
            ),
        ]
    return out


async def _child(url: str, base_url: str, mode: str) -> None:
    """One dispatching process: the app as configured, dispatcher runs back to back."""
    settings = Settings(
        bot_token=SecretStr(TOKEN),
        database_url=url,
        telegram_base_url=base_url,
        dispatch_lease_seconds=LEASE_SECONDS,
        **mode_settings(mode),
    )
    application = build_application(settings, rate_limit=True, run_dispatcher=False)
    await application.initialize()
    try:
        while True:
            report = await dispatch_once(application, mode)
            if not report.claimed:
                await asyncio.sleep(0.2)
    finally:
        await application.shutdown()


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    import logging

    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    asyncio.run(_child(*sys.argv[2:5]))
