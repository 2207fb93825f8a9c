"""A fake Telegram Bot API over real HTTP on 127.0.0.1, answering with Telegram's shapes.

The bot under test talks to it through TELEGRAM_BASE_URL exactly as it talks to Telegram:
form-encoded or multipart POSTs to /bot<token>/<method>. Tests queue updates (messages,
button taps), read back what the bot sent, and switch methods to answer 429 or 403.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

BOT_ID = 7_000_000_002
BOT_USERNAME = "FollowUpE2EBot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Follow-Up", "username": BOT_USERNAME}
MESSAGE_METHODS = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"}


@dataclass
class ApiCall:
    """One Bot API request the bot made, with its parameters decoded."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    status: int = 200
    result: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text", self.params.get("caption", "")))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button."""
        markup = self.params.get("reply_markup") or {}
        return [
            (button["text"], button.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]

    def data_for(self, label_fragment: str) -> str:
        for label, data in self.buttons:
            if label_fragment.lower() in label.lower():
                return data
        raise AssertionError(f"no button like {label_fragment!r} in {self.buttons}")

    @property
    def message_id(self) -> int:
        assert isinstance(self.result, dict), f"{self.method} returned no message"
        return int(self.result["message_id"])


def _decode(value: str) -> Any:
    """PTB sends non-string parameters JSON-encoded, strings as they are."""
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeTelegram:
    """The server, its state, and the hooks tests drive it with."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._query_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._poll_generation = 0
        # Long polls cut short because another getUpdates came while they were still open.
        self.conflicts = 0
        # method -> queued (status, description, parameters) answers before succeeding again
        self._failures: dict[str, list[tuple[int, str, dict[str, Any] | None]]] = {}
        self.blocked_chats: set[int] = set()
        self.delays: dict[str, float] = {}
        self.webhook: dict[str, Any] | None = None
        # One past the id of the last update queued: the Bot API's queue tail.
        self._tail = 1
        # Called with each successful call after its result is made, before the bot hears it:
        # a test may kill the bot there, so Telegram has done what the bot asked and the bot
        # never learns it.
        self.after_call: Callable[[ApiCall], None] | None = None
        self._server: HTTPServer | None = None
        self._app: tornado.web.Application | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        self._app = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", _ApiHandler, {"fake": self})], log_function=lambda _: None
        )
        self._listen(0)
        return self

    def _listen(self, port: int) -> None:
        assert self._app is not None
        sockets = bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(self._app)
        self._server.add_sockets(sockets)

    async def refuse_connections(self) -> None:
        """Telegram out of reach: nothing listens on the port, open connections are cut."""
        await self.stop()

    async def accept_connections(self) -> float:
        """Telegram back on the same port; returns when (monotonic) it listens again."""
        assert self._server is None, "already accepting connections"
        self._listen(self.port)
        return time.monotonic()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            async with self._changed:
                self._changed.notify_all()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.close_all_connections(), 5)
            self._server = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- hooks for tests -----------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next call of `method` (to `chat_id`, if given) with an error (429 with
        retry_after, 403, ...)."""
        parameters = None if retry_after is None else {"retry_after": retry_after}
        key = method if chat_id is None else f"{method}:{chat_id}"
        self._failures.setdefault(key, []).append((status, description, parameters))

    def restart_update_ids(self, first: int) -> None:
        """Number the next updates from `first` on, as the Bot API does after a quiet week.

        Telegram then picks a random id, lower or higher than the last one the bot confirmed.
        """
        self._update_ids = itertools.count(first)

    def pending_update_ids(self) -> list[int]:
        """The updates Telegram still holds: not yet confirmed by a getUpdates offset."""
        return [update["update_id"] for update in self._updates]

    async def push_update(self, **payload: Any) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self._tail = update["update_id"] + 1
        self._updates.append(update)
        async with self._changed:
            self._changed.notify_all()
        return update

    def text_update(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        """A private message as Telegram sends it (commands carry their entity)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"message": message}

    def tap_update(self, user: dict[str, Any], message: ApiCall, label: str) -> dict[str, Any]:
        """A tap on the button labelled like `label` under a message the bot sent."""
        return {
            "callback_query": {
                "id": str(next(self._query_ids)),
                "from": user,
                "chat_instance": str(user["id"]),
                "data": message.data_for(label),
                "message": {
                    "message_id": message.message_id,
                    "date": int(time.time()),
                    "chat": {"id": user["id"], "type": "private"},
                    "from": BOT_USER,
                    "text": message.text,
                },
            }
        }

    async def say(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        return await self.push_update(**self.text_update(user, text))

    async def tap(self, user: dict[str, Any], message: ApiCall, label: str) -> dict[str, Any]:
        return await self.push_update(**self.tap_update(user, message, label))

    def of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def sent_to(self, chat_id: int, since: int = 0) -> list[ApiCall]:
        """Messages sent or edited in a chat, from call number `since` on."""
        return [
            call
            for call in self.calls[since:]
            if call.method in MESSAGE_METHODS and call.chat_id == chat_id and call.status == 200
        ]

    async def wait_for(
        self,
        predicate: Callable[[], Any],
        *,
        within: float = 20,
        what: str = "a condition",
        seen: Callable[[], object] = lambda: None,
    ) -> Any:
        """Poll `predicate` until it returns something truthy."""
        deadline = time.monotonic() + within
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {within} s waiting for {what}; saw {seen()}")
            await asyncio.sleep(0.05)

    async def reply(
        self, chat_id: int, containing: str, *, since: int = 0, within: float = 20
    ) -> ApiCall:
        """The first message to `chat_id` from call `since` on whose text contains `containing`."""

        def found() -> ApiCall | None:
            for call in self.sent_to(chat_id, since):
                if containing.lower() in call.text.lower():
                    return call
            return None

        recent = lambda: [call.text[:80] for call in self.sent_to(chat_id, since)]  # noqa: E731
        result: ApiCall = await self.wait_for(
            found, within=within, what=f"a message containing {containing!r}", seen=recent
        )
        return result

    # --- the Bot API ---------------------------------------------------------------------

    async def handle(
        self, method: str, params: dict[str, Any], call: ApiCall, gone: Callable[[], bool]
    ) -> Any:
        if method == "getUpdates":
            return await self._get_updates(params, gone)
        delay = self.delays.get(method)
        if delay:
            await asyncio.sleep(delay)
        if method == "getMe":
            return {
                **BOT_USER,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            }
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "deleteWebhook":
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
            return True
        if method in {"setMyCommands", "answerCallbackQuery"}:
            return True
        if method in MESSAGE_METHODS:
            return self._message(method, params, call)
        raise _ApiError(404, "Not Found: method not found")

    def _message(self, method: str, params: dict[str, Any], call: ApiCall) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked_chats:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        message_id = params.get("message_id")
        message: dict[str, Any] = {
            "message_id": int(message_id) if message_id else next(self._message_ids),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private"},
            "date": int(time.time()),
        }
        if method in {"editMessageText", "editMessageReplyMarkup"}:
            message["edit_date"] = int(time.time())
        if "text" in params:
            message["text"] = params["text"]
        if method == "sendDocument":
            name, content = next(iter(call.files.items()), ("document", b""))
            message["document"] = {
                "file_id": f"BQACAgQAAxkBAAI{message['message_id']}",
                "file_unique_id": f"AgAD{message['message_id']}",
                "file_name": name,
                "file_size": len(content),
            }
            if "caption" in params:
                message["caption"] = params["caption"]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _get_updates(
        self, params: dict[str, Any], gone: Callable[[], bool]
    ) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if offset and offset <= self._tail + 10:
            # Telegram forgets every update below the offset: they are confirmed.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # An offset further past the queue's tail (ids restarted lower) confirms nothing, and
        # the queue is read from its head: TDLib's TQueue::get refuses a from_id over tail + 10
        # ("in the future"), and telegram-bot-api's do_get_updates then reads from the head.
        # As on Telegram, a new getUpdates ends the one still open, which gets a 409.
        self._poll_generation += 1
        generation = self._poll_generation
        async with self._changed:
            self._changed.notify_all()
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                if generation != self._poll_generation:
                    if not gone():  # a live process still polling: two instances
                        self.conflicts += 1
                    raise _ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                if self._updates or self._server is None:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
        return self._updates[:limit]


class _ApiError(Exception):
    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class _ApiHandler(tornado.web.RequestHandler):
    fake: FakeTelegram

    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.gone = False

    def on_connection_close(self) -> None:
        self.gone = True

    async def post(self, token: str, method: str) -> None:
        params = {
            name: _decode(values[-1].decode()) for name, values in self.request.arguments.items()
        }
        files = {name: parts[0]["body"] for name, parts in self.request.files.items()}
        call = ApiCall(method, params, files)
        if token != self.fake.token:
            self._answer(call, _ApiError(401, "Unauthorized"))
            return
        self.fake.calls.append(call)
        try:
            pending = self.fake._failures.get(
                f"{method}:{params.get('chat_id')}"
            ) or self.fake._failures.get(method)
            if pending:
                raise _ApiError(*pending.pop(0))
            result = await self.fake.handle(method, params, call, lambda: self.gone)
        except _ApiError as error:
            self._answer(call, error)
            return
        call.result = result
        if self.fake.after_call is not None:
            self.fake.after_call(call)
        if not self.gone:
            self.finish({"ok": True, "result": result})

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    def _answer(self, call: ApiCall, error: _ApiError) -> None:
        call.status = error.status
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.parameters:
            body["parameters"] = error.parameters
        self.set_status(error.status)
        self.finish(body)
