"""Odd input never reaches the error handler: every text step and every button, any text.

Through the real application on a real database (both backends: PostgreSQL refuses an id
past its integer range where SQLite would not). A property-based part sends arbitrary text
at every step a user types into, and arbitrary callback data under every scope and action;
named cases pin the inputs that once broke (issue 15 point 9).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import User

from bot.follow_ups import dispatch
from bot.runtime.pipeline import FAILED_NOTICE
from bot.ui.callbacks import (
    DebriefAction,
    DeleteMeAction,
    FollowUpAction,
    ListAction,
    OnboardingAction,
    Scope,
    SettingsAction,
    UpcomingAction,
)
from bot.ui.context import BotContext
from storage.models import FollowUpKind
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.follow_up_data import add_follow_up, seed_interview
from tests.support.harness import BotHarness

# Wednesday 25 Nov 2026, 16:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
_user_ids = itertools.count(50_000)

ODD_TEXTS = (
    "midnight 0001-01-01",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
    "in 9999999 months",
    "9999999999 weeks",
    "in 99999999999999999999999999 days",
    "-5 days",
    "0 weeks",
    "²",
    "٣",
    "١٤",
    "½",
    "1e400",
    "nan",
    "9" * 40,
    "\u200b",
    "\u200b\u200c\u200d\u2060",
    "\u200f\u200e",
    "\u202e\u202d\u2066",
    "\ufeff",
    "  \t ",
    "25:61",
    "yesterday 99:99",
    "the 31st of February",
    "<b>&amp;</b>",
    "/",
)
# Telegram delivers text without NUL or lone surrogates.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
TEXTS = st.one_of(
    st.sampled_from(ODD_TEXTS),
    ANY_TEXT,
    st.builds(
        "{} {} {}".format,
        st.sampled_from(["in", "", "after", "within"]),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.sampled_from(["days", "weeks", "months", "years", "hours", "minutes", "am", "pm"]),
    ),
    st.from_regex(
        r"[0-9]{1,12}[-/.][0-9]{1,12}[-/.][0-9]{1,12}( [0-9]{1,3}:[0-9]{1,3})?", fullmatch=True
    ),
)


class ErrorRecorder:
    """An extra error handler: PTB calls every one, so anything reaching ours lands here."""

    def __init__(self) -> None:
        self.errors: list[BaseException | None] = []

    async def __call__(self, update: object, context: BotContext) -> None:
        self.errors.append(context.error)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    recorder = ErrorRecorder()
    harness.application.add_error_handler(recorder)
    harness.errors = recorder  # type: ignore[attr-defined]
    yield harness
    await harness.stop()


def errors_of(bot: BotHarness) -> list[BaseException | None]:
    recorder: ErrorRecorder = bot.errors  # type: ignore[attr-defined]
    return recorder.errors


def assert_handled(bot: BotHarness, calls: Sequence[Call], what: str) -> None:
    """Nothing reached the error handler, no apology, and the user got an answer."""
    assert errors_of(bot) == [], f"{what!r} reached the error handler: {errors_of(bot)!r}"
    texts = [call.text for call in calls]
    assert FAILED_NOTICE not in texts, f"{what!r} got the apology"
    # An edit that changes nothing (a double tap) is refused by Telegram and harmless.
    refused = [
        call.refused for call in calls if call.refused and "not modified" not in call.refused
    ]
    assert refused == [], f"{what!r}: Telegram refused"
    answered = [
        call
        for call in calls
        if call.method in {"sendMessage", "editMessageText", "answerCallbackQuery"}
    ]
    assert answered, f"{what!r} got no answer at all: {[c.method for c in calls]}"


# --- reaching every text step -----------------------------------------------------------

Action = Callable[[BotHarness, User], Awaitable[None]]


def say(text: str) -> Action:
    async def act(bot: BotHarness, user: User) -> None:
        await bot.send(user, text)

    return act


def press(label: str) -> Action:
    """Tap a button of the newest message or edit that carries buttons."""

    async def act(bot: BotHarness, user: User) -> None:
        shown = next(call for call in reversed(bot.api.calls) if call.buttons)
        message_id = (
            shown.message_id
            if isinstance(shown.result, dict)
            else int(shown.params.get("message_id") or 1)
        )
        await bot.tap(user, shown.data_for(label), message_id=message_id)

    return act


async def onboard(bot: BotHarness, user: User) -> None:
    for text in ("/start", "Ana Lima", "Berlin", "9"):
        await bot.send(user, text)


async def delivered_note(bot: BotHarness, user: User) -> None:
    """A thank-you note delivered to the user, its message the last one."""
    seeded = await seed_interview(bot.db, user_id=user.id)
    await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, due_at=NOW)
    await dispatch.dispatch_due(bot.application, now=NOW)


@dataclass(frozen=True)
class TextStep:
    name: str
    path: tuple[Action, ...]
    onboarded: bool = True


DEBRIEF = (
    say("/new"),
    say("Acme"),
    say("SRE"),
    say("yesterday 14:00"),
    say("Bo Chen"),
    say("Manager"),
    say("bo@acme.example"),
    say("their migration"),
    press("Continue"),  # the talking points as read
)
TEXT_STEPS = (
    TextStep("onboarding: name", (say("/start"),), onboarded=False),
    TextStep("onboarding: zone", (say("/start"), say("Ana")), onboarded=False),
    TextStep("onboarding: hour", (say("/start"), say("Ana"), say("Berlin")), onboarded=False),
    TextStep("debrief: company", DEBRIEF[:1]),
    TextStep("debrief: role", DEBRIEF[:2]),
    TextStep("debrief: when", DEBRIEF[:3]),
    TextStep("debrief: name", DEBRIEF[:4]),
    TextStep("debrief: title", DEBRIEF[:5]),
    TextStep("debrief: contact", DEBRIEF[:6]),
    TextStep("debrief: topics", DEBRIEF[:7]),
    TextStep("debrief: anyone else", DEBRIEF),
    TextStep("debrief: pitch", (*DEBRIEF, press("everyone"))),
    TextStep("debrief: timeline", (*DEBRIEF, press("everyone"), say("/skip"))),
    TextStep(
        "debrief: timeline, other", (*DEBRIEF, press("everyone"), say("/skip"), press("Other"))
    ),
    TextStep("debrief: summary", (*DEBRIEF, press("everyone"), say("/skip"), press("2 weeks"))),
    TextStep("settings: menu", (say("/settings"),)),
    TextStep("settings: name", (say("/settings"), press("Name"))),
    TextStep("settings: zone", (say("/settings"), press("Time zone"))),
    TextStep("settings: reminder hour", (say("/settings"), press("Reminder hour"))),
    TextStep("settings: call hour", (say("/settings"), press("Call hour"))),
    TextStep("settings: default wait", (say("/settings"), press("Default wait"))),
    TextStep("settings: phone", (say("/settings"), press("Phone"))),
    TextStep("upcoming: company", (say("/upcoming"),)),
    TextStep("upcoming: role", (say("/upcoming"), say("Beta"))),
    TextStep("upcoming: when", (say("/upcoming"), say("Beta"), say("Analyst"))),
    TextStep(
        "upcoming: length", (say("/upcoming"), say("Beta"), say("Analyst"), say("friday 14:00"))
    ),
    TextStep("follow-up: edit", (delivered_note, press("Edit"))),
    TextStep("follow-up: type a time", (delivered_note, press("later"), press("Type a time"))),
    TextStep("no conversation", ()),
    TextStep("debrief: talking points", DEBRIEF[:8]),
)


async def reach(bot: BotHarness, step: TextStep) -> User:
    """A new user, at `step`: everything on the way must go smoothly too."""
    user = updates.person(next(_user_ids), "Ana", "Lima")
    if step.onboarded:
        await onboard(bot, user)
    for action in step.path:
        await action(bot, user)  # type: ignore[operator]
    assert errors_of(bot) == [], f"reaching {step.name} failed: {errors_of(bot)!r}"
    return user


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(step=st.sampled_from(TEXT_STEPS), text=TEXTS)
async def test_any_text_at_any_step_gets_an_answer_never_the_error_handler(
    bot: BotHarness, step: TextStep, text: str
) -> None:
    user = await reach(bot, step)
    calls = await bot.send(user, text)
    assert_handled(bot, calls, f"{step.name}: {text!r}")


# --- every callback pattern ---------------------------------------------------------------

ACTIONS: dict[Scope, list[str]] = {
    Scope.ONBOARDING: [action.value for action in OnboardingAction],
    Scope.DEBRIEF: [action.value for action in DebriefAction],
    Scope.FOLLOW_UP: [action.value for action in FollowUpAction],
    Scope.SETTINGS: [action.value for action in SettingsAction],
    Scope.LIST: [action.value for action in ListAction],
    Scope.UPCOMING: [action.value for action in UpcomingAction],
    # Yes would erase the user under test: test_account.py taps it.
    Scope.DELETE_ME: [action.value for action in DeleteMeAction if action != DeleteMeAction.YES],
}
ODD_NUMBERS = st.sampled_from(
    ["4" * 40, "2147483648", "٣", "١٢", "²", "1_0", " 1", "+1", "", "0x1f"]
)
ARGS = st.one_of(
    st.integers(min_value=-3, max_value=12).map(str),
    ODD_NUMBERS,
    ODD_NUMBERS,
    st.sampled_from(["today", "yesterday", "add", "done", "last", "1w", "other", "ok", "again"]),
    st.sampled_from(["name", "tz", "hour", "wait", "call", "phone", "clear", "Europe/Berlin"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=":\x00"),
        max_size=8,
    ),
)


@st.composite
def callback_data(draw: st.DrawFn) -> str:
    scope = draw(st.sampled_from(list(ACTIONS)))
    action = draw(
        st.one_of(st.sampled_from(ACTIONS[scope]), st.from_regex(r"[a-z]{1,6}", fullmatch=True))
    )
    args = draw(st.lists(ARGS, max_size=3))
    data = ":".join([scope.value, "v1", action, *args])
    while len(data.encode()) > 64:  # Telegram never delivers more
        data = data[:-1]
    return data


@pytest.fixture
async def seeded_user(bot: BotHarness) -> User:
    """Ana, onboarded, with a delivered note, a pending call, an upcoming interview."""
    user = updates.person(40_001, "Ana", "Lima")
    await onboard(bot, user)
    seeded = await seed_interview(bot.db, user_id=user.id)
    await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, due_at=NOW)
    await add_follow_up(bot.db, seeded, FollowUpKind.CALL, due_at=NOW, interviewer=None)
    await dispatch.dispatch_due(bot.application, now=NOW)
    for text in ("/upcoming", "Beta", "Analyst", "friday 14:00", "45"):
        await bot.send(user, text)
    assert errors_of(bot) == []
    return user


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=callback_data())
async def test_any_callback_data_under_every_scope_is_answered_never_the_error_handler(
    bot: BotHarness, seeded_user: User, data: str
) -> None:
    calls = await bot.tap(seeded_user, data)
    assert_handled(bot, calls, data)
    assert any(call.method == "answerCallbackQuery" for call in calls), data


# --- the cases from the issue, by name ----------------------------------------------------

INVISIBLE_NAMES = (
    "\u200b",
    "\u200b\u200c\u200d",
    "\u200f\u200e\u200f",
    "\u202e\u2066\u2069",
    "\ufeff",
)


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
async def test_a_name_of_only_invisible_marks_is_asked_for_again(
    bot: BotHarness, name: str
) -> None:
    for step in (TEXT_STEPS[0], TEXT_STEPS[6], TEXT_STEPS[16]):  # sign name, interviewer, settings
        user = await reach(bot, step)
        calls = await bot.send(user, name)
        assert_handled(bot, calls, f"{step.name}: {name!r}")
        reply = [call for call in calls if call.method == "sendMessage"][-1]
        assert "empty" in reply.text.lower(), (step.name, reply.text)


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        (5, "midnight 0001-01-01", "out of range"),
        (5, "in 9999999 months", "out of range"),
        (13, "9999999999 weeks", "year"),
        (13, "in 9999999 months", "year"),
        (20, "²", "whole number"),
        (20, "٣", "whole number"),
        (24, "midnight 0001-01-01", "out of range"),
        (27, "9999999999 weeks", ""),
    ],
)
async def test_the_odd_inputs_of_the_issue_get_a_clear_reply(
    bot: BotHarness, step: int, text: str, expected: str
) -> None:
    at = TEXT_STEPS[step]
    user = await reach(bot, at)
    calls = await bot.send(user, text)
    assert_handled(bot, calls, f"{at.name}: {text!r}")
    reply = [call for call in calls if call.method == "sendMessage"][-1]
    assert expected in reply.text, (at.name, reply.text)


@pytest.mark.parametrize("arg", ["4" * 40, "٣", "١٢", "2147483648", "-1", "0"])
async def test_a_huge_or_non_ascii_id_in_any_button_is_out_of_date(
    bot: BotHarness, seeded_user: User, arg: str
) -> None:
    for scope, actions in ACTIONS.items():
        for action in actions:
            data = f"{scope.value}:v1:{action}:{arg}"[:64]
            calls = await bot.tap(seeded_user, data)
            assert_handled(bot, calls, data)


async def test_a_double_tap_on_back_to_the_list_shows_the_list_once_each(
    bot: BotHarness, seeded_user: User
) -> None:
    listing = await bot.say(seeded_user, "/list")
    details_data = next(data for row in listing.buttons for _, data in row if ":app:" in data)
    details = next(
        call
        for call in await bot.tap(seeded_user, details_data, message_id=listing.message_id)
        if call.buttons
    )
    back = details.data_for("Back to the list")
    first = await bot.tap(seeded_user, back, message_id=listing.message_id)
    second = await bot.tap(seeded_user, back, message_id=listing.message_id)
    for calls in (first, second):
        assert_handled(bot, calls, back)
        assert any(call.method == "answerCallbackQuery" for call in calls)
    assert "Your open applications" in next(c for c in first if c.method == "editMessageText").text
    assert details.result is not None


def tokens_in(bot: BotHarness, scope: Scope, user: User) -> list[str]:
    """The tokens the bot put under its buttons of one scope for `user`, newest last."""
    found: list[str] = []
    for call in bot.api.calls:
        if int(call.params.get("chat_id") or 0) != user.id:
            continue
        for row in call.buttons:
            for _, data in row:
                if data.startswith(f"{scope.value}:v1:") and data.count(":") >= 3:
                    token = data.split(":")[3]
                    if token in found:
                        found.remove(token)
                    found.append(token)
    return found


@pytest.mark.parametrize(
    ("scope", "path"),
    [
        (Scope.DEBRIEF, (*DEBRIEF, press("everyone"), say("/skip"), press("2 weeks"))),
        (
            Scope.DEBRIEF,
            (*DEBRIEF, press("everyone"), say("/skip"), press("2 weeks"), press("Edit")),
        ),
        (Scope.DEBRIEF, DEBRIEF[:8]),
        (Scope.SETTINGS, (say("/settings"),)),
        (Scope.UPCOMING, (say("/upcoming"), say("Beta"), say("Analyst"), say("friday 14:00"))),
    ],
    ids=[
        "debrief summary",
        "debrief edit menu",
        "debrief talking points",
        "settings menu",
        "upcoming length",
    ],
)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=st.lists(ARGS, max_size=2))
async def test_buttons_with_the_live_token_and_any_arguments_are_handled(
    bot: BotHarness, scope: Scope, path: tuple[Action, ...], args: list[str]
) -> None:
    user = await reach(bot, TextStep("live", path))
    tokens = tokens_in(bot, scope, user) or [""]
    # Every action: those that pick by index first, those that end the conversation last.
    enders = {"save", "cancel", "cancelyes", "done"}
    pickers = {"ep", "pf", "ef", "len", "app", "tz", "hour", "call", "wait"}
    for action in sorted(
        ACTIONS[scope], key=lambda action: (action in enders, action not in pickers)
    ):
        data = ":".join([scope.value, "v1", action, tokens[-1], *args])
        while len(data.encode()) > 64:
            data = data[:-1]
        calls = await bot.tap(user, data)
        assert_handled(bot, calls, data)


@pytest.mark.parametrize("index", ["²", "٣", "4" * 40, "-1", "10"])
async def test_an_odd_interviewer_index_in_the_edit_menu_shows_the_menu_again(
    bot: BotHarness, index: str
) -> None:
    path = (*DEBRIEF, press("everyone"), say("/skip"), press("2 weeks"), press("Edit"))
    user = await reach(bot, TextStep("edit menu", path))
    (token,) = tokens_in(bot, Scope.DEBRIEF, user)
    calls = await bot.tap(user, f"db:v1:ep:{token}:{index}")
    assert_handled(bot, calls, index)
    shown = [call for call in calls if call.method in {"sendMessage", "editMessageText"}]
    assert "What would you like to change?" in shown[-1].text


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=callback_data())
async def test_any_button_from_someone_never_onboarded_is_answered(
    bot: BotHarness, seeded_user: User, data: str
) -> None:
    # Ana's rows exist (ids 1, 2, ...); the stranger taps buttons that name them.
    stranger = updates.person(40_999, "Eve", None)
    calls = await bot.tap(stranger, data)
    assert_handled(bot, calls, data)
    assert any(call.method == "answerCallbackQuery" for call in calls), data
