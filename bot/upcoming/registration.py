"""/upcoming: registering an interview ahead, as a table of steps (company, role, when, length).

Opened by /upcoming, or by Next round → It's scheduled on a follow-up (the company and role
known, it starts at when). Saved at the length: the interview, its checklist on the day and
its "How did it go?" after the end (bot/follow_ups/schedule.py, sent by the dispatcher).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.domain.time.durations import parse_minutes
from bot.domain.time.timeparse import ParseError, parse_when_future
from bot.ui.callbacks import Scope, UpcomingAction, pattern
from bot.ui.context import BotContext
from bot.ui.conversations import closer, left_conversation, reply
from bot.ui.display import esc, when
from bot.ui.guards import started, started_saying
from bot.ui.inputs import sender, tapped
from bot.ui.steps import Handlers, Kept, Next, Refusal, StepRow, Table
from bot.upcoming import save, views
from storage import applications, interviews
from storage.models import ApplicationStatus, User

END = ConversationHandler.END
KEY = "upcoming"
CONVERSATION_NAME = "upcoming"
DEFAULT_MINUTES = 60
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60
MAX_AHEAD = dt.timedelta(days=366)
APPLICATIONS_OFFERED = 5

INTRO = "Let's register your interview; I'll send a checklist on the day. /cancel stops."
FIRST_SETUP = "First, a 30-second setup so reminders come at the right time: /start."
NO_SETTINGS = "I no longer have your settings; send /start, then /upcoming."

# This registration's buttons (the token after the action tells a stale one from a live one).
BUTTONS = pattern(Scope.UPCOMING) + f"({UpcomingAction.APPLICATION}|{UpcomingAction.LENGTH}):"


class Step(IntEnum):
    """The conversation's states, stored with it: append, never renumber."""

    COMPANY = 1
    ROLE = 2
    WHEN = 3
    LENGTH = 4


@dataclass(slots=True)
class Registration:
    """The answers so far: the keys the first version kept, so its registrations go on."""

    token: str
    company: str = ""
    role: str = ""
    starts_at: str = ""  # ISO, aware UTC


KEPT = Kept(KEY, Registration)


def _after(say: str, question: str) -> str:
    return f"{say}\n\n{question}" if say else question


# ---------------------------------------------------------------------------
# Opening


@started_saying(FIRST_SETUP)
async def start(update: Update, context: BotContext, user: User) -> int:
    """/upcoming: a new registration, from the company."""
    answers = Registration(token=secrets.token_hex(3))
    return await TABLE.go(update, context, answers, Next(Step.COMPANY, say=INTRO))


@started
async def start_ahead(update: Update, context: BotContext, user: User) -> int:
    """Next round → It's scheduled: register it for this application, from its time on."""
    query, callback = tapped(update)
    application_id = callback.int_arg() if callback is not None else None
    session = context.session
    application = (
        await applications.get_application(session, application_id=application_id, user_id=user.id)
        if application_id is not None
        else None
    )
    if application is None or application.status != ApplicationStatus.OPEN:
        await query.answer("That application is closed or not yours.", show_alert=True)
        return END
    await query.answer()
    await query.edit_message_reply_markup(None)
    round_number = await interviews.next_round_number(session, application_id=application.id)
    answers = Registration(
        token=secrets.token_hex(3), company=application.company, role=application.role
    )
    await reply(update, views.round_ahead(round_number, application.company))
    return await TABLE.go(update, context, answers, Next(Step.WHEN))


# ---------------------------------------------------------------------------
# The questions, and how a typed answer is read


async def ask_company(update: Update, context: BotContext, answers: Registration, say: str) -> None:
    user, _ = sender(update)
    open_apps = await applications.list_open_applications(context.session, user_id=user.id)
    question, keyboard = views.company_question(answers.token, open_apps[:APPLICATIONS_OFFERED])
    await reply(update, _after(say, question), keyboard)


async def read_company(
    update: Update, context: BotContext, answers: Registration, typed: str
) -> Next:
    answers.company = typed
    return Next(Step.ROLE)


async def ask_role(update: Update, context: BotContext, answers: Registration, say: str) -> None:
    await reply(update, _after(say, views.role_question(answers.company)))


async def read_role(update: Update, context: BotContext, answers: Registration, typed: str) -> Next:
    answers.role = typed
    return Next(Step.WHEN)


async def ask_when(update: Update, context: BotContext, answers: Registration, say: str) -> None:
    await reply(update, _after(say, views.WHEN_QUESTION))


async def read_when(
    update: Update, context: BotContext, answers: Registration, typed: str
) -> Next | Refusal:
    user = await _started_user(update, context)
    if not isinstance(user, User):
        return Next(END)
    tz = user.timezone
    now = context.bot_data.clock()
    try:
        starts_at = parse_when_future(typed, now=now, tz=tz)
    except ParseError as error:
        return Refusal(esc(error.message))
    if starts_at <= now:
        return Refusal(
            f"{when(starts_at, tz, now=now)} has already passed. For an interview you've had, "
            "send /new after /cancel; otherwise type a time that's still ahead."
        )
    if starts_at > now + MAX_AHEAD:
        return Refusal("That is more than a year away, is the year right? Type it again.")
    answers.starts_at = starts_at.isoformat()
    return Next(Step.LENGTH)


async def ask_length(update: Update, context: BotContext, answers: Registration, say: str) -> None:
    question, keyboard = views.length_question(answers.token)
    await reply(update, _after(say, question), keyboard)


async def read_length(
    update: Update, context: BotContext, answers: Registration, typed: str
) -> Next | Refusal:
    minutes = parse_minutes(typed)
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return Refusal(
            f"Please send the length in minutes, from {MIN_MINUTES} to {MAX_MINUTES} "
            "(e.g. “45” or “1h30”), or /skip for one hour."
        )
    user = await _started_user(update, context)
    if not isinstance(user, User):
        return Next(END)
    return await _saved(update, context, user, answers, minutes)


@started_saying(NO_SETTINGS, forget=KEY)
async def _started_user(update: Update, context: BotContext, user: User) -> User:
    """The user, for a step that reads their settings; without them, the registration ends."""
    return user


async def _saved(
    update: Update, context: BotContext, user: User, answers: Registration, minutes: int
) -> Next:
    await save.register(
        update,
        context,
        user,
        company=answers.company,
        role=answers.role,
        starts_at=dt.datetime.fromisoformat(answers.starts_at),
        minutes=minutes,
    )
    return Next(END)


# ---------------------------------------------------------------------------
# The buttons of the questions, and /skip

# Acts on a value tapped (an application, a length): the next state, or None when the value
# is not one this question offers.
Pick = Callable[[Update, BotContext, User, Registration, int], Awaitable[int | None]]


async def pick_application(
    update: Update, context: BotContext, user: User, answers: Registration, application_id: int
) -> int:
    query, _ = tapped(update)
    application = await applications.get_application(
        context.session, application_id=application_id, user_id=user.id
    )
    if application is None or application.status != ApplicationStatus.OPEN:
        await query.answer("That application is closed or not yours.", show_alert=True)
        return Step.COMPANY
    await query.answer()
    await query.edit_message_reply_markup(None)
    answers.company, answers.role = application.company, application.role
    await reply(update, views.picked(application))
    return await TABLE.go(update, context, answers, Next(Step.WHEN))


async def pick_length(
    update: Update, context: BotContext, user: User, answers: Registration, minutes: int
) -> int | None:
    if minutes not in views.LENGTH_CHOICES:
        return None
    query, _ = tapped(update)
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await TABLE.go(
        update, context, answers, await _saved(update, context, user, answers, minutes)
    )


@started_saying(NO_SETTINGS, forget=KEY)
async def skip_length(update: Update, context: BotContext, user: User) -> int:
    """/skip at the length: one hour."""
    answers = KEPT.load(context)
    if answers is None:
        return await lost(update, context)
    saved = await _saved(update, context, user, answers, DEFAULT_MINUTES)
    return await TABLE.go(update, context, answers, saved)


def _also(
    step: Step,
    *,
    skip: Callable[[Update, BotContext], Coroutine[Any, Any, int]] | None = None,
    picks: Mapping[str, Pick] | None = None,
) -> Handlers:
    """A step's handlers besides its typed answer: /skip (None: not here), and this
    registration's buttons (`picks`: those this question takes; any other is answered)."""

    async def no_skip(update: Update, context: BotContext) -> int:
        await reply(update, "This one can't be skipped; please answer the question above.")
        return step

    @started_saying(NO_SETTINGS, alert=NO_SETTINGS, forget=KEY)
    async def on_tap(update: Update, context: BotContext, user: User) -> int:
        query, callback = tapped(update)
        answers = KEPT.load(context)
        if answers is None or callback is None or callback.args[:1] != (answers.token,):
            await query.answer("That button belongs to an older registration.")
            return step
        pick = (picks or {}).get(callback.action)
        value = callback.int_arg(1)
        if pick is not None and value is not None:
            went = await pick(update, context, user, answers, value)
            if went is not None:
                return went
        await query.answer("That button is not for this question.")
        return step

    return (
        CommandHandler("skip", skip or no_skip),
        CallbackQueryHandler(on_tap, pattern=BUTTONS),
    )


# ---------------------------------------------------------------------------
# The ways out, and the table

# A step reached with no answers kept (kept by an older version, or dropped).
lost = closer(
    KEY,
    lambda update: reply(update, "I lost track of this registration, sorry. Send /upcoming again."),
)
cancel = closer(
    KEY, lambda update: reply(update, "Okay, nothing registered. /upcoming starts again.")
)
# Another command mid-registration closes it, so the next text is not taken as an answer.
other_command = closer(
    KEY, lambda update: left_conversation(update, "the registration (nothing saved)")
)

TABLE = Table(
    KEPT,
    {
        Step.COMPANY: StepRow(
            ask_company,
            read_company,
            what="the company name",
            limit=200,
            buttons=_also(Step.COMPANY, picks={UpcomingAction.APPLICATION: pick_application}),
        ),
        Step.ROLE: StepRow(
            ask_role, read_role, what="the role", limit=200, buttons=_also(Step.ROLE)
        ),
        Step.WHEN: StepRow(
            ask_when, read_when, what="when the interview is", limit=100, buttons=_also(Step.WHEN)
        ),
        Step.LENGTH: StepRow(
            ask_length,
            read_length,
            what="the length in minutes, e.g. 45",
            limit=20,
            buttons=_also(
                Step.LENGTH, skip=skip_length, picks={UpcomingAction.LENGTH: pick_length}
            ),
        ),
    },
    gone=lost,
)


async def stale_button(update: Update, context: BotContext) -> None:
    """A registration button tapped after that registration ended."""
    query, _ = tapped(update)
    await query.answer("This registration is finished. /upcoming starts a new one.")
