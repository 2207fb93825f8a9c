"""The talking-points review after each interviewer's topics, through the real application."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.domain.reading.points import Point, points_from_json
from bot.follow_ups import dispatch
from storage.models import Interview
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness

ANA = updates.person(1901, "Ana", "Lima")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # Wed 16:00 in Berlin
TOPICS = "their Kubernetes migration, on-call rotation, pay range 90-100k, I think I blew it"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.onboard(ANA)
    yield harness
    await harness.stop()


async def _to_review(bot: BotHarness, topics: str = TOPICS) -> Call:
    """/new up to Bo Chen's topics: the review message."""
    await bot.send(ANA, "/new")
    await bot.say(ANA, "Acme")
    await bot.say(ANA, "Site Reliability Engineer")
    await bot.say(ANA, "yesterday 14:30")
    await bot.say(ANA, "Bo Chen")
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    return await bot.say(ANA, topics)


async def _finish_and_save(bot: BotHarness, review: Call) -> Call:
    """Continue → That's everyone → no pitch → 1 week: the summary, then Save."""
    await bot.press(ANA, review, "Continue")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    summary = bot.api.last_message
    await bot.press(ANA, summary, "Save")
    return summary


async def _points_saved(bot: BotHarness) -> tuple[Point, ...]:
    async with bot.db() as session:
        interview = (
            await session.scalars(select(Interview).options(selectinload(Interview.interviewers)))
        ).one()
        points = points_from_json(interview.interviewers[0].points)
    assert points is not None
    return points


def _sides(text: str) -> tuple[str, str]:
    """The review's two parts: for the note, and kept for you."""
    assert "For the note to Bo Chen" in text
    note, _, kept = text.partition("Kept for you")
    return note, kept


def _note_line(summary: str) -> str:
    """The summary's line of what goes into Bo's note."""
    (line,) = [line for line in summary.splitlines() if "for the note:" in line]
    return line


def _edited(calls: list[Call]) -> Call:
    (edit,) = [call for call in calls if call.method == "editMessageText"]
    return edit


def _answer(calls: list[Call]) -> Call:
    (answer,) = [call for call in calls if call.method == "answerCallbackQuery"]
    return answer


def _point(points: tuple[Point, ...], word: str) -> Point:
    (point,) = [point for point in points if word in point.text]
    return point


async def test_the_review_splits_the_topics_and_a_tap_moves_a_point_into_what_is_saved(
    bot: BotHarness,
) -> None:
    review = await _to_review(bot)
    note, kept = _sides(review.text)
    assert "Kubernetes" in note
    assert "on-call" in note
    assert "pay range" in kept
    assert "blew it" in kept
    assert "pay and benefits" in kept  # the reason it is kept
    labels = review.button_labels
    assert labels[-1] == "Continue"
    assert any(label.startswith("➡") and "Kubernetes" in label for label in labels)
    assert any(label.startswith("⬅") and "pay range" in label for label in labels)
    assert all(len(data.encode()) <= 64 for row in review.buttons for _, data in row)

    # On-call goes to the user's side; the message is edited in place.
    calls = await bot.press(ANA, review, "on-call")
    assert "Kept for you" in _answer(calls).params["text"]
    moved = _edited(calls)
    assert moved.message_id == review.message_id
    note, kept = _sides(moved.text)
    assert "on-call" in kept
    assert "on-call" not in note
    assert any(label.startswith("⬅") and "on-call" in label for label in moved.button_labels)
    # The same button tapped twice quickly moves nothing more.
    calls = await bot.press(ANA, review, "on-call")
    assert _answer(calls)
    assert not [call for call in calls if call.method == "editMessageText"]

    # And the pay range into the note.
    moved = _edited(await bot.press(ANA, moved, "pay range"))
    note, kept = _sides(moved.text)
    assert "pay range" in note

    summary = await _finish_and_save(bot, moved)
    assert "for the note:" in summary.text
    assert "pay range" in summary.text
    assert "(2 kept for you)" in summary.text
    points = await _points_saved(bot)
    assert _point(points, "Kubernetes").for_note
    assert not _point(points, "on-call").for_note
    assert _point(points, "pay range").for_note
    assert not _point(points, "blew it").for_note


async def test_continue_goes_on_to_the_next_interviewer_question(bot: BotHarness) -> None:
    review = await _to_review(bot)
    calls = await bot.press(ANA, review, "Continue")
    assert _answer(calls).params.get("text") is None
    assert "Anyone else" in bot.api.last_message.text
    # The review's buttons are gone; a tap on them now belongs to an earlier step.
    assert [call.method for call in calls if call.method == "editMessageReplyMarkup"]
    answer = _answer(await bot.press(ANA, review, "Kubernetes"))
    assert "earlier step" in answer.params["text"]


async def test_skipped_topics_have_no_review(bot: BotHarness) -> None:
    await _to_review(bot, "/skip")
    assert "Anyone else" in bot.api.last_message.text


async def test_typing_at_the_review_replaces_the_topics_and_old_buttons_move_nothing(
    bot: BotHarness,
) -> None:
    review = await _to_review(bot)
    again = await bot.say(ANA, "their <b>Terraform</b> modules & the SLO dashboards")
    assert "as what you talked about" in again.text
    note, _ = _sides(again.text)
    assert "&lt;b&gt;Terraform&lt;/b&gt;" in note or "Terraform" in note
    assert "<b>Terraform" not in again.text
    assert "Kubernetes" not in again.text
    # A button of the first review: the list it named is gone; the message shows the new one.
    calls = await bot.press(ANA, review, "Kubernetes")
    assert "changed" in _answer(calls).params["text"]
    assert "Terraform" in _edited(calls).text
    summary = await _finish_and_save(bot, again)
    assert "Terraform" in _note_line(summary.text)
    assert "<b>Terraform" not in summary.text  # shown escaped, as typed
    async with bot.db() as session:
        interview = (
            await session.scalars(select(Interview).options(selectinload(Interview.interviewers)))
        ).one()
    assert interview.interviewers[0].topics == "their <b>Terraform</b> modules & the SLO dashboards"
    assert all("Kubernetes" not in point.text for point in await _points_saved(bot))


async def test_the_review_survives_a_restart(bot: BotHarness) -> None:
    review = await _to_review(bot)
    await bot.restart()
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    _, kept = _sides(moved.text)
    assert "Kubernetes" in kept
    await bot.restart()
    await _finish_and_save(bot, moved)
    assert not _point(await _points_saved(bot), "Kubernetes").for_note


async def test_cancel_at_the_review_saves_nothing_and_closes_its_buttons(bot: BotHarness) -> None:
    review = await _to_review(bot)
    assert "nothing was saved" in (await bot.say(ANA, "/cancel")).text
    calls = await bot.press(ANA, review, "Kubernetes")
    assert "closed" in _answer(calls).params["text"]
    assert not [call for call in calls if call.method == "editMessageText"]
    async with bot.db() as session:
        assert (await session.scalars(select(Interview))).all() == []


async def test_text_other_than_topics_is_answered_and_skip_continues(bot: BotHarness) -> None:
    review = await _to_review(bot)
    await bot.process(updates.sticker_update(ANA))
    assert "not a sticker" in bot.api.last_message.text
    await bot.send(ANA, "/skip")
    assert "Anyone else" in bot.api.last_message.text
    assert review.button_labels[-1] == "Continue"


async def test_edit_from_the_summary_reviews_the_points_and_edited_topics(bot: BotHarness) -> None:
    review = await _to_review(bot)
    await bot.press(ANA, review, "Continue")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    await bot.press(ANA, bot.api.last_message, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    menu = bot.api.last_message
    assert "Talking points" in menu.button_labels
    await bot.press(ANA, menu, "Talking points")
    review = bot.api.last_message
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    await bot.press(ANA, moved, "Continue")
    summary = bot.api.last_message
    assert summary.button_labels == ["Save", "Edit", "Cancel"]
    line = _note_line(summary.text)
    assert "on-call rotation (3 kept for you)" in line
    assert "Kubernetes" not in line

    # New topics from the same menu: reviewed before the summary comes back.
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Topics")
    review = await bot.say(ANA, "their incident reviews, the SLO dashboards")
    note, _ = _sides(review.text)
    assert "incident reviews" in note
    await bot.press(ANA, review, "Continue")
    summary = bot.api.last_message
    assert "for the note:" in summary.text
    assert "incident reviews" in summary.text
    assert "kept for you" not in summary.text
    await bot.press(ANA, summary, "Save")
    assert all(point.for_note for point in await _points_saved(bot))


async def test_edit_round_n_after_saving_shows_and_stores_the_approved_points(
    bot: BotHarness,
) -> None:
    review = await _to_review(bot)
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    await _finish_and_save(bot, moved)

    listing = await bot.say(ANA, "/list")
    details = _edited(await bot.press(ANA, listing, "Acme"))
    await bot.press(ANA, details, "Edit round 1")
    summary = bot.api.last_message
    line = _note_line(summary.text)
    assert "on-call rotation (3 kept for you)" in line
    assert "Kubernetes" not in line
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Talking points")
    review = bot.api.last_message
    _, kept = _sides(review.text)
    assert "Kubernetes" in kept  # as approved before saving
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    await bot.press(ANA, moved, "Continue")
    await bot.press(ANA, bot.api.last_message, "Save changes")
    points = await _points_saved(bot)
    assert _point(points, "Kubernetes").for_note
    assert not _point(points, "pay range").for_note


async def test_many_points_fit_one_message_with_pages_of_buttons(bot: BotHarness) -> None:
    topics = ", ".join(f"topic {number}" for number in range(1, 200))[:1000]
    review = await _to_review(bot, topics)
    assert review.refused is None
    assert "99. topic 99" in review.text
    assert len(review.button_labels) <= 13  # ten points, the pages, Continue
    assert "Later points ▶" in review.button_labels
    assert all(len(data.encode()) <= 64 for row in review.buttons for _, data in row)
    later = _edited(await bot.press(ANA, review, "Later points"))
    assert any(label.startswith("➡ 11. topic 11") for label in later.button_labels)
    assert "◀ Earlier points" in later.button_labels
    # A point moved from the second page: the message stays on that page.
    moved = _edited(await bot.press(ANA, later, "➡ 12. topic 12"))
    assert any(label.startswith("⬅ 12. topic 12") for label in moved.button_labels)
    _, kept = _sides(moved.text)
    assert "12. topic 12" in kept


async def test_a_point_that_cannot_go_into_a_note_is_answered_with_why(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever the reading marks fixed, one such point is added here, so that this test
    # holds while the reading improves.
    from bot.domain import debrief

    reading = debrief.read_points

    def with_a_fixed_point(raw: str | None, *, known: tuple[str, ...] = ()) -> tuple[Point, ...]:
        fixed = Point("and then he kind of", for_note=False, movable=False)
        return (*reading(raw, known=known), fixed)

    monkeypatch.setattr(debrief, "read_points", with_a_fixed_point)
    review = await _to_review(bot)
    _, kept = _sides(review.text)
    assert "and then he kind of — can't go in a note: doesn't read as a phrase" in kept
    calls = await bot.press(ANA, review, "🔒 5.")
    answer = _answer(calls)
    assert answer.params["show_alert"] is True
    assert "stays with you (doesn't read as a phrase)" in answer.params["text"]
    assert "in other words" in answer.params["text"]
    assert not [call for call in calls if call.method == "editMessageText"]
    await _finish_and_save(bot, review)
    assert not _point(await _points_saved(bot), "kind of").for_note


async def test_text_refused_at_the_review_leaves_its_buttons_working(bot: BotHarness) -> None:
    review = await _to_review(bot)
    assert "at most 1000" in (await bot.say(ANA, "x" * 1001)).text
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    _, kept = _sides(moved.text)
    assert "Kubernetes" in kept
    await bot.press(ANA, moved, "Continue")
    assert "Anyone else" in bot.api.last_message.text


async def test_talking_points_of_someone_whose_topics_were_skipped_can_be_typed_there(
    bot: BotHarness,
) -> None:
    await _to_review(bot, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "1 week")
    assert "talked about: (nothing noted)" in bot.api.last_message.text
    await bot.press(ANA, bot.api.last_message, "Edit")
    await bot.press(ANA, bot.api.last_message, "Interviewer: Bo Chen")
    await bot.press(ANA, bot.api.last_message, "Talking points")
    assert "I found no talking points" in bot.api.last_message.text
    review = await bot.say(ANA, "their SLO dashboards")
    assert "as what you talked about" in review.text
    note, _ = _sides(review.text)
    assert "SLO dashboards" in note
    await bot.press(ANA, review, "Continue")
    summary = bot.api.last_message
    assert "for the note:" in summary.text
    assert "SLO dashboards" in summary.text
    assert summary.button_labels == ["Save", "Edit", "Cancel"]


async def test_the_summary_shows_the_pitch_as_the_notes_will_use_it(bot: BotHarness) -> None:
    review = await _to_review(bot)
    await bot.press(ANA, review, "Continue")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.say(ANA, "i have 5 yrs exp w/ kafka, led team of 4")
    summary = await _pressed_summary(bot)
    assert "<b>Your pitch:</b> i have 5 yrs exp w/ kafka, led team of 4" in summary.text
    (line,) = [line for line in summary.text.splitlines() if "in your notes:" in line]
    assert "in your notes: I " in line
    assert "Kafka" in line
    assert "w/" not in line

    # A pitch no sentence can be made of says so, and how to change it.
    await bot.press(ANA, summary, "Edit")
    await bot.press(ANA, bot.api.last_message, "Pitch")
    summary = await bot.say(ANA, "qts 2021")
    assert "in your notes: nothing" in summary.text
    assert "Edit → Pitch" in summary.text


async def _pressed_summary(bot: BotHarness) -> Call:
    await bot.press(ANA, bot.api.last_message, "1 week")
    return bot.api.last_message


async def test_continue_with_nothing_for_the_note_says_it_will_be_short(bot: BotHarness) -> None:
    review = await _to_review(bot, "their Kubernetes migration, pay range 90-100k")
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    calls = await bot.press(ANA, moved, "Continue")
    assert "short and general" in _answer(calls).params["text"]
    assert "Anyone else" in bot.api.last_message.text


async def test_a_point_moved_out_of_the_note_is_not_in_the_drafted_note(bot: BotHarness) -> None:
    review = await _to_review(bot, "their Kubernetes migration, the on-call rotation")
    moved = _edited(await bot.press(ANA, review, "Kubernetes"))
    await _finish_and_save(bot, moved)
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1
    note = bot.api.last_message.text
    assert "on-call rotation" in note
    assert "Kubernetes" not in note
