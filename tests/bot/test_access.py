"""ALLOWED_USERS through the real application: strangers leave nothing, listed users pass."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from telegram import User

from bot.access import refusal
from bot.config import AllowedUsers, Settings
from bot.ui.callbacks import OnboardingAction, Scope, button_data
from storage import updates as handled_updates
from storage.models import (
    ConversationState,
    FollowUp,
    FollowUpStatus,
    HandledUpdate,
    HeldUpdate,
    UserData,
)
from storage.models import (
    User as UserRow,
)
from tests.support import follow_up_data, updates
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import BotHarness

OWNER = updates.person(1001, "Ana", "Lima")
STRANGER = User(5005, "Eve", is_bot=False, username="eve_x", language_code="en")
FRIEND = User(2002, "Bo", is_bot=False, username="Bo_Friend", language_code="en")


@pytest.fixture
async def harnesses(database_url: str) -> AsyncIterator[Callable[..., Any]]:
    """Start bots on the test database with the given settings; all stopped at the end."""
    started: list[BotHarness] = []

    async def start(api: FakeBotApi | None = None, **settings: Any) -> BotHarness:
        bot = BotHarness(database_url, **settings)
        if api is not None:
            bot.api = api
        started.append(bot)
        return await bot.start()

    yield start
    for bot in started:
        await bot.stop()


async def count(bot: BotHarness, model: type[Any]) -> int:
    async with bot.db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def onboard(bot: BotHarness, user: User) -> None:
    await bot.send(user, "/start")
    await bot.say(user, "Ana Lima")
    await bot.say(user, "Berlin")
    await bot.say(user, "9")


def test_allowed_users_reads_ids_and_usernames_in_any_case() -> None:
    allowed = Settings(allowed_users=" 1001, @Bo_Friend ,carol_99,").allowed_users
    assert allowed == AllowedUsers(frozenset({1001}), frozenset({"bo_friend", "carol_99"}))
    assert allowed.admits(1001, None)
    assert allowed.admits(9, "BO_FRIEND")
    assert not allowed.admits(9, "eve_x")
    assert Settings(allowed_users=" , ").allowed_users is None  # blank: open to everyone


@pytest.mark.parametrize("entry", ["@ab", "bo friend", "-100", "@bo-friend"])
def test_allowed_users_refuses_what_is_neither_an_id_nor_a_username(entry: str) -> None:
    with pytest.raises(ValueError, match="neither a Telegram user id"):
        Settings(allowed_users=f"1001,{entry}")


async def test_a_strangers_start_is_refused_and_leaves_only_the_update_id(
    harnesses: Callable[..., Any],
) -> None:
    bot = await harnesses(allowed_users="1001")
    start = updates.text_update(STRANGER, "/start")
    # As if polling had kept it while it waited behind slow updates: it carries the text.
    async with bot.db.begin() as session:
        await handled_updates.hold(
            session, updates=[(start.update_id, start.to_dict())], at=dt.datetime.now(dt.UTC)
        )

    calls = await bot.process(start)
    calls += await bot.send(STRANGER, "I had an interview at Acme with Jo Park, jo@acme.example")

    replies = [call.text for call in calls if call.method == "sendMessage"]
    assert replies == [refusal(STRANGER.id)] * 2
    assert "your id 5005" in replies[0]
    for model in (UserRow, ConversationState, UserData, HeldUpdate):
        assert await count(bot, model) == 0, model.__name__
    async with bot.db() as session:
        marks = (await session.execute(select(HandledUpdate))).scalars().all()
    assert len(marks) == 2
    assert all(mark.error is None for mark in marks)
    assert STRANGER.id not in bot.application.user_data or not bot.application.user_data[
        STRANGER.id
    ]


async def test_a_strangers_tap_is_answered_with_the_same_line_and_does_nothing(
    harnesses: Callable[..., Any],
) -> None:
    bot = await harnesses(allowed_users="1001")
    calls = await bot.tap(STRANGER, button_data(Scope.ONBOARDING, OnboardingAction.HOUR, 9))
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == refusal(STRANGER.id)
    assert calls[0].params["show_alert"] is True


async def test_a_user_listed_by_id_or_by_username_is_onboarded(
    harnesses: Callable[..., Any],
) -> None:
    bot = await harnesses(allowed_users="1001, @bo_friend")
    for user in (OWNER, FRIEND):
        await onboard(bot, user)
    async with bot.db() as session:
        stored = set((await session.scalars(select(UserRow.id))).all())
    assert stored == {OWNER.id, FRIEND.id}


async def test_a_removed_users_follow_ups_pause_and_delete_me_still_works(
    harnesses: Callable[..., Any],
) -> None:
    open_bot = await harnesses()
    seeded = await follow_up_data.seed_interview(open_bot.db, user_id=OWNER.id)
    await follow_up_data.add_follow_up(open_bot.db, seeded)
    friend = await follow_up_data.seed_interview(open_bot.db, user_id=FRIEND.id)
    await follow_up_data.add_follow_up(open_bot.db, friend)
    await open_bot.stop()

    # Restarted with only the friend listed (by username, so Telegram is asked who is who).
    # Telegram knows both chats (getChat answers for them); only the friend has a username.
    api = FakeBotApi()
    api.users = {
        OWNER.id: {"id": OWNER.id, "first_name": "Someone"},
        FRIEND.id: {"id": FRIEND.id, "first_name": "Someone", "username": "Bo_Friend"},
    }
    bot = await harnesses(api, allowed_users="@bo_friend")
    statuses = {row.user_id: row.status for row in await follow_up_data.all_rows(bot.db)}
    assert statuses == {OWNER.id: FollowUpStatus.PAUSED, FRIEND.id: FollowUpStatus.PENDING}

    assert (await bot.say(OWNER, "/list")).text == refusal(OWNER.id)
    assert await count(bot, FollowUp) == 2  # their data is kept

    confirm = await bot.say(OWNER, "/delete_me")
    assert "Erase everything?" in confirm.text
    await bot.press(OWNER, confirm, "Yes, erase")
    async with bot.db() as session:
        left = set((await session.scalars(select(UserRow.id))).all())
    assert left == {FRIEND.id}


async def test_a_user_added_back_resumes_with_start(harnesses: Callable[..., Any]) -> None:
    open_bot = await harnesses()
    seeded = await follow_up_data.seed_interview(open_bot.db, user_id=OWNER.id)
    await follow_up_data.add_follow_up(open_bot.db, seeded)
    await open_bot.stop()
    closed = await harnesses(allowed_users="42")
    await closed.stop()

    bot = await harnesses(allowed_users=str(OWNER.id))
    assert "resumed 1 paused follow-up" in (await bot.say(OWNER, "/start")).text
    (row,) = await follow_up_data.all_rows(bot.db)
    assert row.status == FollowUpStatus.PENDING


async def test_an_open_instance_warns_once_at_start(
    harnesses: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await harnesses()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w for w in warnings if "ALLOWED_USERS" in w] == [
        "ALLOWED_USERS is not set: anyone who finds @FollowUpTestBot can use this bot and store "
        "their data here; set it to your Telegram user id to keep the bot to yourself"
    ]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        await harnesses(allowed_users="1001")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    (started,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Started")]
    assert "@FollowUpTestBot (https://t.me/FollowUpTestBot) by long polling" in started
    assert "(0 users); allowed users: 1001" in started
