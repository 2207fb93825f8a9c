"""`python -m bot` over real HTTP by long polling: a user's path, a crash, a SIGTERM."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import time
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.ui.callbacks import Callback, Scope
from storage.db import create_engine, create_sessionmaker
from storage.models import FollowUp, FollowUpKind, FollowUpStatus, Interview
from tests.e2e.conftest import Bots, persisted, person
from tests.support.fake_bot_api import Call, FakeBotApi
from tests.support.follow_up_data import add_follow_up, seed_interview

ANA = person(4242, "Ana")


async def onboard(telegram: FakeBotApi, user: dict[str, object]) -> None:
    chat = int(str(user["id"]))
    mark = len(telegram.calls)
    await telegram.say(user, "/start")
    await telegram.reply(chat, "sign your notes", since=mark)
    mark = len(telegram.calls)
    await telegram.say(user, "Ana Lima")
    await telegram.reply(chat, "Which time zone", since=mark)
    mark = len(telegram.calls)
    await telegram.say(user, "Berlin")
    await telegram.reply(chat, "hour", since=mark)
    mark = len(telegram.calls)
    await telegram.say(user, "9")
    await telegram.reply(chat, "All set", since=mark)


async def answer(telegram: FakeBotApi, text: str, expect: str) -> Call:
    mark = len(telegram.calls)
    await telegram.say(ANA, text)
    return await telegram.reply(ANA["id"], expect, since=mark)  # type: ignore[arg-type]


async def press(telegram: FakeBotApi, message: Call, label: str, expect: str) -> Call:
    mark = len(telegram.calls)
    await telegram.tap(ANA, message, label)
    return await telegram.reply(ANA["id"], expect, since=mark)  # type: ignore[arg-type]


async def settled(database_url: str, expected: dict[int, FollowUpStatus]) -> None:
    """Wait until each follow-up has its expected status: Telegram hears of it a moment sooner."""
    deadline = time.monotonic() + 10
    while True:
        stored = {row.id: row.status for row in await rows(database_url)}
        actual = {number: stored.get(number) for number in expected}
        if actual == expected:
            return
        assert time.monotonic() < deadline, f"statuses {actual}, expected {expected}"
        await asyncio.sleep(0.1)


def follow_up_id(call: Call) -> int | None:
    """The follow-up a sent nudge is about, read back from its buttons."""
    for _, data in (button for row in call.buttons for button in row):
        parsed = Callback.parse(data)
        if parsed is not None and parsed.scope is Scope.FOLLOW_UP:
            return parsed.int_arg(0)
    return None


async def rows(database_url: str) -> list[FollowUp]:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return list((await session.scalars(select(FollowUp).order_by(FollowUp.id))).all())
    finally:
        await engine.dispose()


async def test_onboarding_debrief_thank_you_tap_and_a_due_call_nudge(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    bot = await bots.start()
    assert telegram.of("getMe")
    assert telegram.of("setMyCommands")
    assert telegram.of("deleteWebhook")
    await onboard(telegram, ANA)

    await answer(telegram, "/new", "company")
    await answer(telegram, "Zyxwv Widgets", "What role")
    await answer(telegram, "Site Reliability Engineer", "When did it take place")
    await answer(telegram, "yesterday 14:30", "interviewed you")
    await answer(telegram, "Bo Chen", "job title")
    await answer(telegram, "Engineering Manager", "email, phone")
    await answer(telegram, "bo@zyxwv.example", "What did you talk about")
    points = await answer(telegram, "their Kubernetes migration", "For the note to Bo Chen")
    more = await press(telegram, points, "Continue", "Anyone else")
    await press(telegram, more, "everyone", "right person")
    timeline = await answer(telegram, "I've run on-call for 4 years", "What timeline")
    summary = await press(telegram, timeline, "2 weeks", "Zyxwv Widgets")
    await press(telegram, summary, "Save", "Saved")

    # The thank-you draft arrives by the dispatcher, within a dispatch interval or two.
    note = await telegram.wait_for(
        lambda: next((c for c in telegram.sent_to(4242) if follow_up_id(c)), None),
        what="the thank-you draft",
    )
    assert "Kubernetes migration" in note.text
    mark = len(telegram.calls)
    await telegram.tap(ANA, note, "Sent it")
    answered = await telegram.wait_for(
        lambda: [c for c in telegram.calls[mark:] if c.method == "answerCallbackQuery"],
        what="the tap's answer",
    )
    assert answered[0].params.get("text") == "Marked as sent ✓"

    # A call nudge made due directly in the database goes out on the next dispatch run.
    engine = create_engine(database_url)
    try:
        db = create_sessionmaker(engine)
        seeded = await seed_interview(db, user_id=4242, company="Qorvex")
        call_id = await add_follow_up(
            db, seeded, FollowUpKind.CALL, due_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        )
    finally:
        await engine.dispose()
    nudge = await telegram.wait_for(
        lambda: next((c for c in telegram.sent_to(4242) if follow_up_id(c) == call_id), None),
        what="the call nudge",
    )
    assert nudge.button_labels[:3] == ["📞 Called", "No answer", "💤 Snooze"]

    await settled(
        database_url,
        {call_id: FollowUpStatus.SENT, follow_up_id(note) or 0: FollowUpStatus.DONE},
    )
    # What the user typed stays out of the log at INFO.
    assert "Zyxwv" not in bot.log
    assert "Kubernetes" not in bot.log


async def test_a_debrief_survives_sigkill_and_finishes_after_restart(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    first = await bots.start()
    await onboard(telegram, ANA)
    await answer(telegram, "/new", "company")
    await answer(telegram, "Restart Inc", "What role")
    await answer(telegram, "Data Engineer", "When did it take place")
    await persisted(database_url, "Data Engineer")
    await first.kill()  # SIGKILL: no shutdown, no final flush

    await bots.start()
    await answer(telegram, "yesterday 9:00", "interviewed you")
    await answer(telegram, "Cy", "job title")
    await answer(telegram, "/skip", "email, phone")
    await answer(telegram, "/skip", "What did you talk about")
    points = await answer(telegram, "dbt models", "For the note to Cy")
    more = await press(telegram, points, "Continue", "Anyone else")
    await press(telegram, more, "everyone", "right person")
    timeline = await answer(telegram, "/skip", "What timeline")
    summary = await press(telegram, timeline, "didn't say", "Restart Inc")
    await press(telegram, summary, "Save", "Saved")

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            (interview,) = (
                await session.scalars(
                    select(Interview).options(
                        selectinload(Interview.application), selectinload(Interview.interviewers)
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert interview.application.company == "Restart Inc"
    assert interview.application.role == "Data Engineer"
    assert [person.name for person in interview.interviewers] == ["Cy"]


SIGTERM_USERS = 30
SIGTERM_INTERVIEWERS = 5  # a thank-you and a call each: 300 due rows


async def test_sigterm_during_a_dispatch_loses_nothing_and_sends_nothing_twice(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    from storage.interviews import InterviewerInput

    engine = create_engine(database_url)
    expected: set[int] = set()
    try:
        db = create_sessionmaker(engine)
        people = [
            InterviewerInput(name=f"P{n}", topics="testing") for n in range(SIGTERM_INTERVIEWERS)
        ]
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        for user in range(SIGTERM_USERS):
            seeded = await seed_interview(db, user_id=20_000 + user, interviewers=people)
            for index in range(SIGTERM_INTERVIEWERS):
                for kind in (FollowUpKind.THANK_YOU, FollowUpKind.CALL):
                    expected.add(
                        await add_follow_up(db, seeded, kind, due_at=now, interviewer=index)
                    )
    finally:
        await engine.dispose()
    assert len(expected) == 300
    telegram.delays["sendMessage"] = 0.01

    def sent() -> list[int]:
        return [
            number
            for call in telegram.of("sendMessage")
            if call.status == 200 and (number := follow_up_id(call)) is not None
        ]

    first = await bots.start()
    await telegram.wait_for(lambda: len(sent()) >= 40, what="the dispatch to be under way")
    await first.signal(signal.SIGTERM)
    assert await first.wait() == 0
    before_restart = len(sent())
    assert before_restart < 300, "the dispatch finished before SIGTERM: the test proves nothing"
    assert "Released" in first.log

    started = time.monotonic()
    await bots.start()
    # The lease is 60 s: only claims given back at SIGTERM can go out this soon.
    await telegram.wait_for(lambda: len(sent()) >= 300, within=45, what="every row sent")
    await asyncio.sleep(1)  # anything sent twice would show up now
    assert time.monotonic() - started < 45
    counts = Counter(sent())
    assert {number: n for number, n in counts.items() if n > 1} == {}
    assert set(counts) == expected
    await settled(database_url, dict.fromkeys(expected, FollowUpStatus.SENT))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_second_process_on_one_sqlite_file_stops_with_one_clear_line(
    bots: Bots, telegram: FakeBotApi
) -> None:
    await bots.start()
    second = await bots.start(ready=None)
    assert await second.wait() == 1
    lines = second.log.strip().splitlines()
    assert len(lines) == 1
    assert "SQLite serves one process only" in lines[0]


async def test_flood_control_is_waited_out_and_a_blocked_user_is_paused(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    engine = create_engine(database_url)
    try:
        db = create_sessionmaker(engine)
        due = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        waited = await add_follow_up(db, await seed_interview(db, user_id=31_001), due_at=due)
        blocked = await add_follow_up(db, await seed_interview(db, user_id=31_002), due_at=due)
    finally:
        await engine.dispose()
    telegram.blocked_chats.add(31_002)
    telegram.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=31_001
    )

    await bots.start()
    await telegram.wait_for(
        lambda: any(follow_up_id(call) == waited for call in telegram.sent_to(31_001)),
        what="the note sent once the flood wait was over",
    )
    attempts = [call.status for call in telegram.of("sendMessage") if call.chat_id == 31_001]
    assert attempts == [429, 200]
    await settled(database_url, {waited: FollowUpStatus.SENT, blocked: FollowUpStatus.PAUSED})
