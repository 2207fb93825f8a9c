"""A mypy plugin: inside our handlers, a Telegram call that waits for the commit returns None.

While an update's transaction is open, bot/runtime/telegram_bot.py stores these calls and
returns None; PTB declares them as returning the Message (or True) Telegram sends back. So
that mypy refuses a handler that uses what such a call returns, their awaited type is None.
Outside updates (the dispatcher) the bot is `Application.bot`, typed Any: not affected.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import MethodContext, Plugin
from mypy.types import Instance, NoneType, Type, get_proper_type

_DEFERRED = {
    "telegram._bot.Bot": (
        "send_message",
        "send_document",
        "edit_message_text",
        "edit_message_reply_markup",
        "answer_callback_query",
    ),
    "telegram.ext._extbot.ExtBot": (
        "send_message",
        "send_document",
        "edit_message_text",
        "edit_message_reply_markup",
        "answer_callback_query",
    ),
    "telegram._message.Message": (
        "reply_text",
        "reply_html",
        "reply_markdown",
        "reply_markdown_v2",
        "reply_document",
        "edit_text",
        "edit_reply_markup",
    ),
    "telegram._callbackquery.CallbackQuery": (
        "answer",
        "edit_message_text",
        "edit_message_reply_markup",
    ),
    "telegram._chat.Chat": ("send_message", "send_document"),
    "telegram._user.User": ("send_message", "send_document"),
}
DEFERRED = {f"{owner}.{name}" for owner, names in _DEFERRED.items() for name in names}


def _awaits_none(ctx: MethodContext) -> Type:
    returned = get_proper_type(ctx.default_return_type)
    if isinstance(returned, Instance) and returned.type.fullname == "typing.Coroutine":
        return returned.copy_modified(args=[*returned.args[:-1], NoneType()])
    return ctx.default_return_type


class DeferredCalls(Plugin):
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _awaits_none if fullname in DEFERRED else None


def plugin(version: str) -> type[Plugin]:
    return DeferredCalls
