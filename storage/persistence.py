"""PTB conversation persistence on our database (the one storage module that knows PTB).

Conversation states and per-user data (the partial answers of a debrief) live in two
tables, so a restart or a crash in the middle of a conversation loses nothing. PTB reads
them through `DatabasePersistence` at start; they are written by the update pipeline with
`store_user_data` and `store_conversation_state`, inside the transaction of the update
that changed them, never on PTB's own schedule.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
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
    session: AsyncSession, model: Any, values: dict[str, Any], keys: list[str]
) -> None:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # On the Table, not the mapped class: a plain INSERT skips the ORM's bulk machinery,
    # a quarter of the cost of each update's write.
    statement = insert(model.__table__).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: statement.excluded[name] for name in values if name not in keys},
    )
    await session.execute(statement)


async def store_user_data(session: AsyncSession, *, user_id: int, data: JSONDict | None) -> None:
    """Store one user's data as it is now; empty or None removes the row."""
    if data:
        await _upsert(
            session,
            UserData,
            {"user_id": user_id, "data": data, "updated_at": utcnow()},
            ["user_id"],
        )
    else:
        await session.execute(delete(UserData).where(UserData.user_id == user_id))


async def store_conversation_state(
    session: AsyncSession, *, name: str, key: ConversationKey, state: object | None
) -> None:
    """Store one conversation's state; None (ended) removes the row."""
    encoded = encode_key(key)
    if state is None:
        await session.execute(
            delete(ConversationState).where(
                ConversationState.name == name, ConversationState.key == encoded
            )
        )
    else:
        await _upsert(
            session,
            ConversationState,
            {"name": name, "key": encoded, "state": state, "updated_at": utcnow()},
            ["name", "key"],
        )


async def load_user_state(
    session: AsyncSession, *, user_id: int, conversations: list[tuple[str, ConversationKey]]
) -> tuple[JSONDict | None, dict[tuple[str, ConversationKey], object]]:
    """One user's stored data and the stored state of the given conversations."""
    row = await session.get(UserData, user_id)
    encoded = {(name, encode_key(key)): (name, key) for name, key in conversations}
    states: dict[tuple[str, ConversationKey], object] = {}
    if encoded:
        found = await session.scalars(
            select(ConversationState).where(ConversationState.key.in_({key for _, key in encoded}))
        )
        for state in found:
            wanted = encoded.get((state.name, state.key))
            if wanted is not None:
                states[wanted] = state.state
    return (dict(row.data) if row is not None and row.data else None), states


async def drop_conversations_of(session: AsyncSession, *, user_id: int) -> None:
    """Forget every conversation state and partial answer of one user (/delete_me).

    Keys are PTB's `(chat_id, user_id)` (or `(user_id,)`), encoded as JSON: the user's own
    private chat and any other chat a state was ever kept for (a group, before the bot
    refused groups), all ending in `,<user_id>]`.
    """
    await session.execute(delete(UserData).where(UserData.user_id == user_id))
    user_id = int(user_id)  # an int's digits, never a LIKE wildcard
    await session.execute(
        delete(ConversationState).where(
            or_(
                ConversationState.key == encode_key((user_id,)),
                ConversationState.key.endswith(f",{user_id}]", autoescape=True),
            )
        )
    )


class DatabasePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    """Loads conversations and user_data at start; chat_data, bot_data, callback data unused.

    PTB would hand over changes on an interval, for all chats at once; that cannot be part
    of one update's transaction, so every update_* method here is a no-op and the pipeline
    stores what its update changed (see `store_user_data`, `store_conversation_state`).
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], update_interval: float = 60):
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._sessions = sessions

    async def get_user_data(self) -> dict[int, JSONDict]:
        async with self._sessions() as session:
            rows = (await session.scalars(select(UserData))).all()
        loaded = {row.user_id: dict(row.data or {}) for row in rows}
        for data in loaded.values():
            # The high-water mark of the old dedupe (before handled_updates): ignored, and
            # gone from the row the next time that user's data is stored.
            data.pop("last_update_id", None)
        return loaded

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        """Stored by the pipeline, in the update's own transaction."""

    async def drop_user_data(self, user_id: int) -> None:
        """Stored by the pipeline, in the update's own transaction."""

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
        """Stored by the pipeline, in the update's own transaction."""

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
        """Nothing is pending: every update stored its own changes when it committed."""
