"""The step-table runner's answers in progress: kept as JSON, and any other shape read as none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest

from bot.ui.context import BotContext
from bot.ui.steps import Kept


@dataclass(frozen=True, slots=True)
class Answers:
    company: str
    rounds: int = 1


KEPT = Kept("answers", Answers)


class UserDataOnly:
    """All that Kept touches of a handler's context."""

    def __init__(self, **user_data: Any) -> None:
        self.user_data: dict[str, Any] = dict(user_data)


def context(**user_data: Any) -> BotContext:
    return cast(BotContext, UserDataOnly(**user_data))


def test_answers_are_kept_as_json_and_read_back() -> None:
    kept = context()
    KEPT.save(kept, Answers("Acme", rounds=2))
    assert kept.user_data == {"answers": {"company": "Acme", "rounds": 2}}
    assert KEPT.load(kept) == Answers("Acme", rounds=2)


@pytest.mark.parametrize(
    "stored",
    [
        "a1b2c3",  # a bare token, as /settings kept it before
        None,
        ["Acme"],
        {"company": "Acme", "gone_field": 1},
        {"rounds": 2},
    ],
    ids=["bare string", "null", "list", "unknown field", "missing field"],
)
def test_answers_of_another_shape_read_as_none(stored: object) -> None:
    assert KEPT.load(context(answers=stored)) is None


def test_no_answers_read_as_none_and_drop_forgets_them() -> None:
    kept = context(other="stays")
    assert KEPT.load(kept) is None
    KEPT.save(kept, Answers("Acme"))
    KEPT.drop(kept)
    KEPT.drop(kept)  # twice: nothing to forget is fine
    assert kept.user_data == {"other": "stays"}


def test_answers_of_an_older_release_are_read_by_its_legacy_reader() -> None:
    """A conversation open across an update goes on: the older shape is read, once."""
    kept = Kept(
        "answers", Answers, legacy=lambda old: Answers(old) if isinstance(old, str) else None
    )
    assert kept.load(context(answers="Acme")) == Answers("Acme")
    assert kept.load(context(answers=["Acme"])) is None
    assert kept.load(context()) is None
    saved = context(answers="Acme")
    kept.save(saved, Answers("Acme"))
    assert saved.user_data == {"answers": {"company": "Acme", "rounds": 1}}
