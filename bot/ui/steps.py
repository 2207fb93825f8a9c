"""A conversation as a table of steps: each step's question, how a typed answer is read, and
what comes next; the answers in progress as one typed dataclass kept in user_data.

The debrief keeps its own, larger table (bot/debrief/steps.py) on the same plan. A short
conversation (/settings, /upcoming, Edit, Type a time…) writes:

    KEPT = Kept("settings", SettingsAnswers)
    TABLE = Table(KEPT, {Step.NAME: StepRow(ask_name, read_name, what="a name", limit=100)})

and its handlers end with `await TABLE.go(update, context, answers, Next(Step.MENU))`.
A step's `read` gets the typed text (already checked to be text within `limit`) and returns
where to go next, or a `Refusal` to say while the question stays open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from bot.ui.context import BotContext
from bot.ui.inputs import read_text

A = TypeVar("A")

END = ConversationHandler.END
# Longer than any answer we expect, so a long one gets "please send …", not a length error.
TEXT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Kept(Generic[A]):
    """A conversation's answers in progress, kept in user_data under `key` as a JSON object.

    `kind` is a dataclass of JSON values (str, int, bool, None, lists of them). Answers of
    another shape (kept by an older version) read as none: the conversation starts over.
    """

    key: str
    kind: Callable[..., A]
    # How answers kept by an older release in another shape (a bare id, a token) are read:
    # a conversation open across an update goes on. None: such answers read as none.
    legacy: Callable[[object], A | None] | None = None

    def load(self, context: BotContext) -> A | None:
        assert context.user_data is not None
        stored = context.user_data.get(self.key)
        if not isinstance(stored, dict):
            return None if stored is None or self.legacy is None else self.legacy(stored)
        try:
            return self.kind(**stored)
        except TypeError:
            return None

    def save(self, context: BotContext, answers: A) -> A:
        assert context.user_data is not None
        assert dataclasses.is_dataclass(answers)
        assert not isinstance(answers, type)
        context.user_data[self.key] = dataclasses.asdict(answers)
        return answers

    def drop(self, context: BotContext) -> None:
        assert context.user_data is not None
        context.user_data.pop(self.key, None)


@dataclass(frozen=True, slots=True)
class Next:
    """Where a conversation goes after an answer: a state (END to finish), and what to say
    before that state's question."""

    state: int
    say: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A typed answer that cannot be taken: said to the user; the question stays open.

    An empty text says nothing more: the read has answered already (with choices to pick
    from, say)."""

    text: str


# Sends a step's question (with its buttons); `say` goes before it.
Ask = Callable[[Update, BotContext, A, str], Awaitable[None]]
# Reads a typed answer into the answers (and the database): where to go next, or a refusal.
Read = Callable[[Update, BotContext, A, str], Awaitable[Next | Refusal]]
Handlers = Sequence[BaseHandler[Update, BotContext, Any]]


@dataclass(frozen=True, slots=True)
class StepRow(Generic[A]):
    """One row: the question, how a typed answer is read (None: buttons only), what is
    expected ("a name", for the reply to a sticker or an empty message) and how long it may
    be, and the handlers of the question's buttons. `not_text`: what a sticker, photo or
    voice message is told instead of the usual "I can only read text here".

    `if_typed`, for a step of buttons only: the reply to anything typed there (a sticker
    too), the question staying open. Left empty, typed messages are not the step's: they
    go on to the conversation's fallbacks and the handlers after it."""

    ask: Ask[A]
    read: Read[A] | None = None
    what: str = "your answer"
    limit: int = TEXT_LIMIT
    buttons: Handlers = field(default_factory=tuple)
    not_text: str | None = None
    if_typed: str = ""


Gone = Callable[[Update, BotContext], Awaitable[int]]


class Table(Generic[A]):
    """The steps of one conversation, and the handlers that run them."""

    def __init__(self, kept: Kept[A], steps: Mapping[int, StepRow[A]], *, gone: Gone) -> None:
        """`gone`: what a text in a step does when no answers are kept (they were dropped,
        or kept by an older version): tell the user, and return a state."""
        self.kept = kept
        self.steps = steps
        self.gone = gone

    async def go(self, update: Update, context: BotContext, answers: A, to: Next) -> int:
        """Keep the answers and ask the next step's question; at END, drop them and say
        `to.say` alone (when there is something to say)."""
        if to.state == END:
            self.kept.drop(context)
            if to.say and update.effective_message is not None:
                await update.effective_message.reply_text(to.say)
            return END
        self.kept.save(context, answers)
        await self.steps[to.state].ask(update, context, answers, to.say)
        return to.state

    def states(self) -> dict[object, list[BaseHandler[Update, BotContext, Any]]]:
        """ConversationHandler's states: each step's buttons, then its typed answer (any
        message but a command, so a sticker is answered too)."""
        states: dict[object, list[BaseHandler[Update, BotContext, Any]]] = {}
        for state, row in self.steps.items():
            handlers = list(row.buttons)
            if row.read is not None:
                handlers.append(
                    MessageHandler(filters.ALL & ~filters.COMMAND, self._on_text(state, row))
                )
            elif row.if_typed:
                handlers.append(
                    MessageHandler(filters.ALL & ~filters.COMMAND, _saying(row.if_typed, state))
                )
            states[state] = handlers
        return states

    def _on_text(
        self, state: int, row: StepRow[A]
    ) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
        read = row.read
        assert read is not None

        async def on_text(update: Update, context: BotContext) -> int:
            answers = self.kept.load(context)
            if answers is None:
                return await self.gone(update, context)
            message = update.effective_message
            if row.not_text is not None and message is not None and message.text is None:
                await message.reply_text(row.not_text)
                return state
            typed = await read_text(update, limit=row.limit, what=row.what)
            if typed is None:
                return state
            outcome = await read(update, context, answers, typed)
            if isinstance(outcome, Refusal):
                self.kept.save(context, answers)
                if outcome.text and update.effective_message is not None:
                    await update.effective_message.reply_text(outcome.text)
                return state
            return await self.go(update, context, answers, outcome)

        return on_text


def _saying(text: str, state: int) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    async def say(update: Update, context: BotContext) -> int:
        if update.effective_message is not None:
            await update.effective_message.reply_text(text)
        return state

    return say
