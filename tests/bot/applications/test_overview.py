"""/list through the real application: overview, pages, details, closing, forged buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.ui.callbacks import Scope, button_data
from storage import follow_ups, interviews, upcoming
from storage.interviews import InterviewerInput
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    JobApplication,
)
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(801, "Ana", "Lima")
MALLORY = updates.person(866, "Mallory", None)
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # Wed 16:00 in Berlin
LIMIT = 4096


async def onboard(bot: BotHarness, user: object) -> None:
    await bot.send(user, "/start")  # type: ignore[arg-type]
    await bot.say(user, "Ana Lima")  # type: ignore[arg-type]
    await bot.say(user, "Berlin")  # type: ignore[arg-type]
    await bot.say(user, "9")  # type: ignore[arg-type]


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await onboard(harness, ANA)
    yield harness
    await harness.stop()


async def seed(
    bot: BotHarness,
    company: str = "Acme",
    role: str = "SRE",
    *,
    user_id: int = ANA.id,
    topics: str = "their Kubernetes migration",
) -> int:
    """A debriefed interview with a thank-you and a call, as the debrief saves them."""
    async with bot.db.begin() as session:
        interview = await interviews.save_interview(
            session,
            user_id=user_id,
            company=company,
            role=role,
            held_at=dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC),
            interviewers=[
                InterviewerInput("Bo Chen", "Engineering Manager", "bo@acme.example", topics),
                InterviewerInput("Dee Patel"),
            ],
            pitch=None,
            timeline_text="2 weeks",
            timeline_date=dt.date(2026, 12, 8),
            timeline_asked=True,
        )
        await follow_ups.schedule(
            session,
            user_id=user_id,
            application_id=interview.application_id,
            interview_id=interview.id,
            interviewer_id=interview.interviewers[0].id,
            kind=FollowUpKind.THANK_YOU,
            due_at=dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC),
        )
        await follow_ups.schedule(
            session,
            user_id=user_id,
            application_id=interview.application_id,
            interview_id=interview.id,
            kind=FollowUpKind.CALL,
            due_at=dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC),
        )
        return interview.application_id


def answer(calls: list[Call]) -> Call:
    (found,) = [call for call in calls if call.method == "answerCallbackQuery"]
    return found


def edited(calls: list[Call]) -> Call:
    return [call for call in calls if call.method == "editMessageText"][-1]


async def test_no_applications_points_to_new_and_upcoming(bot: BotHarness) -> None:
    reply = await bot.say(ANA, "/list")
    assert "No open applications" in reply.text
    assert "/new" in reply.text
    assert "/upcoming" in reply.text


async def test_the_overview_shows_round_last_date_and_next_step(bot: BotHarness) -> None:
    await seed(bot)
    reply = await bot.say(ANA, "/list")
    assert "<b>Acme</b> · SRE" in reply.text
    assert "round 1 on Tue 24 Nov" in reply.text
    # The earliest pending follow-up, in Berlin time.
    assert "next: thank-you note to Bo Chen, Thu 26 Nov, 09:00" in reply.text
    assert reply.button_labels == ["1. Acme · SRE"]


async def test_details_show_people_topics_timeline_and_next_steps(bot: BotHarness) -> None:
    await seed(bot, topics="<script> & “quotes” 🚀")
    overview = await bot.say(ANA, "/list")
    details = edited(await bot.press(ANA, overview, "Acme"))
    assert "Bo Chen, Engineering Manager · bo@acme.example" in details.text
    assert "talked about: &lt;script&gt; &amp; “quotes” 🚀" in details.text
    assert "Dee Patel · no contact yet" in details.text
    assert "Timeline: 2 weeks (until Tue 8 Dec)" in details.text
    assert "Thu 26 Nov, 09:00 · thank-you note to Bo Chen" in details.text
    assert "Wed 9 Dec, 09:00 · follow-up call" in details.text
    assert details.button_labels == [
        "✏️ Edit round 1",
        "🎉 Offer",
        "They said no",
        "I withdrew",
        "« Back to the list",
    ]
    back = edited(await bot.press(ANA, details, "Back"))
    assert "Your open applications" in back.text


async def test_closing_takes_one_tap_and_undo_restores_it_exactly(bot: BotHarness) -> None:
    application_id = await seed(bot)
    async with bot.db() as session:
        before = {
            row.id: (row.status, row.due_at) for row in await session.scalars(select(FollowUp))
        }
    details = edited(await bot.press(ANA, await bot.say(ANA, "/list"), "Acme"))

    done = edited(await bot.press(ANA, details, "I withdrew"))

    assert "closed, withdrawn" in done.text
    assert "cancelled 2 reminders" in done.text
    assert done.button_labels == ["↩️ Undo", "« Back to the list"]
    async with bot.db() as session:
        application = await session.get(JobApplication, application_id)
        rows = (await session.scalars(select(FollowUp))).all()
    assert application is not None
    assert application.status == ApplicationStatus.WITHDRAWN
    assert {row.status for row in rows} == {FollowUpStatus.CANCELLED}
    assert "No open applications" in (await bot.say(ANA, "/list")).text
    # The same outcome tapped again: nothing more happens.
    again = await bot.press(ANA, details, "Offer")
    assert "isn't yours" in answer(again).params["text"]

    bot.now = bot.now + dt.timedelta(hours=23)
    undone = edited(await bot.press(ANA, done, "Undo"))

    assert "Undone" in undone.text
    assert "its 2 reminders are back as they were" in undone.text
    async with bot.db() as session:
        application = await session.get(JobApplication, application_id)
        after = {
            row.id: (row.status, row.due_at) for row in await session.scalars(select(FollowUp))
        }
        leftover = (
            await session.scalars(select(FollowUp.status_before_close).distinct())
        ).all()
    assert application is not None
    assert application.status == ApplicationStatus.OPEN
    assert application.closed_at is None
    assert after == before
    assert leftover == [None]
    assert "<b>Acme</b> · SRE" in (await bot.say(ANA, "/list")).text
    # Undo twice: it says so and changes nothing.
    twice = await bot.press(ANA, done, "Undo")
    assert answer(twice).params["text"] == "It's open already ✓"


async def test_undo_is_refused_once_its_window_has_passed(bot: BotHarness) -> None:
    application_id = await seed(bot)
    details = edited(await bot.press(ANA, await bot.say(ANA, "/list"), "Acme"))
    done = edited(await bot.press(ANA, details, "They said no"))

    bot.now = bot.now + dt.timedelta(days=2, minutes=1)
    late = await bot.press(ANA, done, "Undo")

    assert "more than 2 days ago" in answer(late).params["text"]
    async with bot.db() as session:
        application = await session.get(JobApplication, application_id)
    assert application is not None
    assert application.status == ApplicationStatus.REJECTED


async def test_someone_elses_undo_button_does_nothing(bot: BotHarness) -> None:
    application_id = await seed(bot)
    details = edited(await bot.press(ANA, await bot.say(ANA, "/list"), "Acme"))
    done = edited(await bot.press(ANA, details, "I withdrew"))

    calls = await bot.tap(MALLORY, done.data_for("Undo"))

    assert "isn't yours" in answer(calls).params["text"]
    async with bot.db() as session:
        application = await session.get(JobApplication, application_id)
    assert application is not None
    assert application.status == ApplicationStatus.WITHDRAWN


async def test_more_than_ten_applications_come_in_pages(bot: BotHarness) -> None:
    for number in range(12):
        await seed(bot, company=f"Company {number:02d}")
    first = await bot.say(ANA, "/list")
    assert "(12) · page 1 of 2" in first.text
    assert len([label for label in first.button_labels if "Company" in label]) == 10
    assert "Next »" in first.button_labels
    assert "« Previous" not in first.button_labels
    second = edited(await bot.press(ANA, first, "Next"))
    assert "page 2 of 2" in second.text
    assert "11. <b>Company 01</b>" in second.text
    assert "12. <b>Company 00</b>" in second.text
    assert "Next »" not in second.button_labels
    assert "« Previous" in second.button_labels
    details = edited(await bot.press(ANA, second, "Company 00"))
    assert edited(await bot.press(ANA, details, "Back")).text.endswith("details.")
    assert "page 2 of 2" in edited(await bot.press(ANA, details, "Back")).text


async def test_long_names_still_fit_one_message(bot: BotHarness) -> None:
    for number in range(10):
        await seed(bot, company=f"{number}" + "Ü" * 199, role="R" * 200, topics="t" * 1000)
    overview = await bot.say(ANA, "/list")
    assert len(overview.text) < LIMIT
    details = edited(await bot.press(ANA, overview, "1."))
    assert len(details.text) < LIMIT


async def test_upcoming_interviews_are_listed_and_cancellable(bot: BotHarness) -> None:
    async with bot.db.begin() as session:
        interview = await upcoming.register_upcoming(
            session,
            user_id=ANA.id,
            company="Beta",
            role="Analyst",
            starts_at=dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC),
            duration_minutes=45,
        )
    overview = await bot.say(ANA, "/list")
    assert "interview on Thu 3 Dec, 14:00" in overview.text
    assert "<b>Coming up</b>\n• Thu 3 Dec, 14:00 · <b>Beta</b> · Analyst" in overview.text
    details = edited(await bot.press(ANA, overview, "Beta"))
    assert "Round 1 (upcoming)</b> · Thu 3 Dec, 14:00, 45 min" in details.text
    assert details.data_for("Cancel the interview") == button_data(
        Scope.UPCOMING, "cancel", interview.id
    )


async def test_someone_elses_application_is_refused_and_unchanged(bot: BotHarness) -> None:
    application_id = await seed(bot)
    await onboard(bot, MALLORY)
    for data in (
        button_data(Scope.LIST, "app", application_id, 1),
        button_data(Scope.LIST, "close", application_id, 1),
        button_data(Scope.LIST, "set", application_id, 1, "withdrawn"),
    ):
        calls = await bot.tap(MALLORY, data)
        assert "isn't yours" in answer(calls).params["text"]
        assert not [call for call in calls if call.method == "editMessageText"]
    async with bot.db() as session:
        application = await session.get(JobApplication, application_id)
        rows = (await session.scalars(select(FollowUp))).all()
    assert application is not None
    assert application.status == ApplicationStatus.OPEN
    assert {row.status for row in rows} == {FollowUpStatus.PENDING}
    # Mallory's own list does not show Ana's application.
    assert "No open applications" in (await bot.say(MALLORY, "/list")).text


async def test_malformed_list_buttons_are_answered(bot: BotHarness) -> None:
    for data in ("ls:v1:app", "ls:v1:set:abc:1:offer", "ls:v1:zzz:1"):
        assert "out of date" in answer(await bot.tap(ANA, data)).params["text"]


async def test_buttons_of_old_messages_are_answered(bot: BotHarness) -> None:
    application_id = await seed(bot)
    # "Close this application…", from before the outcomes were on the details: the details.
    details = edited(await bot.tap(ANA, button_data(Scope.LIST, "close", application_id, 1)))
    assert "Bo Chen" in details.text
    assert "I withdrew" in details.button_labels
    # A button no version made: out of date, like any unknown action.
    assert "out of date" in answer(await bot.tap(ANA, "ls:v1:round:1:1")).params["text"]


async def test_list_before_setup_points_to_start(database_url: str) -> None:
    bot = await BotHarness(database_url).start()
    try:
        assert "/start" in (await bot.say(ANA, "/list")).text
        # A /list button of someone unknown (an account deleted since): nothing shown.
        for data in ("ls:v1:page:2", "ls:v1:app:1:1"):
            calls = await bot.tap(ANA, data)
            assert not [call for call in calls if call.method == "editMessageText"]
        assert answer(await bot.tap(ANA, "ls:v1:page:2")).params["text"] == "Send /start first."
    finally:
        await bot.stop()


async def test_a_delivered_nudge_waiting_for_a_tap_is_the_next_step(database_url: str) -> None:
    import datetime as dt

    from storage import claims, follow_ups, users
    from storage.models import FollowUpKind
    from tests.support import updates
    from tests.support.harness import BotHarness

    harness = await BotHarness(database_url).start()
    try:
        who = updates.person(8801, "Wen", None)
        now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
        async with harness.db.begin() as session:
            await users.create_or_update_user(
                session,
                user_id=who.id,
                chat_id=who.id,
                sign_name="Wen",
                timezone="UTC",
                nudge_hour=9,
            )
            interview = await interviews.save_interview(
                session,
                user_id=who.id,
                company="Gamma",
                role="QA",
                held_at=now,
                interviewers=[interviews.InterviewerInput(name="Io")],
                pitch=None,
                timeline_text=None,
                timeline_date=None,
                timeline_asked=True,
            )
            row = await follow_ups.schedule(
                session,
                user_id=who.id,
                application_id=interview.application_id,
                interview_id=interview.id,
                kind=FollowUpKind.CALL,
                due_at=now,
            )
            (claimed,) = await claims.claim_due(
                session, worker="w", now=now, lease=dt.timedelta(minutes=1), limit=5
            )
            assert claimed == row.id
            await claims.mark_sent_many(
                session,
                worker="w",
                deliveries=[claims.Delivery(follow_up_id=row.id, message_id=5, sent_at=now)],
            )
        reply = await harness.say(who, "/list")
        assert "waiting for you: follow-up call" in reply.text
    finally:
        await harness.stop()
