"""PTB's persistence on our database: conversations and user_data loaded at start, nothing more.

PTB would hand over changes on an interval, for all chats at once; that cannot be part of one
update's transaction, so every update_* method here is a no-op and the update pipeline stores
what its update changed (storage/persistence.py: `store_user_data`,
`store_conversation_state`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import BasePersistence, PersistenceInput

from storage import persistence as stored
from storage.persistence import ConversationKey, JSONDict

# PTB keeps its aliases for these in a private module; mypy checks ours against
# BasePersistence's signatures.
ConversationDict = dict[ConversationKey, object]
CallbackData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


class DatabasePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    """Loads conversations and user_data at start; chat_data, bot_data, callback data unused."""

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
            return await stored.all_user_data(session)

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        """Stored by the pipeline, in the update's own transaction."""

    async def drop_user_data(self, user_id: int) -> None:
        """Stored by the pipeline, in the update's own transaction."""

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        """Nothing to do: this process is the only writer of a user's data between updates."""

    async def get_conversations(self, name: str) -> ConversationDict:
        async with self._sessions() as session:
            return await stored.conversation_states(session, name=name)

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

    async def get_callback_data(self) -> CallbackData | None:
        return None

    async def update_callback_data(self, data: CallbackData) -> None:
        """Arbitrary callback data is off: our buttons carry short codec strings."""

    async def flush(self) -> None:
        """Nothing is pending: every update stored its own changes when it committed."""
