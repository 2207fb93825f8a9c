"""An in-memory Bot API: a PTB request class that answers like Telegram and records calls.

The pattern of PTB's own test-suite: the network is faked, our objects are real.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.runtime.unit import collecting_unit

BOT_ID = 7_000_000_001
BOT_USERNAME = "FollowUpTestBot"
# Telegram's limits, counted as Telegram counts them: UTF-16 code units of the text after
# its entities are parsed, so "<b>" costs nothing, "&amp;" one and "🙂" two.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes


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


def _markup_of(params: dict[str, Any]) -> Any:
    """The inline keyboard a call sets (None for none), parsed."""
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
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
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
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
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    # Whether an update's transaction was open when the bot made this call (it never may).
    in_transaction: bool = False
    # Why the fake Telegram refused it, as Telegram words it; None when it succeeded.
    refused: str | None = None

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
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
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


class FakeBotApi(BaseRequest):
    """Answers Bot API methods in memory; `fail_next` injects Telegram errors."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._message_ids = itertools.count(1000)
        # method -> list of (status, description, extra) to return before succeeding again
        self.failures: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
        self.blocked_chats: set[int] = set()
        # What getUpdates hands out: Telegram keeps an update until an offset passes it.
        self.incoming: list[dict[str, Any]] = []
        # Calls to these chats wait until the event is set: a slow round trip, held open.
        self.held_chats: dict[int, asyncio.Event] = {}
        # What each message shows now, (chat id, message id) -> (text, inline keyboard).
        self._shown: dict[tuple[int, int], tuple[str, Any]] = {}

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def fail_next(self, method: str, status: int, description: str, **extra: Any) -> None:
        self.failures.setdefault(method, []).append((status, description, extra))

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
                files[name] = value[1] if isinstance(value, tuple) else value
        call = Call(api_method, params, files, in_transaction=collecting_unit() is not None)
        self.calls.append(call)
        held = self.held_chats.get(int(params["chat_id"])) if "chat_id" in params else None
        if held is not None:
            await held.wait()

        pending = self.failures.get(api_method)
        if pending:
            status, description, extra = pending.pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if extra:
                body["parameters"] = extra
            return status, json.dumps(body).encode()
        chat_id = params.get("chat_id")
        if chat_id is not None and int(chat_id) in self.blocked_chats:
            return 403, json.dumps(
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
            ).encode()
        refusal = _refusal(api_method, params) or self._unmodified(api_method, params)
        if refusal is not None:
            call.refused = refusal
            return 400, json.dumps(
                {"ok": False, "error_code": 400, "description": f"Bad Request: {refusal}"}
            ).encode()
        call.result = self._result(api_method, params)
        self._remember(api_method, params, call.result)
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

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
        if not isinstance(result, dict) or "chat_id" not in params:
            if method == "editMessageReplyMarkup" and "chat_id" in params:
                key = (int(params["chat_id"]), int(params.get("message_id") or 0))
                if key in self._shown:
                    self._shown[key] = (self._shown[key][0], _markup_of(params))
            return
        key = (int(params["chat_id"]), int(result["message_id"]))
        if method in {"sendMessage", "editMessageText"}:
            self._shown[key] = (str(params.get("text", "")), _markup_of(params))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Follow-Up",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method in {"sendMessage", "sendDocument", "editMessageText"}:
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": 1_700_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Follow-Up"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if method == "sendDocument":
                message["document"] = {"file_id": "doc", "file_unique_id": "doc"}
            if "reply_markup" in params:
                markup = params["reply_markup"]
                markup = json.loads(markup) if isinstance(markup, str) else markup
                # Telegram echoes only inline keyboards, never a reply keyboard.
                if "inline_keyboard" in markup:
                    message["reply_markup"] = markup
            return message
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            self.incoming = [u for u in self.incoming if u["update_id"] >= offset]
            return self.incoming[: int(params.get("limit") or 100)]  # Telegram's page
        return True
