"""Simulated users: updates as Telegram delivers them (JSON dicts) and the scripts they follow."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

from tests.support.fake_bot_api import BOT_ID

TOKEN = "123456:bench-token-for-the-fake-bot-api"
FIRST_USER_ID = 10_000_000
# A Wednesday afternoon: "yesterday 14:30" is a weekday and never in the future.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
_DATE = int(NOW.timestamp())

Step = tuple[Literal["text", "tap"], str]

ONBOARDING: list[Step] = [
    ("text", "/start"),
    ("text", "Ana Lima"),
    ("text", "Berlin"),
    ("text", "9"),
]
DEBRIEF_TO_INTERVIEWER: list[Step] = [
    ("text", "/new"),
    ("text", "Acme Corporation"),
    ("text", "Site Reliability Engineer"),
    ("text", "yesterday 14:30"),
]
DEBRIEF_REST: list[Step] = [
    ("text", "Bo Chen"),
    ("text", "Engineering Manager"),
    ("text", "bo@acme.example"),
    ("text", "their Kubernetes migration, on-call rotation"),
    ("tap", "Continue"),  # the talking points as read
    ("tap", "everyone"),
    ("text", "I've run on-call for a payments platform for 4 years"),
    ("tap", "2 weeks"),
    ("tap", "Save"),
]
WHOLE_DEBRIEF = ONBOARDING + DEBRIEF_TO_INTERVIEWER + DEBRIEF_REST


@dataclass
class UpdateFactory:
    """Numbers updates, messages and callback queries like one Telegram server would."""

    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @staticmethod
    def user(user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": "Ana",
            "last_name": "Lima",
            "language_code": "en",
        }

    def text(self, user_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": _DATE,
            "chat": {"id": user_id, "type": "private", "first_name": "Ana"},
            "from": self.user(user_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def tap(self, user_id: int, data: str) -> dict[str, Any]:
        update_id = next(self._update_ids)
        return {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "from": self.user(user_id),
                "chat_instance": str(user_id),
                "data": data,
                "message": {
                    "message_id": next(self._message_ids),
                    "date": _DATE,
                    "chat": {"id": user_id, "type": "private", "first_name": "Ana"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Follow-Up"},
                    "text": "…",
                },
            },
        }
