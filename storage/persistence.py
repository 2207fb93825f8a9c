"""PTB conversation persistence on our database (the one storage module that knows PTB).

Conversation states and per-user data (the partial answers of a debrief) live in two
tables, so a restart or a crash in the middle of a conversation loses nothing.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.models import ConversationState, UserData, utcnow

JSONDict = dict[str, Any]


def encode_key(key: ConversationKey) -> str:
    """A conversation key (a tuple of ids) as a stable string."""
    return json.dumps(list(key), separators=(",", ":"))


def decode_key(key: str) -> ConversationKey:
    return tuple(json.loads(key))


async def _upsert(
    connection: AsyncConnection, model: Any, values: dict[str, Any], keys: list[str]
) -> None:
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    # On the Table, not the mapped class: a plain INSERT skips the ORM's bulk machinery,
    # a quarter of the cost of each update's write.
    statement = insert(model.__table__).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: statement.excluded[name] for name in values if name not in keys},
    )
    await connection.execute(statement)


async def drop_conversations_of(session: AsyncSession, *, user_id: int) -> None:
    """Forget every conversation state and partial answer of one user (/delete_me)."""
    await session.execute(delete(UserData).where(UserData.user_id == user_id))
    # The bot talks in private chats only, where the chat id is the user id.
    keys = [encode_key((user_id,)), encode_key((user_id, user_id))]
    await session.execute(delete(ConversationState).where(ConversationState.key.in_(keys)))


class DatabasePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    """Stores conversations and user_data; chat_data, bot_data and callback data are unused.

    PTB hands over each changed item separately (and concurrently). They are collected and
    written by `write_pending` in one transaction, so one update costs one commit and a
    crash never stores a conversation's new state without the answers that led to it.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], update_interval: float = 60):
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._sessions = sessions
        # Writes go straight to a connection: an ORM session per update costs more than
        # the two statements it would run.
        self._engine: AsyncEngine = sessions.kw["bind"]
        # None means "delete"; a later write for the same key replaces an earlier one.
        self._pending_user_data: dict[int, JSONDict | None] = {}
        self._pending_states: dict[tuple[str, str], object | None] = {}

    async def write_pending(self) -> None:
        """Store everything handed over since the last call, in one transaction."""
        if not self._pending_user_data and not self._pending_states:
            return
        user_data, self._pending_user_data = self._pending_user_data, {}
        states, self._pending_states = self._pending_states, {}

        now = utcnow()
        async with self._engine.begin() as connection:
            for user_id, data in user_data.items():
                if data:
                    await _upsert(
                        connection,
                        UserData,
                        {"user_id": user_id, "data": data, "updated_at": now},
                        ["user_id"],
                    )
                else:
                    await connection.execute(delete(UserData).where(UserData.user_id == user_id))
            for (name, key), state in states.items():
                if state is None:
                    await connection.execute(
                        delete(ConversationState).where(
                            ConversationState.name == name, ConversationState.key == key
                        )
                    )
                else:
                    await _upsert(
                        connection,
                        ConversationState,
                        {"name": name, "key": key, "state": state, "updated_at": now},
                        ["name", "key"],
                    )

    async def get_user_data(self) -> dict[int, JSONDict]:
        async with self._sessions() as session:
            rows = (await session.scalars(select(UserData))).all()
        return {row.user_id: dict(row.data or {}) for row in rows}

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        self._pending_user_data[user_id] = data or None

    async def drop_user_data(self, user_id: int) -> None:
        self._pending_user_data[user_id] = None

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        """Nothing to do: this process is the only writer of a user's data between updates."""

    async def get_conversations(self, name: str) -> ConversationDict:
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(ConversationState).where(ConversationState.name == name)
                )
            ).all()
        return {decode_key(row.key): row.state for row in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        self._pending_states[(name, encode_key(key))] = new_state

    async def get_chat_data(self) -> dict[int, JSONDict]:
        return {}

    async def update_chat_data(self, chat_id: int, data: JSONDict) -> None:
        """Chat data is not stored (store_data.chat_data is False)."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: JSONDict) -> None:
        """Chat data is not stored."""

    async def get_bot_data(self) -> JSONDict:
        return {}

    async def update_bot_data(self, data: JSONDict) -> None:
        """Bot data is not stored (store_data.bot_data is False)."""

    async def refresh_bot_data(self, bot_data: JSONDict) -> None:
        """Bot data is not stored."""

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Arbitrary callback data is off: our buttons carry short codec strings."""

    async def flush(self) -> None:
        """At shutdown: store whatever is still pending."""
        await self.write_pending()
