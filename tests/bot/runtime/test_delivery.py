"""An update's replies are part of its unit of work: stored with the commit, made after it,
through flood waits, and made at the next start if the process died in between."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.runtime.delivery import Delivery
from bot.runtime.pipeline import UNDELIVERED_NOTICE, pipeline_of
from bot.runtime.unit import Outgoing, Reply
from storage.models import FollowUp, FollowUpStatus, OutgoingReply, User
from tests.support import updates
from tests.support.follow_up_data import add_follow_up, seed_interview
from tests.support.harness import BotHarness

ANA = updates.person(7401, "Ana", "Lima")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
async def bot(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotHarness]:
    # PTB 22 warns when a 429's retry_after is built as an int; the timedelta form is ours.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    yield harness
    await harness.stop()


async def outbox_rows(bot: BotHarness) -> int:
    async with bot.db() as session:
        return int(await session.scalar(select(func.count()).select_from(OutgoingReply)) or 0)


async def onboarded(bot: BotHarness) -> None:
    await bot.send(ANA, "/start")
    await bot.say(ANA, "Ana Lima")
    await bot.say(ANA, "Berlin")
    await bot.say(ANA, "9")


async def test_a_reply_committed_but_not_made_before_a_crash_goes_out_at_the_next_start(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboarded(bot)

    async def killed(self: Delivery, outgoing: Any) -> None:
        raise asyncio.CancelledError  # kill -9 between the commit and the first send

    monkeypatch.setattr(Delivery, "deliver", killed)
    with pytest.raises(asyncio.CancelledError):
        await bot.send(ANA, "/new")
    assert not [c for c in bot.api.messages if "company" in c.text.lower()]
    monkeypatch.undo()

    await bot.restart()
    bot.now = NOW
    before = len(bot.api.calls)
    assert await pipeline_of(bot.application).resume_replies() == 1
    await pipeline_of(bot.application).drain(within=5)
    (question,) = bot.api.calls[before:]
    assert "company" in question.text.lower()
    assert await outbox_rows(bot) == 0
    # The answer to that question lands where it belongs: the company, then the role.
    assert "role" in (await bot.say(ANA, "Acme")).text.lower()
    # Made once: a second start has nothing left to make.
    assert await pipeline_of(bot.application).resume_replies() == 0


async def test_a_chats_replies_from_before_a_restart_come_before_its_next_answer(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboarded(bot)

    async def killed(self: Delivery, outgoing: Any) -> None:
        raise asyncio.CancelledError

    monkeypatch.setattr(Delivery, "deliver", killed)
    with pytest.raises(asyncio.CancelledError):
        await bot.send(ANA, "/new")
    monkeypatch.undo()
    await bot.restart()
    pipeline = pipeline_of(bot.application)
    await pipeline.resume_replies()
    await bot.send(ANA, "Acme")  # queued behind the resumed question in Ana's lane
    texts = [call.text.lower() for call in bot.api.messages[-2:]]
    assert "company" in texts[0]
    assert "role" in texts[1]


async def test_a_reply_hit_by_two_429s_is_sent_and_each_logged_once_as_a_warning(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await onboarded(bot)
    for _ in range(2):
        bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    caplog.set_level(logging.INFO)
    calls = await asyncio.wait_for(bot.send(ANA, "/new"), 10)
    assert [call.method for call in calls] == ["sendMessage"] * 3
    assert "company" in calls[-1].text.lower()
    floods = [r for r in caplog.records if "Flood control" in r.getMessage()]
    assert [r.levelno for r in floods] == [logging.WARNING] * 2
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert await outbox_rows(bot) == 0


async def test_a_reply_given_up_after_many_minutes_is_owned_up_to_at_the_next_message(
    bot: BotHarness,
) -> None:
    await onboarded(bot)
    pipeline_of(bot.application).delivery.give_up_after = 1.5  # "many minutes", shortened
    for _ in range(3):
        bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await asyncio.wait_for(bot.send(ANA, "/new"), 10)
    assert await outbox_rows(bot) == 1  # kept, marked given up
    calls = await bot.send(ANA, "Acme")
    assert calls[0].text == UNDELIVERED_NOTICE
    assert "role" in calls[-1].text.lower()
    assert await outbox_rows(bot) == 0
    # Said once.
    assert UNDELIVERED_NOTICE not in [c.text for c in await bot.send(ANA, "SRE")]


async def test_a_403_on_a_reply_pauses_the_users_follow_ups(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db, user_id=ANA.id)
    await add_follow_up(bot.db, seeded, due_at=NOW + dt.timedelta(days=1))
    async with bot.db() as session:
        pending = (await session.scalars(select(FollowUp).where(FollowUp.user_id == ANA.id))).all()
    assert pending
    assert {row.status for row in pending} == {FollowUpStatus.PENDING}
    bot.api.blocked_chats.add(ANA.id)
    await bot.send(ANA, "/help")
    async with bot.db() as session:
        user = await session.get(User, ANA.id)
        statuses = set(
            await session.scalars(select(FollowUp.status).where(FollowUp.user_id == ANA.id))
        )
    assert user is not None
    assert not user.active
    assert statuses == {FollowUpStatus.PAUSED}


async def test_an_edit_that_changes_nothing_is_not_a_warning(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    # A double tap: the second edit asks for what the message already shows.
    edit = Reply(
        channel="edit:7401:5:None",
        method="editMessageText",
        params={"chat_id": ANA.id, "message_id": 5, "text": "Saved"},
    )
    bot.api.fail_next(
        "editMessageText",
        400,
        "Bad Request: message is not modified: specified new message content and reply "
        "markup are exactly the same as a current content and reply markup of the message",
    )
    caplog.set_level(logging.DEBUG)
    await pipeline_of(bot.application).delivery.deliver([Outgoing(1, edit, ANA.id, ANA.id)])
    assert [call.refused for call in bot.api.of("editMessageText")] == [None]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_reply_given_up_before_a_restart_is_owned_up_to_after_it(bot: BotHarness) -> None:
    await onboarded(bot)
    pipeline_of(bot.application).delivery.give_up_after = 0.5
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await asyncio.wait_for(bot.send(ANA, "/new"), 10)
    await bot.restart()
    bot.now = NOW
    assert await pipeline_of(bot.application).resume_replies() == 0  # given up: not resent
    calls = await bot.send(ANA, "Acme")
    assert calls[0].text == UNDELIVERED_NOTICE


async def test_a_tap_answered_too_late_after_a_restart_is_not_a_warning(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    answer = Reply(
        channel="answer:q1", method="answerCallbackQuery", params={"callback_query_id": "q1"}
    )
    bot.api.fail_next(
        "answerCallbackQuery",
        400,
        "Bad Request: query is too old and response timeout expired or query id is invalid",
    )
    caplog.set_level(logging.DEBUG)
    await pipeline_of(bot.application).delivery.deliver([Outgoing(1, answer, ANA.id, ANA.id)])
    assert len(bot.api.of("answerCallbackQuery")) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_replies_of_an_attempt_that_committed_then_failed_are_made_once(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from bot.runtime.pipeline import UpdatePipeline

    pipeline_of(bot.application).database_retry_delays = (0.01,)
    real = UpdatePipeline._run_unit
    failures = iter([True])

    async def committed_then_failed(*args: Any, **kwargs: Any) -> Any:
        unit = await real(*args, **kwargs)
        if next(failures, False):
            # The COMMIT went through, then the connection reported an error.
            raise OperationalError("COMMIT", {}, Exception("connection lost"))
        return unit

    monkeypatch.setattr(UpdatePipeline, "_run_unit", committed_then_failed)
    calls = await bot.send(ANA, "/start")
    texts = [c.text for c in calls if c.method == "sendMessage"]
    assert any("sign your notes" in text for text in texts)  # not lost with the error
    assert len(texts) == len(set(texts))  # and not doubled
    assert await outbox_rows(bot) == 0


async def test_a_403_in_a_group_pauses_no_one(bot: BotHarness) -> None:
    from tests.bot.runtime.test_pipeline import group_message

    seeded = await seed_interview(bot.db, user_id=ANA.id)
    await add_follow_up(bot.db, seeded, due_at=NOW + dt.timedelta(days=1))
    group = group_message(ANA, "/start")
    assert group.effective_chat is not None
    bot.api.blocked_chats.add(group.effective_chat.id)  # the bot was removed from the group
    await bot.process(group)
    async with bot.db() as session:
        user = await session.get(User, ANA.id)
        statuses = set(
            await session.scalars(select(FollowUp.status).where(FollowUp.user_id == ANA.id))
        )
    assert user is not None
    assert user.active
    assert statuses == {FollowUpStatus.PENDING}
    assert await outbox_rows(bot) == 0


async def test_a_reply_that_cannot_reach_telegram_is_retried_until_it_does(
    bot: BotHarness,
) -> None:
    await onboarded(bot)
    pipeline_of(bot.application).delivery.network_retry_first = 0.05
    for _ in range(4):  # Telegram's front answers 502 while the Bot API is away
        bot.api.fail_next("sendMessage", 502, "Bad Gateway")
    calls = await asyncio.wait_for(bot.send(ANA, "/new"), 10)
    assert [call.method for call in calls] == ["sendMessage"] * 5
    assert "company" in calls[-1].text.lower()
    assert await outbox_rows(bot) == 0


async def test_a_crash_midway_through_an_updates_replies_repeats_only_those_not_made(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.runtime.telegram_bot import DeferringBot

    real = DeferringBot.send
    made: list[str] = []

    async def dies_at_the_second(self: DeferringBot, reply: Reply) -> object:
        if made:
            raise asyncio.CancelledError  # kill -9 while the second reply is on its way
        made.append(str(reply.params.get("text")))
        return await real(self, reply)

    monkeypatch.setattr(DeferringBot, "send", dies_at_the_second)
    with pytest.raises(asyncio.CancelledError):
        await bot.send(ANA, "/start")  # two messages: the greeting, then the name question
    await asyncio.sleep(0.3)  # the first one's record commits while the second goes out
    monkeypatch.undo()
    await bot.restart()
    before = len(bot.api.calls)
    assert await pipeline_of(bot.application).resume_replies() == 1
    await pipeline_of(bot.application).drain(within=5)
    (again,) = bot.api.calls[before:]
    assert again.text != made[0]
    assert "sign your notes" in again.text
