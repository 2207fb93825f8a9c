"""What the simulated users see at Telegram's side of the shared fake Bot API.

`Telegram` wraps `tests.support.fake_bot_api.FakeBotApi` (the bot's request class, a round
trip away, optionally capped at 30 calls to chats a second) with what a benchmark reads
there: each chat's answers as they reach Telegram, when each tap was answered, and, once the
bot sets a webhook, a sender that POSTs every update to it over HTTP. Arrivals are stamped
at the Telegram side: a message when the call reaches Telegram, an update when it is sent.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import multiprocessing
import time
from multiprocessing.connection import Connection
from typing import Any

import httpx

from tests.support.fake_bot_api import Call, FakeBotApi

log = logging.getLogger(__name__)

# What a user reads as an answer; editMessageReplyMarkup (dropping a keyboard) is not one.
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "sendDocument"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's default for setWebhook's max_connections.
WEBHOOK_CONNECTIONS = 40
# How soon an update the webhook refused is posted again. Telegram waits longer; a short
# wait keeps a bot that is still starting from being charged seconds it did not cause.
WEBHOOK_RETRY_SECONDS = 0.1


class Signal:
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
        self._arrived = Signal()

    def receive(self, call: Call) -> None:
        if call.method == "sendMessage" or "reply_markup" in call.params:
            self.keyboard = {label: data for row in call.buttons for label, data in row}
        self.arrivals.append(call.at)
        self.texts.append(call.text)
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


class Telegram:
    """The shared fake, `rtt` away, as the simulated users and their webhook sender see it."""

    def __init__(self, rtt: float, *, cap: int | None = None) -> None:
        # No call log: memory stays flat over a long run, and RSS figures measure the bot.
        self.api = FakeBotApi(rtt=rtt, cap=cap, keep_calls=False, long_polls=True)
        self.api.after_call = self._seen
        self.chats: collections.defaultdict[int, ChatLog] = collections.defaultdict(ChatLog)
        # callback query id -> when the bot answered it (answerCallbackQuery reached Telegram)
        self.acks: dict[str, float] = {}
        self.last_answer = time.monotonic()  # the last message or callback answer, any chat
        self.webhook_retries = 0  # POSTs the bot did not answer 200
        self._acked = Signal()
        self._webhook: _WebhookSender | None = None

    def publish(self, update: dict[str, Any]) -> float:
        """A user sends something: the update is available from now (the time returned)."""
        return self.api.publish(update)

    async def ack(self, query_id: str, give_up: asyncio.Event) -> float | None:
        """When the bot answered callback query `query_id`; None if `give_up` is set first."""
        while query_id not in self.acks:
            if not await self._acked.wait(give_up):
                return None
        return self.acks[query_id]

    async def close(self) -> None:
        """Stop posting updates and end open long polls (the end of a run)."""
        self.api.close()
        if self._webhook is not None:
            self.webhook_retries += await self._webhook.close()
            self._webhook = None
            self.api.webhook_delivery = None

    def _seen(self, call: Call) -> None:
        if call.method in REPLY_METHODS or call.method == "answerCallbackQuery":
            self.last_answer = call.at
        if call.method in REPLY_METHODS and call.chat_id is not None:
            self.chats[call.chat_id].receive(call)
        elif call.method == "answerCallbackQuery":
            self.acks[str(call.params["callback_query_id"])] = call.at
            self._acked.fire()
        elif call.method == "setWebhook" and self._webhook is None:
            connections = int(call.params.get("max_connections") or WEBHOOK_CONNECTIONS)
            secret = str(call.params.get("secret_token") or "")
            self._webhook = _WebhookSender(
                str(call.params["url"]), secret, connections, self.api.rtt
            )
            self.api.webhook_delivery = self._webhook.post
            while self.api.incoming:  # what waited for getUpdates goes by webhook now
                self._webhook.post(self.api.incoming.pop(0))


class _WebhookSender:
    """Telegram's side of a webhook: POSTs each update, on up to `connections` at once.

    It runs in a process of its own: Telegram's CPU is not the bot's, and an HTTP client
    posting in the bot's own event loop (~3 ms of CPU per update here) would be charged to
    whichever bot is measured, most to the one whose loop is busiest.
    """

    def __init__(self, url: str, secret: str, connections: int, rtt: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(
            target=_post_updates,
            args=(child, url, secret, connections, rtt),
            name="fake-telegram-webhook",
            daemon=True,
        )
        self._process.start()

    def post(self, update: dict[str, Any]) -> None:
        self._pipe.send_bytes(json.dumps(update).encode())

    async def close(self) -> int:
        """Stop posting; the number of POSTs that had to be retried."""
        self._pipe.send_bytes(b"")
        retries = await asyncio.to_thread(self._pipe.recv)
        await asyncio.to_thread(self._process.join, 10)
        self._pipe.close()
        return int(retries)


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
