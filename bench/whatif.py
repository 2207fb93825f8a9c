"""Prototypes of the recommended fixes, patched in for one measurement only.

Nothing here changes bot/ or storage/ on disk: each context manager swaps a function for
the length of one run, so the table can show "as is" beside "with the fix" from the same
run. Once a fix lands in the bot, its prototype here should be deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest import mock

from sqlalchemy import delete, event
from sqlalchemy.ext.asyncio import AsyncEngine

import bot.app
import bot.dispatch
from storage import persistence as persistence_module
from storage.db import create_engine, is_sqlite
from storage.models import ConversationState, UserData, utcnow


def _engine_synchronous_normal(url: str, **kwargs: Any) -> AsyncEngine:
    """create_engine plus PRAGMA synchronous=NORMAL (WAL: durable across a process crash)."""
    engine = create_engine(url, **kwargs)
    if is_sqlite(url):

        @event.listens_for(engine.sync_engine, "connect")
        def _normal(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


@contextmanager
def synchronous_normal() -> Iterator[None]:
    with mock.patch.object(bot.app, "create_engine", _engine_synchronous_normal):
        yield


@contextmanager
def persistence_in_one_transaction() -> Iterator[None]:
    """PTB's per-update writes (user_data, conversation) buffered, then one transaction."""
    pending: list[tuple[str, Any, Any]] = []

    async def update_user_data(self: Any, user_id: int, data: dict[str, Any]) -> None:
        pending.append(("user", user_id, data))

    async def update_conversation(self: Any, name: str, key: Any, new_state: Any) -> None:
        pending.append(("conversation", (name, key), new_state))

    async def write_pending(self: Any) -> None:
        if not pending:
            return
        writes = list(pending)
        pending.clear()
        async with self._sessions.begin() as session:
            for kind, key, value in writes:
                if kind == "user" and value:
                    values = {"user_id": key, "data": value, "updated_at": utcnow()}
                    await persistence_module._upsert(session, UserData, values, ["user_id"])
                elif kind == "user":
                    await session.execute(delete(UserData).where(UserData.user_id == key))
                elif value is None:
                    name, conversation_key = key
                    await session.execute(
                        delete(ConversationState).where(
                            ConversationState.name == name,
                            ConversationState.key
                            == persistence_module.encode_key(conversation_key),
                        )
                    )
                else:
                    name, conversation_key = key
                    values = {
                        "name": name,
                        "key": persistence_module.encode_key(conversation_key),
                        "state": value,
                        "updated_at": utcnow(),
                    }
                    await persistence_module._upsert(
                        session, ConversationState, values, ["name", "key"]
                    )

    original = bot.app.FollowUpApplication.process_update

    async def process_update(self: Any, update: object) -> None:
        await original(self, update)
        await write_pending(self.persistence)

    database_persistence = persistence_module.DatabasePersistence
    with ExitStack() as stack:
        stack.enter_context(
            mock.patch.object(database_persistence, "update_user_data", update_user_data)
        )
        stack.enter_context(
            mock.patch.object(database_persistence, "update_conversation", update_conversation)
        )
        stack.enter_context(
            mock.patch.object(bot.app.FollowUpApplication, "process_update", process_update)
        )
        yield
