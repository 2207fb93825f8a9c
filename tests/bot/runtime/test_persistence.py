"""PTB's persistence on our database: loads what the pipeline stored, writes nothing itself."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.runtime.persistence import DatabasePersistence
from storage.db import create_sessionmaker
from storage.persistence import store_conversation_state, store_user_data


async def test_persistence_leaves_writing_to_the_pipeline(engine: AsyncEngine) -> None:
    # PTB's interval writes would mix chats' half-done updates; the pipeline stores each.
    persistence = DatabasePersistence(create_sessionmaker(engine))
    await persistence.update_conversation("debrief", (5, 5), 2)
    await persistence.update_user_data(5, {"debrief": {"company": "Acme"}})
    await persistence.flush()
    fresh = DatabasePersistence(create_sessionmaker(engine))
    assert await fresh.get_conversations("debrief") == {}
    assert await fresh.get_user_data() == {}


async def test_conversation_persistence_round_trips(engine: AsyncEngine) -> None:
    sessions = create_sessionmaker(engine)
    async with sessions.begin() as session:
        await store_conversation_state(session, name="debrief", key=(5, 5), state=3)
        await store_conversation_state(session, name="debrief", key=(6, 6), state=1)
        await store_conversation_state(session, name="debrief", key=(6, 6), state=None)
        await store_user_data(session, user_id=5, data={"debrief": {"company": "Acme <b>&"}})
        await store_user_data(session, user_id=5, data={"debrief": {"company": "Acme 2"}})
        await store_user_data(session, user_id=6, data={"last_update_id": 9, "x": 1})
        await store_user_data(session, user_id=7, data={"x": 1})
        await store_user_data(session, user_id=7, data={})

    fresh = DatabasePersistence(sessions)
    assert await fresh.get_conversations("debrief") == {(5, 5): 3}
    # The old dedupe's high-water mark is dropped on load.
    assert await fresh.get_user_data() == {5: {"debrief": {"company": "Acme 2"}}, 6: {"x": 1}}
