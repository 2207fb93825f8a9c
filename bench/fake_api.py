"""In-memory Bot APIs for the benchmarks: lean (no call log) and one that enforces Telegram's cap.

Unlike the tests' FakeBotApi these keep no list of calls, so memory stays flat over
hundreds of thousands of requests and RSS figures measure the bot, not the fake.
"""

from __future__ import annotations

import collections
import itertools
import json
import math
import time
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 7_000_000_001
BOT_USERNAME = "FollowUpBenchBot"
GET_ME = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Follow-Up",
    "username": BOT_USERNAME,
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText", "sendDocument"})


def answer(method: str, params: dict[str, Any], message_id: int) -> Any:
    """The `result` Telegram gives for `method` (messages are echoed back as sent)."""
    if method == "getMe":
        return GET_ME
    if method == "getUpdates":
        return []
    if method in MESSAGE_METHODS:
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id") or message_id),
            "date": 1_700_000_000,
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Follow-Up"},
        }
        if "text" in params:
            message["text"] = params["text"]
        if "reply_markup" in params:
            markup = params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            # Telegram echoes only inline keyboards, never a reply keyboard.
            if "inline_keyboard" in markup:
                message["reply_markup"] = markup
        return message
    return True


def _ok(result: Any) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


class LeanBotApi(BaseRequest):
    """Answers every Bot API call at once; remembers only each chat's last message."""

    def __init__(self) -> None:
        self._message_ids = itertools.count(1000)
        self.counts: collections.Counter[str] = collections.Counter()
        # chat id -> params of the last sendMessage (what the simulated user looks at)
        self.last_sent: dict[int, dict[str, Any]] = {}
        self.keep_last = True

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

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
        if api_method == "sendMessage" and self.keep_last:
            self.last_sent[int(params["chat_id"])] = params
        return _ok(answer(api_method, params, next(self._message_ids)))

    def buttons(self, chat_id: int) -> dict[str, str]:
        """Label -> callback data of the inline keyboard under the chat's last message."""
        markup = self.last_sent[chat_id].get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not markup:
            return {}
        return {
            button["text"]: button.get("callback_data", "")
            for row in markup.get("inline_keyboard", [])
            for button in row
        }


class CappedBotApi(LeanBotApi):
    """Telegram's flood control: more than `limit` messages in any `window` seconds get a 429.

    A sliding window over accepted messages, stricter than Telegram itself, so a bot that
    passes here is safe there. Every delivered (chat id, text) is kept to count duplicates.
    """

    def __init__(self, limit: int = 30, window: float = 1.0) -> None:
        super().__init__()
        self.keep_last = False
        self.limit = limit
        self.window = window
        self._accepted: collections.deque[float] = collections.deque()
        self.rejected = 0
        self.delivered: list[tuple[int, str]] = []
        self.first_at: float | None = None
        self.last_at: float | None = None

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
        if api_method != "sendMessage":
            return await super().do_request(url, method, request_data)
        now = time.monotonic()
        while self._accepted and self._accepted[0] <= now - self.window:
            self._accepted.popleft()
        if len(self._accepted) >= self.limit:
            self.rejected += 1
            wait = max(1, math.ceil(self._accepted[0] + self.window - now))
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {wait}",
                "parameters": {"retry_after": wait},
            }
            return 429, json.dumps(body).encode()
        self._accepted.append(now)
        self.first_at = self.first_at if self.first_at is not None else now
        self.last_at = now
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        self.delivered.append((int(params["chat_id"]), str(params.get("text", ""))))
        return await super().do_request(url, method, request_data)
