"""Everything at its limits still fits Telegram's 4096 characters, through the real application.

The fake Bot API refuses a text over 4096 characters (counted after the HTML is parsed, as
Telegram does), so a message that would not fit fails here as it would in production.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.follow_ups import dispatch
from storage import interviews
from storage.interviews import InterviewerInput
from storage.models import FollowUp, FollowUpKind, FollowUpStatus, Interview
from tests.support import updates
from tests.support.fake_bot_api import TEXT_LIMIT, Call, units, visible_text
from tests.support.harness import BotHarness

ANA = updates.person(1201, "Ana", "Lima")
# Wednesday 25 Nov 2026, 16:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
COMPANY = ("Müller & <Söhne> " * 12)[:200]
ROLE = ("Senior & <Staff> Engineer " * 8)[:200]
TOPICS = ("their <Kubernetes> & on-call migration, " * 30)[:1000].strip()
PITCH = ("I cut incidents by half & ran <on-call> " * 30)[:1000].strip()


def name(number: int) -> str:
    return (f"{number} D&<r> Ana-Maria " * 10)[:100].strip()


def title(number: int) -> str:
    return (f"Head & <VP> of Platform {number} " * 5)[:100].strip()


def contact(number: int) -> str:
    tail = f"@example.com, +49 30 12345{number:02d}"
    return f"p{number}." + "x" * (200 - len(tail) - 3) + tail


@dataclass(frozen=True, slots=True)
class Fields:
    """What is typed at each question of a debrief, every field at its limit."""

    company: str
    role: str
    name: Callable[[int], str]
    title: Callable[[int], str]
    topics: str
    pitch: str


TYPED = Fields(COMPANY, ROLE, name, title, TOPICS, PITCH)
# Characters outside the BMP: one code point each, two UTF-16 units, as Telegram counts.
EMOJI = Fields(
    company="🙂" * 200,
    role="🚀" * 200,
    name=lambda number: "🦊" * 99 + str(number),
    title=lambda number: "🐙" * 100,
    topics=("🌍🎯 " * 400)[:1000].strip(),
    pitch=("🔥🚀 " * 400)[:1000].strip(),
)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    await harness.send(ANA, "/start")
    for answer in ("Ana Lima", "Berlin", "9"):
        await harness.say(ANA, answer)
    yield harness
    await harness.stop()


def shown(call: Call) -> str:
    return visible_text(call.text, call.params.get("parse_mode"))


def last_shown(calls: list[Call]) -> Call:
    return [call for call in calls if call.method in {"sendMessage", "editMessageText"}][-1]


def refused(calls: list[Call]) -> list[str]:
    """Calls the fake Telegram refused (they have no result)."""
    return [call.method for call in calls if call.refused is not None]


async def debrief_at_the_limits(
    bot: BotHarness, *, contacts: bool = True, fields: Fields = TYPED
) -> Call:
    await bot.send(ANA, "/new")
    await bot.say(ANA, fields.company)
    await bot.say(ANA, fields.role)
    await bot.say(ANA, "today 9:00")
    for number in range(10):
        assert len(fields.name(number)) <= 100
        assert len(fields.title(number)) == 100
        await bot.say(ANA, fields.name(number))
        await bot.say(ANA, fields.title(number))
        if contacts:
            assert len(contact(number)) == 200
            await bot.say(ANA, contact(number))
        else:
            await bot.send(ANA, "/skip")
        shown_points = await bot.say(ANA, fields.topics)
        if "Continue" in shown_points.button_labels:  # the talking points, as read
            await bot.press(ANA, shown_points, "Continue")
        if number < 9:
            await bot.press(ANA, bot.api.last_message, "Add another")
    await bot.say(ANA, fields.pitch)
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    return bot.api.last_message


async def stored(bot: BotHarness) -> list[Interview]:
    async with bot.db() as session:
        return list(
            (
                await session.scalars(
                    select(Interview).options(
                        selectinload(Interview.interviewers), selectinload(Interview.application)
                    )
                )
            ).all()
        )


@pytest.mark.parametrize("contacts", [True, False], ids=["contacts", "no-contacts"])
async def test_ten_interviewers_at_every_limit_fit_the_summary_and_save(
    bot: BotHarness, contacts: bool
) -> None:
    summary = await debrief_at_the_limits(bot, contacts=contacts)

    assert summary.result is not None, "Telegram refused the summary"
    assert "Here's your debrief" in summary.text
    assert len(shown(summary)) <= TEXT_LIMIT
    assert summary.button_labels == ["Save", "Edit", "Cancel"]
    assert "Interviewer 10:" in summary.text
    # Edit, one interviewer's menu, back to the summary: each fits as well.
    menu = last_shown(await bot.press(ANA, summary, "Edit"))
    assert menu.result is not None
    assert "What would you like to change?" in menu.text
    person = last_shown(await bot.press(ANA, menu, "Interviewer: 9"))
    assert person.result is not None
    assert "What should change for" in person.text
    back = last_shown(await bot.press(ANA, person, "Back to the summary"))
    assert back.result is not None
    assert len(shown(back)) <= TEXT_LIMIT
    calls = await bot.press(ANA, back, "Save")

    assert not refused(calls)
    assert any("Saved:" in call.text for call in calls)
    (interview,) = await stored(bot)
    # Shortened only on screen: everything typed is saved in full.
    assert [person.name for person in interview.interviewers] == [name(n) for n in range(10)]
    assert [person.title for person in interview.interviewers] == [title(n) for n in range(10)]
    assert [person.contact for person in interview.interviewers] == (
        [contact(n) for n in range(10)] if contacts else [None] * 10
    )
    assert all(person.topics == TOPICS for person in interview.interviewers)
    assert interview.pitch == PITCH
    assert interview.application.company == COMPANY.strip()


async def test_a_debrief_of_emoji_at_every_limit_fits_as_telegram_counts_and_saves(
    bot: BotHarness,
) -> None:
    summary = await debrief_at_the_limits(bot, fields=EMOJI)

    assert summary.result is not None, "Telegram refused the summary"
    assert units(shown(summary)) <= TEXT_LIMIT < units(EMOJI.topics) * 10
    assert "Interviewer 10:" in summary.text
    calls = await bot.press(ANA, summary, "Save")

    assert not refused(calls)
    assert any("Saved:" in call.text for call in calls)
    (interview,) = await stored(bot)
    assert interview.application.company == EMOJI.company
    assert [person.title for person in interview.interviewers] == [EMOJI.title(0)] * 10
    bot.api.clear()
    report = await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(hours=1))
    assert report.sent == 10
    assert not refused(bot.api.calls)
    listing = await bot.say(ANA, "/list")
    details_data = next(data for row in listing.buttons for _, data in row if ":app:" in data)
    calls = await bot.tap(ANA, details_data, message_id=listing.message_id)
    assert not refused(calls)
    for data in [data for row in last_shown(calls).buttons for _, data in row if ":round:" in data]:
        assert not refused(await bot.tap(ANA, data, message_id=listing.message_id))


async def test_the_notes_list_details_checklist_and_export_of_that_debrief_fit(
    bot: BotHarness,
) -> None:
    await bot.press(ANA, await debrief_at_the_limits(bot), "Save")
    bot.api.clear()

    report = await dispatch.dispatch_due(bot.application, now=NOW + dt.timedelta(hours=1))
    assert report.sent == 10
    assert not refused(bot.api.calls)
    assert all(len(shown(call)) <= TEXT_LIMIT for call in bot.api.messages)

    # /list and the application's details, then the round's.
    listing = await bot.say(ANA, "/list")
    assert not refused([listing])
    details_data = next(data for row in listing.buttons for _, data in row if ":app:" in data)
    details = (await bot.tap(ANA, details_data, message_id=listing.message_id))[-1]
    assert not refused([details]), details.text
    round_data = [data for row in details.buttons for _, data in row if ":round:" in data]
    for data in round_data:
        shown_round = (await bot.tap(ANA, data, message_id=details.message_id))[-1]
        assert not refused([shown_round]), shown_round.text

    # The next round, registered ahead: its checklist names who was met in round 1.
    bot.api.clear()
    await bot.send(ANA, "/upcoming")
    await bot.say(ANA, COMPANY)
    await bot.say(ANA, ROLE)
    await bot.say(ANA, "friday 14:00")
    await bot.press(ANA, bot.api.last_message, "45 min")
    assert not refused(bot.api.calls)
    async with bot.db() as session:
        checklist = await session.scalar(
            select(FollowUp).where(FollowUp.kind == FollowUpKind.CHECKLIST)
        )
    assert checklist is not None
    bot.api.clear()
    await dispatch.dispatch_due(bot.application, now=checklist.due_at)
    assert not refused(bot.api.calls), [call.text[:80] for call in bot.api.calls]
    async with bot.db() as session:
        sent = await session.get(FollowUp, checklist.id)
    assert sent is not None
    assert sent.status == FollowUpStatus.SENT

    # /export: its caption, and the CSV holds every field in full.
    calls = await bot.send(ANA, "/export")
    assert not refused(calls)
    (content,) = next(call for call in calls if call.method == "sendDocument").files.values()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {row["Interviewer contact"] for row in rows if row["Interviewer"]} >= {
        contact(n) for n in range(10)
    }


async def test_list_details_of_an_application_with_many_long_rounds_fit(bot: BotHarness) -> None:
    async with bot.db.begin() as session:
        for round_number in range(12):
            await interviews.save_interview(
                session,
                user_id=ANA.id,
                company=COMPANY,
                role=ROLE,
                held_at=NOW - dt.timedelta(days=60 - round_number),
                interviewers=[
                    InterviewerInput(name(n), title(n), contact(n), TOPICS) for n in range(10)
                ],
                pitch=PITCH,
                timeline_text="2 weeks",
                timeline_date=None,
                timeline_asked=True,
            )
    listing = await bot.say(ANA, "/list")
    assert listing.result is not None
    details_data = next(data for row in listing.buttons for _, data in row if ":app:" in data)
    calls = await bot.tap(ANA, details_data, message_id=listing.message_id)
    assert not refused(calls), [call.refused for call in calls]
    details = last_shown(calls)
    assert len(shown(details)) <= TEXT_LIMIT
    for data in [data for row in details.buttons for _, data in row if ":round:" in data]:
        round_calls = await bot.tap(ANA, data, message_id=details.message_id)
        assert not refused(round_calls), [call.refused for call in round_calls]
