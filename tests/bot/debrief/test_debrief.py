"""The /new debrief through the real application: every step, bad input, restart, save."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from storage.models import FollowUp, FollowUpKind, FollowUpStatus, Interview, JobApplication
from tests.support import updates
from tests.support.harness import BotHarness

ANA = updates.person(601, "Ana", "Lima")
MALLORY = updates.person(666, "Mallory", None)
# A Wednesday afternoon in Berlin.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await _onboard(harness, ANA)
    yield harness
    await harness.stop()


async def _onboard(bot: BotHarness, user: object) -> None:
    await bot.send(user, "/start")  # type: ignore[arg-type]
    await bot.say(user, "Ana Lima")  # type: ignore[arg-type]
    await bot.say(user, "Berlin")  # type: ignore[arg-type]
    await bot.say(user, "9")  # type: ignore[arg-type]


async def _through_first_interviewer(bot: BotHarness, company: str = "Acme") -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, company)
    await bot.say(ANA, "Site Reliability Engineer")
    await bot.say(ANA, "yesterday 14:30")
    await bot.say(ANA, "Bo Chen")
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration, on-call rotation")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read


async def _stored(bot: BotHarness) -> list[Interview]:
    async with bot.db() as session:
        return list(
            (
                await session.scalars(
                    select(Interview)
                    .options(
                        selectinload(Interview.interviewers), selectinload(Interview.application)
                    )
                    .order_by(Interview.id)
                )
            ).all()
        )


async def _follow_ups(bot: BotHarness) -> list[FollowUp]:
    async with bot.db() as session:
        return list((await session.scalars(select(FollowUp).order_by(FollowUp.id))).all())


async def test_a_whole_debrief_is_saved_with_its_follow_ups(bot: BotHarness) -> None:
    await _through_first_interviewer(bot)
    more = bot.api.last_message
    assert more.button_labels == ["Add another interviewer", "That's everyone"]
    await bot.press(ANA, more, "Add another")
    await bot.say(ANA, "Dee Patel")
    await bot.press(ANA, bot.api.last_message, "Skip")  # title
    await bot.send(ANA, "/skip")  # contact
    await bot.say(ANA, "- incident reviews\n- how I'd grow the SRE team.")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "I've run on-call for a payments platform for 4 years")
    timeline = bot.api.last_message
    assert timeline.button_labels == [
        "1 week",
        "2 weeks",
        "1 month",
        "Other…",
        "They didn't say",
        "I didn't ask",
    ]
    await bot.press(ANA, timeline, "2 weeks")
    summary = bot.api.last_message
    assert "Acme" in summary.text
    assert "Tue 24 Nov, 14:30" in summary.text
    assert "No contact yet for Dee Patel" in summary.text
    assert "LinkedIn" in summary.text
    # Timeline ends Tue 8 Dec; the call is the first business morning after it.
    assert "Wed 9 Dec, 10:00" in summary.text
    assert summary.button_labels == ["Save", "Edit", "Cancel"]

    calls = await bot.press(ANA, summary, "Save")
    saved = [call for call in calls if call.method == "sendMessage"][-1]
    assert "Saved" in saved.text
    assert "Bo Chen, Dee Patel" in saved.text
    assert "Wed 9 Dec, 10:00" in saved.text

    (interview,) = await _stored(bot)
    assert interview.application.company == "Acme"
    assert interview.round_number == 1
    assert interview.held_at == dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC)
    assert interview.timeline_text == "2 weeks"
    assert interview.timeline_date == dt.date(2026, 12, 8)
    assert interview.pitch == "I've run on-call for a payments platform for 4 years"
    bo, dee = interview.interviewers
    assert (bo.name, bo.title, bo.contact) == ("Bo Chen", "Engineering Manager", "bo@acme.example")
    assert (dee.title, dee.contact) == (None, None)
    assert dee.topics == "- incident reviews\n- how I'd grow the SRE team."

    rows = await _follow_ups(bot)
    thanks = [row for row in rows if row.kind == FollowUpKind.THANK_YOU]
    (call,) = [row for row in rows if row.kind == FollowUpKind.CALL]
    assert {row.interviewer_id for row in thanks} == {bo.id, dee.id}
    assert all(row.due_at == NOW and row.status == FollowUpStatus.PENDING for row in thanks)
    assert call.due_at == dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)  # 10:00, the call hour


async def test_the_debrief_survives_a_restart_in_the_middle(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Restart Inc")
    await bot.say(ANA, "Data Engineer")
    await bot.restart()
    assert "When did it take place" in bot.api.last_message.text
    await bot.press(ANA, bot.api.last_message, "Today")  # a button sent before the restart
    await bot.say(ANA, "Cy")
    await bot.restart()
    await bot.send(ANA, "/skip")
    await bot.send(ANA, "/skip")
    await bot.say(ANA, "dbt models")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "didn't say")
    await bot.restart()
    await bot.press(ANA, bot.api.last_message, "Save")
    (interview,) = await _stored(bot)
    assert interview.application.company == "Restart Inc"
    assert interview.interviewers[0].topics == "dbt models"
    assert interview.timeline_asked is True
    assert interview.timeline_date is None


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (updates.sticker_update, "not a sticker"),
        (updates.photo_update, "not a photo"),
        (updates.voice_update, "not a voice message"),
    ],
)
async def test_non_text_gets_a_friendly_reply_and_the_step_goes_on(
    bot: BotHarness, bad: object, expected: str
) -> None:
    await bot.send(ANA, "/new")
    await bot.process(bad(ANA))  # type: ignore[operator]
    assert expected in bot.api.last_message.text
    assert "company name" in bot.api.last_message.text
    assert "What role" in (await bot.say(ANA, "Acme")).text


async def test_every_kind_of_bad_text_is_refused_with_what_is_expected(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    assert "at most 200" in (await bot.say(ANA, "A" * 201)).text
    assert "empty" in (await bot.say(ANA, "   ")).text
    await bot.say(ANA, "Acme")
    await bot.say(ANA, "SRE")
    assert "couldn't" in (await bot.say(ANA, "the day the music died")).text.lower()
    future = await bot.say(ANA, "tomorrow 10am")
    assert "/upcoming" in future.text
    await bot.say(ANA, "today 11:00")
    await bot.say(ANA, "Bo")
    assert "can't be skipped" not in (await bot.say(ANA, "/skip")).text
    invalid = await bot.say(ANA, "bo at acme")
    assert "email address, a phone number or a LinkedIn profile" in invalid.text
    await bot.say(ANA, "+49 30 1234567")
    assert "at most 1000" in (await bot.say(ANA, "x" * 1001)).text
    await bot.say(ANA, "Kubernetes")
    await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
    assert "buttons" in (await bot.say(ANA, "hello?")).text
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "Other")
    assert "couldn't read that timeline" in (await bot.say(ANA, "when pigs fly")).text
    summary = await bot.say(ANA, "by Dec 15")
    assert "until Tue 15 Dec" in summary.text


async def test_required_steps_cannot_be_skipped(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    assert "can't be skipped" in (await bot.say(ANA, "/skip")).text


async def test_cancel_works_at_any_step_and_closes_the_buttons(bot: BotHarness) -> None:
    await _through_first_interviewer(bot)
    more = bot.api.last_message
    assert "nothing was saved" in (await bot.say(ANA, "/cancel")).text
    calls = await bot.press(ANA, more, "Add another")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "closed" in answer.params["text"]
    assert await _stored(bot) == []


async def test_buttons_of_a_saved_debrief_are_closed(bot: BotHarness) -> None:
    await _through_first_interviewer(bot)
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    summary = bot.api.last_message
    await bot.press(ANA, summary, "Save")
    calls = await bot.press(ANA, summary, "Save")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "closed" in answer.params["text"]
    assert len(await _stored(bot)) == 1


async def test_new_during_a_debrief_keeps_it(bot: BotHarness) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Acme")
    assert "middle of a debrief about Acme" in (await bot.say(ANA, "/new")).text
    assert "When did it take place" in (await bot.say(ANA, "SRE")).text


async def test_editing_from_the_summary_changes_one_field(bot: BotHarness) -> None:
    await _through_first_interviewer(bot)
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "I didn't ask")
    await bot.press(ANA, bot.api.last_message, "Edit")
    await bot.press(ANA, bot.api.last_message, "Company")
    summary = await bot.say(ANA, "Acme <b>GmbH</b> & Co")
    assert "Acme &lt;b&gt;GmbH&lt;/b&gt; &amp; Co" in summary.text
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Title")
    summary = await bot.say(ANA, "VP Engineering")
    assert "Bo Chen, VP Engineering" in summary.text
    calls = await bot.press(ANA, summary, "Save")
    assert "Tip for next time" in [c for c in calls if c.method == "sendMessage"][-1].text
    (interview,) = await _stored(bot)
    assert interview.application.company == "Acme <b>GmbH</b> & Co"
    assert interview.interviewers[0].title == "VP Engineering"
    assert interview.timeline_asked is False


async def test_same_company_and_role_is_stored_as_the_next_round(bot: BotHarness) -> None:
    for _ in range(2):
        await _through_first_interviewer(bot, company="Acme")
        await bot.press(ANA, bot.api.last_message, "everyone")
        await bot.send(ANA, "/skip")
        await bot.press(ANA, bot.api.last_message, "1 week")
        await bot.press(ANA, bot.api.last_message, "Save")
    first, second = await _stored(bot)
    assert first.application_id == second.application_id
    assert (first.round_number, second.round_number) == (1, 2)


async def test_the_last_pitch_is_offered_again(bot: BotHarness) -> None:
    await _through_first_interviewer(bot)
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "Four years of payments on-call")
    await bot.press(ANA, bot.api.last_message, "1 week")
    await bot.press(ANA, bot.api.last_message, "Save")
    await _through_first_interviewer(bot, company="Beta")
    pitch_question = (await bot.press(ANA, bot.api.last_message, "everyone"))[-1]
    assert "Use my last pitch" in pitch_question.button_labels
    await bot.press(ANA, pitch_question, "last pitch")
    await bot.press(ANA, bot.api.last_message, "1 week")
    assert "Four years of payments on-call" in bot.api.last_message.text


async def test_next_round_button_starts_a_prefilled_debrief_for_the_owner_only(
    bot: BotHarness,
) -> None:
    await _through_first_interviewer(bot)
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    await bot.press(ANA, bot.api.last_message, "Save")
    async with bot.db() as session:
        application_id = (await session.scalars(select(JobApplication.id))).one()

    await _onboard(bot, MALLORY)
    calls = await bot.tap(MALLORY, f"db:v1:round:{application_id}")
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    assert "not yours" in answer.params["text"]
    assert [row.status for row in await _follow_ups(bot) if row.kind == FollowUpKind.CALL] == [
        FollowUpStatus.PENDING
    ]

    calls = await bot.tap(ANA, f"db:v1:round:{application_id}")
    assert "Round 2 at <b>Acme</b>" in bot.api.last_message.text
    assert [row.status for row in await _follow_ups(bot) if row.kind == FollowUpKind.CALL] == [
        FollowUpStatus.CANCELLED
    ]
    await bot.press(ANA, bot.api.last_message, "Today")
    await bot.say(ANA, "Eve")
    for _ in range(3):
        await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 month")
    summary = bot.api.last_message
    assert "(round 2)" in summary.text
    await bot.press(ANA, summary, "Save")
    first, second = await _stored(bot)
    assert second.application_id == first.application_id
    assert second.round_number == 2


async def test_new_before_onboarding_points_to_start(database_url: str) -> None:
    harness = await BotHarness(database_url).start()
    try:
        stranger = updates.person(777, "Sam", None)
        assert "/start" in (await harness.say(stranger, "/new")).text
    finally:
        await harness.stop()


async def test_a_plain_debrief_of_a_registered_interview_replaces_the_registration(
    bot: BotHarness,
) -> None:
    from storage.upcoming import register_upcoming

    async with bot.db.begin() as session:
        await register_upcoming(
            session,
            user_id=ANA.id,
            company="acme ",
            role="site reliability engineer",
            starts_at=dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC),
            duration_minutes=60,
        )
    await _through_first_interviewer(bot)
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    await bot.press(ANA, bot.api.last_message, "Save")
    (interview,) = await _stored(bot)
    assert interview.status == "held"
    assert interview.round_number == 1


async def test_the_biggest_debrief_still_fits_one_message_and_is_saved_in_full(
    bot: BotHarness,
) -> None:
    await bot.send(ANA, "/new")
    await bot.say(ANA, "C" * 200)
    await bot.say(ANA, "R" * 200)
    await bot.say(ANA, "today 9:00")
    topics = "<b>&</b> " + "kubernetes migration " * 47
    for number in range(10):
        await bot.say(ANA, f"Person {number} " + "N" * 80)
        await bot.say(ANA, "<b>&</b> " + "T" * 91)  # shown as typed, escaped
        await bot.say(ANA, f"person{number}@example.com")
        await bot.say(ANA, topics[:1000])
        await bot.press(ANA, bot.api.last_message, "Continue")  # the talking points as read
        if number < 9:
            await bot.press(ANA, bot.api.last_message, "Add another")
    await bot.say(ANA, "P" * 1000)
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    summary = bot.api.last_message
    assert len(summary.text) <= 4096
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in summary.text
    assert "…" in summary.text
    await bot.press(ANA, summary, "Save")
    (interview,) = await _stored(bot)
    assert len(interview.interviewers) == 10
    assert all(person.topics == topics[:1000].strip() for person in interview.interviewers)
    assert interview.pitch == "P" * 1000
