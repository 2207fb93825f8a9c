"""A Bot API fake a round trip away: long polling, webhook POSTs over HTTP, an optional 30/s cap.

Every call spends half the round trip reaching "Telegram", is acted on there, and spends
the other half coming back, so each costs `rtt` as seen by the bot. What a simulated user
sees is stamped at the Telegram side: a message counts as arrived when the call reaches
Telegram, an update as available when the user sends it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import logging
import math
import multiprocessing
import time
from multiprocessing.connection import Connection
from typing import Any

import httpx
from telegram.request import BaseRequest, RequestData

from bench.fake_api import answer

log = logging.getLogger(__name__)

# What a user reads as an answer; editMessageReplyMarkup (dropping a keyboard) is not one.
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "sendDocument"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's default for setWebhook's max_connections.
WEBHOOK_CONNECTIONS = 40
# How soon an update the webhook refused is posted again. Telegram waits longer; a short
# wait keeps a bot that is still starting from being charged seconds it did not cause.
WEBHOOK_RETRY_SECONDS = 0.1


class _Signal:
    """Wakes whoever waits each time something arrives."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, give_up: asyncio.Event) -> bool:
        """True once fired; False if `give_up` is set first."""
        fired = asyncio.create_task(self._event.wait())
        stopped = asyncio.create_task(give_up.wait())
        await asyncio.wait({fired, stopped}, return_when=asyncio.FIRST_COMPLETED)
        for task in (fired, stopped):
            task.cancel()
        return fired.done() and not fired.cancelled() and not give_up.is_set()


class ChatLog:
    """What one simulated user's chat has received: when each answer came, the last keyboard."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.texts: list[str] = []
        self.keyboard: dict[str, str] = {}
        self._arrived = _Signal()

    def receive(self, at: float, method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" or "reply_markup" in params:
            self.keyboard = _buttons(params.get("reply_markup"))
        self.arrivals.append(at)
        self.texts.append(str(params.get("text", "")))
        self._arrived.fire()

    async def arrival(self, number: int, give_up: asyncio.Event) -> float | None:
        """When the `number`-th answer (1-based) arrived; None if `give_up` is set first."""
        if number <= 0:
            return 0.0
        while len(self.arrivals) < number:
            if not await self._arrived.wait(give_up):
                return None
        return self.arrivals[number - 1]

    def button(self, label: str) -> str | None:
        """Callback data of the last keyboard's button like `label`, if it has one."""
        for text, data in self.keyboard.items():
            if label.lower() in text.lower():
                return data
        return None


def _buttons(markup: Any) -> dict[str, str]:
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not markup:
        return {}
    return {
        button["text"]: button.get("callback_data", "")
        for row in markup.get("inline_keyboard", [])
        for button in row
    }


class LatencyBotApi(BaseRequest):
    """Telegram a round trip away, with getUpdates' offsets and, once set, webhook delivery.

    With `cap`, any call to a chat (it carries a chat_id, as PTB's rate limiter counts them)
    beyond `cap` in a sliding 1-s window is answered 429 with a retry_after.
    """

    def __init__(self, rtt: float, *, cap: int | None = None) -> None:
        self.rtt = rtt
        self.cap = cap
        self.counts: collections.Counter[str] = collections.Counter()
        self.chats: collections.defaultdict[int, ChatLog] = collections.defaultdict(ChatLog)
        self.rejected = 0  # 429 answers
        self.chat_calls: list[float] = []  # when each accepted call to a chat reached Telegram
        self.webhook_retries = 0  # POSTs the bot did not answer 200
        # callback query id -> when the bot answered it (answerCallbackQuery reached Telegram)
        self.acks: dict[str, float] = {}
        self.last_answer = time.monotonic()  # the last message or callback answer, any chat
        self._acked = _Signal()
        self._window: collections.deque[float] = collections.deque()
        self._message_ids = itertools.count(1000)
        self._pending: collections.deque[dict[str, Any]] = collections.deque()
        self._arrived = asyncio.Event()
        self._webhook: _WebhookSender | None = None

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open: the webhook side starts when the bot sets its webhook."""

    async def shutdown(self) -> None:
        """The bot's side closes; the simulated Telegram side is closed by `close()`."""

    async def close(self) -> None:
        """Stop posting updates (the end of a run)."""
        if self._webhook is not None:
            await self._webhook.close()
            self._webhook = None

    async def ack(self, query_id: str, give_up: asyncio.Event) -> float | None:
        """When the bot answered callback query `query_id`; None if `give_up` is set first."""
        while query_id not in self.acks:
            if not await self._acked.wait(give_up):
                return None
        return self.acks[query_id]

    def publish(self, update: dict[str, Any]) -> float:
        """A user sends something: the update is available from now (the time returned)."""
        if self._webhook is not None:
            self._webhook.post(update)
        else:
            self._pending.append(update)
            self._arrived.set()
        return time.monotonic()

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
        self.counts[api_method] += 1
        # Stamped with when it reaches Telegram by the clock, not by when this coroutine
        # resumes: a busy event loop wakes sleepers late, unevenly, and the cap would then
        # count the bench's own lateness (two calls the limiter spaced 1.017 s apart can
        # resume 0.99 s apart). The network modelled has a fixed delay and no jitter.
        arrives = time.monotonic() + self.rtt / 2
        await asyncio.sleep(self.rtt / 2)
        if api_method == "getUpdates":
            result: Any = await self._get_updates(params)
        elif (refusal := self._flood_control(arrives, params)) is not None:
            await asyncio.sleep(self.rtt / 2)
            return refusal
        else:
            result = self._act(arrives, api_method, params)
        await asyncio.sleep(self.rtt / 2)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _flood_control(self, now: float, params: dict[str, Any]) -> tuple[int, bytes] | None:
        if "chat_id" not in params:
            return None
        if self.cap is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.cap:
                self.rejected += 1
                wait = max(1, math.ceil(self._window[0] + 1.0 - now))
                body = {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {wait}",
                    "parameters": {"retry_after": wait},
                }
                return 429, json.dumps(body).encode()
            self._window.append(now)
        self.chat_calls.append(now)
        return None

    def _act(self, now: float, method: str, params: dict[str, Any]) -> Any:
        if method in REPLY_METHODS or method == "answerCallbackQuery":
            self.last_answer = now
        if method in REPLY_METHODS:
            self.chats[int(params["chat_id"])].receive(now, method, params)
        elif method == "setWebhook":
            connections = int(params.get("max_connections") or WEBHOOK_CONNECTIONS)
            if self._webhook is None:
                self._webhook = _WebhookSender(
                    self, str(params["url"]), str(params.get("secret_token") or ""), connections
                )
                while self._pending:  # what waited for getUpdates goes by webhook now
                    self._webhook.post(self._pending.popleft())
        elif method == "answerCallbackQuery":
            self.acks[str(params["callback_query_id"])] = now
            self._acked.fire()
        return answer(method, params, next(self._message_ids))

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Telegram's offsets: a higher offset confirms (drops) what came before it."""
        offset = params.get("offset")
        if offset is not None:
            while self._pending and self._pending[0]["update_id"] < int(offset):
                self._pending.popleft()
        timeout = float(params.get("timeout") or 0)
        if not self._pending and timeout > 0:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout)
        limit = int(params.get("limit") or 100)
        return list(itertools.islice(self._pending, limit))


class _WebhookSender:
    """Telegram's side of a webhook: POSTs each update, on up to `connections` at once.

    It runs in a process of its own: Telegram's CPU is not the bot's, and an HTTP client
    posting in the bot's own event loop (~3 ms of CPU per update here) would be charged to
    whichever bot is measured, most to the one whose loop is busiest.
    """

    def __init__(self, api: LatencyBotApi, url: str, secret: str, connections: int) -> None:
        self.api = api
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(
            target=_post_updates,
            args=(child, url, secret, connections, api.rtt),
            name="fake-telegram-webhook",
            daemon=True,
        )
        self._process.start()

    def post(self, update: dict[str, Any]) -> None:
        self._pipe.send_bytes(json.dumps(update).encode())

    async def close(self) -> None:
        self._pipe.send_bytes(b"")
        retries = await asyncio.to_thread(self._pipe.recv)
        self.api.webhook_retries += int(retries)
        await asyncio.to_thread(self._process.join, 10)
        self._pipe.close()


def _post_updates(pipe: Connection, url: str, secret: str, connections: int, rtt: float) -> None:
    """The webhook sender's process: updates arrive on `pipe`; b"" ends it."""
    asyncio.run(_post_until_closed(pipe, url, secret, connections, rtt))


async def _post_until_closed(
    pipe: Connection, url: str, secret: str, connections: int, rtt: float
) -> None:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    retries = 0
    client = httpx.AsyncClient(
        headers={SECRET_HEADER: secret},
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        timeout=httpx.Timeout(60.0),
    )

    async def post(update: dict[str, Any]) -> bool:
        try:
            response = await client.post(url, json=update)
        except httpx.HTTPError as error:
            log.debug("Webhook POST failed: %s", error)
            return False
        return response.status_code == 200

    async def work() -> None:
        nonlocal retries
        while True:
            update = await queue.get()
            await asyncio.sleep(rtt / 2)  # the POST travels to the bot
            while not await post(update):
                retries += 1
                await asyncio.sleep(WEBHOOK_RETRY_SECONDS)
            await asyncio.sleep(rtt / 2)  # and its answer back; the connection is busy

    workers = [asyncio.create_task(work()) for _ in range(connections)]
    while data := await asyncio.to_thread(pipe.recv_bytes):
        queue.put_nowait(json.loads(data))
    for worker in workers:
        worker.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    await client.aclose()
    pipe.send(retries)
