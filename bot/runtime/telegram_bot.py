"""Our ExtBot: a handler's Telegram calls wait for its commit; getUpdates read raw.

Handlers reply with PTB's usual shortcuts (`message.reply_text`, `query.answer`, ...).
While an update's transaction is open, the calls behind those shortcuts are stored on its
unit of work (and with its commit) and return None; the pipeline makes them, in order,
once it has committed. No handler may use what they return (mypy refuses it: see
tools/mypy_deferred_calls.py), and any other call inside a transaction is refused, so a new
handler cannot quietly await Telegram with a transaction open.
"""

from __future__ import annotations

import base64
import contextvars
from collections.abc import Awaitable
from typing import Any

from telegram import InputFile, Update

from bot.runtime.ptb import PostingBot, as_posted
from bot.runtime.unit import Reply, UnitOfWork, collecting_unit

JSONDict = dict[str, Any]


class TelegramCallInTransactionError(RuntimeError):
    """A Telegram call that cannot wait for the commit was made inside a unit of work."""


class _Captured(Exception):
    """Raised by `intercept` while a call is captured: what PTB would have posted."""

    def __init__(self, endpoint: str, data: JSONDict) -> None:
        super().__init__(endpoint)
        self.endpoint = endpoint
        self.data = data


_capturing: contextvars.ContextVar[bool] = contextvars.ContextVar("capturing", default=False)


def _reply(channel: str, endpoint: str, data: JSONDict) -> Reply:
    """A call as PTB would post it (defaults in, objects as JSON, uploads apart), storable."""
    params: JSONDict = {}
    files: dict[str, tuple[str, str]] = {}
    for key, value in data.items():
        posted, uploads = as_posted(key, value)
        for upload in uploads:
            if upload.attach_name:
                raise TelegramCallInTransactionError(f"{endpoint}: attached uploads are not stored")
            content = upload.input_file_content
            raw = content if isinstance(content, bytes) else content.read()
            files[key] = (upload.filename, base64.b64encode(raw).decode())
        if posted is not None:
            params[key] = posted
    return Reply(channel=channel, method=endpoint, params=params, files=files)


def _edited(kwargs: dict[str, Any]) -> str:
    """An edit's channel: the message it changes (edits of one message stay in order)."""
    return "edit:{}:{}:{}".format(
        kwargs.get("chat_id"), kwargs.get("message_id"), kwargs.get("inline_message_id")
    )


class DeferringBot(PostingBot):
    """ExtBot whose message calls are stored and queued while a unit of work collects.

    PTB's shortcuts (message.reply_text, query.answer, query.edit_message_text) pass
    keyword arguments, which is what an edit's channel is read from. PTB builds each call
    as usual; `intercept` catches it on its way out, and `send` makes it after the commit.
    """

    async def _defer(self, unit: UnitOfWork, channel: str, call: Awaitable[object]) -> None:
        token = _capturing.set(True)
        try:
            await call
        except _Captured as captured:
            unit.replies.append(_reply(channel, captured.endpoint, captured.data))
        else:  # pragma: no cover - every Bot API method ends in intercept
            raise TelegramCallInTransactionError("a deferred call was not intercepted")
        finally:
            _capturing.reset(token)

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            return await self._defer(unit, "send", super().send_message(*args, **kwargs))
        return await super().send_message(*args, **kwargs)

    async def send_document(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            return await self._defer(unit, "send", super().send_document(*args, **kwargs))
        return await super().send_document(*args, **kwargs)

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            call = super().edit_message_text(*args, **kwargs)
            return await self._defer(unit, _edited(kwargs), call)
        return await super().edit_message_text(*args, **kwargs)

    async def edit_message_reply_markup(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            call = super().edit_message_reply_markup(*args, **kwargs)
            return await self._defer(unit, _edited(kwargs), call)
        return await super().edit_message_reply_markup(*args, **kwargs)

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> Any:
        if (unit := collecting_unit()) is not None:
            # It only stops the button's spinner: nothing waits for it, it waits for nothing.
            query_id = args[0] if args else kwargs.get("callback_query_id")
            call = super().answer_callback_query(*args, **kwargs)
            return await self._defer(unit, f"answer:{query_id}", call)
        return await super().answer_callback_query(*args, **kwargs)

    async def send(self, reply: Reply) -> object:
        """Make a stored call, as PTB would have made it (through the rate limiter)."""
        data: JSONDict = dict(reply.params)
        for key, (filename, content) in reply.files.items():
            data[key] = InputFile(base64.b64decode(content), filename=filename)
        return await self.post_as_ptb(reply.method, data)

    async def intercept(self, endpoint: str, data: JSONDict, **timeouts: Any) -> Any:
        if _capturing.get():
            raise _Captured(endpoint, data)
        if collecting_unit() is not None:
            raise TelegramCallInTransactionError(
                f"{endpoint} was called while an update's transaction is open; "
                "queue it on the unit of work instead (see bot/runtime/telegram_bot.py)"
            )
        return await super().intercept(endpoint, data, **timeouts)

    async def get_raw_updates(
        self, *, offset: int | None, long_poll_seconds: int, allowed_updates: list[str]
    ) -> list[JSONDict]:
        """getUpdates as JSON: each update is parsed on its own, so one bad one blocks none.

        (PTB's get_updates parses the batch at once and logs its raw contents on failure.)
        """
        data: JSONDict = {"timeout": long_poll_seconds, "allowed_updates": allowed_updates}
        if offset is not None:
            data["offset"] = offset
        result = await self.post_json("getUpdates", data, read_timeout=long_poll_seconds + 10)
        if not isinstance(result, list):
            raise TypeError(f"getUpdates returned {type(result).__name__}, not a list")
        return [item for item in result if isinstance(item, dict)]

    def parse_update(self, data: JSONDict) -> Update:
        """One update from its JSON, bound to this bot."""
        update = Update.de_json(data, self)
        if update is None:
            raise ValueError("empty update")
        return update
