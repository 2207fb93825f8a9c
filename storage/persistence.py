"""Conversation states and per-user data: what PTB keeps in memory, stored in our database.

They live in two tables (the partial answers of a debrief are user data), so a restart or a
crash in the middle of a conversation loses nothing. PTB reads them at start through
bot/runtime/persistence.py; the update pipeline writes them with `store_user_data` and
`store_conversation_state`, inside the transaction of the update that changed them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_insert
from storage.models import ConversationState, UserData, utcnow

JSONDict = dict[str, Any]
# A conversation's key, as PTB builds it: (chat_id, user_id), (user_id,) or (chat_id,).
ConversationKey = tuple[int | str, ...]


def encode_key(key: ConversationKey) -> str:
    """A conversation key (a tuple of ids) as a stable string."""
    return json.dumps(list(key), separators=(",", ":"))


def decode_key(key: str) -> ConversationKey:
    return tuple(json.loads(key))


async def _upsert(
    session: AsyncSession, model: Any, values: dict[str, Any], keys: list[str]
) -> None:
    # On the Table, not the mapped class: a plain INSERT skips the ORM's bulk machinery,
    # a quarter of the cost of each update's write.
    statement = dialect_insert(session, model.__table__).values(**values)
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


async def all_user_data(session: AsyncSession) -> dict[int, JSONDict]:
    """Every user's stored data, by user id (read once, at start)."""
    rows = (await session.scalars(select(UserData))).all()
    loaded = {row.user_id: dict(row.data or {}) for row in rows}
    for data in loaded.values():
        # The high-water mark of the old dedupe (before handled_updates): ignored, and
        # gone from the row the next time that user's data is stored.
        data.pop("last_update_id", None)
    return loaded


async def conversation_states(session: AsyncSession, *, name: str) -> dict[ConversationKey, object]:
    """Every stored state of one conversation, by key (read once, at start)."""
    rows = (
        await session.scalars(select(ConversationState).where(ConversationState.name == name))
    ).all()
    return {decode_key(row.key): row.state for row in rows}
