"""Our ExtBot: a handler's Telegram calls wait for its commit; getUpdates read raw.

Handlers reply with PTB's usual shortcuts (`message.reply_text`, `query.answer`, ...).
While an update's transaction is open, the calls behind those shortcuts are queued on its
unit of work and return None; the pipeline makes them, in order, once it has committed.
No handler uses what they return, and any other call inside a transaction is refused, so
a new handler cannot quietly await Telegram with a transaction open.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ExtBot

from bot.runtime.unit import Channel, collecting_unit

JSONDict = dict[str, Any]


class TelegramCallInTransactionError(RuntimeError):
    """A Telegram call that cannot wait for the commit was made inside a unit of work."""


def _edited(kwargs: dict[str, Any]) -> Channel:
    """An edit's channel: the message it changes (edits of one message stay in order)."""
    return (
        "edit",
        kwargs.get("chat_id"),
        kwargs.get("message_id"),
        kwargs.get("inline_message_id"),
    )


class DeferringBot(ExtBot[Any]):
    """ExtBot whose message calls are queued while a unit of work collects.

    PTB's shortcuts (message.reply_text, query.answer, query.edit_message_text) pass
    keyword arguments, which is what an edit's channel is read from.
    """

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            unit.later(lambda: super(DeferringBot, self).send_message(*args, **kwargs), "send")
            return None
        return await super().send_message(*args, **kwargs)

    async def send_document(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            unit.later(lambda: super(DeferringBot, self).send_document(*args, **kwargs), "send")
            return None
        return await super().send_document(*args, **kwargs)

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            unit.later(
                lambda: super(DeferringBot, self).edit_message_text(*args, **kwargs),
                _edited(kwargs),
            )
            return None
        return await super().edit_message_text(*args, **kwargs)

    async def edit_message_reply_markup(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            unit.later(
                lambda: super(DeferringBot, self).edit_message_reply_markup(*args, **kwargs),
                _edited(kwargs),
            )
            return None
        return await super().edit_message_reply_markup(*args, **kwargs)

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            # It only stops the button's spinner: nothing waits for it, it waits for nothing.
            unit.later(
                lambda: super(DeferringBot, self).answer_callback_query(*args, **kwargs),
                ("answer", args[:1], kwargs.get("callback_query_id")),
            )
            return None
        return await super().answer_callback_query(*args, **kwargs)

    async def _do_post(self, endpoint: str, data: JSONDict, **kwargs: Any) -> Any:
        if collecting_unit() is not None:
            raise TelegramCallInTransactionError(
                f"{endpoint} was called while an update's transaction is open; "
                "queue it on the unit of work instead (see bot/runtime/telegram_bot.py)"
            )
        return await super()._do_post(endpoint, data, **kwargs)

    async def get_raw_updates(
        self, *, offset: int | None, long_poll_seconds: int, allowed_updates: list[str]
    ) -> list[JSONDict]:
        """getUpdates as JSON: each update is parsed on its own, so one bad one blocks none.

        (PTB's get_updates parses the batch at once and logs its raw contents on failure.)
        """
        data: JSONDict = {"timeout": long_poll_seconds, "allowed_updates": allowed_updates}
        if offset is not None:
            data["offset"] = offset
        result = await self._post("getUpdates", data, read_timeout=long_poll_seconds + 10)
        if not isinstance(result, list):
            raise TypeError(f"getUpdates returned {type(result).__name__}, not a list")
        return [item for item in result if isinstance(item, dict)]

    def parse_update(self, data: JSONDict) -> Update:
        """One update from its JSON, bound to this bot."""
        update = Update.de_json(data, self)
        if update is None:
            raise ValueError("empty update")
        return update
