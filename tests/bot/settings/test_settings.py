"""/settings through the real application: each setting, bad input, and scheduled reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage import follow_ups, interviews, upcoming
from storage.models import FollowUp, FollowUpKind, User
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(1101, "Ana", "Lima")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # Wed 16:00 in Berlin, 10:00 in New York


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def stored(bot: BotHarness) -> User:
    async with bot.db() as session:
        user = await session.get(User, ANA.id)
    assert user is not None
    return user


async def seed_reminders(bot: BotHarness) -> None:
    """A call on Wed 9 Dec 09:00 Berlin, a note due now, and an upcoming interview's two."""
    async with bot.db.begin() as session:
        held = await interviews.save_interview(
            session,
            user_id=ANA.id,
            company="Acme",
            role="SRE",
            held_at=NOW - dt.timedelta(days=1),
            interviewers=[],
            pitch=None,
            timeline_text=None,
            timeline_date=None,
            timeline_asked=True,
        )
        for kind, due_at in (
            (FollowUpKind.CALL, dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC)),
            (FollowUpKind.THANK_YOU, NOW),
        ):
            await follow_ups.schedule(
                session,
                user_id=ANA.id,
                application_id=held.application_id,
                interview_id=held.id,
                kind=kind,
                due_at=due_at,
            )
        coming = await upcoming.register_upcoming(
            session,
            user_id=ANA.id,
            company="Beta",
            role="Analyst",
            starts_at=dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC),
            duration_minutes=60,
        )
        for kind, due_at in (
            (FollowUpKind.CHECKLIST, dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)),
            (FollowUpKind.DEBRIEF_PROMPT, dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC)),
        ):
            await follow_ups.schedule(
                session,
                user_id=ANA.id,
                application_id=coming.application_id,
                interview_id=coming.id,
                kind=kind,
                due_at=due_at,
            )


async def due_times(bot: BotHarness) -> dict[str, dt.datetime]:
    async with bot.db() as session:
        rows = (await session.scalars(select(FollowUp))).all()
    return {row.kind: row.due_at for row in rows}


def sent(calls: list[Call]) -> Call:
    return [call for call in calls if call.method == "sendMessage"][-1]


async def test_the_menu_shows_every_setting(bot: BotHarness) -> None:
    menu = await bot.say(ANA, "/settings")
    assert "Notes signed as: <b>Ana Lima</b>" in menu.text
    assert "Europe/Berlin (UTC+01:00" in menu.text
    assert "Reminders from: <b>9:00</b>" in menu.text
    assert "<b>14 days</b>" in menu.text
    assert "Call reminders (Monday to Friday) at: <b>10:00</b>" in menu.text
    assert "phone number (for voicemail scripts): <b>not set</b>" in menu.text
    assert menu.button_labels == [
        "Name",
        "Time zone",
        "Reminder hour",
        "Call hour",
        "Default wait",
        "Phone",
        "Done",
    ]


async def test_the_name_is_changed_and_shown_exactly_as_typed(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    assert "at most 100" in (await bot.say(ANA, "x" * 101)).text
    await bot.process(updates.photo_update(ANA))
    assert "not a photo" in bot.api.last_message.text
    menu = await bot.say(ANA, "<b>Ana</b> & Co 🚀")
    assert "I'll sign your notes as <b>&lt;b&gt;Ana&lt;/b&gt; &amp; Co 🚀</b>" in menu.text
    assert (await stored(bot)).sign_name == "<b>Ana</b> & Co 🚀"
    assert "Done" in menu.button_labels


async def test_a_new_zone_moves_reminders_to_the_same_day_and_hour_there(
    bot: BotHarness,
) -> None:
    await seed_reminders(bot)
    before = await due_times(bot)
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Time zone")
    assert "couldn't find" in (await bot.say(ANA, "Atlantis under the sea")).text
    menu = await bot.say(ANA, "New York")
    assert "America/New_York" in menu.text
    assert "moved 2 scheduled reminders" in menu.text
    user = await stored(bot)
    assert (user.timezone, user.nudge_hour) == ("America/New_York", 9)
    after = await due_times(bot)
    # The call keeps its day (Wed 9 Dec) and comes at the call hour, 10:00 New York time.
    assert after[FollowUpKind.CALL] == dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)
    # The checklist: 09:00 New York is after the 08:00 interview, so two hours before it.
    assert after[FollowUpKind.CHECKLIST] == dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC)
    # Tied to the interview's end, and due now: neither moves.
    assert after[FollowUpKind.DEBRIEF_PROMPT] == before[FollowUpKind.DEBRIEF_PROMPT]
    assert after[FollowUpKind.THANK_YOU] == before[FollowUpKind.THANK_YOU]


async def test_a_zone_button_and_an_ambiguous_name(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Time zone")
    choices = await bot.say(ANA, "IST")
    assert "Which of these" in choices.text
    menu = sent(await bot.press(ANA, choices, "Kolkata"))
    assert "Asia/Kolkata" in menu.text
    assert (await stored(bot)).timezone == "Asia/Kolkata"


async def test_a_new_reminder_hour_moves_reminders_but_not_calls(bot: BotHarness) -> None:
    await seed_reminders(bot)
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Reminder hour")
    assert "hour" in (await bot.say(ANA, "25")).text
    menu = sent(await bot.press(ANA, bot.api.messages[-2], "7:00"))
    assert "Reminders now come from <b>7:00</b>" in menu.text
    assert "moved 2 scheduled reminders" in menu.text
    after = await due_times(bot)
    # Calls keep the call hour (10:00 Berlin); the checklist comes at 07:00 Berlin.
    assert after[FollowUpKind.CALL] == dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)
    assert after[FollowUpKind.CHECKLIST] == dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
    await bot.press(ANA, menu, "Reminder hour")
    assert "from <b>18:00</b>" in (await bot.say(ANA, "6pm")).text
    assert (await stored(bot)).nudge_hour == 18


async def test_the_default_wait_by_button_or_typed(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Default wait")
    ask = bot.api.last_message
    assert ask.button_labels == ["7 days", "10 days", "14 days", "21 days"]
    menu = sent(await bot.press(ANA, ask, "21 days"))
    assert "21 days after the interview" in menu.text
    assert (await stored(bot)).default_wait_days == 21
    await bot.press(ANA, menu, "Default wait")
    for bad in ("99", "0", "two weeks"):
        assert "from 1 to 60" in (await bot.say(ANA, bad)).text
    await bot.say(ANA, "30")
    assert (await stored(bot)).default_wait_days == 30


async def test_done_closes_the_menu_and_old_buttons_are_refused(bot: BotHarness) -> None:
    first = await bot.say(ANA, "/settings")
    second = await bot.say(ANA, "/settings")
    calls = await bot.press(ANA, first, "Name")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "out of date" in answer.params["text"]
    await bot.press(ANA, second, "Done")
    assert "All saved" in bot.api.last_message.text
    calls = await bot.press(ANA, second, "Name")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "closed" in answer.params["text"]
    assert "not waiting for an answer" in (await bot.say(ANA, "hello")).text


async def test_typing_at_the_menu_asks_for_a_button(bot: BotHarness) -> None:
    await bot.send(ANA, "/settings")
    assert "tap one of the buttons" in (await bot.say(ANA, "my name")).text


async def test_another_command_closes_the_menu(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    closed = await bot.say(ANA, "/new")
    assert "closed your settings" in closed.text
    assert "company" in (await bot.say(ANA, "/new")).text.lower()
    assert "What role" in (await bot.say(ANA, "Acme")).text
    assert (await stored(bot)).sign_name == "Ana Lima"


async def test_list_inside_the_menu_keeps_it_open(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    assert "No open applications" in (await bot.say(ANA, "/list")).text
    await bot.say(ANA, "Ana L.")
    assert (await stored(bot)).sign_name == "Ana L."


async def test_settings_before_setup_points_to_start(database_url: str) -> None:
    bot = await BotHarness(database_url).start()
    try:
        assert "/start" in (await bot.say(ANA, "/settings")).text
    finally:
        await bot.stop()


async def test_a_time_with_minutes_is_kept_to_the_minute(bot: BotHarness) -> None:
    for typed, hour, minute in (
        ("7:30pm", 19, 30),
        ("19:45", 19, 45),
        ("half past 8", 8, 30),
        ("8 o'clock", 8, 0),
    ):
        await bot.press(ANA, await bot.say(ANA, "/settings"), "Reminder hour")
        menu = await bot.say(ANA, typed)
        assert f"Reminders now come from <b>{hour}:{minute:02d}</b>" in menu.text
        user = await stored(bot)
        assert (user.nudge_hour, user.nudge_minute) == (hour, minute)
    assert "Reminders from: <b>8:00</b>" in menu.text


async def test_a_reminder_time_with_minutes_moves_reminders_to_the_minute(
    bot: BotHarness,
) -> None:
    await seed_reminders(bot)
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Reminder hour")
    menu = await bot.say(ANA, "half past 7")
    assert "moved 2 scheduled reminders" in menu.text
    after = await due_times(bot)
    # 07:30 Berlin on the interview's day; the call keeps the call hour, 10:00 Berlin.
    assert after[FollowUpKind.CHECKLIST] == dt.datetime(2026, 11, 27, 6, 30, tzinfo=dt.UTC)
    assert after[FollowUpKind.CALL] == dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)


async def test_odd_answers_get_the_form_expected_never_a_length_error(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Reminder hour")
    for bad in ("x" * 25, "²", "soon", "13pm"):
        text = (await bot.say(ANA, bad)).text
        assert "at most" not in text
        assert "“9" in text
    await bot.say(ANA, "/cancel")
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Default wait")
    for bad in ("²", "٣", "1" * 12, "-5", "14.5"):
        text = (await bot.say(ANA, bad)).text
        assert "from 1 to 60" in text
    menu = await bot.say(ANA, "14 days")
    assert "14 days after the interview" in menu.text


async def test_the_call_hour_moves_pending_calls(bot: BotHarness) -> None:
    await seed_reminders(bot)
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Call hour")
    assert "from 7 to 20" in (await bot.say(ANA, "10:30")).text
    assert "from 7 to 20" in (await bot.say(ANA, "3am")).text
    menu = await bot.say(ANA, "2pm")
    assert "Call reminders now come at <b>14:00</b>" in menu.text
    assert "moved 1 scheduled reminder" in menu.text
    assert (await stored(bot)).call_hour == 14
    after = await due_times(bot)
    assert after[FollowUpKind.CALL] == dt.datetime(2026, 12, 9, 13, 0, tzinfo=dt.UTC)
    await bot.press(ANA, menu, "Call hour")
    menu = sent(await bot.press(ANA, bot.api.last_message, "9:00"))
    assert "<b>9:00</b>" in menu.text


async def test_a_new_call_hour_keeps_the_minute_of_the_other_reminders(bot: BotHarness) -> None:
    """Reminders set for 7:30 stay at 7:30 when only the call hour changes (they went to
    7:00 before: the call hour's move forgot the minute)."""
    await seed_reminders(bot)
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Reminder hour")
    menu = await bot.say(ANA, "half past 7")
    await bot.press(ANA, menu, "Call hour")
    menu = await bot.say(ANA, "2pm")
    assert "Call reminders now come at <b>14:00</b>" in menu.text
    after = await due_times(bot)
    assert after[FollowUpKind.CHECKLIST] == dt.datetime(2026, 11, 27, 6, 30, tzinfo=dt.UTC)
    assert after[FollowUpKind.CALL] == dt.datetime(2026, 12, 9, 13, 0, tzinfo=dt.UTC)


async def test_the_phone_number_is_optional_shown_and_can_be_cleared(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Phone")
    ask = bot.api.last_message
    assert "optional" in ask.text
    assert ask.button_labels == []
    for bad in ("call me", "12", "+49 151 2345 6789 0000 1111", "4+9"):
        assert "Please send a phone number" in (await bot.say(ANA, bad)).text
    menu = await bot.say(ANA, "+49 151-2345 6789")
    assert "voicemail scripts will leave <b>+49 151-2345 6789</b>" in menu.text
    assert (await stored(bot)).phone == "+49 151-2345 6789"
    await bot.press(ANA, menu, "Phone")
    menu = sent(await bot.press(ANA, bot.api.last_message, "Remove my number"))
    assert "<b>not set</b>" in menu.text
    assert (await stored(bot)).phone is None


async def test_a_shared_location_sets_the_zone(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Time zone")
    keyboard = bot.api.messages[-2].params["reply_markup"]
    assert "request_location" in str(keyboard)
    await bot.process(updates.location_update(ANA, latitude=40.71, longitude=-74.0))
    assert (await stored(bot)).timezone == "America/New_York"
    assert "America/New_York" in bot.api.last_message.text


async def test_an_ambiguous_place_is_asked_about_with_buttons(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Time zone")
    choices = await bot.say(ANA, "Georgia")
    assert choices.button_labels == ["Georgia · Tbilisi", "Georgia, US · New York"]
    assert (await stored(bot)).timezone == "Europe/Berlin"
    menu = sent(await bot.press(ANA, choices, "Georgia, US · New York"))
    assert "America/New_York" in menu.text


async def test_closing_the_zone_question_takes_the_location_keyboard_down(
    bot: BotHarness,
) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Time zone")
    closed = await bot.say(ANA, "/cancel")
    assert "settings closed" in closed.text
    assert "remove_keyboard" in str(closed.params["reply_markup"])


def keep_as_the_older_version_did(bot: BotHarness) -> None:
    """The older version kept the menu's bare token under "settings", not a JSON object."""
    kept = bot.application.user_data[ANA.id]
    kept["settings"] = kept["settings"]["token"]


def keep_in_an_unknown_shape(bot: BotHarness) -> None:
    bot.application.user_data[ANA.id]["settings"] = ["a1b2c3"]


async def test_a_menu_kept_by_the_older_version_goes_on(bot: BotHarness) -> None:
    menu = await bot.say(ANA, "/settings")
    keep_as_the_older_version_did(bot)
    await bot.press(ANA, menu, "Name")
    keep_as_the_older_version_did(bot)
    assert "<b>Ana L.</b>" in (await bot.say(ANA, "Ana L.")).text
    assert (await stored(bot)).sign_name == "Ana L."


async def test_answers_kept_in_an_unknown_shape_are_out_of_date_not_a_crash(
    bot: BotHarness,
) -> None:
    menu = await bot.say(ANA, "/settings")
    keep_in_an_unknown_shape(bot)
    calls = await bot.press(ANA, menu, "Name")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "out of date" in answer.params["text"]
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    keep_in_an_unknown_shape(bot)
    assert "out of date" in (await bot.say(ANA, "Ana L.")).text
    assert (await stored(bot)).sign_name == "Ana Lima"
    # The menu is closed: the next text is no setting, and /settings opens a fresh one.
    assert "not waiting for an answer" in (await bot.say(ANA, "hello")).text
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    assert "<b>Ana L.</b>" in (await bot.say(ANA, "Ana L.")).text


async def test_the_menu_survives_a_restart_in_the_middle(bot: BotHarness) -> None:
    await bot.press(ANA, await bot.say(ANA, "/settings"), "Name")
    await bot.restart()
    menu = await bot.say(ANA, "Ana L.")
    assert "<b>Ana L.</b>" in menu.text
    await bot.restart()
    await bot.press(ANA, menu, "Default wait")  # a button sent before the restart
    assert "21 days after the interview" in (await bot.say(ANA, "21")).text
