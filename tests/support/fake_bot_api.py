"""The one fake Telegram Bot API of the tests and the benchmarks, answering with Telegram's shapes.

The pattern of PTB's own test-suite: the network is faked, our objects are real. The bot
reaches it in one of two ways, and meets the same Telegram either way:
- in process, as PTB's request class (`build_application(settings, request=FakeBotApi())`);
- over real HTTP on 127.0.0.1 after `await fake.start()`, through TELEGRAM_BASE_URL, as
  `python -m bot` reaches Telegram (form-encoded or multipart POSTs to /bot<token>/<method>).

What Telegram does that the bot must cope with is switched on per test or benchmark: errors
for the next calls (`fail_next`: 429 with retry_after, 403, 5xx), blocked chats, calls held
open (`held_chats`) or slowed (`delays`), a round trip on every call (`rtt`), flood control
above `cap` calls to chats a second, an outage (`refuse_connections`). Always on, as on
Telegram: a text over 4,096 UTF-16 units once its HTML is parsed, a bad button or an edit
that changes nothing is refused with Telegram's 400.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import tornado.web
from telegram.request import BaseRequest, RequestData
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.runtime.unit import collecting_unit

BOT_ID = 7_000_000_001
BOT_USERNAME = "FollowUpTestBot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Follow-Up", "username": BOT_USERNAME}
# Calls that send or change a message a user sees.
MESSAGE_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"}
)
# Telegram's limits, counted as Telegram counts them: UTF-16 code units of the text after
# its entities are parsed, so "<b>" costs nothing, "&amp;" one and "🙂" two.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
# Telegram's window for flood control: at most `cap` calls to chats in any second.
CAP_WINDOW = 1.0


class _Visible(HTMLParser):
    """The text a user sees of an HTML-formatted message."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(text: str, parse_mode: object) -> str:
    """What Telegram counts of a message: the HTML parsed away, entities decoded."""
    if str(parse_mode).upper() != "HTML":
        return text
    parser = _Visible()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def units(text: str) -> int:
    """A text's length as Telegram measures it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _parsed_markup(params: dict[str, Any]) -> Any:
    markup = params.get("reply_markup")
    return json.loads(markup) if isinstance(markup, str) else markup


def _markup_of(params: dict[str, Any]) -> Any:
    """The inline keyboard a call sets (None for none), parsed."""
    markup = _parsed_markup(params)
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    return markup["inline_keyboard"] or None


def _refusal(method: str, params: dict[str, Any]) -> str | None:
    """Telegram's 400 for a call over its limits, as the real API refuses it; None if fine."""
    if method in {"sendMessage", "editMessageText"} and "text" in params:
        shown = visible_text(str(params["text"]), params.get("parse_mode"))
        if not shown.strip():
            return "message text is empty"
        if units(shown) > TEXT_LIMIT:
            return "message is too long"
    if "caption" in params:
        caption = visible_text(str(params["caption"]), params.get("parse_mode"))
        if units(caption) > CAPTION_LIMIT:
            return "message caption is too long"
    markup = _parsed_markup(params)
    if isinstance(markup, dict):
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                    return "BUTTON_DATA_INVALID"
    if method == "answerCallbackQuery" and units(str(params.get("text") or "")) > 200:
        return "MESSAGE_TOO_LONG"
    return None


@dataclass
class Call:
    """One Bot API call the bot made, with its parameters decoded."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    # Telegram's answer: 200, or the error it gave.
    status: int = 200
    # Whether an update's transaction was open when the bot made this call (it never may).
    in_transaction: bool = False
    # Why the fake Telegram refused it as over its limits, as Telegram words it.
    refused: str | None = None
    # When the call reached Telegram (monotonic): half a round trip after it was made.
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def message_id(self) -> int:
        """The id Telegram gave the message this call sent or edited."""
        assert isinstance(self.result, dict), f"{self.method} returned no message"
        return int(self.result["message_id"])

    @property
    def text(self) -> str:
        return str(self.params.get("text", self.params.get("caption", "")))

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """The inline keyboard as rows of (label, callback data or url)."""
        markup = _parsed_markup(self.params)
        if not markup or "inline_keyboard" not in markup:
            return []
        return [
            [(b["text"], b.get("callback_data") or b.get("url") or "") for b in row]
            for row in markup["inline_keyboard"]
        ]

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def data_for(self, label_fragment: str) -> str:
        """The callback data of the first button whose label contains `label_fragment`."""
        for row in self.buttons:
            for label, data in row:
                if label_fragment.lower() in label.lower():
                    return data
        raise AssertionError(f"no button like {label_fragment!r} in {self.button_labels}")


class ApiError(Exception):
    """An error answer of the Bot API: its status, description and parameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class FakeBotApi(BaseRequest):
    """Telegram's side of the Bot API, in memory; a PTB request class, or an HTTP server."""

    def __init__(
        self,
        token: str | None = None,
        *,
        rtt: float = 0.0,
        cap: int | None = None,
        keep_calls: bool = True,
        long_polls: bool = False,
    ) -> None:
        """`token`: the one an HTTP request must carry (any, if None). `rtt`: every call's
        round trip, half of it to reach Telegram. `cap`: calls to chats accepted per second
        before a 429. `keep_calls=False` keeps no log (the benchmarks' flat memory).
        `long_polls`: getUpdates waits for updates up to its timeout (always over HTTP)."""
        self.token = token
        self.rtt = rtt
        self.cap = cap
        self.keep_calls = keep_calls
        self.long_polls = long_polls
        self.calls: list[Call] = []
        self.counts: collections.Counter[str] = collections.Counter()
        # method, or "method:chat id" -> (status, description, parameters) answers to give
        # before succeeding again
        self.failures: dict[str, list[tuple[int, str, dict[str, Any] | None]]] = {}
        self.blocked_chats: set[int] = set()
        # Calls to these chats wait until the event is set: a slow round trip, held open.
        self.held_chats: dict[int, asyncio.Event] = {}
        # method -> seconds each call of it takes at Telegram.
        self.delays: dict[str, float] = {}
        # What getUpdates hands out: Telegram keeps an update until an offset passes it.
        self.incoming: list[dict[str, Any]] = []
        # The users Telegram has seen send something (getChat answers for them), by id.
        self.users: dict[int, dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        # Once set, a published update goes here instead of to getUpdates (a webhook sender).
        self.webhook_delivery: Callable[[dict[str, Any]], None] | None = None
        # Long polls cut short because another getUpdates came while they were still open.
        self.conflicts = 0
        # Flood control: 429 answers given, and when each accepted call to a chat arrived.
        self.rejected = 0
        self.chat_calls: list[float] = []
        # Called with each successful call after its result is made, before the bot hears it:
        # a test may kill the bot there, so Telegram has done what the bot asked and the bot
        # never learns it.
        self.after_call: Callable[[Call], None] | None = None
        self._window: collections.deque[float] = collections.deque()
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        # One past the id of the last update published: the Bot API's queue tail (None:
        # updates were put in `incoming` directly, and its ids say where the tail is).
        self._tail: int | None = None
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._open = True
        # What each message shows now, (chat id, message id) -> (text, inline keyboard).
        self._shown: dict[tuple[int, int], tuple[str, Any]] = {}
        self._server: HTTPServer | None = None
        self._app: tornado.web.Application | None = None
        self.port = 0

    # --- as PTB's request class ------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: Telegram's side outlives the bot's (see `close` and `stop`)."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files: dict[str, bytes] = {}
        if request_data is not None and request_data.contains_files:
            for name, value in (request_data.multipart_data or {}).items():
                content = value[1] if isinstance(value, tuple) else value
                files[name] = content if isinstance(content, bytes) else content.read()
        call = Call(api_method, params, files, in_transaction=collecting_unit() is not None)
        status, body = await self.answer(call)
        return status, json.dumps(body).encode()

    # --- over HTTP ----------------------------------------------------------------------

    async def start(self) -> FakeBotApi:
        """Listen on a free port of 127.0.0.1 (`base_url`); getUpdates long-polls from now."""
        self.long_polls = True
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
        self._open = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def refuse_connections(self) -> None:
        """Telegram out of reach: nothing listens on the port, open connections are cut."""
        await self.stop()

    async def accept_connections(self) -> float:
        """Telegram back on the same port; returns when (monotonic) it listens again."""
        assert self._server is None, "already accepting connections"
        self._listen(self.port)
        return time.monotonic()

    async def stop(self) -> None:
        """Stop listening; open long polls return at once."""
        self.close()
        if self._server is not None:
            self._server.stop()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.close_all_connections(), 5)
            self._server = None

    def close(self) -> None:
        """Telegram's side ends: open long polls return at once."""
        self._open = False
        self._fire()

    # --- hooks for tests and benchmarks -------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        chat_id: int | None = None,
        **parameters: Any,
    ) -> None:
        """Answer the next call of `method` (to `chat_id`, if given) with an error (a 429
        with retry_after=…, a 403, …)."""
        key = method if chat_id is None else f"{method}:{chat_id}"
        self.failures.setdefault(key, []).append((status, description, parameters or None))

    def clear(self) -> None:
        self.calls.clear()

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    @property
    def messages(self) -> list[Call]:
        """Every sendMessage call, oldest first."""
        return self.of("sendMessage")

    @property
    def last_message(self) -> Call:
        assert self.messages, "the bot sent no message"
        return self.messages[-1]

    def texts(self) -> list[str]:
        return [call.text for call in self.messages]

    def sent_to(self, chat_id: int, since: int = 0) -> list[Call]:
        """Messages sent or edited in a chat, from call number `since` on."""
        return [
            call
            for call in self.calls[since:]
            if call.method in MESSAGE_METHODS and call.chat_id == chat_id and call.status == 200
        ]

    def restart_update_ids(self, first: int) -> None:
        """Number the next updates from `first` on, as the Bot API does after a quiet week.

        Telegram then picks a random id, lower or higher than the last one the bot confirmed.
        """
        self._update_ids = itertools.count(first)

    def pending_update_ids(self) -> list[int]:
        """The updates Telegram still holds: not yet confirmed by a getUpdates offset."""
        return [update["update_id"] for update in self.incoming]

    def publish(self, update: dict[str, Any]) -> float:
        """A user sends `update` (with its update_id); it is available from the time returned."""
        self._tail = int(update["update_id"]) + 1
        for kind in ("message", "callback_query"):
            sender = update.get(kind, {}).get("from")
            if sender is not None:
                self.users[int(sender["id"])] = sender
        if self.webhook_delivery is not None:
            self.webhook_delivery(update)
        else:
            self.incoming.append(update)
            self._fire()
        return time.monotonic()

    async def push_update(self, **payload: Any) -> dict[str, Any]:
        """Publish an update numbered by Telegram."""
        update = {"update_id": next(self._update_ids), **payload}
        self.publish(update)
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

    def tap_update(self, user: dict[str, Any], message: Call, label: str) -> dict[str, Any]:
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

    async def tap(self, user: dict[str, Any], message: Call, label: str) -> dict[str, Any]:
        return await self.push_update(**self.tap_update(user, message, label))

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
    ) -> Call:
        """The first message to `chat_id` from call `since` on whose text contains `containing`."""

        def found() -> Call | None:
            for call in self.sent_to(chat_id, since):
                if containing.lower() in call.text.lower():
                    return call
            return None

        def recent() -> list[str]:
            return [call.text[:80] for call in self.sent_to(chat_id, since)]

        result: Call = await self.wait_for(
            found, within=within, what=f"a message containing {containing!r}", seen=recent
        )
        return result

    # --- the Bot API ---------------------------------------------------------------------

    async def answer(self, call: Call, gone: Callable[[], bool] = lambda: False) -> tuple[int, Any]:
        """Telegram's status and JSON body for `call`, a round trip after it was made."""
        call.at = time.monotonic() + self.rtt / 2
        self.counts[call.method] += 1
        if self.keep_calls:
            self.calls.append(call)
        if self.rtt:
            # Stamped above by the clock, not by when this coroutine resumes: a busy event
            # loop wakes sleepers late, unevenly, and the cap would count that lateness.
            await asyncio.sleep(self.rtt / 2)
        try:
            call.result = await self._act(call, gone)
        except ApiError as error:
            call.status = error.status
            status, body = error.status, error.body()
        else:
            if self.after_call is not None:
                self.after_call(call)
            status, body = 200, {"ok": True, "result": call.result}
        if self.rtt:
            await asyncio.sleep(self.rtt / 2)
        return status, body

    async def _act(self, call: Call, gone: Callable[[], bool]) -> Any:
        method, params = call.method, call.params
        chat_id = call.chat_id
        held = self.held_chats.get(chat_id) if chat_id is not None else None
        if held is not None:
            await held.wait()
        pending = self.failures.get(f"{method}:{chat_id}") or self.failures.get(method)
        if pending:
            raise ApiError(*pending.pop(0))
        if method == "getUpdates":
            return await self._get_updates(params, gone)
        delay = self.delays.get(method)
        if delay:
            await asyncio.sleep(delay)
        if chat_id is not None and chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id is not None:
            self._flood_control(call.at)
        refusal = _refusal(method, params) or self._unmodified(method, params)
        if refusal is not None:
            call.refused = refusal
            raise ApiError(400, f"Bad Request: {refusal}")
        result = self._result(method, params)
        if method == "sendDocument" and isinstance(result, dict):
            name, content = next(iter(call.files.items()), ("document", b""))
            result["document"].update(file_name=name, file_size=len(content))
        self._remember(method, params, result)
        return result

    def _flood_control(self, now: float) -> None:
        """Above `cap` calls to chats in any second, a 429 with Telegram's retry_after."""
        if self.cap is not None:
            while self._window and self._window[0] <= now - CAP_WINDOW:
                self._window.popleft()
            if len(self._window) >= self.cap:
                self.rejected += 1
                wait = max(1, math.ceil(self._window[0] + CAP_WINDOW - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            self._window.append(now)
        self.chat_calls.append(now)

    def _unmodified(self, method: str, params: dict[str, Any]) -> str | None:
        """Telegram refuses an edit that changes nothing (a double tap that edits twice).

        Tracks what each message the bot sent shows now; messages it never saw (taps on
        message 1 in tests) are not judged.
        """
        if "chat_id" not in params:
            return None
        key = (int(params["chat_id"]), int(params.get("message_id") or 0))
        if method in {"editMessageText", "editMessageReplyMarkup"} and key in self._shown:
            text, markup = self._shown[key]
            new_text = str(params["text"]) if "text" in params else text
            new_markup = _markup_of(params)
            if (new_text, new_markup) == (text, markup):
                return (
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
        return None

    def _remember(self, method: str, params: dict[str, Any], result: Any) -> None:
        if "chat_id" not in params or not isinstance(result, dict) or "message_id" not in result:
            return  # not a message shown (getChat answers with the chat)
        key = (int(params["chat_id"]), int(result["message_id"]))
        if method in {"sendMessage", "editMessageText"}:
            self._shown[key] = (str(params.get("text", "")), _markup_of(params))
        elif method == "editMessageReplyMarkup" and key in self._shown:
            self._shown[key] = (self._shown[key][0], _markup_of(params))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                **BOT_USER,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            }
        if method == "getChat":
            return self._chat(int(params["chat_id"]))
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "deleteWebhook":
            self.webhook = None
            if params.get("drop_pending_updates"):
                self.incoming.clear()
            return True
        if method in MESSAGE_METHODS:
            return self._message(method, params)
        return True

    def _chat(self, chat_id: int) -> dict[str, Any]:
        """A private chat's full info, for a user Telegram has seen."""
        user = self.users.get(chat_id)
        if user is None:
            raise ApiError(400, "Bad Request: chat not found")
        names = ("first_name", "last_name", "username")
        chat: dict[str, Any] = {key: user[key] for key in names if key in user}
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            "id": chat_id,
            "type": "private",
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                **dict.fromkeys(gifts, True),
                "gifts_from_channels": True,
            },
        }

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The message Telegram echoes for a call that sends or edits one."""
        message_id = params.get("message_id")
        message: dict[str, Any] = {
            "message_id": int(message_id) if message_id else next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
        }
        if method in {"editMessageText", "editMessageReplyMarkup"}:
            message["edit_date"] = int(time.time())
        if "text" in params:
            message["text"] = str(params["text"])
        if method == "sendDocument":
            message["document"] = {
                "file_id": f"BQACAgQAAxkBAAI{message['message_id']}",
                "file_unique_id": f"AgAD{message['message_id']}",
            }
            if "caption" in params:
                message["caption"] = str(params["caption"])
        markup = _parsed_markup(params)
        # Telegram echoes only inline keyboards, never a reply keyboard.
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _fire(self) -> None:
        """Wake every long poll waiting for something to change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _get_updates(
        self, params: dict[str, Any], gone: Callable[[], bool]
    ) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        tail = self._tail
        if tail is None:
            tail = max((u["update_id"] for u in self.incoming), default=0) + 1
        if offset and offset <= tail + 10:
            # Telegram forgets every update below the offset: they are confirmed.
            self.incoming = [u for u in self.incoming if u["update_id"] >= offset]
        # An offset further past the queue's tail (ids restarted lower) confirms nothing, and
        # the queue is read from its head: TDLib's TQueue::get refuses a from_id over tail + 10
        # ("in the future"), and telegram-bot-api's do_get_updates then reads from the head.
        # As on Telegram, a new getUpdates ends the one still open, which gets a 409.
        self._poll_generation += 1
        generation = self._poll_generation
        self._fire()
        deadline = time.monotonic() + timeout
        while self.long_polls:
            if generation != self._poll_generation:
                if not gone():  # a live process still polling: two instances
                    self.conflicts += 1
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if self.incoming or not self._open or remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return self.incoming[:limit]


def _decode(value: str) -> Any:
    """PTB sends non-string parameters JSON-encoded, strings as they are."""
    try:
        return json.loads(value)
    except ValueError:
        return value


class _ApiHandler(tornado.web.RequestHandler):
    fake: FakeBotApi

    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake
        self.gone = False

    def on_connection_close(self) -> None:
        self.gone = True

    async def post(self, token: str, method: str) -> None:
        if self.fake.token is not None and token != self.fake.token:
            self._finish(401, ApiError(401, "Unauthorized").body())
            return
        params = {
            name: _decode(values[-1].decode()) for name, values in self.request.arguments.items()
        }
        files = {name: parts[0]["body"] for name, parts in self.request.files.items()}
        status, body = await self.fake.answer(Call(method, params, files), lambda: self.gone)
        if not self.gone:
            self._finish(status, body)

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    def _finish(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.finish(body)
