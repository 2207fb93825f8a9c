"""Taps under follow-up messages, through the real application: act once, on own data only."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.domain.time import timing
from bot.follow_ups import dispatch
from bot.follow_ups.edit import MAX_EDIT_CHARS
from bot.follow_ups.tapped import ALREADY_DONE, APPLICATION_CLOSED, CLOSED, REFUSED
from storage.interviews import InterviewerInput
from storage.models import (
    ApplicationStatus,
    FollowUpKind,
    FollowUpStatus,
    Interviewer,
    JobApplication,
)
from tests.support import updates
from tests.support.fake_bot_api import Call
from tests.support.follow_up_data import (
    NOW,
    Seeded,
    add_follow_up,
    all_rows,
    get_row,
    seed_interview,
)
from tests.support.harness import BotHarness

ANA = updates.person(1001)
EVE = updates.person(2002, "Eve", "Other")
BERLIN = "Europe/Berlin"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    yield harness
    await harness.stop()


async def _nudge(
    bot: BotHarness, kind: FollowUpKind = FollowUpKind.THANK_YOU, **seed: Any
) -> tuple[Seeded, int, Call]:
    """One follow-up of Ana's, dispatched: its ids and the message that arrived."""
    seeded = await seed_interview(bot.db, **seed)
    interviewer = 0 if kind in (FollowUpKind.THANK_YOU, FollowUpKind.THANK_YOU_CHASE) else None
    follow_up_id = await add_follow_up(bot.db, seeded, kind, interviewer=interviewer)
    await dispatch.dispatch_due(bot.application, now=NOW)
    return seeded, follow_up_id, bot.api.last_message


def _answers(calls: list[Call]) -> list[str | None]:
    return [call.params.get("text") for call in calls if call.method == "answerCallbackQuery"]


def _edits(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.method.startswith("editMessage")]


async def _chase_of(bot: BotHarness, seeded: Seeded) -> FollowUpStatus:
    (chase,) = [row for row in await all_rows(bot.db) if row.kind == FollowUpKind.THANK_YOU_CHASE]
    assert chase.interviewer_id == seeded.interviewer_ids[0]
    return FollowUpStatus(chase.status)


# --- thank-you notes ---------------------------------------------------------------------------


async def test_sent_it_marks_the_note_done_keeps_the_draft_and_cancels_the_chase(
    bot: BotHarness,
) -> None:
    seeded, follow_up_id, message = await _nudge(bot)

    calls = await bot.press(ANA, message, "Sent it")

    assert _answers(calls) == ["Marked as sent ✓"]
    (edit,) = _edits(calls)
    assert edit.method == "editMessageText"
    assert int(edit.params["message_id"]) == message.message_id
    assert "<pre>" in edit.text
    assert "Sent." in edit.text
    assert edit.buttons == []
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.DONE
    assert await _chase_of(bot, seeded) == FollowUpStatus.CANCELLED
    later = await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(days=5))
    assert later.claimed == 0


async def test_a_double_tap_acts_once(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)

    first = await bot.press(ANA, message, "Sent it")
    second = await bot.press(ANA, message, "Sent it")

    assert len(_edits(first)) == 1
    assert _answers(second) == [ALREADY_DONE]
    assert _edits(second) == []
    row = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.DONE
    assert row.acted_at == NOW


async def test_sent_it_on_the_chase_settles_the_note_too(bot: BotHarness) -> None:
    seeded, follow_up_id, _ = await _nudge(bot)
    chase_at = timing.chase_due(sent_at=NOW, tz=BERLIN, nudge_hour=9)
    await dispatch.dispatch_due(bot.application, now=chase_at)
    chase = bot.api.last_message
    assert "gentle reminder" in chase.text

    calls = await bot.press(ANA, chase, "Sent it")

    assert _answers(calls) == ["Marked as sent ✓"]
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.DONE
    assert await _chase_of(bot, seeded) == FollowUpStatus.DONE


async def test_skip_closes_the_note_and_its_chase(bot: BotHarness) -> None:
    seeded, follow_up_id, message = await _nudge(bot)

    calls = await bot.press(ANA, message, "Skip")

    assert "No more reminders" in _edits(calls)[0].text
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SKIPPED
    assert await _chase_of(bot, seeded) == FollowUpStatus.CANCELLED


async def test_remind_me_later_offers_times_in_the_users_zone_and_brings_the_note_back(
    bot: BotHarness,
) -> None:
    seeded, follow_up_id, message = await _nudge(bot)

    calls = await bot.press(ANA, message, "Remind me later")

    (choices,) = _edits(calls)
    assert choices.method == "editMessageReplyMarkup"
    # 13:00 in Berlin on Wednesday; the user's hour is 9:00.
    assert choices.button_labels == [
        "This evening · 19:00",
        "Tomorrow morning · 09:00",
        "In 3 days · Sat 09:00",
        "Next Monday · Mon 09:00",
        "⌨️ Type a time…",
        "« Back",
    ]
    calls = await bot.tap(ANA, choices.data_for("This evening"), message_id=message.message_id)

    due = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)  # 19:00 in Berlin
    assert "Wed 25 Nov, 19:00" in _edits(calls)[0].text
    assert "<pre>" in _edits(calls)[0].text  # the draft stays copyable
    assert _edits(calls)[0].buttons == []
    row = await get_row(bot.db, follow_up_id)
    assert (row.status, row.due_at) == (FollowUpStatus.PENDING, due)
    # The reminder asked for replaces the chase: one reminder, not two.
    assert await _chase_of(bot, seeded) == FollowUpStatus.CANCELLED
    assert (await dispatch.dispatch_due(bot.application, now=due)).sent == 1
    assert "A thank-you note for Bo Smith" in bot.api.last_message.text
    assert len(await all_rows(bot.db)) == 2  # no second chase
    assert (await dispatch.dispatch_due(bot.application, now=due + dt.timedelta(days=9))).sent == 0


async def test_this_evening_is_not_offered_once_the_evening_is_near(bot: BotHarness) -> None:
    bot.now = dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC)  # 18:30 in Berlin
    _, _, message = await _nudge(bot)

    (choices,) = _edits(await bot.press(ANA, message, "Remind me later"))

    assert "This evening" not in " ".join(choices.button_labels)
    assert choices.button_labels[0] == "Tomorrow morning · 09:00"


async def test_a_typed_time_brings_the_note_back_then_and_odd_answers_are_asked_again(
    bot: BotHarness,
) -> None:
    seeded, follow_up_id, message = await _nudge(bot)
    (choices,) = _edits(await bot.press(ANA, message, "Remind me later"))

    await bot.tap(ANA, choices.data_for("Type a time"), message_id=message.message_id)
    assert "When should I bring it back?" in bot.api.last_message.text
    assert "already passed" in (await bot.say(ANA, "today 08:00")).text
    assert "more than 60 days" in (await bot.say(ANA, "1 June 2027 10:00")).text
    assert "sticker" not in (await bot.say(ANA, "whenever")).text.lower()
    reply = await bot.say(ANA, "Friday 16:30")

    assert "Fri 27 Nov, 16:30" in reply.text
    row = await get_row(bot.db, follow_up_id)
    assert row.due_at == dt.datetime(2026, 11, 27, 15, 30, tzinfo=dt.UTC)
    assert await _chase_of(bot, seeded) == FollowUpStatus.CANCELLED
    # The conversation is over: the next text is not read as a time.
    assert "Fri 27 Nov" not in (await bot.say(ANA, "Monday 9:00")).text


# --- the call nudge and its outcomes -----------------------------------------------------------


async def test_called_records_the_call_and_offers_the_outcomes(bot: BotHarness) -> None:
    seeded, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)

    calls = await bot.press(ANA, message, "Called")

    (edit,) = _edits(calls)
    assert "You called" in edit.text
    assert edit.button_labels == ["➡️ Next round", "🎉 Offer", "Rejected"]
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.DONE
    async with bot.db() as session:
        application = await session.get(JobApplication, seeded.application_id)
        assert application is not None
        assert application.status == ApplicationStatus.OPEN


async def test_no_answer_twice_offers_an_email_instead_of_a_third_call(bot: BotHarness) -> None:
    _, first_call, message = await _nudge(bot, FollowUpKind.CALL)
    # A retry comes at the user's call hour (10:00 by default), not their nudge hour (9:00).
    retry_at = timing.no_answer_retry_due(now=NOW, tz=BERLIN, nudge_hour=10)

    calls = await bot.press(ANA, message, "No answer")

    assert "completely normal" in _edits(calls)[0].text
    assert "Mon 30 Nov, 10:00" in _edits(calls)[0].text
    assert (await get_row(bot.db, first_call)).status == FollowUpStatus.DONE
    retry = (await all_rows(bot.db))[-1]
    assert (retry.kind, retry.due_at, retry.no_answer_count) == (FollowUpKind.CALL, retry_at, 1)

    assert (await dispatch.dispatch_due(bot.application, now=retry_at)).sent == 1
    second = bot.api.last_message
    assert "No answer last time is perfectly normal" in second.text
    bot.now = retry_at
    calls = await bot.press(ANA, second, "No answer")

    assert "Rather than a third call" in _edits(calls)[0].text
    email = (await all_rows(bot.db))[-1]
    assert (email.kind, email.due_at, email.no_answer_count) == (FollowUpKind.EMAIL, retry_at, 2)
    assert (await dispatch.dispatch_due(bot.application, now=retry_at)).sent == 1
    offered = bot.api.last_message
    assert "An email instead of a third call" in offered.text
    assert (
        "<pre>Hi Bo," in offered.text
        or "<pre>Dear Bo," in offered.text
        or ("<pre>Hello Bo," in offered.text)
    )
    assert offered.button_labels == [
        "✅ Sent it",
        "✏️ Edit",
        "💤 Snooze",
        "➡️ Next round",
        "🎉 Offer",
        "Rejected",
    ]
    kinds = [row.kind for row in await all_rows(bot.db)]
    assert kinds.count(FollowUpKind.CALL) == 2

    calls = await bot.press(ANA, offered, "Sent it")
    assert "ball is in their court" in _edits(calls)[0].text
    assert (await get_row(bot.db, email.id)).status == FollowUpStatus.DONE


async def test_snooze_offers_business_times_and_moves_only_that_follow_up(
    bot: BotHarness,
) -> None:
    seeded, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    untouched = await add_follow_up(
        bot.db, seeded, FollowUpKind.THANK_YOU, due_at=NOW + dt.timedelta(hours=2)
    )

    calls = await bot.press(ANA, message, "Snooze")

    (choices,) = _edits(calls)
    assert choices.method == "editMessageReplyMarkup"
    # A call: no evening, weekdays only, at the call hour (10:00), not the nudge hour (9:00).
    assert choices.button_labels == [
        "Tomorrow morning · 10:00",
        "In 3 days · Mon 10:00",
        "Next Monday · Mon 10:00",
        "⌨️ Type a time…",
        "« Back",
    ]
    back = await bot.tap(ANA, choices.data_for("Back"), message_id=message.message_id)
    assert _edits(back)[0].button_labels == message.button_labels

    calls = await bot.tap(ANA, choices.data_for("In 3 days"), message_id=message.message_id)

    due = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 in Berlin
    assert "Mon 30 Nov, 10:00" in _edits(calls)[0].text
    row = await get_row(bot.db, follow_up_id)
    assert (row.status, row.due_at) == (FollowUpStatus.PENDING, due)
    assert (await get_row(bot.db, untouched)).due_at == NOW + dt.timedelta(hours=2)
    assert (await dispatch.dispatch_due(bot.application, now=due)).sent == 2


async def test_a_snooze_button_of_an_earlier_release_still_works(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)

    await bot.tap(ANA, f"fu:v1:snz:{follow_up_id}:1d", message_id=message.message_id)

    expected = timing.snooze_due(
        now=NOW, tz=BERLIN, nudge_hour=10, option=timing.Snooze.ONE_DAY, business=True
    )
    assert (await get_row(bot.db, follow_up_id)).due_at == expected


@pytest.mark.parametrize(
    ("label", "status", "words"),
    [
        ("Offer", ApplicationStatus.OFFER, "Congratulations on the offer"),
        ("Rejected", ApplicationStatus.REJECTED, "every interview makes the next one easier"),
    ],
)
async def test_an_outcome_closes_the_application_and_cancels_what_is_pending(
    bot: BotHarness, label: str, status: ApplicationStatus, words: str
) -> None:
    seeded, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    pending = await add_follow_up(bot.db, seeded, due_at=NOW + dt.timedelta(days=3))
    elsewhere = await seed_interview(bot.db, company="Globex")
    other_application = await add_follow_up(bot.db, elsewhere, due_at=NOW + dt.timedelta(days=3))

    calls = await bot.press(ANA, message, label)

    (closed,) = _edits(calls)
    assert words in closed.text
    assert closed.button_labels == ["↩️ Undo"]
    async with bot.db() as session:
        application = await session.get(JobApplication, seeded.application_id)
        assert application is not None
        assert application.status == status
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.CANCELLED
    assert (await get_row(bot.db, pending)).status == FollowUpStatus.CANCELLED
    assert (await get_row(bot.db, other_application)).status == FollowUpStatus.PENDING

    again = await bot.press(ANA, message, "Offer")
    assert _answers(again) == [APPLICATION_CLOSED]
    assert _edits(again) == []

    # Undo: open again, the call back as it was (delivered, waiting for a tap), the note
    # pending at its time; the application elsewhere untouched.
    undone = await bot.press(ANA, closed, "Undo")
    assert _answers(undone) == ["Undone ✓"]
    assert "is open again" in _edits(undone)[0].text
    async with bot.db() as session:
        application = await session.get(JobApplication, seeded.application_id)
        assert application is not None
        assert application.status == ApplicationStatus.OPEN
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SENT
    restored = await get_row(bot.db, pending)
    assert (restored.status, restored.due_at) == (
        FollowUpStatus.PENDING,
        NOW + dt.timedelta(days=3),
    )
    # The call's own buttons work again.
    assert "You called" in _edits(await bot.press(ANA, message, "Called"))[0].text


async def test_an_outcome_after_called_still_closes_the_application(bot: BotHarness) -> None:
    seeded, _, message = await _nudge(bot, FollowUpKind.CALL)
    called = _edits(await bot.press(ANA, message, "Called"))[0]

    await bot.tap(ANA, called.data_for("Offer"), message_id=message.message_id)

    async with bot.db() as session:
        application = await session.get(JobApplication, seeded.application_id)
        assert application is not None
        assert application.status == ApplicationStatus.OFFER


# --- stale and forged buttons ------------------------------------------------------------------


async def test_a_tap_on_a_cancelled_follow_up_gets_a_short_notice(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    await bot.press(ANA, message, "Rejected")

    calls = await bot.press(ANA, message, "Called")

    assert _answers(calls) == [CLOSED]
    assert _edits(calls) == []
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.CANCELLED


async def test_another_users_follow_up_is_refused_and_unchanged(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    await seed_interview(bot.db, user_id=EVE.id)
    before = await all_rows(bot.db)

    for label in ("Called", "No answer", "Snooze", "Offer", "Rejected"):
        calls = await bot.tap(EVE, message.data_for(label))
        assert _answers(calls) == [REFUSED]
        assert _edits(calls) == []
    for data in (f"fu:v1:snz:{follow_up_id}:1d", f"fu:v1:back:{follow_up_id}"):
        assert _answers(await bot.tap(EVE, data)) == [REFUSED]

    after = await all_rows(bot.db)
    assert [(r.id, r.status, r.due_at) for r in after] == [
        (r.id, r.status, r.due_at) for r in before
    ]
    async with bot.db() as session:
        applications = (await session.get(JobApplication, 1), await session.get(JobApplication, 2))
    assert all(a is None or a.status == ApplicationStatus.OPEN for a in applications)


@pytest.mark.parametrize(
    "data",
    [
        "fu:v1:done:abc",
        "fu:v1:done:-1",
        "fu:v1:done",
        "fu:v1:launch:{id}",
        "fu:v2:done:{id}",
        "fu:v0:done:{id}",
        "fu:v1:snz:{id}:2w",
        "fu:v1:snz:{id}",
        "fu:v1:done:999999",
        "fu:done:{id}",
    ],
)
async def test_malformed_or_forged_data_is_refused_and_changes_nothing(
    bot: BotHarness, data: str
) -> None:
    _, follow_up_id, _ = await _nudge(bot, FollowUpKind.CALL)

    calls = await bot.tap(ANA, data.format(id=follow_up_id))

    assert _answers(calls) == [REFUSED]
    assert _edits(calls) == []
    row = await get_row(bot.db, follow_up_id)
    assert (row.status, row.due_at) == (FollowUpStatus.SENT, NOW)


async def test_buttons_that_do_not_fit_the_message_are_refused(bot: BotHarness) -> None:
    _, call_id, _ = await _nudge(bot, FollowUpKind.CALL)
    _, note_id, _ = await _nudge(bot, company="Globex")

    for data in (f"fu:v1:skip:{call_id}", f"fu:v1:later:{call_id}", f"fu:v1:noans:{note_id}"):
        assert _answers(await bot.tap(ANA, data)) == [REFUSED]
    assert (await get_row(bot.db, call_id)).status == FollowUpStatus.SENT
    assert (await get_row(bot.db, note_id)).status == FollowUpStatus.SENT


# --- editing a draft ---------------------------------------------------------------------------


async def test_edit_stores_the_users_text_tone_checks_it_and_shows_the_note_again(
    bot: BotHarness,
) -> None:
    _, follow_up_id, message = await _nudge(bot)

    calls = await bot.press(ANA, message, "Edit")
    assert _answers(calls) == [None]
    assert "Send me your note to Bo Smith" in bot.api.last_message.text

    await bot.process(updates.sticker_update(ANA))
    assert "only take text" in bot.api.last_message.text
    await bot.process(updates.photo_update(ANA))
    assert "only take text" in bot.api.last_message.text
    too_long = await bot.say(ANA, "x" * (MAX_EDIT_CHARS + 1))
    assert f"up to {MAX_EDIT_CHARS}" in too_long.text
    assert (await get_row(bot.db, follow_up_id)).edited_text is None

    text = "Hi Bo <3 & thanks! I'm still waiting to hear back, please reply ASAP!!!"
    calls = await bot.send(ANA, text)

    saved, note = [call for call in calls if call.method == "sendMessage"]
    assert "Saved your version" in saved.text
    assert "still waiting" in saved.text
    assert "ASAP" in saved.text
    assert "I would welcome an update" in saved.text
    assert "<pre>Hi Bo &lt;3 &amp; thanks!" in note.text
    assert note.button_labels == ["✅ Sent it", "✏️ Edit", "⏰ Remind me later", "Skip"]
    assert (await get_row(bot.db, follow_up_id)).edited_text == text
    # The conversation is over: the next text is not taken as an edit.
    await bot.send(ANA, "hello")
    assert (await get_row(bot.db, follow_up_id)).edited_text == text


async def test_an_edit_at_the_limit_in_emoji_is_shown_within_telegrams_limit(
    bot: BotHarness,
) -> None:
    # Telegram counts UTF-16 units: each of these is one character and two units.
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")

    too_long = await bot.say(ANA, "🙂" * MAX_EDIT_CHARS)
    assert f"up to {MAX_EDIT_CHARS}" in too_long.text
    assert (await get_row(bot.db, follow_up_id)).edited_text is None
    calls = await bot.send(ANA, "🙂" * (MAX_EDIT_CHARS // 2))

    assert [call.refused for call in calls if call.refused] == []
    assert "Your version" in [call for call in calls if call.method == "sendMessage"][-1].text
    assert (await get_row(bot.db, follow_up_id)).edited_text == "🙂" * (MAX_EDIT_CHARS // 2)


async def test_a_calm_edit_is_simply_saved(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")

    calls = await bot.send(ANA, "Dear Bo,\n\nThank you for your time today.\n\nAna")

    assert "reads calm and friendly" in calls[0].text
    assert (await get_row(bot.db, follow_up_id)).edited_text is not None


async def test_the_call_script_can_be_edited_and_is_tone_checked(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    prompt = await bot.press(ANA, message, "Edit the script")
    assert "your call script" in prompt[-1].text

    calls = await bot.send(ANA, "- Hi Bo, Ana here\n- Why haven't you called me back??")

    assert "might come across stronger" in calls[0].text
    shown = calls[-1]
    assert "<b>Your script</b>" in shown.text
    assert "Why haven&#x27;t you called me back??" in shown.text
    assert "What to say" not in shown.text
    assert "📞 Called" in shown.button_labels
    row = await get_row(bot.db, follow_up_id)
    assert row.edited_text == "- Hi Bo, Ana here\n- Why haven't you called me back??"

    await bot.press(ANA, shown, "No answer")
    retry = [r for r in await all_rows(bot.db) if r.id != follow_up_id]
    assert [(r.kind, r.edited_text) for r in retry] == [(FollowUpKind.CALL, row.edited_text)]


async def test_cancel_leaves_the_edit_and_keeps_the_draft(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")

    reply = await bot.say(ANA, "/cancel")

    assert "stays as it was" in reply.text
    await bot.send(ANA, "This is not an edit")
    assert (await get_row(bot.db, follow_up_id)).edited_text is None


async def test_an_edit_in_progress_survives_a_restart(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")

    await bot.restart()
    bot.now = NOW
    await bot.send(ANA, "Thank you, Bo.")

    assert (await get_row(bot.db, follow_up_id)).edited_text == "Thank you, Bo."


async def test_edit_is_refused_for_another_users_note_or_a_closed_one(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await seed_interview(bot.db, user_id=EVE.id)

    assert _answers(await bot.tap(EVE, message.data_for("Edit"))) == [REFUSED]
    await bot.send(EVE, "my text")
    assert (await get_row(bot.db, follow_up_id)).edited_text is None

    await bot.press(ANA, message, "Sent it")
    assert _answers(await bot.press(ANA, message, "Edit")) == [ALREADY_DONE]


async def test_a_note_closed_during_the_edit_keeps_nothing(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")
    await bot.press(ANA, message, "Skip")

    reply = await bot.say(ANA, "Thanks again")

    assert "closed meanwhile" in reply.text
    assert (await get_row(bot.db, follow_up_id)).edited_text is None


async def test_follow_up_buttons_do_not_act_on_reminders_of_upcoming_interviews(
    bot: BotHarness,
) -> None:
    seeded = await seed_interview(bot.db)
    checklist = await add_follow_up(
        bot.db, seeded, FollowUpKind.CHECKLIST, interviewer=None, due_at=NOW + dt.timedelta(1)
    )

    for action in ("done", "skip", "offer", "noans"):
        assert _answers(await bot.tap(ANA, f"fu:v1:{action}:{checklist}")) == [REFUSED]
    assert (await get_row(bot.db, checklist)).status == FollowUpStatus.PENDING


async def test_a_note_put_off_past_its_call_nudge_takes_the_call_along(bot: BotHarness) -> None:
    seeded, note_id, message = await _nudge(bot)
    # The call of the same interview was due tomorrow at 10:00 Berlin.
    call_id = await add_follow_up(
        bot.db, seeded, FollowUpKind.CALL, due_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    )
    (choices,) = _edits(await bot.press(ANA, message, "Remind me later"))

    await bot.tap(ANA, choices.data_for("In 3 days"), message_id=message.message_id)

    note = await get_row(bot.db, note_id)
    assert note.due_at == dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)  # Sat 09:00 Berlin
    # A day after the note, on a business day at the call hour: Monday 10:00.
    call = await get_row(bot.db, call_id)
    assert call.due_at == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


# --- whom the call is about --------------------------------------------------------------------

PANEL = (
    InterviewerInput(name="Jun Park", title="Senior Engineer", topics="their Kafka pipeline"),
    InterviewerInput(name="Bo Smith", title="Engineering Manager", topics="on-call rotation"),
    InterviewerInput(name="Nina Shah", title="Talent Partner", contact="nina@acme.example"),
)


async def test_the_call_goes_to_the_recruiter_and_someone_else_can_be_picked(
    bot: BotHarness,
) -> None:
    seeded, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL, interviewers=PANEL)
    assert "Who: Nina Shah" in message.text
    assert "Hello Nina" in message.text

    calls = await bot.press(ANA, message, "Call someone else")
    (edit,) = _edits(calls)
    assert edit.button_labels == [
        "Jun Park (Senior Engineer)",
        "Bo Smith (Engineering Manager)",
        "✓ Nina Shah (Talent Partner)",
        "« Back",
    ]

    calls = await bot.tap(
        ANA, edit.data_for("Bo Smith (Engineering Manager)"), message_id=message.message_id
    )
    assert _answers(calls) == ["Now about Bo Smith"]
    (edit,) = _edits(calls)
    assert "Who: Bo Smith" in edit.text
    assert "Hello Bo" in edit.text
    assert "on-call rotation" in edit.text
    assert (await get_row(bot.db, follow_up_id)).interviewer_id == seeded.interviewer_ids[1]


async def test_the_call_goes_to_the_most_senior_when_there_is_no_recruiter(
    bot: BotHarness,
) -> None:
    _seeded, _follow_up_id, message = await _nudge(bot, FollowUpKind.CALL, interviewers=PANEL[:2])
    assert "Who: Bo Smith" in message.text


async def test_someone_else_is_not_offered_for_a_single_interviewer_nor_acts_on_another_panel(
    bot: BotHarness,
) -> None:
    _seeded, follow_up_id, message = await _nudge(bot, FollowUpKind.CALL)
    assert not any("someone else" in label for label in message.button_labels)
    other = await seed_interview(bot.db, company="Globex", interviewers=PANEL)

    forged = f"fu:v1:to:{follow_up_id}:{other.interviewer_ids[0]}"
    calls = await bot.tap(ANA, forged, message_id=message.message_id)

    assert _answers(calls) == [REFUSED]
    assert (await get_row(bot.db, follow_up_id)).interviewer_id is None


async def test_a_note_without_a_point_of_theirs_offers_to_add_one_and_redrafts(
    bot: BotHarness,
) -> None:
    quiet = InterviewerInput(name="Nina Shah", title="Talent Partner", topics="went well i think")
    seeded, _follow_up_id, message = await _nudge(bot, interviewers=(quiet,))
    assert "Add what you discussed" in " ".join(message.button_labels)

    await bot.press(ANA, message, "Add what you discussed")
    assert "What did you talk about with Nina Shah?" in bot.api.last_message.text

    await bot.send(ANA, "I got stuck on the last question")
    assert "keep that one for you" in bot.api.last_message.text

    calls = await bot.send(ANA, "their graduate hiring programme")
    note = [call for call in calls if call.method == "sendMessage"][-1]
    assert "your graduate hiring programme" in note.text
    assert "got stuck" not in note.text
    assert "Add what you discussed" not in " ".join(note.button_labels)
    async with bot.db() as session:
        person = await session.get(Interviewer, seeded.interviewer_ids[0])
        assert person is not None
        assert person.topics == "went well i think\ntheir graduate hiring programme"
        assert [p["note"] for p in person.points] == [False, True]


# --- answers kept by the release before (the follow-up's id alone, not a JSON object) ---------


async def test_an_edit_kept_by_the_older_release_goes_on(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")
    bot.application.user_data[ANA.id]["edit_follow_up_id"] = follow_up_id

    reply = await bot.say(ANA, "Thank you, Bo.")

    assert "Saved your version" in bot.api.messages[-2].text
    assert "Thank you, Bo." in reply.text
    assert (await get_row(bot.db, follow_up_id)).edited_text == "Thank you, Bo."


async def test_an_edit_kept_in_an_unknown_shape_asks_to_tap_again_not_a_crash(
    bot: BotHarness,
) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")
    bot.application.user_data[ANA.id]["edit_follow_up_id"] = [follow_up_id]

    reply = await bot.say(ANA, "Thank you, Bo.")

    assert "lost track" in reply.text
    assert (await get_row(bot.db, follow_up_id)).edited_text is None
    await bot.press(ANA, message, "Edit")
    await bot.send(ANA, "Thank you, Bo.")
    assert (await get_row(bot.db, follow_up_id)).edited_text == "Thank you, Bo."


async def test_a_typed_time_kept_by_the_older_release_goes_on(bot: BotHarness) -> None:
    _, follow_up_id, message = await _nudge(bot)
    (choices,) = _edits(await bot.press(ANA, message, "Remind me later"))
    await bot.tap(ANA, choices.data_for("Type a time"), message_id=message.message_id)
    due = (await get_row(bot.db, follow_up_id)).due_at
    bot.application.user_data[ANA.id]["later_follow_up_id"] = follow_up_id

    reply = await bot.say(ANA, "Friday 16:30")

    assert "nothing changed" not in reply.text
    assert (await get_row(bot.db, follow_up_id)).due_at != due


async def test_a_typed_time_kept_in_an_unknown_shape_changes_nothing_not_a_crash(
    bot: BotHarness,
) -> None:
    _, follow_up_id, message = await _nudge(bot)
    (choices,) = _edits(await bot.press(ANA, message, "Remind me later"))
    await bot.tap(ANA, choices.data_for("Type a time"), message_id=message.message_id)
    due = (await get_row(bot.db, follow_up_id)).due_at
    bot.application.user_data[ANA.id]["later_follow_up_id"] = str(follow_up_id)

    reply = await bot.say(ANA, "Friday 16:30")

    assert "nothing changed" in reply.text
    assert (await get_row(bot.db, follow_up_id)).due_at == due


async def test_a_sticker_while_a_point_is_asked_keeps_that_question_open(
    bot: BotHarness,
) -> None:
    quiet = InterviewerInput(name="Nina Shah", title="Talent Partner", topics="went well i think")
    seeded, follow_up_id, message = await _nudge(bot, interviewers=(quiet,))
    await bot.press(ANA, message, "Add what you discussed")

    await bot.process(updates.sticker_update(ANA))
    assert "not a sticker" in bot.api.last_message.text
    await bot.send(ANA, "their graduate hiring programme")

    # Read as the point it was asked for, not as the user's own version of the whole note.
    assert (await get_row(bot.db, follow_up_id)).edited_text is None
    async with bot.db() as session:
        person = await session.get(Interviewer, seeded.interviewer_ids[0])
        assert person is not None
        assert person.topics == "went well i think\ntheir graduate hiring programme"


async def test_an_edit_and_a_typed_time_survive_a_restart_in_the_middle(
    bot: BotHarness,
) -> None:
    _, follow_up_id, message = await _nudge(bot)
    await bot.press(ANA, message, "Edit")
    await bot.restart()
    await bot.send(ANA, "Thank you, Bo.")
    assert (await get_row(bot.db, follow_up_id)).edited_text == "Thank you, Bo."

    _, other_id, other = await _nudge(bot)
    (choices,) = _edits(await bot.press(ANA, other, "Remind me later"))
    await bot.tap(ANA, choices.data_for("Type a time"), message_id=other.message_id)
    due = (await get_row(bot.db, other_id)).due_at
    await bot.restart()
    reply = await bot.say(ANA, "Friday 16:30")
    assert "nothing changed" not in reply.text
    assert (await get_row(bot.db, other_id)).due_at != due
