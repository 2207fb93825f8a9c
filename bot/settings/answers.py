"""/settings' state: the step it is at, its answers in progress, what each setting may be."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import IntEnum

from bot.ui.steps import Kept

NAME_LIMIT = 100
HOURS_OFFERED = (7, 8, 9, 10, 12, 18)
CALL_HOURS_OFFERED = (9, 10, 11, 14, 15, 16)
FIRST_CALL_HOUR, LAST_CALL_HOUR = 7, 20
WAITS_OFFERED = (7, 10, 14, 21)
MIN_WAIT, MAX_WAIT = 1, 60
PHONE_LIMIT = 40
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15


class Step(IntEnum):
    MENU = 1
    NAME = 2
    ZONE = 3
    HOUR = 4
    WAIT = 5
    # Appended: states are stored with the conversation, so numbers never change.
    CALL_HOUR = 6
    PHONE = 7


@dataclass(frozen=True, slots=True)
class SettingsAnswers:
    """Each setting is saved as soon as it is answered: all that is kept is the menu's token.

    Buttons carry the token: those of an older /settings message are refused.
    """

    token: str

    @classmethod
    def fresh(cls) -> SettingsAnswers:
        return cls(token=secrets.token_hex(3))


def _kept_token(stored: object) -> SettingsAnswers | None:
    """The menu's token alone, as the release before kept it: its open menu goes on."""
    return SettingsAnswers(stored) if isinstance(stored, str) else None


KEPT = Kept("settings", SettingsAnswers, legacy=_kept_token)


def phone_number(typed: str) -> str | None:
    """The number as typed, if it looks like one: digits with spaces, dashes, dots, brackets."""
    digits = sum(char in "0123456789" for char in typed)
    allowed = set("0123456789 +-.()/")
    if len(typed) > PHONE_LIMIT or not set(typed) <= allowed or "+" in typed[1:]:
        return None
    return typed if MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS else None


def wait_days(typed: str) -> int | None:
    # ASCII digits only: "²".isdigit() is True, but int("²") raises.
    text = typed.removesuffix("days").removesuffix("day").strip()
    if not text or len(text) > 3 or any(char not in "0123456789" for char in text):
        return None
    days = int(text)
    return days if MIN_WAIT <= days <= MAX_WAIT else None
