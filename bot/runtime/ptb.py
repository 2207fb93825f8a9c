"""The one module that touches python-telegram-bot's private parts, and checks them at start.

PTB 22 has no public way to do what the runtime needs here:
- read, put back or end one conversation's state (`ConversationHandler._conversations`,
  keyed by `_get_key`): the pipeline puts memory back when an update's transaction fails,
  and /delete_me ends a user's conversations;
- catch a Bot API call on its way out (`_do_post`, where every call ends once PTB applied
  its defaults), read its arguments as the JSON PTB would post (`RequestParameter`, in the
  private `telegram.request._requestparameter`), and post getUpdates to read it as raw
  JSON (`Bot._post`): see bot/runtime/telegram_bot.py;
- bring a repeating job's next run forward: PTB's `Job.job` is public, but the object is
  APScheduler's, which a PTB release may swap for another scheduler.

A 22.x release may change any of them without notice. `check`, run when the application is
built, fails with one line naming what changed, rather than letting a handler fail later.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import apscheduler.job
import telegram
from telegram import Bot, InputFile, Update
from telegram.ext import Application, ConversationHandler, ExtBot, Job

from storage.persistence import ConversationKey

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
JSONDict = dict[str, Any]

_REQUEST_PARAMETER_MODULE = "telegram.request._requestparameter"


class PTBChangedError(RuntimeError):
    """This python-telegram-bot release changed a private part this module relies on."""


# --- conversations ----------------------------------------------------------------------


def _states(handler: ConversationHandler[Any]) -> MutableMapping[ConversationKey, object]:
    # PTB's own dict (a TrackingDict once persistence is loaded): changed here, changed there.
    states: MutableMapping[ConversationKey, object] = handler._conversations
    return states


def conversation_key(handler: ConversationHandler[Any], update: Update) -> ConversationKey:
    """The key under which `handler` keeps the conversation `update` belongs to."""
    return handler._get_key(update)


def conversation_keys(handler: ConversationHandler[Any]) -> list[ConversationKey]:
    """The keys of every conversation `handler` holds in memory now."""
    return list(_states(handler))


def conversation_state(handler: ConversationHandler[Any], key: ConversationKey) -> object | None:
    """One conversation's state in memory; None when it is not in one."""
    return _states(handler).get(key)


def set_conversation_state(
    handler: ConversationHandler[Any], key: ConversationKey, state: object | None
) -> None:
    """Put one conversation's state in memory; None ends it (what PTB does at END)."""
    if state is None:
        _states(handler).pop(key, None)
    else:
        _states(handler)[key] = state


# --- Bot API calls ----------------------------------------------------------------------


class PostingBot(ExtBot[Any]):
    """ExtBot whose every Bot API call passes through `intercept` on its way out."""

    async def _do_post(self, endpoint: str, data: JSONDict, **timeouts: Any) -> Any:
        # Bot methods build their call, Bot._post inserts the defaults and drops the Nones,
        # and _do_post posts it (ExtBot's own adds the rate limiter).
        return await self.intercept(endpoint, data, **timeouts)

    async def intercept(self, endpoint: str, data: JSONDict, **timeouts: Any) -> Any:
        """A Bot API call, defaults in, about to be posted; a subclass may keep it back."""
        return await self.post_as_ptb(endpoint, data, **timeouts)

    async def post_as_ptb(self, endpoint: str, data: JSONDict, **timeouts: Any) -> Any:
        """Post a call as PTB would (through the rate limiter), past `intercept`."""
        return await super()._do_post(endpoint, data, **timeouts)

    async def post_json(self, endpoint: str, data: JSONDict, *, read_timeout: float) -> Any:
        """Post a call with PTB's defaults inserted and return Telegram's result unparsed."""
        return await self._post(endpoint, data, read_timeout=read_timeout)


def as_posted(key: str, value: object) -> tuple[object | None, list[InputFile]]:
    """One argument of a call as PTB posts it: its JSON value, and the files it uploads."""
    parameter = importlib.import_module(_REQUEST_PARAMETER_MODULE).RequestParameter.from_input(
        key, value
    )
    return parameter.value, list(parameter.input_files or ())


# --- jobs -------------------------------------------------------------------------------


def run_soon(job: Job[Any]) -> None:
    """Bring a repeating job's next run forward to now (a run in progress is not doubled)."""
    job.job.modify(next_run_time=dt.datetime.now(dt.UTC))


# --- the check at start -----------------------------------------------------------------


def check(application: AnyApplication) -> None:
    """Fail with one line if this PTB release changed what this module relies on."""
    changed = [name for name, holds in _expectations(application) if not _holds(holds)]
    if changed:
        raise PTBChangedError(
            f"python-telegram-bot {telegram.__version__} changed {', '.join(changed)}, "
            "which bot/runtime/ptb.py relies on: install the release pinned in "
            "pyproject.toml or bring that module up to date"
        )


def _holds(expectation: Callable[[], bool]) -> bool:
    try:
        return expectation()
    except Exception:
        return False


def _expectations(application: AnyApplication) -> Iterator[tuple[str, Callable[[], bool]]]:
    yield (
        "ConversationHandler._get_key(update)",
        lambda: _takes(ConversationHandler, "_get_key", "update", coroutine=False),
    )
    for group in application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler):
                yield (
                    f"ConversationHandler._conversations ({handler.name or 'unnamed'})",
                    functools.partial(_keeps_states, handler),
                )
    yield (
        "ExtBot._do_post(endpoint, data)",
        lambda: _takes(ExtBot, "_do_post", "endpoint", "data", coroutine=True),
    )
    yield (
        "Bot._post(endpoint, data, read_timeout=)",
        lambda: _takes(Bot, "_post", "endpoint", "data", "read_timeout", coroutine=True),
    )
    yield (
        f"{_REQUEST_PARAMETER_MODULE}.RequestParameter",
        lambda: as_posted("reply_markup", {"a": 1}) == ({"a": 1}, []),
    )
    yield (
        "Job.job (an APScheduler job with modify())",
        lambda: (
            isinstance(inspect.getattr_static(Job, "job"), property)
            and callable(getattr(apscheduler.job.Job, "modify", None))
        ),
    )


def _keeps_states(handler: ConversationHandler[Any]) -> bool:
    return isinstance(handler._conversations, MutableMapping)


def _takes(owner: type, name: str, *parameters: str, coroutine: bool) -> bool:
    """`owner.name` is a method (a coroutine function or not) with these parameters."""
    method = getattr(owner, name)
    if inspect.iscoroutinefunction(method) != coroutine:
        return False
    return set(parameters) <= set(inspect.signature(method).parameters)
