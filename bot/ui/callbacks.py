"""Callback data for every inline button: short, prefixed, versioned, packed and parsed here.

Format: ``<scope>:v1:<action>[:<arg>...]``, e.g. ``fu:v1:done:42``. Telegram allows 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VERSION = "v1"
MAX_BYTES = 64
# The largest value of an SQL INTEGER (the id columns): anything above names no row.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


class Scope(StrEnum):
    ONBOARDING = "ob"
    DEBRIEF = "db"
    FOLLOW_UP = "fu"
    SETTINGS = "st"
    LIST = "ls"
    UPCOMING = "up"
    DELETE_ME = "dm"


class OnboardingAction(StrEnum):
    TELEGRAM_NAME = "tgname"  # sign with the name Telegram has
    ZONE = "tz"
    HOUR = "hour"


class SettingsAction(StrEnum):
    PICK = "pick"  # which setting to change, or done
    ZONE = "tz"
    HOUR = "hour"
    WAIT = "wait"
    CALL_HOUR = "call"
    PHONE = "phone"  # only: st:v1:phone:<token>:clear


class UpcomingAction(StrEnum):
    APPLICATION = "app"  # an open application the interview belongs to
    LENGTH = "len"
    CANCEL = "cancel"  # asks to confirm
    CANCEL_CONFIRMED = "cancelyes"
    KEEP = "keep"
    AHEAD = "ahead"  # Next round, scheduled: register it (up:v1:ahead:<application id>)


class ListAction(StrEnum):
    PAGE = "page"  # ls:v1:page:<page>
    DETAILS = "app"  # ls:v1:app:<application id>:<page>
    CLOSE = "close"  # no longer made: "Close this application…" on old messages opens the details
    CLOSE_AS = "set"  # an outcome: ls:v1:set:<application id>:<page>:<outcome>
    REOPEN = "undo"  # Undo on the message that closed it: ls:v1:undo:<application id>


class DeleteMeAction(StrEnum):
    YES = "yes"
    NO = "no"


class DebriefAction(StrEnum):
    """The debrief's buttons (`db:v1:<action>:<token>[:<arg>]`, bar the two entry points)."""

    WHEN = "when"  # Today / Yesterday
    SKIP = "skip"
    MORE = "more"  # another interviewer, or that's everyone
    PITCH = "pitch"  # use my last pitch
    TIMELINE = "tl"
    GUESS = "guess"  # a date or timeline read as a guess: db:v1:guess:<token>:ok|again
    SAVE = "save"
    EDIT = "edit"
    CANCEL = "cancel"
    EDIT_FIELD = "ef"  # which part of the summary to change
    EDIT_PERSON = "ep"  # which interviewer
    PERSON_FIELD = "pf"  # which detail of that interviewer
    # The talking-points review: db:v1:pt:<token>:<list>:k<n>|n<n>|p<page>|go (keep point n,
    # put it in the note, show a page of buttons, continue); <list> names the points shown.
    POINTS = "pt"
    # Entry points, from other messages: db:v1:round:<application id>, db:v1:upc:<interview id>
    NEXT_ROUND = "round"
    FROM_UPCOMING = "upc"
    FROM_TEXT = "text"  # "Debrief it" under a message that named the company: db:v1:text:<token>
    EDIT_SAVED = "resave"  # /list details: db:v1:resave:<interview id>


class FollowUpAction(StrEnum):
    """What a follow-up button does; the middle part of ``fu:v1:<action>:<id>``."""

    DONE = "done"  # Sent it / Called
    EDIT = "edit"
    LATER = "later"  # Remind me later
    SKIP = "skip"
    NO_ANSWER = "noans"
    SNOOZE = "snooze"  # shows the snooze choices
    SNOOZE_FOR = "snz"  # one snooze choice: fu:v1:snz:<id>:<timing.Snooze>
    AT = "at"  # Remind me later / Snooze: "Type a time…" (bot/follow_ups/later.py)
    NEXT_ROUND = "next"  # asks: has the next round happened, or is it scheduled?
    BACK = "back"  # from the snooze choices back to the follow-up's buttons
    OFFER = "offer"
    REJECTED = "rej"
    WHO = "who"  # a call or email: the interview's people, to pick whom it is about
    CALL_TO = "to"  # one of them: fu:v1:to:<id>:<interviewer id>
    ADD_POINT = "add"  # a note with no point of theirs: add one thing you discussed (edit.py)
    ANOTHER = "again"  # Another version of a note (the model's when configured, else ours)


@dataclass(frozen=True, slots=True)
class Callback:
    """One button's meaning: a scope, an action and a few short arguments."""

    scope: Scope
    action: str
    args: tuple[str, ...] = ()

    def pack(self) -> str:
        """The string Telegram stores under the button."""
        parts = [self.scope.value, VERSION, self.action, *self.args]
        if any(":" in part for part in parts[2:]):
            raise ValueError(f"callback parts must not contain ':': {parts}")
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def parse(cls, data: str | None) -> Callback | None:
        """The callback, or None for anything malformed, unknown or of another version."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        parts = data.split(":")
        if len(parts) < 3 or parts[1] != VERSION or not parts[2]:
            return None
        try:
            scope = Scope(parts[0])
        except ValueError:
            return None
        return cls(scope, parts[2], tuple(parts[3:]))

    def int_arg(self, index: int = 0) -> int | None:
        """Argument `index` as a positive int that fits an id column, or None otherwise.

        Only ASCII digits: `int()` also reads "٣", "1_000" and " 7", none of which a button
        of ours carries; and a 40-digit id would overflow the database's integer.
        """
        if index >= len(self.args) or not _DIGITS.fullmatch(self.args[index]):
            return None
        value = int(self.args[index])
        return value if 0 < value <= MAX_ID else None


def pattern(scope: Scope, action: str | None = None) -> str:
    """The regex a CallbackQueryHandler uses to receive one scope's buttons (or one action)."""
    return f"^{scope.value}:{VERSION}:" + ("" if action is None else f"{action}(:|$)")


def button_data(scope: Scope, action: str, *args: object) -> str:
    """Shorthand: the packed data for one button."""
    return Callback(scope, action, tuple(str(arg) for arg in args)).pack()
