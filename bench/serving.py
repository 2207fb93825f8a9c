"""Part 2, the round trip: the bot's real serving loop against a Bot API a round trip away.

Beside it, bare PTB with `concurrent_updates` on the same fake, by polling and by webhook:
what the round trip alone allows in each mode. Each of the bot's modes is compared with
bare PTB in the same mode, so that the webhook runs both pay for the simulated Telegram
posting updates (`bench.chats`). Simulated users answer the moment the bot has answered
them, so the bot's time to answer is all that paces them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import func, select
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.chats import Telegram
from bench.databases import fresh_sqlite_path, remove_sqlite, sqlite_url
from bench.report import Row, percentile
from bench.users import FIRST_USER_ID, NOW, TOKEN, WHOLE_DEBRIEF, Step, UpdateFactory
from bot.app import build_application
from bot.config import Settings
from bot.runtime.serve import ALLOWED_UPDATES, serve
from bot.ui.context import BotData
from storage.db import create_engine
from storage.models import Interview, JobApplication
from tests.support.harness import given_settings

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
PART = "2 Round trip"
CAP = 30
TARGET_RATIO = 0.5
P99_FACTOR = 3.0
P99_SLACK = 0.5
TARGET_CAPPED_RATE = 27.0
# Answers /start before the clock starts: the bot is then serving, whatever its mode.
WARM_UP_USER = 1
START_TIMEOUT = 60.0
# After the run length, how long users still wait for the answers they are owed.
DRAIN_SECONDS = 5.0
# A run ends early once the bot has answered nobody for this long: it left someone waiting.
STALL_SECONDS = 10.0
STOP_TIMEOUT = 30.0
# How the bot's apologies for a failed update begin (bot/runtime/errors.py, the update pipeline):
# matched on text so that a failing bot cannot pass its apologies off as answers.
APOLOGY_START = "Sorry, something went wrong"
# Counting the bot's answers per step: a step ends when none came for this long, and
# more than MAX_ANSWERS to one step means the bot is looping.
QUIET_SECONDS = 0.25
MAX_ANSWERS = 10
# The crowd's rate is counted from this far into the run: the first second is ramp-up.
SUSTAINED_FROM = 2.0
# The two ways of serving, each run by bare PTB and by the bot.
MODES = ("polling", "webhook")


@dataclass(frozen=True)
class ServingSizes:
    """Round trip, users and run lengths of part 2."""

    rtt: float = 0.1
    users: int = 30
    crowd: int = 300
    # A 30-user run ends when every user is done, or at this limit (a slow bot is cut).
    seconds: float = 100.0
    # The crowd cannot finish 300 debriefs at 30 messages/s in minutes: it runs this long.
    crowd_seconds: float = 15.0


@dataclass
class UserOutcome:
    """What one simulated user got from the bot."""

    user_id: int
    latencies: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)
    sent: int = 0
    waiting: bool = False  # still owed an answer when the run ended
    cut: bool = False  # the run length ended before its script did
    problem: str = ""  # the bot answered, but not as the script expects


@dataclass(frozen=True)
class Run:
    """One scenario: what every simulated user got, and what the fake Telegram saw."""

    users: list[UserOutcome]
    script_length: int
    started: float
    deadline: float
    rejected: int
    chat_calls: list[float]
    webhook_retries: int
    apologies: int
    extra_answers: int
    saved: dict[int, int] = field(default_factory=dict)

    @property
    def latencies(self) -> list[float]:
        return [latency for user in self.users for latency in user.latencies]

    @property
    def answered(self) -> int:
        return sum(len(user.latencies) for user in self.users)

    @property
    def sent(self) -> int:
        return sum(user.sent for user in self.users)

    @property
    def finished(self) -> list[UserOutcome]:
        return [user for user in self.users if len(user.latencies) == self.script_length]

    @property
    def per_second(self) -> float:
        """Updates answered per second, from the first sent to the last answered."""
        answers = [at for user in self.users for at in user.answered_at]
        return self.answered / (max(answers) - self.started) if answers else 0.0

    def _window(self, times: list[float]) -> float:
        """Per second from the ramp-up to the end of the run length."""
        start = self.started + SUSTAINED_FROM
        return sum(start <= at <= self.deadline for at in times) / (self.deadline - start)

    def sustained(self) -> float:
        """Calls to chats per second (what the cap counts) after the ramp-up."""
        return self._window(self.chat_calls)

    def answered_per_second(self) -> float:
        """Updates answered per second after the ramp-up."""
        return self._window([at for user in self.users for at in user.answered_at])

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.50) if self.latencies else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99) if self.latencies else float("nan")

    def problems(self) -> Counter[str]:
        return Counter(user.problem for user in self.users if user.problem)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _settings(url: str, *, webhook: bool) -> Settings:
    """The bot's settings on a free port of 127.0.0.1; bare PTB's webhook takes the same."""
    port = _free_port()
    return given_settings(
        bot_token=TOKEN,
        database_url=url,
        telegram_base_url=None,
        webhook_url=f"http://127.0.0.1:{port}/telegram" if webhook else None,
        webhook_secret=None,
        webhook_listen="127.0.0.1",
        port=port,
    )


@dataclass
class _Telegram:
    """The fake Bot API and the one numbering of updates that goes with it."""

    api: Telegram
    factory: UpdateFactory = field(default_factory=UpdateFactory)


@contextlib.asynccontextmanager
async def _serving_bot(
    api: Telegram, url: str, *, webhook: bool, rate_limit: bool
) -> AsyncIterator[_Telegram]:
    """The bot as `python -m bot` runs it: build_application + serve(), stopped by its event."""
    settings = _settings(url, webhook=webhook)
    application = build_application(
        settings, request=api.api, rate_limit=rate_limit, run_dispatcher=False
    )
    bot_data: BotData = application.bot_data
    bot_data.clock = lambda: NOW
    stop = asyncio.Event()
    serving = asyncio.create_task(serve(settings, application, webhook=webhook, stop=stop))
    telegram = _Telegram(api)
    try:
        await _warm_up(telegram, serving)
        yield telegram
    finally:
        await api.close()  # no more webhook POSTs
        stop.set()
        await _stopped(serving)


async def _stopped(serving: asyncio.Task[None]) -> None:
    """serve() has returned (its error raised here), or is cancelled if it will not."""
    done, _ = await asyncio.wait({serving}, timeout=STOP_TIMEOUT)
    if not done:
        log.error(
            "serve() did not return within %.0f s of its stop event; cancelling", STOP_TIMEOUT
        )
        serving.cancel()
        done, _ = await asyncio.wait({serving}, timeout=STOP_TIMEOUT)
        if not done:
            raise RuntimeError("serve() ignores cancellation: the bot cannot be stopped")
    if not serving.cancelled():
        serving.result()


async def _warm_up(telegram: _Telegram, serving: asyncio.Task[None] | None) -> None:
    """One user's /start is answered: the bot is serving (polling began, or its webhook is set)."""
    give_up = asyncio.Event()
    telegram.api.publish(telegram.factory.text(WARM_UP_USER, "/start"))
    answered = asyncio.create_task(telegram.api.chats[WARM_UP_USER].arrival(1, give_up))
    watched: set[asyncio.Task[Any]] = {answered} | ({serving} if serving else set())
    done, _ = await asyncio.wait(
        watched, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
    )
    if answered in done:
        return
    give_up.set()
    if serving is not None and serving in done:
        serving.result()  # raises what stopped it
        raise RuntimeError("serve() returned before answering /start")
    raise RuntimeError(f"no answer to /start within {START_TIMEOUT:.0f} s of starting")


async def _user(
    telegram: _Telegram,
    user_id: int,
    script: Sequence[Step],
    answers: Sequence[int] | None,
    deadline: float,
    give_up: asyncio.Event,
) -> UserOutcome:
    """Send each step the moment the previous one is answered; time each answer.

    `answers[i]` is how many messages step i is answered with (`answers_per_step`): the
    answer to step i is the first message after those owed to earlier steps, or for a tap
    answered by no message, the answerCallbackQuery. A tap presses a button of the last
    message. `answers` None (bare PTB): one message per step, taps send the label as data.
    """
    outcome = UserOutcome(user_id)
    chat = telegram.api.chats[user_id]
    owed = 0
    for index, (kind, value) in enumerate(script):
        if time.monotonic() >= deadline:
            outcome.cut = True
            break
        if kind == "tap" and answers is not None:
            if await chat.arrival(owed, give_up) is None:
                outcome.waiting = True
                break
            data = chat.button(value)
            if data is None:
                outcome.problem = (
                    f"step {index + 1}: no button like {value!r} under the last message"
                )
                break
            update = telegram.factory.tap(user_id, data)
        elif kind == "tap":
            update = telegram.factory.tap(user_id, value)
        else:
            update = telegram.factory.text(user_id, value)
        made = telegram.api.publish(update)
        outcome.sent += 1
        if answers is not None and answers[index] == 0:
            arrived = await telegram.api.ack(update["callback_query"]["id"], give_up)
        else:
            arrived = await chat.arrival(owed + 1, give_up)
        if arrived is None:
            outcome.waiting = True
            break
        outcome.latencies.append(arrived - made)
        outcome.answered_at.append(arrived)
        owed += 1 if answers is None else answers[index]
    return outcome


async def _drive(
    telegram: _Telegram,
    user_ids: range,
    script: Sequence[Step],
    answers: Sequence[int] | None,
    seconds: float,
) -> tuple[list[UserOutcome], float, float]:
    """All users at once, until each is done, time is up, or the bot has gone quiet.

    Time is the run length plus DRAIN_SECONDS; quiet is no answer for STALL_SECONDS.
    """
    give_up = asyncio.Event()
    started = time.monotonic()
    deadline = started + seconds
    tasks = [
        asyncio.create_task(_user(telegram, user_id, script, answers, deadline, give_up))
        for user_id in user_ids
    ]
    pending: set[asyncio.Task[UserOutcome]] = set(tasks)
    while pending:
        _, pending = await asyncio.wait(pending, timeout=1.0)
        now = time.monotonic()
        stalled = now - max(telegram.api.last_answer, started) > STALL_SECONDS
        if stalled or now > deadline + DRAIN_SECONDS:
            break
    give_up.set()
    outcomes = [await task for task in tasks]
    return outcomes, started, deadline


def _run(
    telegram: _Telegram,
    outcomes: list[UserOutcome],
    started: float,
    deadline: float,
    answers: Sequence[int],
    saved: dict[int, int] | None = None,
) -> Run:
    api = telegram.api
    owed = sum(answers)
    finished = [user for user in outcomes if len(user.latencies) == len(answers)]
    texts = [text for chat in api.chats.values() for text in chat.texts]
    return Run(
        users=outcomes,
        script_length=len(answers),
        started=started,
        deadline=deadline,
        rejected=api.api.rejected,
        chat_calls=list(api.api.chat_calls),
        webhook_retries=api.webhook_retries,
        apologies=sum(text.startswith(APOLOGY_START) for text in texts),
        extra_answers=sum(len(api.chats[user.user_id].arrivals) - owed for user in finished),
        saved=saved or {},
    )


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    text = update.callback_query.data if update.callback_query else None
    if update.message is not None:
        text = update.message.text
    await context.bot.send_message(update.effective_chat.id, text or "…")


async def bare_ptb(
    rtt: float, users: int, script: Sequence[Step], seconds: float, *, webhook: bool
) -> Run:
    """PTB's own Updater and `concurrent_updates(True)`, one echo per update: the floor.

    By polling, or by webhook: PTB's `Updater.start_webhook` at the bot's address and with
    its secret, which calls setWebhook, after which the fake POSTs every update to it over
    HTTP as it does to the bot's own webhook server.
    """
    api = Telegram(rtt)
    telegram = _Telegram(api)
    application: AnyApplication = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(api.api)
        .get_updates_request(api.api)
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    application.add_handler(CallbackQueryHandler(_echo))
    await application.initialize()
    try:
        updater = application.updater
        assert updater is not None
        if webhook:
            # No database: bare PTB has none; the settings give the address and the secret.
            settings = _settings("sqlite+aiosqlite:///:memory:", webhook=True)
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.port,
                url_path=settings.webhook_path,
                secret_token=settings.webhook_secret_token(),
                webhook_url=settings.webhook_url,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await application.start()
        try:
            await _warm_up(telegram, None)
            outcomes, started, deadline = await _drive(
                telegram, _user_ids(users), script, None, seconds
            )
        finally:
            await api.close()  # no more webhook POSTs
            await updater.stop()
            await application.stop()
    finally:
        await application.shutdown()
        await api.close()
    return _run(telegram, outcomes, started, deadline, [1] * len(script))


def _user_ids(users: int) -> range:
    return range(FIRST_USER_ID, FIRST_USER_ID + users)


async def _saved(url: str, user_ids: range) -> dict[int, int]:
    """Debriefs stored per simulated user."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(JobApplication.user_id, func.count(Interview.id))
                .join(Interview, Interview.application_id == JobApplication.id)
                .where(JobApplication.user_id.in_(list(user_ids)))
                .group_by(JobApplication.user_id)
            )
            return {int(user_id): int(count) for user_id, count in rows}
    finally:
        await engine.dispose()


async def follow_up_bot(
    rtt: float,
    users: int,
    script: Sequence[Step],
    answers: Sequence[int],
    *,
    webhook: bool,
    rate_limit: bool = False,
    cap: int | None = None,
    seconds: float,
) -> Run:
    """The real bot serving `users` at once on a fresh SQLite file; debriefs counted after."""
    path = fresh_sqlite_path("serving")
    url = sqlite_url(path)
    api = Telegram(rtt, cap=cap)
    try:
        async with _serving_bot(api, url, webhook=webhook, rate_limit=rate_limit) as telegram:
            outcomes, started, deadline = await _drive(
                telegram, _user_ids(users), script, answers, seconds
            )
        saved = await _saved(url, _user_ids(users))
    finally:
        remove_sqlite(path)
    return _run(telegram, outcomes, started, deadline, answers, saved)


async def answers_per_step(script: Sequence[Step]) -> list[int]:
    """How many messages the bot answers each step with: one user, no latency, polling.

    Counted rather than written down, so the bench follows the bot's texts as they change.
    A step's answers end when none came for QUIET_SECONDS after the first (or, for a tap,
    after the answerCallbackQuery).
    """
    path = fresh_sqlite_path("serving-count")
    api = Telegram(0.0)
    counts: list[int] = []
    try:
        async with _serving_bot(api, sqlite_url(path), webhook=False, rate_limit=False) as telegram:
            user_id = FIRST_USER_ID
            chat = api.chats[user_id]
            for index, (kind, value) in enumerate(script):
                before = len(chat.arrivals)
                if kind == "tap":
                    data = chat.button(value)
                    if data is None:
                        raise RuntimeError(
                            f"step {index + 1}: no button like {value!r} under the last message"
                        )
                    update = telegram.factory.tap(user_id, data)
                else:
                    update = telegram.factory.text(user_id, value)
                api.publish(update)
                first: list[Callable[[asyncio.Event], Awaitable[float | None]]] = [
                    partial(chat.arrival, before + 1)
                ]
                if kind == "tap":
                    first.append(partial(api.ack, update["callback_query"]["id"]))
                if not await _within(START_TIMEOUT, *first):
                    raise RuntimeError(f"step {index + 1} ({kind} {value!r}): no answer at all")
                while await _within(QUIET_SECONDS, partial(chat.arrival, len(chat.arrivals) + 1)):
                    if len(chat.arrivals) - before > MAX_ANSWERS:
                        raise RuntimeError(
                            f"step {index + 1} ({kind} {value!r}): the bot keeps answering"
                        )
                counts.append(len(chat.arrivals) - before)
    finally:
        remove_sqlite(path)
    return counts


async def _within(
    seconds: float, *waits: Callable[[asyncio.Event], Awaitable[float | None]]
) -> bool:
    """Whether any of `waits` (each given up by an event) comes true within `seconds`."""
    give_up = asyncio.Event()
    timer = asyncio.get_running_loop().call_later(seconds, give_up.set)
    tasks = [asyncio.ensure_future(wait(give_up)) for wait in waits]
    try:
        for finished in asyncio.as_completed(tasks):
            if await finished is not None:
                return True
        return False
    finally:
        timer.cancel()
        give_up.set()
        await asyncio.gather(*tasks)


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _figure(run: Run) -> str:
    return (
        f"{run.per_second:,.1f} upd/s, p50 {_duration(run.p50)}, p99 {_duration(run.p99)} "
        f"({run.answered:,} updates)"
    )


def _health(run: Run, users: int) -> tuple[str, bool]:
    """Every user done, every finished debrief saved once, nothing odd: or what was not."""
    finished = run.finished
    saved_ok = sum(1 for user in finished if run.saved.get(user.user_id) == 1)
    notes = [
        f"{len(finished)}/{users} finished",
        f"{saved_ok}/{len(finished)} saved",
        f"{run.answered:,}/{run.sent:,} updates answered",
    ]
    cut = sum(user.cut for user in run.users)
    waiting = sum(user.waiting for user in run.users)
    if cut:
        notes.append(f"{cut} cut by the run length")
    if waiting:
        notes.append(f"{waiting} still waiting for an answer at the end")
    duplicates = sum(1 for count in run.saved.values() if count > 1)
    for label, count in (
        ("debriefs saved twice", duplicates),
        ("apologies", run.apologies),
        ("unexpected answers", run.extra_answers),
        ("webhook POSTs retried", run.webhook_retries),
    ):
        if count:
            notes.append(f"{count} {label}")
    for problem, count in run.problems().items():
        notes.append(f"{count} users: {problem}")
    healthy = (
        saved_ok == len(finished)
        and not duplicates
        and not run.apologies
        and not run.extra_answers
        and not run.problems()
    )
    return "; ".join(notes), healthy


def _report_problems(label: str, run: Run) -> None:
    for user in run.users:
        if user.problem:
            log.warning(
                "%s: user %s, after %s answers: %s",
                label,
                user.user_id,
                len(user.latencies),
                user.problem,
            )


@dataclass(frozen=True)
class _Baseline:
    """Bare PTB's figures in one mode, the mean of its runs before and after the bot's."""

    mode: str
    per_second: float
    p99: float

    @classmethod
    def of(cls, mode: str, before: Run, after: Run) -> _Baseline:
        return cls(mode, (before.per_second + after.per_second) / 2, (before.p99 + after.p99) / 2)


def _baseline_figure(run: Run, users: int) -> str:
    """Bare PTB's figures, and anything that makes them no floor (it left someone waiting)."""
    notes = [_figure(run)]
    if len(run.finished) < users:
        notes.append(f"{len(run.finished)}/{users} finished")
    waiting = sum(user.waiting for user in run.users)
    if waiting:
        notes.append(f"{waiting} still waiting for an answer at the end")
    if run.webhook_retries:
        notes.append(f"{run.webhook_retries} webhook POSTs retried")
    return "; ".join(notes)


def _compare_rows(case: str, bot: Run, base: _Baseline, users: int) -> list[Row]:
    health, healthy = _health(bot, users)
    complete = len(bot.finished) == users
    ratio = bot.per_second / base.per_second
    p99_limit = P99_FACTOR * base.p99 + P99_SLACK
    against = f"bare PTB by {base.mode} (mean of before/after)"
    return [
        Row(
            PART,
            case,
            f"{_figure(bot)}; {health}; {bot.rejected} answers 429",
            "all finished and saved",
            complete and healthy,
        ),
        Row(
            PART,
            f"(same) upd/s, bot / {against}",
            f"{bot.per_second:,.1f} / {base.per_second:,.1f} = {ratio:.3f}",
            f"≥ {TARGET_RATIO}",
            ratio >= TARGET_RATIO,
        ),
        Row(
            PART,
            f"(same) p99, bot vs {against}",
            f"{_duration(bot.p99)} vs {_duration(base.p99)}",
            f"≤ {P99_FACTOR:.0f} PTB + {P99_SLACK} s = {_duration(p99_limit)}",
            bot.p99 <= p99_limit,
        ),
    ]


async def _bare_ptb_runs(sizes: ServingSizes, script: Sequence[Step]) -> dict[str, Run]:
    """Bare PTB once by polling, once by webhook."""
    return {
        mode: await bare_ptb(
            sizes.rtt, sizes.users, script, sizes.seconds, webhook=mode == "webhook"
        )
        for mode in MODES
    }


async def run(sizes: ServingSizes) -> list[Row]:
    """Bare PTB (polling, webhook) before and after the bot's runs.

    Each of the bot's modes is compared with the mean of bare PTB's two runs in that mode.
    """
    script = WHOLE_DEBRIEF
    rtt_ms = f"{sizes.rtt * 1000:.0f} ms"
    answers = await answers_per_step(script)
    before = await _bare_ptb_runs(sizes, script)
    bot: dict[str, Run] = {}
    for mode in MODES:
        bot[mode] = await follow_up_bot(
            sizes.rtt,
            sizes.users,
            script,
            answers,
            webhook=mode == "webhook",
            seconds=sizes.seconds,
        )
        _report_problems(mode, bot[mode])
    crowd = await follow_up_bot(
        sizes.rtt,
        sizes.crowd,
        script,
        answers,
        webhook=False,
        rate_limit=True,
        cap=CAP,
        seconds=sizes.crowd_seconds,
    )
    _report_problems("crowd", crowd)
    after = await _bare_ptb_runs(sizes, script)

    users = f"{sizes.users} users, {len(script)} updates each"
    rows = [
        Row(
            PART,
            "the bot's messages per step (counted: 1 user, no latency)",
            ", ".join(map(str, answers)),
        )
    ]
    for mode in MODES:
        rows += [
            Row(
                PART,
                f"bare PTB, concurrent_updates, echo; {mode}, {rtt_ms} RTT, {users} (run {when})",
                _baseline_figure(runs[mode], sizes.users),
            )
            for when, runs in (("before", before), ("after", after))
        ]
    for mode in MODES:
        rows += _compare_rows(
            f"bot, {mode}, {rtt_ms} RTT, {users}, SQLite",
            bot[mode],
            _Baseline.of(mode, before[mode], after[mode]),
            sizes.users,
        )
    health, healthy = _health(crowd, sizes.crowd)
    sustained = crowd.sustained()
    rows += [
        Row(
            PART,
            f"bot, polling, production rate limiter, fake capped at {CAP}/s; {rtt_ms} RTT, "
            f"{sizes.crowd} users for {sizes.crowd_seconds:.0f} s, SQLite",
            f"{sustained:.1f} msg/s sustained (calls to chats, {SUSTAINED_FROM:.0f} s to "
            f"{sizes.crowd_seconds:.0f} s); {crowd.answered_per_second():.1f} upd/s answered; "
            f"p50 {_duration(crowd.p50)}, p99 {_duration(crowd.p99)} of the "
            f"{crowd.answered:,} answered",
            f"≥ {TARGET_CAPPED_RATE:.0f} msg/s",
            sustained >= TARGET_CAPPED_RATE,
        ),
        Row(PART, "(same)", f"{crowd.rejected} answers 429", "0", crowd.rejected == 0),
        Row(PART, "(same)", health, "no apology or wrong answer; finished ones saved", healthy),
    ]
    return rows
