"""The update pipeline: one unit of work per update, per-chat order, never deaf, private only."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from telegram import CallbackQuery, Chat, Message, MessageEntity, Update

from bot.runtime.pipeline import FAILED_NOTICE, UpdatePipeline, pipeline_of
from bot.runtime.telegram_bot import TelegramCallInTransactionError
from storage import updates as handled
from storage.models import (
    ConversationState,
    HandledUpdate,
    Interview,
    JobApplication,
    User,
    UserData,
)
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(7101, "Ana", "Lima")
BEA = updates.person(7102, "Bea", "Ruiz")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    fast(harness)
    yield harness
    await harness.stop()


def fast(bot: BotHarness) -> None:
    """Retries without the production waits."""
    pipeline = pipeline_of(bot.application)
    pipeline.database_retry_delays = (0.01,) * 5
    pipeline.other_retry_delays = (0.01,)


def with_id(update: Update, update_id: int) -> Update:
    data = update.to_dict()
    data["update_id"] = update_id
    return Update.de_json(data, None)


async def onboard(bot: BotHarness, user: Any) -> None:
    await bot.send(user, "/start")
    await bot.say(user, "Ana Lima")
    await bot.say(user, "Berlin")
    await bot.say(user, "9")


async def count(bot: BotHarness, model: Any) -> int:
    async with bot.db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def to_summary(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    for answer in ("Acme", "SRE", "yesterday 14:30", "Bo Chen", "EM", "bo@acme.example"):
        await bot.say(ANA, answer)
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "I've run on-call for a payments platform for 4 years")
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    assert bot.api.last_message.button_labels == ["Save", "Edit", "Cancel"]


async def test_ids_that_restart_low_after_a_quiet_week_are_answered(bot: BotHarness) -> None:
    high = await bot.process(with_id(updates.text_update(ANA, "/help"), 900_000_000))
    low = await bot.process(with_id(updates.text_update(ANA, "/help"), 12_345))
    await bot.restart()
    fast(bot)
    after = await bot.process(with_id(updates.text_update(ANA, "/help"), 12_346))
    assert [len(high), len(low), len(after)] == [1, 1, 1]


async def test_handled_ids_are_forgotten_after_their_window(bot: BotHarness) -> None:
    async with bot.db.begin() as session:
        assert await handled.claim(session, update_id=1, at=NOW - dt.timedelta(days=3))
        assert await handled.claim(session, update_id=2, at=NOW - dt.timedelta(hours=1))
        assert not await handled.claim(session, update_id=2, at=NOW)
    async with bot.db.begin() as session:
        assert await handled.prune_handled(session, now=NOW) == 1
    async with bot.db() as session:
        # The first is forgotten (a redelivery would be handled again); the second is not.
        assert await handled.claim(session, update_id=1, at=NOW)
        assert not await handled.claim(session, update_id=2, at=NOW)


async def test_the_same_update_twice_changes_state_once(bot: BotHarness) -> None:
    await onboard(bot, ANA)
    await to_summary(bot)
    save = updates.tap_update(ANA, bot.api.last_message.data_for("Save"))
    delivered = Update.de_json(save.to_dict(), bot.application.bot)
    again = Update.de_json(save.to_dict(), bot.application.bot)
    # Twice while in flight (a webhook retry), then once more after the commit.
    await asyncio.gather(
        bot.application.process_update(delivered), bot.application.process_update(again)
    )
    assert await bot.process(save) == []
    assert await count(bot, Interview) == 1
    assert "Saved" in bot.api.last_message.text
    assert await count(bot, ConversationState) == 0


async def test_a_crash_before_the_commit_reruns_the_update_cleanly(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(bot, ANA)
    await to_summary(bot)
    save = updates.tap_update(ANA, bot.api.last_message.data_for("Save"))
    real = UpdatePipeline._store_memory

    async def die(*args: Any, **kwargs: Any) -> None:
        await real(*args, **kwargs)
        raise asyncio.CancelledError  # the process goes away between the writes and the commit

    monkeypatch.setattr(UpdatePipeline, "_store_memory", die)
    before = len(bot.api.calls)
    with pytest.raises(asyncio.CancelledError):
        await bot.application.process_update(Update.de_json(save.to_dict(), bot.application.bot))
    assert len(bot.api.calls) == before  # nothing was said: nothing was committed
    assert await count(bot, Interview) == 0

    monkeypatch.setattr(UpdatePipeline, "_store_memory", real)
    await bot.restart()
    fast(bot)
    calls = await bot.process(save)  # Telegram delivers it again
    assert any("Saved" in call.text for call in calls)
    assert await bot.process(save) == []
    assert await count(bot, Interview) == 1
    # Not stuck: the next debrief starts afresh.
    assert "company" in (await bot.say(ANA, "/new")).text.lower()


async def test_a_database_error_is_retried_and_the_answer_is_given_once(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(bot, ANA)
    real = handled.claim
    failures = iter([True, True, False])

    async def flaky(*args: Any, **kwargs: Any) -> bool:
        if next(failures, False):
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return await real(*args, **kwargs)

    monkeypatch.setattr(handled, "claim", flaky)
    calls = await bot.send(ANA, "/new")
    assert [call.method for call in calls] == ["sendMessage"]
    assert "company" in calls[0].text.lower()
    # The conversation moved on once, not three times: the next answer is the company.
    assert "role" in (await bot.say(ANA, "Acme")).text.lower()


async def test_an_update_that_keeps_failing_is_recorded_and_the_user_told_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import help as help_module

    attempts = 0

    async def broken(update: Update, context: Any) -> None:
        nonlocal attempts
        attempts += 1
        context.user_data["half"] = "written"
        raise RuntimeError("a bug")

    monkeypatch.setattr(help_module, "show_help", broken)
    bot = await BotHarness(database_url).start()
    fast(bot)
    try:
        update = updates.text_update(ANA, "/help")
        calls = await bot.process(update)
        assert [call.text for call in calls] == [FAILED_NOTICE]
        assert attempts == 2
        assert "half" not in bot.application.user_data.get(ANA.id, {})
        async with bot.db() as session:
            row = await session.get(HandledUpdate, update.update_id)
            assert row is not None
            assert row.error == "RuntimeError: a bug"
        assert await bot.process(update) == []  # recorded: never retried again
        # Never deaf: the next message is answered as usual.
        assert "sign your notes" in (await bot.say(ANA, "/start")).text
    finally:
        await bot.stop()


async def test_a_slow_chat_does_not_hold_up_another(bot: BotHarness) -> None:
    await onboard(bot, ANA)
    await onboard(bot, BEA)
    slow = asyncio.Event()
    bot.api.held_chats[ANA.id] = slow
    ana = asyncio.create_task(bot.send(ANA, "/help"))
    await asyncio.sleep(0.05)
    # Ana's reply is stuck on its way to Telegram; Bea is answered meanwhile.
    assert "/new" in (await bot.say(BEA, "/help")).text
    assert not ana.done()
    slow.set()
    await asyncio.wait_for(ana, 5)


async def test_one_chat_is_handled_in_order(bot: BotHarness) -> None:
    await onboard(bot, ANA)
    slow = asyncio.Event()
    bot.api.held_chats[ANA.id] = slow
    first = asyncio.create_task(bot.send(ANA, "/new"))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.send(ANA, "Acme"))
    await asyncio.sleep(0.05)
    # The second waits for the first, replies included.
    assert [call.method for call in bot.api.calls[-1:]] == ["sendMessage"]
    assert "company" in bot.api.calls[-1].text.lower()
    slow.set()
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert "role" in bot.api.last_message.text.lower()


async def test_no_telegram_call_is_made_with_a_transaction_open(bot: BotHarness) -> None:
    await onboard(bot, ANA)
    await to_summary(bot)
    await bot.press(ANA, bot.api.last_message, "Save")
    assert bot.api.calls
    assert not [call.method for call in bot.api.calls if call.in_transaction]


async def test_a_call_that_cannot_wait_for_the_commit_is_refused_inside_a_unit(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import help as help_module

    async def chatty(update: Update, context: Any) -> None:
        await context.bot.send_chat_action(update.effective_chat.id, "typing")

    monkeypatch.setattr(help_module, "show_help", chatty)
    bot = await BotHarness(database_url).start()
    fast(bot)
    try:
        update = updates.text_update(ANA, "/help")
        await bot.process(update)
        async with bot.db() as session:
            row = await session.get(HandledUpdate, update.update_id)
        assert row is not None
        assert TelegramCallInTransactionError.__name__ in (row.error or "")
        assert not bot.api.of("sendChatAction")
    finally:
        await bot.stop()


def group_message(user: Any, text: str, chat_type: str = Chat.GROUP) -> Update:
    entities = [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text.split()[0]))]
    message = Message(
        message_id=1,
        date=dt.datetime.now(dt.UTC),
        chat=Chat(-100_555, chat_type, title="Job hunters"),
        from_user=user,
        text=text,
        entities=entities if text.startswith("/") else None,
    )
    return Update(next(updates._update_ids), message=message)


def group_tap(user: Any, data: str) -> Update:
    message = Message(
        message_id=9,
        date=dt.datetime.now(dt.UTC),
        chat=Chat(-100_555, Chat.SUPERGROUP, title="Job hunters"),
        from_user=updates.BOT_USER,
        text="…",
    )
    query = CallbackQuery("q-group", user, chat_instance="g", data=data, message=message)
    return Update(next(updates._update_ids), callback_query=query)


async def test_groups_get_a_pointer_and_touch_no_data(bot: BotHarness) -> None:
    await onboard(bot, ANA)
    async with bot.db() as session:
        before = [
            (row.id, row.chat_id, row.sign_name) for row in (await session.scalars(select(User)))
        ]
    for text in ("/start", "/list", "/export", "/delete_me", "/new", "/settings"):
        calls = await bot.process(group_message(BEA, text))
        assert [call.method for call in calls] == ["sendMessage"], text
        assert "private chat" in calls[0].text
        calls = await bot.process(group_message(ANA, text))
        assert "private chat" in calls[0].text
        assert "Ana Lima" not in calls[0].text
    assert await bot.process(group_message(BEA, "just chatting")) == []
    # A button of Ana's /delete_me, forged or forwarded into the group.
    await bot.send(ANA, "/delete_me")
    yes = bot.api.last_message.data_for("Yes")
    calls = await bot.process(group_tap(ANA, yes))
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert "private chat" in calls[0].params["text"]

    async with bot.db() as session:
        after = [
            (row.id, row.chat_id, row.sign_name) for row in (await session.scalars(select(User)))
        ]
        data_rows = (await session.scalars(select(UserData))).all()
        states = (await session.scalars(select(ConversationState))).all()
    assert after == before == [(ANA.id, ANA.id, "Ana Lima")]
    assert [row.user_id for row in data_rows] == []
    assert all("-100555" not in row.key for row in states)
    assert await count(bot, JobApplication) == 0
    # Channels get nothing at all.
    assert await bot.process(group_message(BEA, "/start", Chat.CHANNEL)) == []


async def test_an_error_after_a_commit_leaves_memory_as_the_database_has_it(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = UpdatePipeline._run_unit
    failures = iter([True])

    async def committed_then_failed(*args: Any, **kwargs: Any) -> Any:
        unit = await real(*args, **kwargs)
        if next(failures, False):
            # The COMMIT went through, then the connection reported an error.
            raise OperationalError("COMMIT", {}, Exception("connection lost"))
        return unit

    monkeypatch.setattr(UpdatePipeline, "_run_unit", committed_then_failed)
    # Its replies are made from the outbox (tests/bot/runtime/test_delivery.py).
    await bot.send(ANA, "/start")
    async with bot.db() as session:
        (state,) = (await session.scalars(select(ConversationState))).all()
    # The conversation goes on from the stored state: the name is taken as the name.
    assert "city" in (await bot.say(ANA, "Ana Lima")).text.lower()
    async with bot.db() as session:
        (after,) = (await session.scalars(select(ConversationState))).all()
    assert after.state != state.state


def _broken_help(monkeypatch: pytest.MonkeyPatch, error: Exception) -> list[int]:
    """/help raises `error` on every attempt; returns the list its attempts are counted in."""
    from bot import help as help_module

    attempts: list[int] = []

    async def failing(update: Update, context: Any) -> None:
        attempts.append(1)
        raise error

    monkeypatch.setattr(help_module, "show_help", failing)
    return attempts


async def test_an_integrity_error_is_tried_once_more_then_recorded(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = _broken_help(monkeypatch, IntegrityError("INSERT", {}, Exception("UNIQUE")))
    bot = await BotHarness(database_url).start()
    fast(bot)
    try:
        assert [call.text for call in await bot.send(ANA, "/help")] == [FAILED_NOTICE]
        assert len(attempts) == 2
    finally:
        await bot.stop()


async def test_a_connection_invalidated_is_retried_as_a_database_hiccup(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = DBAPIError("SELECT 1", {}, Exception("server closed"), connection_invalidated=True)
    attempts = _broken_help(monkeypatch, lost)
    bot = await BotHarness(database_url).start()
    fast(bot)
    try:
        await bot.send(ANA, "/help")
        assert len(attempts) == 6
    finally:
        await bot.stop()


async def test_a_hung_attempt_is_given_up_once_and_holds_no_slot_while_it_waits(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import help as help_module

    attempts: list[int] = []

    async def hangs(update: Update, context: Any) -> None:
        attempts.append(1)
        await asyncio.sleep(30)

    monkeypatch.setattr(help_module, "show_help", hangs)
    bot = await BotHarness(database_url).start()
    fast(bot)
    pipeline = pipeline_of(bot.application)
    pipeline.attempt_timeout = 0.3
    try:
        calls = await asyncio.wait_for(bot.send(ANA, "/help"), 5)
        assert [call.text for call in calls] == [FAILED_NOTICE]
        assert len(attempts) == 1  # a timeout is not a database hiccup: not tried again
        async with bot.db() as session:
            (row,) = (await session.scalars(select(HandledUpdate))).all()
        assert (row.error or "").startswith("AttemptTimeoutError")
    finally:
        await bot.stop()


async def test_an_update_waiting_to_be_retried_leaves_its_slot_to_other_chats(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(bot, BEA)
    pipeline = pipeline_of(bot.application)
    pipeline._slots = asyncio.Semaphore(1)  # one chat at a time, to see who holds it
    pipeline.database_retry_delays = (1.0,) * 5
    real = handled.claim

    async def locked_for_ana(session: Any, *, update_id: int, **kwargs: Any) -> bool:
        if update_id == ana_update.update_id:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return await real(session, update_id=update_id, **kwargs)

    ana_update = updates.text_update(ANA, "/help")
    monkeypatch.setattr(handled, "claim", locked_for_ana)
    ana = asyncio.create_task(bot.process(ana_update))
    await asyncio.sleep(0.2)  # Ana's first attempt failed; she waits 1 s for the next
    reply = await asyncio.wait_for(bot.say(BEA, "/help"), 0.7)
    assert "/new" in reply.text
    ana.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ana


async def test_this_releases_new_buttons_forwarded_into_a_group_touch_nothing(
    bot: BotHarness,
) -> None:
    """The talking-points review, Call someone else and Add what you discussed, tapped in a
    group: answered with the pointer to the private chat, nothing read or changed."""
    await onboard(bot, ANA)
    for data in ("db:v1:pt:abc123:0a1b2c:n0", "fu:v1:who:1", "fu:v1:to:1:2", "fu:v1:add:1"):
        calls = await bot.process(group_tap(ANA, data))
        assert [call.method for call in calls] == ["answerCallbackQuery"], data
        assert "private chat" in calls[0].params["text"]
    async with bot.db() as session:
        states = (await session.scalars(select(ConversationState))).all()
    assert all("-100555" not in row.key for row in states)
    assert await count(bot, JobApplication) == 0
