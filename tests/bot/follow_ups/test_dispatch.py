"""The dispatcher through the real application: what arrives, when, and what errors do."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.error import NetworkError
from telegram.ext import CallbackContext
from telegram.request import RequestData

from bot.app import build_application
from bot.domain.time import timing
from bot.follow_ups import dispatch
from bot.follow_ups.messages import MESSAGE_LIMIT
from bot.runtime import lifecycle
from bot.runtime.pipeline import pipeline_of
from bot.ui.context import BotData
from storage import applications, claims, follow_ups, users
from storage.db import create_engine, create_sessionmaker, is_sqlite
from storage.interviews import InterviewerInput
from storage.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    JobApplication,
    User,
)
from tests.support import updates
from tests.support.dispatch_worker import follow_up_id as sent_follow_up
from tests.support.fake_bot_api import FakeBotApi
from tests.support.follow_up_data import (
    NOW,
    add_follow_up,
    all_rows,
    get_row,
    seed_interview,
)
from tests.support.harness import BotHarness

LEASE = dt.timedelta(seconds=120)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url, dispatch_lease_seconds=LEASE.total_seconds()).start()
    harness.now = NOW
    yield harness
    await harness.stop()


@pytest.fixture
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns (an error under our filterwarnings) when building RetryAfter unless
    # the timedelta form is chosen; the dispatcher reads either form.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def test_a_thank_you_arrives_with_its_buttons_and_a_copy_block(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.claimed, report.sent) == (1, 1)
    (message,) = bot.api.messages
    assert int(message.params["chat_id"]) == seeded.user_id
    assert "Bo Smith" in message.text
    assert "Engineering Manager" in message.text
    assert "<code>bo@acme.example</code>" in message.text
    assert "Subject: <code>" in message.text
    assert (
        "<pre>Dear Bo," in message.text
        or "<pre>Hi Bo," in message.text
        or "<pre>Hello Bo," in (message.text)
    )
    assert "on-call" in message.text
    assert message.button_labels == [
        "✅ Sent it",
        "✏️ Edit",
        "⏰ Remind me later",
        "Skip",
        "🔄 Another version",
    ]
    assert message.data_for("Sent it") == f"fu:v1:done:{follow_up_id}"
    assert "late" not in message.text
    row = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.SENT
    assert row.sent_message_id == message.message_id
    assert row.claimed_by is None


async def test_sending_a_thank_you_schedules_its_one_chase(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)

    await dispatch.dispatch_due(bot.application, now=NOW)

    chases = [row for row in await all_rows(bot.db) if row.kind == FollowUpKind.THANK_YOU_CHASE]
    assert len(chases) == 1
    assert chases[0].interviewer_id == seeded.interviewer_ids[0]
    assert chases[0].status == FollowUpStatus.PENDING
    assert chases[0].due_at == timing.chase_due(sent_at=NOW, tz="Europe/Berlin", nudge_hour=9)
    assert follow_up_id != chases[0].id


async def test_an_untapped_thank_you_is_chased_once(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    await add_follow_up(bot.db, seeded)
    await dispatch.dispatch_due(bot.application, now=NOW)
    chase_at = timing.chase_due(sent_at=NOW, tz="Europe/Berlin", nudge_hour=9)

    assert (await dispatch.dispatch_due(bot.application, now=chase_at - dt.timedelta(1))).sent == 0
    assert (await dispatch.dispatch_due(bot.application, now=chase_at)).sent == 1
    for days in (1, 3, 10):
        later = chase_at + dt.timedelta(days=days)
        assert (await dispatch.dispatch_due(bot.application, now=later)).claimed == 0

    first, chase = bot.api.messages
    assert "gentle reminder" in chase.text
    assert "Bo Smith" in chase.text
    assert "<pre>" in chase.text
    assert chase.button_labels == first.button_labels
    assert len(await all_rows(bot.db)) == 2


async def test_a_late_thank_you_says_it_is_still_worth_sending(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db, held_at=NOW - dt.timedelta(days=3))
    await add_follow_up(bot.db, seeded)

    await dispatch.dispatch_due(bot.application, now=NOW)

    text = bot.api.last_message.text
    assert "still well worth sending" in text
    assert "sorry" not in text.lower()


async def test_a_missing_contact_is_pointed_out_with_where_to_find_it(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db, interviewers=[InterviewerInput(name="Cy Young")])
    await add_follow_up(bot.db, seeded)

    await dispatch.dispatch_due(bot.application, now=NOW)

    text = bot.api.last_message.text
    assert "don't have Cy's email" in text
    for where in ("recruiter", "company site", "LinkedIn"):
        assert where in text


async def test_user_text_is_html_escaped(bot: BotHarness) -> None:
    seeded = await seed_interview(
        bot.db,
        company="<b>Acme</b> & Co",
        interviewers=[
            InterviewerInput(name="Bo <i>Smith</i>", contact="a&b@x.example", topics="R&D <tags>")
        ],
    )
    await add_follow_up(bot.db, seeded)
    await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)

    await dispatch.dispatch_due(bot.application, now=NOW)

    for message in bot.api.messages:
        assert "<b>Acme</b>" not in message.text
        assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in message.text
        assert "<i>Smith</i>" not in message.text
        assert "Bo &lt;i&gt;Smith&lt;/i&gt;" in message.text
    assert "a&amp;b@x.example" in bot.api.messages[0].text


async def test_nothing_is_sent_before_it_is_due(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded, due_at=NOW + dt.timedelta(minutes=5))

    assert (await dispatch.dispatch_due(bot.application, now=NOW)).claimed == 0
    assert bot.api.messages == []
    assert (await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(minutes=5))).sent
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SENT


async def test_the_dispatcher_reads_the_application_clock(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    await add_follow_up(bot.db, seeded, due_at=NOW + dt.timedelta(hours=1))

    assert (await dispatch.dispatch_due(bot.application)).claimed == 0
    bot.now = NOW + dt.timedelta(hours=1)
    assert (await dispatch.dispatch_due(bot.application)).sent == 1


async def test_the_call_nudge_carries_the_script_voicemail_and_outcome_buttons(
    bot: BotHarness,
) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)

    await dispatch.dispatch_due(bot.application, now=NOW)

    message = bot.api.last_message
    assert "follow-up call" in message.text
    assert message.text.count("\n• ") == 4
    assert "voicemail" in message.text
    assert "<pre>Hello Bo, this is Ana." in message.text
    assert "<code>bo@acme.example</code>" in message.text
    assert message.button_labels == [
        "📞 Called",
        "No answer",
        "💤 Snooze",
        "✏️ Edit the script",
        "➡️ Next round",
        "🎉 Offer",
        "Rejected",
    ]
    # Next round asks first whether it happened or is scheduled (bot/follow_ups/buttons.py).
    assert message.data_for("Next round") == f"fu:v1:next:{follow_up_id}"
    assert message.data_for("Offer") == f"fu:v1:offer:{follow_up_id}"
    # A call is never chased.
    assert len(await all_rows(bot.db)) == 1


async def test_the_users_edited_text_replaces_the_draft(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    async with bot.db.begin() as session:
        assert await follow_ups.set_edited_text(
            session,
            follow_up_id=follow_up_id,
            user_id=seeded.user_id,
            text="Thanks, Bo & all!",
            now=NOW,
        )

    await dispatch.dispatch_due(bot.application, now=NOW)

    text = bot.api.last_message.text
    assert "<pre>Thanks, Bo &amp; all!</pre>" in text
    assert "Dear Bo" not in text


async def test_every_message_fits_telegrams_limit(bot: BotHarness) -> None:
    seeded = await seed_interview(
        bot.db,
        interviewers=[InterviewerInput(name="Bo", topics="; ".join(["x" * 70] * 40))],
        pitch="& " * 3000,
    )
    follow_up_id = await add_follow_up(bot.db, seeded)
    edited_id = await add_follow_up(bot.db, seeded, FollowUpKind.EMAIL)
    async with bot.db.begin() as session:
        await follow_ups.set_edited_text(
            session, follow_up_id=edited_id, user_id=seeded.user_id, text="&" * 3000, now=NOW
        )

    await dispatch.dispatch_due(bot.application, now=NOW)

    assert len(bot.api.messages) == 2
    for message in bot.api.messages:
        assert len(message.text) <= MESSAGE_LIMIT
        assert message.text.endswith("</pre>") or "💡" in message.text
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SENT


@pytest.mark.usefixtures("_ptb_timedelta")
async def test_flood_control_puts_the_row_back_for_after_the_wait(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 40", retry_after=40)

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.claimed, report.sent, report.retried) == (1, 0, 1)
    row = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.PENDING
    assert row.due_at == NOW + dt.timedelta(seconds=40)
    assert row.attempts == 0  # a flood wait does not count against the row
    assert (await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(30))).claimed == 1
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SENT


@pytest.mark.usefixtures("_ptb_timedelta")
async def test_flood_control_holds_the_same_chat_without_asking_again(bot: BotHarness) -> None:
    seeded = await seed_interview(
        bot.db, interviewers=[InterviewerInput(name="Bo"), InterviewerInput(name="Cy")]
    )
    first = await add_follow_up(bot.db, seeded, interviewer=0)
    second = await add_follow_up(bot.db, seeded, interviewer=1)
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)

    await dispatch.dispatch_due(bot.application, now=NOW)

    assert len(bot.api.of("sendMessage")) == 1
    for follow_up_id in (first, second):
        row = await get_row(bot.db, follow_up_id)
        assert (row.status, row.due_at) == (FollowUpStatus.PENDING, NOW + dt.timedelta(seconds=5))
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(seconds=5))
    assert len(bot.api.messages) == 3


async def test_a_blocked_bot_pauses_the_user_and_start_resumes(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    due_now = await add_follow_up(bot.db, seeded)
    later = await add_follow_up(
        bot.db, seeded, FollowUpKind.CALL, interviewer=None, due_at=NOW + dt.timedelta(days=20)
    )
    other = await seed_interview(bot.db, user_id=2002)
    others = await add_follow_up(bot.db, other)
    bot.api.blocked_chats.add(seeded.user_id)

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.sent, report.paused) == (1, 2)
    assert (await get_row(bot.db, due_now)).status == FollowUpStatus.PAUSED
    assert (await get_row(bot.db, later)).status == FollowUpStatus.PAUSED
    assert (await get_row(bot.db, others)).status == FollowUpStatus.SENT
    async with bot.db() as session:
        user = await session.get(User, seeded.user_id)
        assert user is not None
        assert not user.active

    # No retry loop: nothing is tried again while the user is away.
    def to_blocked_user() -> int:
        return sum(1 for call in bot.api.messages if int(call.params["chat_id"]) == seeded.user_id)

    tried = to_blocked_user()
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(days=30))
    assert to_blocked_user() == tried

    bot.api.blocked_chats.clear()
    back = NOW + dt.timedelta(days=2)
    async with bot.db.begin() as session:
        assert await users.reactivate(session, user_id=seeded.user_id, now=back) == 2
    assert (await dispatch.dispatch_due(bot.application, now=back)).sent == 1
    assert (await get_row(bot.db, due_now)).status == FollowUpStatus.SENT
    assert (await get_row(bot.db, later)).status == FollowUpStatus.PENDING


async def test_an_inactive_users_due_rows_are_paused_not_sent(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    async with bot.db.begin() as session:
        await session.execute(update(User).values(active=False))

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.claimed, report.paused, report.sent) == (1, 1, 0)
    assert bot.api.messages == []
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.PAUSED


async def test_rows_of_a_closed_application_are_cancelled_not_sent(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    async with bot.db.begin() as session:
        await session.execute(update(JobApplication).values(status=ApplicationStatus.WITHDRAWN))

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.cancelled, report.sent) == (1, 0)
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.CANCELLED


async def test_network_errors_never_end_a_follow_up_and_the_backoff_is_capped(
    bot: BotHarness,
) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    tries = 8
    for _ in range(tries):
        bot.api.fail_next("sendMessage", 502, "Bad Gateway")

    now = NOW
    delays = []
    for _ in range(tries):
        assert (await dispatch.dispatch_due(bot.application, now=now)).retried == 1
        row = await get_row(bot.db, follow_up_id)
        assert row.status == FollowUpStatus.PENDING
        assert row.last_error is not None
        assert "Bad Gateway" in row.last_error
        assert row.waiting_since == NOW  # when it was due, kept while it waits
        delays.append(row.due_at - now)
        now = row.due_at
    cap = dt.timedelta(seconds=bot.settings.dispatch_retry_max_seconds)
    assert cap <= dt.timedelta(minutes=3)
    assert delays == [min(dt.timedelta(seconds=30 * 2**n), cap) for n in range(tries)]

    assert (await dispatch.dispatch_due(bot.application, now=now)).sent == 1
    row = await get_row(bot.db, follow_up_id)
    assert (row.status, row.waiting_since) == (FollowUpStatus.SENT, None)


class UnreachableBotApi(FakeBotApi):
    """Refuses every connection while `down`, as httpx reports a Telegram out of reach."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.refused = 0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if self.down:
            self.refused += 1
            raise NetworkError("httpx.ConnectError: All connection attempts failed")
        return await super().do_request(url, method, request_data, **kwargs)


async def test_telegram_out_of_reach_holds_the_run_and_its_return_brings_all_forward(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=dispatch.__name__)
    api = UnreachableBotApi()
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    try:
        expected = await _rows_for_chats(bot, chats=6, per_chat=1)
        ids = [i for chat_ids in expected.values() for i in chat_ids]
        api.down = True

        first = await dispatch.dispatch_due(bot.application, now=NOW)

        # One try found Telegram out of reach; the others were not tried, and all wait.
        assert (api.refused, first.sent, first.retried, first.failed) == (1, 0, 6, 0)
        rows = [await get_row(bot.db, i) for i in ids]
        assert {row.status for row in rows} == {FollowUpStatus.PENDING}
        assert all(row.waiting_since is not None and row.due_at > NOW for row in rows)
        assert caplog.text.count("Telegram cannot be reached") == 1

        # Each run tries the one waiting longest, whatever the backoff: one try, no more.
        probe = await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(seconds=5))
        assert (api.refused, probe.claimed, probe.sent) == (2, 1, 0)
        assert caplog.text.count("Telegram cannot be reached") == 1

        api.down = False
        back = await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(seconds=10))

        # The first delivery brought every other waiting follow-up forward: all sent now.
        assert (back.sent, back.brought_forward) == (6, 5)
        assert sorted(sent_follow_up(message) for message in api.messages) == sorted(ids)
        assert {(await get_row(bot.db, i)).status for i in ids} == {FollowUpStatus.SENT}
        assert "Telegram answers again" in caplog.text
    finally:
        await bot.stop()


async def test_a_follow_up_delivered_over_an_hour_late_says_when_it_was_due(
    database_url: str,
) -> None:
    api = UnreachableBotApi()
    bot = await _harness(database_url, api)
    try:
        # Due Monday 23 Nov, 09:00 in Berlin; Telegram out of reach until Wednesday.
        monday_nine = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
        late = await seed_interview(bot.db, held_at=monday_nine - dt.timedelta(hours=20))
        late_id = await add_follow_up(
            bot.db, late, FollowUpKind.CALL, interviewer=None, due_at=monday_nine
        )
        soon = await seed_interview(bot.db, user_id=1002)
        soon_id = await add_follow_up(
            bot.db, soon, FollowUpKind.CALL, interviewer=None, due_at=NOW - dt.timedelta(minutes=30)
        )
        api.down = True
        await dispatch.dispatch_due(bot.application, now=monday_nine)
        await dispatch.dispatch_due(bot.application, now=NOW - dt.timedelta(minutes=30))
        api.down = False

        await dispatch.dispatch_due(bot.application, now=NOW)

        by_row = {sent_follow_up(message): message.text for message in api.messages}
        assert by_row[late_id].startswith(
            "<i>This was due Monday 09:00; Telegram could not be reached then.</i>\n\n"
        )
        assert "could not be reached" not in by_row[soon_id]  # 30 minutes late: not said
        assert (await get_row(bot.db, late_id)).status == FollowUpStatus.SENT
    finally:
        await bot.stop()


async def test_a_network_error_then_success_sends_once(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    bot.api.fail_next("sendMessage", 502, "Bad Gateway")

    await dispatch.dispatch_due(bot.application, now=NOW)
    await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(seconds=30))

    assert len([call for call in bot.api.messages if call.result]) == 1
    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.SENT


async def test_a_message_telegram_refuses_is_marked_failed_at_once(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    bot.api.fail_next("sendMessage", 400, "Bad Request: chat not found")

    assert (await dispatch.dispatch_due(bot.application, now=NOW)).failed == 1
    row = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.FAILED
    assert row.last_error is not None
    assert "chat not found" in row.last_error.lower()


async def test_a_chat_not_found_waits_for_the_user_and_any_message_offers_it_again(
    bot: BotHarness,
) -> None:
    seeded = await seed_interview(bot.db)
    due_now = await add_follow_up(bot.db, seeded)
    later = await add_follow_up(
        bot.db, seeded, FollowUpKind.CALL, interviewer=None, due_at=NOW + dt.timedelta(days=20)
    )
    bot.api.fail_next("sendMessage", 400, "Bad Request: chat not found")

    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert (report.failed, report.paused) == (1, 1)
    assert (await get_row(bot.db, due_now)).status == FollowUpStatus.FAILED
    assert (await get_row(bot.db, later)).status == FollowUpStatus.PAUSED
    assert (
        await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(days=30))
    ).claimed == 0

    back = NOW + dt.timedelta(days=2)
    bot.now = back
    await bot.send(updates.person(seeded.user_id), "hello again")

    resumed = await get_row(bot.db, due_now)
    assert (resumed.status, resumed.due_at) == (FollowUpStatus.PENDING, back)
    assert (await get_row(bot.db, later)).status == FollowUpStatus.PENDING
    async with bot.db() as session:
        user = await session.get(User, seeded.user_id)
        assert user is not None
        assert user.active
    assert (await dispatch.dispatch_due(bot.application, now=back)).sent == 1
    assert (await get_row(bot.db, due_now)).status == FollowUpStatus.SENT


async def test_follow_ups_failed_with_chat_not_found_are_offered_again_on_start(
    bot: BotHarness,
) -> None:
    """Rows failed that way before the user was paused for it (as the dispatcher did)."""
    seeded = await seed_interview(bot.db)
    failed = await add_follow_up(bot.db, seeded)
    refused = await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)
    async with bot.db.begin() as session:
        for follow_up_id, error in (
            (failed, "BadRequest: Chat not found"),
            (refused, "BadRequest: Message is too long"),
        ):
            await session.execute(
                update(FollowUp)
                .where(FollowUp.id == follow_up_id)
                .values(status=FollowUpStatus.FAILED, last_error=error)
            )

    calls = await bot.send(updates.person(seeded.user_id), "/start")

    assert "I resumed 1 paused follow-up." in calls[-1].text
    assert (await get_row(bot.db, failed)).status == FollowUpStatus.PENDING
    assert (await get_row(bot.db, refused)).status == FollowUpStatus.FAILED


async def test_a_blocked_user_is_back_with_any_message_not_only_start(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    bot.api.blocked_chats.add(seeded.user_id)
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).paused == 1
    bot.api.blocked_chats.clear()

    await bot.send(updates.person(seeded.user_id), "/list")

    assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.PENDING
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1


async def test_a_dispatcher_that_died_after_claiming_is_replaced_when_the_lease_ends(
    bot: BotHarness,
) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    async with bot.db.begin() as session:
        claimed = await claims.claim_due(
            session, worker="dead-process", now=NOW, lease=LEASE, limit=10
        )
    assert claimed == [follow_up_id]

    before_expiry = NOW + LEASE - dt.timedelta(seconds=1)
    assert (await dispatch.dispatch_due(bot.application, now=before_expiry)).claimed == 0
    assert bot.api.messages == []

    after_expiry = NOW + LEASE + dt.timedelta(seconds=1)
    assert (await dispatch.dispatch_due(bot.application, now=after_expiry)).sent == 1
    assert (await dispatch.dispatch_due(bot.application, now=after_expiry)).claimed == 0
    assert len(bot.api.messages) == 1
    row = await get_row(bot.db, follow_up_id)
    assert row.status == FollowUpStatus.SENT
    # The dead process cannot record a send of its own over the new one.
    async with bot.db.begin() as session:
        assert not await claims.mark_sent_many(
            session,
            worker="dead-process",
            deliveries=[claims.Delivery(follow_up_id=follow_up_id, message_id=1, sent_at=NOW)],
        )


async def test_shutdown_gives_this_process_claims_back(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded)
    async with bot.db.begin() as session:
        await claims.claim_due(
            session, worker=bot.bot_data.worker_id, now=NOW, lease=LEASE, limit=10
        )

    assert await dispatch.release_claims(bot.application) == 1

    row = await get_row(bot.db, follow_up_id)
    assert (row.status, row.claimed_by, row.due_at) == (FollowUpStatus.PENDING, None, NOW)
    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1


async def test_a_claim_narrowed_to_some_kinds_leaves_the_others_pending(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    note = await add_follow_up(bot.db, seeded)
    call = await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)

    async with bot.db.begin() as session:
        claimed = await claims.claim_due(
            session, worker="w", now=NOW, lease=LEASE, limit=10, kinds=[FollowUpKind.CALL]
        )

    assert claimed == [call]
    assert (await get_row(bot.db, note)).status == FollowUpStatus.PENDING


async def test_a_backlog_is_sent_in_bounded_batches(database_url: str) -> None:
    bot = await BotHarness(database_url, dispatch_batch_size=3).start()
    try:
        seeded = await seed_interview(bot.db)
        for _ in range(3 * dispatch.MAX_BATCHES_PER_RUN + 2):
            await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)

        first = await dispatch.dispatch_due(bot.application, now=NOW)
        second = await dispatch.dispatch_due(bot.application, now=NOW)

        assert first.sent == 3 * dispatch.MAX_BATCHES_PER_RUN
        assert second.sent == 2
    finally:
        await bot.stop()


async def test_one_repeating_job_dispatches_with_the_application_clock(database_url: str) -> None:
    bot = BotHarness(database_url)
    application = build_application(
        bot.settings, request=FakeBotApi(), rate_limit=False, run_dispatcher=True
    )
    application.bot_data.clock = lambda: NOW
    await application.initialize()
    try:
        assert application.job_queue is not None
        # The hourly prune of handled update ids is the only other job.
        (job,) = [job for job in application.job_queue.jobs() if job.name != "_prune_job"]
        assert job.name == dispatch.JOB_NAME
        assert job.trigger.interval == dt.timedelta(seconds=bot.settings.dispatch_interval_seconds)
        seeded = await seed_interview(application.bot_data.db)
        follow_up_id = await add_follow_up(application.bot_data.db, seeded)

        await job.callback(CallbackContext.from_job(job, application))

        assert (await get_row(application.bot_data.db, follow_up_id)).status == FollowUpStatus.SENT
    finally:
        await lifecycle.shutdown(application)


class SlowBotApi(FakeBotApi):
    """Answers sendMessage after a pause, counting messages in flight overall and per chat.

    `before_send(n)` runs as the n-th sendMessage (from 1) arrives, before it is answered.
    """

    def __init__(
        self, delay: float, before_send: Callable[[int], Awaitable[None]] | None = None
    ) -> None:
        super().__init__()
        self.delay = delay
        self.before_send = before_send
        self.arrived = 0
        self.arriving_chat = 0  # the chat of the n-th, while before_send(n) runs
        self.in_flight: Counter[int] = Counter()
        self.most_in_flight = 0
        self.most_in_flight_per_chat = 0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if not url.endswith("/sendMessage") or request_data is None:
            return await super().do_request(url, method, request_data, **kwargs)
        chat = int(request_data.parameters["chat_id"])
        self.arrived += 1
        self.arriving_chat = chat
        self.in_flight[chat] += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight.total())
        self.most_in_flight_per_chat = max(self.most_in_flight_per_chat, self.in_flight[chat])
        try:
            if self.before_send is not None:
                await self.before_send(self.arrived)
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight[chat] -= 1
        return await super().do_request(url, method, request_data, **kwargs)


async def _harness(database_url: str, api: FakeBotApi, **settings: Any) -> BotHarness:
    bot = BotHarness(database_url, **settings)
    bot.api = api
    await bot.start()
    bot.now = NOW
    return bot


async def _rows_for_chats(bot: BotHarness, chats: int, per_chat: int) -> dict[int, list[int]]:
    """`per_chat` due thank-yous for each of `chats` users, due one minute apart."""
    people = [InterviewerInput(name=f"Person {n}") for n in range(per_chat)]
    rows: dict[int, list[int]] = {}
    for chat in range(chats):
        seeded = await seed_interview(bot.db, user_id=5001 + chat, interviewers=people)
        rows[seeded.user_id] = [
            await add_follow_up(
                bot.db, seeded, interviewer=n, due_at=NOW - dt.timedelta(minutes=per_chat - n)
            )
            for n in range(per_chat)
        ]
    return rows


async def test_chats_are_sent_to_in_parallel_and_each_chats_messages_in_order(
    database_url: str,
) -> None:
    # Telegram's quickest round trip: between two sends a worker records the first and reads
    # the next row again (two database round trips), which on a busy machine can outlast
    # a 20-ms send and leave the workers never all in flight at once.
    api = SlowBotApi(delay=0.05)
    bot = await _harness(database_url, api, dispatch_concurrency=3, dispatch_batch_size=4)
    try:
        expected = await _rows_for_chats(bot, chats=5, per_chat=3)

        report = await dispatch.dispatch_due(bot.application, now=NOW)

        assert report.sent == 15
        assert api.most_in_flight == 3
        assert api.most_in_flight_per_chat == 1
        for chat, ids in expected.items():
            to_chat = [m for m in api.messages if int(m.params["chat_id"]) == chat]
            assert [sent_follow_up(message) for message in to_chat] == ids
        rows = {row.id: row for row in await all_rows(bot.db)}
        assert all(rows[i].status == FollowUpStatus.SENT for ids in expected.values() for i in ids)
    finally:
        await bot.stop()


async def test_a_claim_lost_while_its_message_is_sent_is_not_overwritten(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    taken_id = 0

    async def another_process_takes_a_row(arrived: int) -> None:
        # As if the lease ran out and another dispatcher claimed the row while its message
        # was on its way: the second to go out (one per chat; the chats in any order).
        nonlocal taken_id
        if arrived == 2:
            (taken_id,) = expected[api.arriving_chat]
            async with bot.db.begin() as session:
                await session.execute(
                    update(FollowUp).where(FollowUp.id == taken_id).values(claimed_by="other")
                )

    api = SlowBotApi(0.0, another_process_takes_a_row)
    bot = await _harness(database_url, api)
    try:
        expected = await _rows_for_chats(bot, chats=3, per_chat=1)

        report = await dispatch.dispatch_due(bot.application, now=NOW)

        assert (report.claimed, report.sent) == (3, 3)
        first, last = (ids[0] for ids in expected.values() if ids[0] != taken_id)
        taken = await get_row(bot.db, taken_id)
        assert (taken.status, taken.claimed_by) == (FollowUpStatus.SENDING, "other")
        assert (taken.sent_message_id, taken.sent_at) == (None, None)
        assert f"Follow-up {taken_id} was sent but its claim had been lost" in caplog.text
        for follow_up_id in (first, last):
            row = await get_row(bot.db, follow_up_id)
            assert (row.status, row.claimed_by) == (FollowUpStatus.SENT, None)
            assert row.sent_message_id is not None
        # Chases only for the rows recorded here; the other process chases its own.
        chased = {
            row.user_id
            for row in await all_rows(bot.db)
            if row.kind == FollowUpKind.THANK_YOU_CHASE
        }
        assert chased == {(await get_row(bot.db, i)).user_id for i in (first, last)}
    finally:
        await bot.stop()


async def test_no_more_than_the_concurrency_is_ever_sent_and_not_yet_recorded(
    database_url: str,
) -> None:
    """What a kill -9 would send twice: messages Telegram has and the database does not."""
    unrecorded: list[int] = []

    async def count_unrecorded(arrived: int) -> None:
        # This message reached Telegram; any earlier one not yet marked sent would go out
        # again after a crash now.
        async with bot.db() as session:
            recorded = await session.scalar(
                select(func.count())
                .select_from(FollowUp)
                .where(FollowUp.status == FollowUpStatus.SENT)
            )
        unrecorded.append(arrived - int(recorded or 0))

    api = SlowBotApi(delay=0.02, before_send=count_unrecorded)
    bot = await _harness(database_url, api, dispatch_concurrency=3, dispatch_batch_size=4)
    try:
        expected = await _rows_for_chats(bot, chats=6, per_chat=5)

        report = await dispatch.dispatch_due(bot.application, now=NOW)

        assert report.sent == len(unrecorded) == 30
        assert 0 < max(unrecorded) <= 3, unrecorded
        rows = {row.id: row for row in await all_rows(bot.db)}
        assert all(rows[i].status == FollowUpStatus.SENT for ids in expected.values() for i in ids)
    finally:
        await bot.stop()


async def test_a_delivery_is_recorded_before_the_next_message_goes(database_url: str) -> None:
    recorded_before: list[FollowUpStatus] = []

    async def look_at_the_previous_row(arrived: int) -> None:
        if arrived > 1:
            recorded_before.append((await get_row(bot.db, ids[arrived - 2])).status)

    api = SlowBotApi(delay=0.01, before_send=look_at_the_previous_row)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    try:
        (ids,) = (await _rows_for_chats(bot, chats=1, per_chat=6)).values()

        await dispatch.dispatch_due(bot.application, now=NOW)

        # A crash while any message is on its way would send none of the earlier ones again.
        assert recorded_before == [FollowUpStatus.SENT] * 5
    finally:
        await bot.stop()


async def test_stopping_ends_the_run_after_the_messages_in_flight(database_url: str) -> None:
    async def stop_when_both_workers_send(arrived: int) -> None:
        if arrived == 2:
            bot.bot_data.stopping = True

    api = SlowBotApi(delay=0.02, before_send=stop_when_both_workers_send)
    bot = await _harness(database_url, api, dispatch_concurrency=2)
    try:
        expected = await _rows_for_chats(bot, chats=5, per_chat=2)

        report = await dispatch.dispatch_due(bot.application, now=NOW)

        assert report.sent == len(api.messages) == 2  # the two in flight, one per worker
        rows = [row for row in await all_rows(bot.db) if row.kind == FollowUpKind.THANK_YOU]
        sent = {sent_follow_up(message) for message in api.messages}
        assert {row.id for row in rows if row.status == FollowUpStatus.SENT} == sent
        left = [row for row in rows if row.id not in sent]
        assert {(row.status, row.claimed_by) for row in left} == {
            (FollowUpStatus.SENDING, bot.bot_data.worker_id)
        }
        assert await dispatch.release_claims(bot.application) == len(left) == 8
        assert sum(len(ids) for ids in expected.values()) == 10
    finally:
        await bot.stop()


async def test_the_dispatchers_transactions_take_turns_with_the_updates(
    database_url: str,
) -> None:
    """On SQLite one transaction at a time: an update's turn holds the dispatcher's records."""
    api = SlowBotApi(delay=0.0)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    try:
        (ids,) = (await _rows_for_chats(bot, chats=1, per_chat=3)).values()
        pipeline = pipeline_of(bot.application)
        # Every turn taken (build_application gives 1 on SQLite, 10 on PostgreSQL), as by
        # updates in the middle of their transactions.
        at_once = 1 if is_sqlite(bot.settings.database_url) else 10
        turns = [pipeline.transaction_turn() for _ in range(at_once)]
        for turn in turns:
            await turn.__aenter__()
        run = asyncio.create_task(dispatch.dispatch_due(bot.application, now=NOW))
        await asyncio.sleep(0.3)
        # Not even a claim while the updates hold every turn.
        assert (api.arrived, run.done()) == (0, False)
        for turn in turns:
            await turn.__aexit__(None, None, None)

        report = await asyncio.wait_for(run, 10)

        assert report.sent == api.arrived == 3
        assert {(await get_row(bot.db, i)).status for i in ids} == {FollowUpStatus.SENT}
    finally:
        await bot.stop()


async def test_an_offer_tapped_between_claim_and_send_stops_the_nudge(database_url: str) -> None:
    async def tap_offer_on_the_second(arrived: int) -> None:
        # The first nudge is on its way; the second is claimed, loaded, waiting its turn.
        if arrived == 1:
            async with bot.db.begin() as session:
                await applications.close(
                    session,
                    user_id=second.user_id,
                    application_id=second.application_id,
                    status=ApplicationStatus.OFFER,
                    now=NOW,
                )

    api = SlowBotApi(0.0, tap_offer_on_the_second)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    try:
        first = await seed_interview(bot.db, user_id=5001)
        second = await seed_interview(bot.db, user_id=5002)
        first_call = await add_follow_up(
            bot.db, first, FollowUpKind.CALL, interviewer=None, due_at=NOW - dt.timedelta(1)
        )
        second_call = await add_follow_up(bot.db, second, FollowUpKind.CALL, interviewer=None)

        report = await dispatch.dispatch_due(bot.application, now=NOW)

        assert (report.claimed, report.sent, report.skipped) == (2, 1, 1)
        assert [sent_follow_up(message) for message in api.messages] == [first_call]
        row = await get_row(bot.db, second_call)
        assert (row.status, row.claimed_by, row.sent_at) == (FollowUpStatus.CANCELLED, None, None)
    finally:
        await bot.stop()


async def test_a_draft_edited_between_claim_and_send_goes_out_as_edited(
    database_url: str,
) -> None:
    async def edit_the_second(arrived: int) -> None:
        if arrived == 1:
            async with bot.db.begin() as session:
                assert await follow_ups.set_edited_text(
                    session,
                    follow_up_id=second_note,
                    user_id=second.user_id,
                    text="My own words, Bo.",
                    now=NOW,
                )

    api = SlowBotApi(0.0, edit_the_second)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    try:
        first = await seed_interview(bot.db, user_id=5001)
        second = await seed_interview(bot.db, user_id=5002)
        await add_follow_up(bot.db, first, due_at=NOW - dt.timedelta(1))
        second_note = await add_follow_up(bot.db, second)

        first_run = await dispatch.dispatch_due(bot.application, now=NOW)
        # Given back untouched, due as it was: the next claim loads it as edited.
        assert (first_run.sent, first_run.skipped) == (1, 1)
        assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 1

        assert len(api.messages) == 2
        assert "<pre>My own words, Bo.</pre>" in api.messages[-1].text
        assert (await get_row(bot.db, second_note)).status == FollowUpStatus.SENT
    finally:
        await bot.stop()


# A database server that is not there (connection refused), whatever the test's backend.
UNREACHABLE_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:9/followup_test"


def _connect(application: Any, engine: AsyncEngine) -> None:
    """Point the running bot's dispatcher at `engine` (its pipeline keeps its own)."""
    bot_data: BotData = application.bot_data
    bot_data.configure(
        settings=bot_data.settings,
        engine=engine,
        sessions=create_sessionmaker(engine),
        worker_id=bot_data.worker_id,
    )


async def test_a_database_outage_is_logged_once_and_its_end_once_without_tracebacks(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot = BotHarness(database_url)
    application = build_application(
        bot.settings, request=FakeBotApi(), rate_limit=False, run_dispatcher=True
    )
    application.bot_data.clock = lambda: NOW
    await application.initialize()
    good_engine = application.bot_data.engine
    unreachable = create_engine(UNREACHABLE_DATABASE)
    try:
        assert application.job_queue is not None
        (job,) = application.job_queue.get_jobs_by_name(dispatch.JOB_NAME)
        seeded = await seed_interview(application.bot_data.db)
        follow_up_id = await add_follow_up(application.bot_data.db, seeded)
        _connect(application, unreachable)

        for _ in range(4):
            await job.run(application)

        down = [r for r in caplog.records if "cannot reach the database" in r.getMessage()]
        assert [r.levelno for r in down] == [logging.WARNING]
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert "Traceback" not in caplog.text
        assert "[SQL:" not in caplog.text

        _connect(application, good_engine)
        await job.run(application)
        await job.run(application)

        assert caplog.text.count("reaches the database again") == 1
        row = await get_row(application.bot_data.db, follow_up_id)
        assert row.status == FollowUpStatus.SENT
    finally:
        await unreachable.dispose()
        await lifecycle.shutdown(application)


async def test_sends_the_database_could_not_record_are_recorded_after_it_returns(
    database_url: str,
) -> None:
    """Not sent a second time once the lease runs out: the next run writes them first."""

    async def database_goes_down(arrived: int) -> None:
        if arrived == 1:
            _connect(bot.application, unreachable)

    api = SlowBotApi(0.0, database_goes_down)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    good_engine = bot.bot_data.engine
    unreachable = create_engine(UNREACHABLE_DATABASE)
    try:
        (ids,) = (await _rows_for_chats(bot, chats=1, per_chat=2)).values()

        with pytest.raises(ConnectionRefusedError):
            await dispatch.dispatch_due(bot.application, now=NOW)
        assert len(api.messages) == 1
        _connect(bot.application, good_engine)
        after_lease = NOW + LEASE + dt.timedelta(seconds=1)

        report = await dispatch.dispatch_due(bot.application, now=after_lease)

        assert [sent_follow_up(message) for message in api.messages] == ids
        assert report.sent == 1
        assert {(await get_row(bot.db, i)).status for i in ids} == {FollowUpStatus.SENT}
    finally:
        await unreachable.dispose()
        await bot.stop()


async def test_shutdown_records_unrecorded_sends_before_it_gives_claims_back(
    database_url: str,
) -> None:
    async def database_goes_down(arrived: int) -> None:
        if arrived == 1:
            _connect(bot.application, unreachable)

    api = SlowBotApi(0.0, database_goes_down)
    bot = await _harness(database_url, api, dispatch_concurrency=1)
    good_engine = bot.bot_data.engine
    unreachable = create_engine(UNREACHABLE_DATABASE)
    try:
        (ids,) = (await _rows_for_chats(bot, chats=1, per_chat=2)).values()
        with pytest.raises(ConnectionRefusedError):
            await dispatch.dispatch_due(bot.application, now=NOW)
        _connect(bot.application, good_engine)

        assert await dispatch.release_claims(bot.application) == 1

        sent, given_back = [await get_row(bot.db, i) for i in ids]
        assert (sent.status, sent.sent_message_id) == (
            FollowUpStatus.SENT,
            api.messages[0].message_id,
        )
        assert (given_back.status, given_back.claimed_by) == (FollowUpStatus.PENDING, None)
    finally:
        await unreachable.dispose()
        await bot.stop()


async def test_a_follow_up_claimed_twice_by_one_run_goes_out_once(database_url: str) -> None:
    """Its lease ran out while it waited behind a slow message, and the same run's next
    batch claimed it again: the older copy is given back, the newer one finds that."""
    lease = dt.timedelta(seconds=LEASE.total_seconds())

    async def telegram_is_slow_past_the_lease(arrived: int) -> None:
        if arrived == 1:
            bot.now = NOW + lease + dt.timedelta(seconds=1)

    api = SlowBotApi(0.0, telegram_is_slow_past_the_lease)
    bot = await _harness(
        database_url,
        api,
        dispatch_concurrency=1,
        dispatch_batch_size=2,
        dispatch_lease_seconds=lease.total_seconds(),
    )
    try:
        (ids,) = (await _rows_for_chats(bot, chats=1, per_chat=3)).values()

        await dispatch.dispatch_due(bot.application)
        await dispatch.dispatch_due(bot.application)

        assert sorted(sent_follow_up(message) for message in api.messages) == ids
        assert {(await get_row(bot.db, i)).status for i in ids} == {FollowUpStatus.SENT}
    finally:
        await bot.stop()


async def test_a_follow_up_that_waited_for_telegram_then_for_the_user_says_nothing_of_telegram(
    database_url: str,
) -> None:
    api = UnreachableBotApi()
    bot = await _harness(database_url, api)
    try:
        seeded = await seed_interview(bot.db)
        follow_up_id = await add_follow_up(bot.db, seeded)
        api.down = True
        await dispatch.dispatch_due(bot.application, now=NOW)
        api.down = False
        api.blocked_chats.add(seeded.user_id)
        assert (await dispatch.dispatch_due(bot.application, now=NOW)).paused == 1
        api.blocked_chats.clear()
        back = NOW + dt.timedelta(days=3)
        bot.now = back

        await bot.send(updates.person(seeded.user_id), "/start")
        await dispatch.dispatch_due(bot.application, now=back)

        assert sent_follow_up(api.last_message) == follow_up_id
        assert "could not be reached" not in api.last_message.text
    finally:
        await bot.stop()


async def test_a_user_no_longer_allowed_resumes_nothing_by_writing(database_url: str) -> None:
    bot = await BotHarness(database_url, allowed_users="999").start()
    try:
        seeded = await seed_interview(bot.db)
        follow_up_id = await add_follow_up(bot.db, seeded)
        async with bot.db.begin() as session:
            assert await users.mark_blocked(session, user_id=seeded.user_id) == 1

        await bot.send(updates.person(seeded.user_id), "hello")

        assert (await get_row(bot.db, follow_up_id)).status == FollowUpStatus.PAUSED
    finally:
        await bot.stop()


async def test_telegrams_errors_are_named_once_in_logs_and_stored_errors(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=dispatch.__name__)
    bot = await _harness(database_url, FakeBotApi(), dispatch_concurrency=1)
    try:
        blocked = await seed_interview(bot.db)
        await add_follow_up(bot.db, blocked)
        failing = await seed_interview(bot.db, user_id=2002)
        later = NOW + dt.timedelta(minutes=1)
        failing_id = await add_follow_up(bot.db, failing, due_at=later)
        bot.api.blocked_chats.add(blocked.user_id)

        await dispatch.dispatch_due(bot.application, now=NOW)
        bot.api.fail_next("sendMessage", 500, "Internal Server Error")
        await dispatch.dispatch_due(bot.application, now=later)

        assert "(Forbidden: bot was blocked by the user)" in caplog.text
        stored = (await get_row(bot.db, failing_id)).last_error
        assert stored is not None
        assert stored.startswith("NetworkError: Internal Server Error")
        for text in (caplog.text, stored):
            assert "Forbidden: Forbidden" not in text
            assert "NetworkError: NetworkError" not in text
    finally:
        await bot.stop()
