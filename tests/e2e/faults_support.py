"""Faults for the e2e fault tests: a foreign SQLite lock, a read-only PostgreSQL, raw HTTP, memory.

And the one check every fault test ends with: the bot is never alive and deaf.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine
from tests.e2e.conftest import BotProcess
from tests.support.fake_bot_api import Call, FakeBotApi

# --- another process holding SQLite's write lock ------------------------------------------

_LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()  # until the test says so, or is gone
connection.execute("ROLLBACK")
connection.close()
print("released", flush=True)
"""


class SqliteWriteLock:
    """A separate OS process in `BEGIN EXCLUSIVE` on a database file until `release()`.

    In WAL mode that blocks every other writer (readers go on), as a backup tool or a
    second program opening the file would.
    """

    def __init__(self, database_url: str) -> None:
        database = make_url(database_url).database
        assert database, database_url
        self.path = Path(database)
        self.process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> SqliteWriteLock:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _LOCK_HOLDER,
            str(self.path),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), 60)
        assert line.strip() == b"locked", line
        return self

    async def release(self) -> float:
        """Let go of the lock; returns a time before which it certainly was still held."""
        assert self.process is not None
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        before = time.monotonic()
        self.process.stdin.write(b"release\n")
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), 10)
        assert line.strip() == b"released", line
        await asyncio.wait_for(self.process.wait(), 10)
        return before

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


# --- a PostgreSQL database that refuses writes --------------------------------------------

# The bot's connections to the database, but not the one holding the instance lock: cutting
# that one makes today's bot stop on purpose (another process may serve), which would test
# the leadership guard, not what a failing write does to the update pipeline.
_CUT_BOT_CONNECTIONS = """
SELECT count(pg_terminate_backend(activity.pid)) FROM pg_stat_activity AS activity
WHERE activity.datname = :database AND activity.pid <> pg_backend_pid()
  AND NOT EXISTS (
    SELECT 1 FROM pg_locks AS held
    WHERE held.pid = activity.pid AND held.locktype = 'advisory' AND held.granted
  )
"""


class ReadOnlyPostgres:
    """Makes one database read-only: new sessions start read-only, the current ones are cut.

    As when a managed database goes read-only (a full disk, a failover): every write fails
    with `cannot execute ... in a read-only transaction` until `restore()`, which also cuts
    the sessions opened meanwhile, since they keep the read-only default they started with.
    """

    def __init__(self, database_url: str, admin_url: str) -> None:
        self.database_url = database_url
        self.database = make_url(database_url).database
        assert self.database, database_url
        self.admin_url = admin_url
        self.cut: list[int] = []  # the bot's connections cut, at start and at restore

    async def _admin(self, statement: str) -> int:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                result = await connection.execute(text(statement), {"database": self.database})
                return int(result.scalar() or 0) if result.returns_rows else 0
        finally:
            await engine.dispose()

    async def start(self) -> None:
        await self._admin(
            f'ALTER DATABASE "{self.database}" SET default_transaction_read_only = on'
        )
        self.cut.append(await self._admin(_CUT_BOT_CONNECTIONS))
        # Whatever the bot's pool held, a session it opens now cannot write.
        engine = create_engine(self.database_url)
        try:
            async with engine.connect() as connection:
                setting = await connection.scalar(text("SHOW default_transaction_read_only"))
        finally:
            await engine.dispose()
        assert setting == "on", setting

    async def restore(self) -> float:
        """Writes work again from the returned time on (and not before)."""
        before = time.monotonic()
        await self._admin(f'ALTER DATABASE "{self.database}" RESET default_transaction_read_only')
        self.cut.append(await self._admin(_CUT_BOT_CONNECTIONS))
        return before


# --- never alive and deaf -----------------------------------------------------------------


@dataclass
class Outcome:
    """How a bot came out of a fault: it answered, or it stopped with a status."""

    answered: Call | None
    exit_status: int | None
    seconds: float


async def answered_or_exited(
    bot: BotProcess, telegram: FakeBotApi, chat_id: int, *, since: int, within: float
) -> Outcome:
    """Wait until the bot sends `chat_id` anything from call `since` on, or exits."""
    assert bot.process is not None
    started = time.monotonic()
    while time.monotonic() - started < within:
        sent = telegram.sent_to(chat_id, since)
        if sent:
            return Outcome(sent[0], None, time.monotonic() - started)
        if bot.process.returncode is not None:
            return Outcome(None, bot.process.returncode, time.monotonic() - started)
        await asyncio.sleep(0.05)
    return Outcome(None, None, time.monotonic() - started)


def log_events(bot: BotProcess, last: int = 15) -> str:
    """The last log lines that are events (tracebacks left out): what the bot was doing."""
    events = [line for line in bot.log.splitlines() if line[:4].isdigit()]
    return "\n".join(events[-last:])


async def assert_never_deaf(
    bot: BotProcess,
    telegram: FakeBotApi,
    user: dict[str, Any],
    *,
    since: int,
    healed_at: float,
    within: float = 60,
) -> Outcome:
    """After a fault is healed: the user has an answer and a new message gets one, or the bot
    has exited with a non-zero status. Alive and silent is the one wrong outcome."""
    chat = int(user["id"])
    problems = []
    outcome = await answered_or_exited(bot, telegram, chat, since=since, within=within)
    if outcome.exit_status == 0:
        problems.append("the bot exited with status 0 during a fault")
    elif outcome.exit_status is None and outcome.answered is None:
        problems.append(
            f"alive and deaf: no answer to the user {within:.0f} s after the fault was healed"
        )
    elif outcome.exit_status is None:
        mark = len(telegram.calls)
        await telegram.say(user, "Are you there?")
        again = await answered_or_exited(bot, telegram, chat, since=mark, within=30)
        if again.answered is None and again.exit_status in (None, 0):
            problems.append(
                "answered the message sent during the fault, then went deaf: no answer to a "
                f"new message in 30 s (exit status {again.exit_status})"
            )
    # Telegram calls go out only after the update's transaction commits, and nothing can
    # commit while the fault lasts: an answer sent before it was healed was sent uncommitted.
    early = [call.text[:60] for call in telegram.sent_to(chat, since) if call.at < healed_at]
    if early:
        problems.append(f"answered while no write could commit (before its commit): {early}")
    assert not problems, "\n".join(problems) + "\nThe log's last events:\n" + log_events(bot)
    return outcome


# --- raw HTTP, to send bodies no well-behaved client would ---------------------------------


@dataclass
class RawAnswer:
    """What a server did with a request: its status (None: closed without one), how many
    body bytes it had taken when it answered or closed, how long that took, and whether it
    closed the connection then (rather than go on reading the body)."""

    status: int | None
    sent: int
    seconds: float
    answered: bool
    closed: bool

    @property
    def refused_and_closed(self) -> bool:
        """Closed on the sender, with no answer or an error one: nothing more is read."""
        return self.answered and self.closed and (self.status is None or self.status >= 400)


def padded_update(update: dict[str, Any], size: int) -> bytes:
    """An update as JSON followed by spaces up to `size` bytes: still valid JSON."""
    body = json.dumps(update).encode()
    assert len(body) < size
    return body + b" " * (size - len(body))


async def post_raw(
    port: int,
    path: str,
    *,
    body_size: int,
    head: bytes = b"{}",
    headers: dict[str, str] | None = None,
    chunked: bool = False,
    within: float = 15,
) -> RawAnswer:
    """POST `head` padded with spaces to `body_size` bytes, streamed in 64 KiB pieces, while
    reading the answer; stops sending as soon as the server answers or closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {body_size}",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    sent = 0

    async def send_body() -> None:
        nonlocal sent
        piece = 64 * 1024
        first = True
        with contextlib.suppress(OSError):  # the server closed on us: stop sending
            while sent < body_size:
                size = min(piece, body_size - sent)
                chunk = (head + b" " * (size - len(head))) if first else b" " * size
                first = False
                writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
                await writer.drain()
                sent += len(chunk)
            if chunked:
                writer.write(b"0\r\n\r\n")
                await writer.drain()

    started = time.monotonic()
    sending = asyncio.create_task(send_body())
    status: int | None = None
    answered = closed = True
    try:
        line = await asyncio.wait_for(reader.readline(), within)
        if line:
            status = int(line.split()[1])
    except TimeoutError:  # first: TimeoutError is an OSError too
        answered = closed = False
    except OSError:
        pass  # closed on us (reset): refused, if without a word
    seconds = time.monotonic() - started
    taken = sent
    if status is not None:
        try:
            await asyncio.wait_for(reader.read(), 3)  # the rest of the answer, up to the close
        except TimeoutError:
            closed = False  # still open, waiting for more of the body
        except OSError:
            pass  # reset: closed as well
    sending.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sending
    writer.transport.abort()
    return RawAnswer(status, taken, seconds, answered, closed)


# --- the bot's memory ---------------------------------------------------------------------


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the peak so far) of a process, in KiB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0])
    return fields


class PeakRss:
    """Samples a process's VmRSS every few milliseconds while open; `peak` is the highest."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.before = memory_kib(pid)
        self.peak = self.before["VmRSS"]
        self._task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, memory_kib(self.pid)["VmRSS"])
            await asyncio.sleep(0.005)

    async def __aenter__(self) -> PeakRss:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.peak = max(self.peak, memory_kib(self.pid)["VmRSS"])

    def growth_mib(self) -> float:
        """The larger of the sampled VmRSS growth and the VmHWM growth, in MiB."""
        after = memory_kib(self.pid)
        rss = self.peak - self.before["VmRSS"]
        hwm = after["VmHWM"] - self.before["VmHWM"]
        return max(rss, hwm) / 1024


# --- a user talking to a bot that keeps dying ---------------------------------------------

APOLOGY_FRAGMENT = "something went wrong"


@dataclass(frozen=True)
class Turn:
    """One thing a user does and a fragment of the answer that lets them go on.

    `say` sends text; `tap` taps the button so labelled under the bot's last answer. When
    that answer never came (the bot died after committing, before sending it), the user
    types `typed_instead`: it either answers the turn itself (`typed_answers`) or only makes
    the bot show the question and its buttons again (an answer holding `reshown`).
    """

    expect: str
    say: str | None = None
    tap: str | None = None
    button: str | None = None  # a button the answer must carry: the next turn taps it
    typed_instead: str = "hello?"
    typed_answers: bool = False
    reshown: str = ""


@dataclass(frozen=True)
class Debrief:
    """What one user answers: every value distinct per user, to catch answers crossing over."""

    number: int

    @property
    def sign_name(self) -> str:
        return f"Kim Number{self.number}"

    @property
    def company(self) -> str:
        return f"Kesselwerk {self.number}"

    @property
    def role(self) -> str:
        return f"Platform Engineer {self.number}"

    @property
    def interviewer(self) -> str:
        return f"Dana Voss{self.number}"

    @property
    def title(self) -> str:
        return f"Head of Platform {self.number}"

    @property
    def contact(self) -> str:
        return f"dana{self.number}@kessel.example"

    @property
    def topics(self) -> str:
        return f"their cache rewrite {self.number}"

    @property
    def pitch(self) -> str:
        return f"I have run caches at scale for {self.number + 3} years"

    def turns(self) -> list[Turn]:
        """Onboarding, then a whole debrief through Save."""
        return [
            Turn("sign your notes", say="/start"),
            Turn("Which time zone", say=self.sign_name),
            Turn("At what hour", say="Berlin"),
            Turn("All set", say="9"),
            Turn("Which company", say="/new"),
            Turn("What role", say=self.company),
            Turn("When did it take place", say=self.role),
            Turn("interviewed you", say="yesterday 14:30"),
            Turn("job title", say=self.interviewer),
            Turn("email, phone", say=self.title),
            Turn("What did you talk about", say=self.contact),
            Turn("For the note to", say=self.topics, button="Continue"),
            # Typing at the talking-points review replaces the topics: the same ones, here.
            Turn(
                "Anyone else",
                tap="Continue",
                button="everyone",
                typed_instead=self.topics,
                reshown="For the note to",
            ),
            Turn("right person", tap="everyone", reshown="Anyone else"),
            Turn("What timeline", say=self.pitch, button="2 weeks"),
            # Typing the timeline is the same answer as tapping it.
            Turn(
                "Save it?",
                tap="2 weeks",
                button="Save",
                typed_instead="2 weeks",
                typed_answers=True,
            ),
            Turn("Saved:", tap="Save", reshown="Save it?"),
        ]


class Conversation:
    """One user going through their turns as fast as the bot answers, resending nothing.

    Telegram redelivers what the bot did not confirm; an answer is given up on only once
    Telegram no longer holds the update (it was confirmed, so handled) and `lost_after`
    seconds passed without it: the bot died between its commit and its Telegram calls.
    """

    def __init__(
        self, telegram: FakeBotApi, user: dict[str, Any], turns: list[Turn], lost_after: float
    ) -> None:
        self.telegram = telegram
        self.user = user
        self.chat = int(user["id"])
        self.turns = turns
        self.lost_after = lost_after
        self.turn = 0
        self.lost: list[str] = []  # the answers that never came, by their expected fragment
        self.done = False

    def __repr__(self) -> str:
        where = self.turns[min(self.turn, len(self.turns) - 1)].expect
        return (
            f"<user {self.chat}: turn {self.turn} ({where!r}), lost {self.lost}, done {self.done}>"
        )

    def _answer(self, since: int, expect: str, button: str | None) -> Call | None:
        for call in self.telegram.sent_to(self.chat, since):
            if call.result is None:
                continue  # still being answered: not shown to the user yet
            if APOLOGY_FRAGMENT in call.text.lower():
                raise AssertionError(f"{self!r} got the apology: {call.text[:120]}")
            if expect.lower() not in call.text.lower():
                continue
            labels = call.button_labels
            if button is None or any(button.lower() in label.lower() for label in labels):
                return call
        return None

    async def _exchange(
        self, payload: dict[str, Any], expect: str, button: str | None
    ) -> Call | None:
        """Send one update; the answer, or None once it is known lost."""
        mark = len(self.telegram.calls)
        update_id = (await self.telegram.push_update(**payload))["update_id"]
        confirmed_at: float | None = None
        while True:
            answer = self._answer(mark, expect, button)
            if answer is not None:
                return answer
            if confirmed_at is None and update_id not in self.telegram.pending_update_ids():
                confirmed_at = time.monotonic()
            if confirmed_at is not None and time.monotonic() - confirmed_at > self.lost_after:
                self.lost.append(expect)
                return None
            await asyncio.sleep(0.02)

    async def run(self) -> None:
        shown: Call | None = None  # the bot's last answer: the buttons a tap uses
        while self.turn < len(self.turns):
            turn = self.turns[self.turn]
            if turn.tap is None:
                assert turn.say is not None
                payload = self.telegram.text_update(self.user, turn.say)
                shown = await self._exchange(payload, turn.expect, turn.button)
            elif shown is not None:
                payload = self.telegram.tap_update(self.user, shown, turn.tap)
                shown = await self._exchange(payload, turn.expect, turn.button)
            else:
                payload = self.telegram.text_update(self.user, turn.typed_instead)
                if turn.typed_answers:
                    shown = await self._exchange(payload, turn.expect, turn.button)
                else:
                    shown = await self._exchange(payload, turn.reshown, turn.tap)
                    continue  # now tap the button shown again (or type again, if lost again)
            self.turn += 1
        self.done = True
