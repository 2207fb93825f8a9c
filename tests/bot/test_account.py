"""/delete_me through the real application: confirmation, erasure, in-memory state, fresh start."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ConversationHandler

from bot.follow_ups import dispatch
from bot.runtime import ptb
from bot.ui.callbacks import Scope, button_data
from storage import follow_ups, interviews
from storage import updates as handled_updates
from storage.interviews import InterviewerInput
from storage.models import (
    Base,
    ConversationState,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    HeldUpdate,
    Interview,
    Interviewer,
    JobApplication,
    OutgoingReply,
    User,
    UserData,
)
from storage.persistence import decode_key, encode_key
from tests.support import follow_up_data, updates
from tests.support.harness import BotHarness

ANA = updates.person(1001, "Ana", "Lima")
BEA = updates.person(1002, "Bea", "Souza")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


async def onboard(bot: BotHarness, user: object) -> None:
    await bot.send(user, "/start")  # type: ignore[arg-type]
    await bot.say(user, "Someone")  # type: ignore[arg-type]
    await bot.say(user, "Berlin")  # type: ignore[arg-type]
    await bot.say(user, "9")  # type: ignore[arg-type]


async def seed(bot: BotHarness, user_id: int) -> None:
    async with bot.db.begin() as session:
        interview = await interviews.save_interview(
            session,
            user_id=user_id,
            company="Acme",
            role="SRE",
            held_at=NOW - dt.timedelta(days=1),
            interviewers=[InterviewerInput("Bo Chen")],
            pitch="I keep systems up",
            timeline_text=None,
            timeline_date=None,
            timeline_asked=True,
        )
        await follow_ups.schedule(
            session,
            user_id=user_id,
            application_id=interview.application_id,
            interview_id=interview.id,
            kind=FollowUpKind.CALL,
            due_at=NOW + dt.timedelta(days=14),
        )


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await onboard(harness, ANA)
    await onboard(harness, BEA)
    await seed(harness, ANA.id)
    await seed(harness, BEA.id)
    yield harness
    await harness.stop()


async def count(session: AsyncSession, model: type, *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def rows_of(bot: BotHarness, user_id: int) -> dict[str, int]:
    async with bot.db() as session:
        return {
            "users": await count(session, User, User.id == user_id),
            "applications": await count(session, JobApplication, JobApplication.user_id == user_id),
            "follow_ups": await count(session, FollowUp, FollowUp.user_id == user_id),
            "interviews": await count(
                session,
                Interview,
                Interview.application_id.in_(
                    select(JobApplication.id).where(JobApplication.user_id == user_id)
                ),
            ),
            "user_data": await count(session, UserData, UserData.user_id == user_id),
            "states": await count(
                session, ConversationState, ConversationState.key.contains(str(user_id))
            ),
        }


async def test_no_keeps_everything(bot: BotHarness) -> None:
    ask = await bot.say(ANA, "/delete_me")
    assert "can't be undone" in ask.text
    assert ask.button_labels == ["Yes, erase everything", "No, keep it"]
    await bot.press(ANA, ask, "No")
    assert "nothing was erased" in bot.api.calls[-1].text
    assert (await rows_of(bot, ANA.id))["applications"] == 1


async def test_yes_erases_every_row_and_start_begins_fresh(bot: BotHarness) -> None:
    ask = await bot.say(ANA, "/delete_me")
    calls = await bot.press(ANA, ask, "Yes")
    (erased,) = [call for call in calls if call.method == "editMessageText"]
    assert "Everything is erased" in erased.text
    assert await rows_of(bot, ANA.id) == dict.fromkeys(
        ("users", "applications", "follow_ups", "interviews", "user_data", "states"), 0
    )
    async with bot.db() as session:
        assert await count(session, Interviewer) == 1  # Bea's
    # Bea is untouched.
    bea = await rows_of(bot, BEA.id)
    assert (bea["users"], bea["applications"], bea["follow_ups"]) == (1, 1, 1)

    fresh = await bot.send(ANA, "/start")
    texts = [call.text for call in fresh if call.method == "sendMessage"]
    assert not any("Welcome back" in text for text in texts)
    assert "What name should I sign your notes with?" in texts[-1]
    assert "Which time zone" in (await bot.say(ANA, "Ana Again")).text


async def test_a_debrief_in_progress_is_forgotten_in_memory_and_in_the_database(
    bot: BotHarness,
) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Half Done Inc")
    ask = await bot.say(ANA, "/delete_me")
    await bot.press(ANA, ask, "Yes")
    assert (await rows_of(bot, ANA.id))["states"] == 0
    assert (await rows_of(bot, ANA.id))["user_data"] == 0
    # The debrief no longer takes this text as the role: the conversation really ended.
    reply = await bot.say(ANA, "Site Reliability Engineer")
    assert "not waiting for an answer" in reply.text
    # Nothing of the debrief is left; only the id of the last update handled is kept.
    assert not bot.application.user_data.get(ANA.id)
    # And a restart does not bring it back.
    await bot.restart()
    assert "not waiting for an answer" in (await bot.say(ANA, "hello")).text


async def test_the_button_erases_only_the_tapping_user(bot: BotHarness) -> None:
    ask = await bot.say(ANA, "/delete_me")
    await bot.tap(BEA, ask.data_for("Yes"))
    assert (await rows_of(bot, ANA.id))["applications"] == 1
    assert (await rows_of(bot, BEA.id))["users"] == 0


async def test_a_malformed_button_changes_nothing(bot: BotHarness) -> None:
    calls = await bot.tap(ANA, button_data(Scope.DELETE_ME, "everything", ANA.id))
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "out of date" in answer.params["text"]
    assert (await rows_of(bot, ANA.id))["users"] == 1


GROUP = -100_777_000_123


async def test_conversation_state_of_any_chat_of_the_user_is_forgotten(bot: BotHarness) -> None:
    # A state kept for another chat of Ana's (a group, from before groups were refused), and
    # one of Bea's in the same group: keys are PTB's (chat_id, user_id), stored as JSON.
    names = sorted(
        {
            handler.name
            for group in bot.application.handlers.values()
            for handler in group
            if isinstance(handler, ConversationHandler) and handler.name
        }
    )
    assert names
    async with bot.db.begin() as session:
        for name in names:
            for key in ((GROUP, ANA.id), (GROUP, BEA.id), (ANA.id,), (10 * ANA.id + 1, 1)):
                session.add(ConversationState(name=name, key=encode_key(key), state=[1, None]))
    await bot.restart()  # loaded into memory as PTB loads them at start
    debrief = next(
        handler
        for group in bot.application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler) and handler.name == names[0]
    )
    assert (GROUP, ANA.id) in ptb.conversation_keys(debrief)

    ask = await bot.say(ANA, "/delete_me")
    await bot.press(ANA, ask, "Yes")

    async with bot.db() as session:
        left = {decode_key(key) for key in await session.scalars(select(ConversationState.key))}
    assert left == {(GROUP, BEA.id), (10 * ANA.id + 1, 1)}  # Bea's, and a key that merely
    # contains Ana's digits
    assert (GROUP, ANA.id) not in ptb.conversation_keys(debrief)
    assert (GROUP, BEA.id) in ptb.conversation_keys(debrief)
    await bot.restart()
    reloaded = next(
        handler
        for group in bot.application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler) and handler.name == names[0]
    )
    assert (GROUP, ANA.id) not in ptb.conversation_keys(reloaded)


async def test_a_button_from_before_the_erasure_never_acts_on_a_row_made_after_it(
    database_url: str,
) -> None:
    # Ana alone, so her rows hold the highest ids: SQLite without AUTOINCREMENT hands out
    # max(id) + 1, the very ids her erased rows had.
    bot = await BotHarness(database_url).start()
    bot.now = follow_up_data.NOW
    try:
        before = await follow_up_data.seed_interview(bot.db, user_id=ANA.id)
        await follow_up_data.add_follow_up(bot.db, before)
        await dispatch.dispatch_due(bot.application, now=follow_up_data.NOW)
        old_note = bot.api.last_message
        await bot.press(ANA, await bot.say(ANA, "/delete_me"), "Yes")
        after = await follow_up_data.seed_interview(bot.db, user_id=ANA.id)
        new_id = await follow_up_data.add_follow_up(bot.db, after)
        await dispatch.dispatch_due(bot.application, now=follow_up_data.NOW)

        calls = await bot.press(ANA, old_note, "Skip")

        assert not [call for call in calls if call.method.startswith("editMessage")]
        assert (await follow_up_data.get_row(bot.db, new_id)).status == FollowUpStatus.SENT
        assert after.application_id != before.application_id
        assert after.interview_id != before.interview_id
        assert set(after.interviewer_ids).isdisjoint(before.interviewer_ids)
    finally:
        await bot.stop()


async def test_the_erasure_takes_the_users_held_updates_in_the_same_transaction(
    bot: BotHarness,
) -> None:
    ask = await bot.say(ANA, "/delete_me")
    # Updates confirmed to Telegram before they were handled (a slow page) keep the raw
    # JSON, text and all: Ana's earlier message, her Yes itself, one of Bea's, and a
    # message of Ana's sent after the Yes that has not run yet.
    earlier = updates.text_update(ANA, "my salary is 90k")
    yes = updates.tap_update(ANA, ask.data_for("Yes"), message_id=ask.message_id)
    beas = updates.text_update(BEA, "hello")
    after = updates.text_update(ANA, "/start")
    async with bot.db.begin() as session:
        await handled_updates.hold(
            session,
            updates=[(u.update_id, u.to_dict()) for u in (earlier, yes, beas, after)],
            at=NOW,
        )
        for done in (earlier, beas):
            await handled_updates.claim(session, update_id=done.update_id, at=NOW)

    await bot.process(yes)

    async with bot.db() as session:
        held = set(await session.scalars(select(HeldUpdate.update_id)))
    assert held == {beas.update_id, after.update_id}


async def test_the_erasure_takes_replies_to_the_user_not_made_yet(bot: BotHarness) -> None:
    # Replies committed but not made (a crash came first), or given up on after many flood
    # waits: their texts name the user's applications.
    async with bot.db.begin() as session:
        for chat_id, user_id, given_up in ((ANA.id, ANA.id, NOW), (ANA.id, None, None)):
            session.add(
                OutgoingReply(
                    update_id=1,
                    chat_id=chat_id,
                    user_id=user_id,
                    channel="chat",
                    method="sendMessage",
                    params={"chat_id": chat_id, "text": "Saved: Acme, SRE"},
                    files={},
                    given_up_at=given_up,
                )
            )
        session.add(
            OutgoingReply(
                update_id=2,
                chat_id=BEA.id,
                user_id=BEA.id,
                channel="chat",
                method="sendMessage",
                params={"chat_id": BEA.id, "text": "Saved: Acme, SRE"},
                files={},
                given_up_at=NOW,
            )
        )
    ask = await bot.say(ANA, "/delete_me")

    calls = await bot.press(ANA, ask, "Yes")

    assert any("Everything is erased" in call.text for call in calls)
    async with bot.db() as session:
        left = [(row.chat_id, row.user_id) for row in await session.scalars(select(OutgoingReply))]
    assert left == [(BEA.id, BEA.id)]


# Every table, by how /delete_me clears what it holds of a user. A new table fails the test
# below until it is placed here (and, if it holds a user's id or text, cleared).
BY_CASCADE_FROM_USERS = {"applications", "interviews", "interviewers", "follow_ups"}
CLEARED_BY_THE_ERASURE = {
    "users",
    "user_data",
    "conversation_states",
    "held_updates",
    "outgoing_replies",
}
NOTHING_OF_A_USER = {"handled_updates"}  # update ids and an error line without values


def test_every_table_is_known_to_the_erasure() -> None:
    tables = Base.metadata.tables
    assert set(tables) == BY_CASCADE_FROM_USERS | CLEARED_BY_THE_ERASURE | NOTHING_OF_A_USER
    for name in BY_CASCADE_FROM_USERS:
        parents = {
            key.column.table.name for key in tables[name].foreign_keys if key.ondelete == "CASCADE"
        }
        assert parents & ({"users"} | BY_CASCADE_FROM_USERS), name
