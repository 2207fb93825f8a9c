"""Notes written by a language model, through the real application on a real database, with
a fake OpenAI-compatible server on 127.0.0.1: checked drafts are shown, anything else gives
ours, on time; only what the note may contain is sent; the API key is never logged."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.follow_ups import dispatch
from bot.llm import job
from bot.llm.stored import Stored
from bot.logs import secrets_of
from storage import users
from storage.interviews import InterviewerInput
from storage.models import FollowUpKind, FollowUpStatus
from tests.support import updates
from tests.support.fake_model import FakeModel, Raw, facts_of, good_call, good_note
from tests.support.follow_up_data import NOW, Seeded, add_follow_up, get_row, seed_interview
from tests.support.harness import BotHarness

ANA = updates.person(1001)
API_KEY = "sk-test-0123456789abcdef"
MARIA = InterviewerInput(
    name="Maria Costa",
    title="Staff Engineer",
    contact="maria.costa@acme.example, +44 7700 900123",
    topics="their kafka pipeline w/ 3 regions, pay range 90-100k, she seemed distracted",
)
BO = InterviewerInput(
    name="Bo Smith",
    title="Engineering Manager",
    contact="bo@acme.example",
    topics="how they run blameless postmortems, he mentioned a reorg is coming",
)
USER_PHONE = "+1 415 555 0199"
VARIANTS = itertools.count()


@pytest.fixture
async def model() -> AsyncIterator[FakeModel]:
    async with FakeModel() as fake:
        yield fake


@pytest.fixture
async def bot(database_url: str, model: FakeModel) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(
        database_url,
        llm_base_url=model.url,
        llm_model="test-model",
        llm_api_key=SecretStr(API_KEY),
        llm_timeout_seconds=1,
    ).start()
    harness.now = NOW
    yield harness
    await harness.stop()


async def _panel(bot: BotHarness) -> tuple[Seeded, list[int]]:
    """Maria and Bo's interview, with their notes due as a saved debrief holds them."""
    seeded = await seed_interview(
        bot.db, interviewers=(MARIA, BO), pitch="led the data platform migration at Acme"
    )
    async with bot.db.begin() as session:
        await users.update_settings(session, user_id=seeded.user_id, phone=USER_PHONE)
    due = NOW + bot.settings.model_drafts_lead
    ids = [
        await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, interviewer=i, due_at=due)
        for i in (0, 1)
    ]
    return seeded, ids


def _distinct_notes(body: dict[str, Any]) -> str:
    """Each answer its own sentences (the 'I keep thinking about' one names the point)."""
    return good_note(body, variant=next(VARIANTS))


def _note_of(message_text: str) -> str:
    return message_text.split("copy it:\n", 1)[1].split("\n\n💡", 1)[0]


async def test_checked_model_notes_go_out_as_soon_as_they_are_written(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = _distinct_notes
    _, ids = await _panel(bot)

    assert await job.sweep(bot.application) == 2

    report = await dispatch.dispatch_due(bot.application, now=NOW)  # no longer held
    assert report.sent == 2
    notes = [_note_of(message.text) for message in bot.api.messages]
    assert all("I keep thinking about" in note for note in notes)
    assert "Dear Maria," in notes[0]
    assert "Dear Bo," in notes[1]
    # The export keeps the note as it was delivered: the model's.
    assert "I keep thinking about" in ((await get_row(bot.db, ids[0])).sent_text or "")
    # Asked once per note: the next sweep finds nothing to ask.
    assert await job.sweep(bot.application) == 0
    assert len(model.requests) == 2


async def test_two_panelists_never_get_the_same_sentence(bot: BotHarness, model: FakeModel) -> None:
    model.answer = good_note  # the same sentences for both
    _, ids = await _panel(bot)

    assert await job.sweep(bot.application) == 1

    first, second = (await get_row(bot.db, ids[0])), (await get_row(bot.db, ids[1]))
    assert Stored.of(first.model_draft).draft is not None
    assert Stored.of(second.model_draft).draft is None  # refused: ours for Bo


def _bad(change: str) -> Any:
    def answer(body: dict[str, Any]) -> str:
        note = good_note(body)
        return note.replace("I look forward", f"{change} I look forward")

    return answer


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_bad("I really need this job."), "fails the tone check"),
        (_bad("I hope this email finds you well."), "a banned phrase"),
        (_bad("We met at Google once."), "a name that was not sent"),
        (_bad("The pay range of 90-100k suits me."), "uses a point kept for the user"),
        (lambda body: good_note(body).replace("Dear ", "Hey there "), "does not greet them"),
        (lambda body: good_note(body).replace("Acme", "your company"), "does not name the company"),
        (lambda body: good_note(body) + "\nP.S." + " Thanks." * 170, "not signed with"),
    ],
)
async def test_each_bad_note_is_refused_and_ours_shown(
    bot: BotHarness, model: FakeModel, caplog: pytest.LogCaptureFixture, answer: Any, reason: str
) -> None:
    model.answer = answer
    await _panel(bot)
    caplog.set_level(logging.INFO)

    assert await job.sweep(bot.application) == 0

    assert reason in caplog.text
    assert "kafka" not in caplog.text.casefold()  # why, never the user's text
    report = await dispatch.dispatch_due(bot.application, now=NOW + bot.settings.model_drafts_lead)
    assert report.sent == 2
    assert not any("I keep thinking about" in m.text for m in bot.api.messages)


@pytest.mark.parametrize(
    "failure",
    ["timeout", "500", "empty", "not json", "no choices"],
)
async def test_a_model_that_fails_costs_nothing(
    bot: BotHarness, model: FakeModel, failure: str
) -> None:
    if failure == "timeout":
        model.answer, model.delay = _distinct_notes, 5.0
    elif failure == "500":
        model.answer = Raw(500, b'{"error": "overloaded"}')
    elif failure == "empty":
        model.answer = lambda body: ""
    elif failure == "not json":
        model.answer = Raw(200, b"<html>gateway</html>")
    else:
        model.answer = Raw(200, b'{"choices": []}')
    _, ids = await _panel(bot)

    started = time.monotonic()
    assert await job.sweep(bot.application) == 0
    # Within the timeout (1 s here), whatever the model does.
    assert time.monotonic() - started < 2.5

    row = await get_row(bot.db, ids[0])
    assert Stored.of(row.model_draft).asked is not None  # not asked again for the same note
    assert row.due_at == NOW + bot.settings.model_drafts_lead  # on time: the held time
    report = await dispatch.dispatch_due(bot.application, now=row.due_at)
    assert report.sent == 2
    assert "Tap the note to copy it" in bot.api.messages[0].text


async def test_the_model_receives_only_what_the_note_may_contain(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = _distinct_notes
    await _panel(bot)

    await job.sweep(bot.application)

    sent = model.sent.casefold()
    for never in (
        "90-100k", "pay range", "distracted", "reorg",  # kept for the user
        "maria.costa@acme.example", "bo@acme.example", "7700 900123",  # contacts
        USER_PHONE, "+1 415",  # the user's phone
        "1001", "lima",  # the user's Telegram id and name
    ):  # fmt: skip
        assert never.casefold() not in sent, never
    maria, bo = (facts_of(body) for body in model.requests)
    assert any("kafka" in point.casefold() for point in maria["points"])
    assert not any("kafka" in point.casefold() for point in bo["points"])  # not Maria's
    assert "postmortems" in " ".join(bo["points"])
    assert maria["Candidate"] == "Ana"
    assert maria["Company"] == "Acme"


async def test_a_call_script_from_the_model_keeps_the_phone_we_never_sent(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = good_call
    seeded, _ = await _panel(bot)
    call_id = await add_follow_up(bot.db, seeded, FollowUpKind.CALL, interviewer=None)

    await job.sweep(bot.application)

    call_body = next(
        body for body in model.requests if "Voicemail" in body["messages"][0]["content"]
    )
    assert USER_PHONE not in str(call_body)
    row = await get_row(bot.db, call_id)
    assert Stored.of(row.model_draft).draft is not None
    await dispatch.dispatch_due(bot.application, now=NOW + bot.settings.model_drafts_lead)
    call = next(m for m in bot.api.messages if "follow-up call" in m.text)
    assert "I would love to hear about the next steps" in call.text
    assert USER_PHONE in call.text  # added by us, after the check


async def test_a_stored_note_is_not_used_once_the_debrief_changed(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = _distinct_notes
    _, ids = await _panel(bot)
    await job.sweep(bot.application)
    async with bot.db.begin() as session:
        row = await session.get(type(await get_row(bot.db, ids[0])), ids[0])
        assert row is not None
        await session.refresh(row, ["interviewer"])
        assert row.interviewer is not None
        row.interviewer.points = [{"text": "your Kafka pipeline", "note": True}]

    await dispatch.dispatch_due(bot.application, now=NOW + bot.settings.model_drafts_lead)

    maria = next(m for m in bot.api.messages if "Maria" in m.text)
    assert "I keep thinking about" not in maria.text


async def test_the_api_key_never_reaches_a_log(
    bot: BotHarness, model: FakeModel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    model.answer = Raw(401, f'{{"error": "invalid key {API_KEY}"}}'.encode())
    await _panel(bot)

    await job.sweep(bot.application)

    assert model.headers[0]["authorization"] == f"Bearer {API_KEY}"
    assert "HTTP 401" in caplog.text
    assert API_KEY not in caplog.text
    # And every line the running bot writes has it redacted, like the token.
    assert API_KEY in secrets_of(bot.settings)


async def test_another_version_asks_the_model_and_shows_the_checked_note(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = Raw(500, b"down")
    _, ids = await _panel(bot)
    await dispatch.dispatch_due(bot.application, now=NOW + bot.settings.model_drafts_lead)
    note = bot.api.messages[0]
    model.answer = _distinct_notes

    calls = await bot.press(ANA, note, "Another version")
    assert calls[0].params.get("text") == "Writing another version…"
    await job.versions_written(bot.application)

    edit = bot.api.of("editMessageText")[-1]
    assert "I keep thinking about" in edit.text
    assert "Version 2" in model.requests[-1]["messages"][0]["content"]
    row = await get_row(bot.db, ids[0])
    assert row.status == FollowUpStatus.SENT


async def test_without_a_model_another_version_is_another_of_ours(database_url: str) -> None:
    bot = await BotHarness(database_url).start()
    bot.now = NOW
    try:
        seeded = await seed_interview(bot.db, interviewers=(MARIA, BO))
        follow_up_id = await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU)
        await dispatch.dispatch_due(bot.application, now=NOW)
        note = bot.api.last_message
        assert "🔄 Another version" in note.button_labels

        calls = await bot.press(ANA, note, "Another version")

        edited = next(call for call in calls if call.method == "editMessageText")
        assert _note_of(edited.text) != _note_of(note.text)
        stored = Stored.of((await get_row(bot.db, follow_up_id)).model_draft)
        assert stored.draft is not None
        assert stored.draft["by"] == "bot"
        # Edit and /original keep working, back to this version.
        await bot.press(ANA, edited, "Edit")
        await bot.send(ANA, "Dear Maria, thanks. Ana")
        assert "🔄 Another version" not in bot.api.last_message.button_labels
        await bot.press(ANA, bot.api.last_message, "Edit")
        back = [c for c in await bot.send(ANA, "/original") if c.method == "sendMessage"]
        assert _note_of(back[1].text) == _note_of(edited.text)
    finally:
        await bot.stop()


def test_model_settings_are_all_or_nothing() -> None:
    with pytest.raises(ValueError, match="LLM_MODEL"):
        Settings(bot_token="1:x", llm_base_url="http://127.0.0.1:11434/v1")
    assert Settings(bot_token="1:x").model_drafts_lead == dt.timedelta(0)
    assert Settings(
        bot_token="1:x", llm_base_url="http://127.0.0.1:11434/v1/", llm_model="m"
    ).model_drafts_lead == dt.timedelta(seconds=30)


async def test_a_saved_debriefs_notes_wait_for_the_model_no_longer_than_its_lead(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = _distinct_notes
    await bot.send(ANA, "/start")
    for answer in ("Ana Lima", "Berlin", "9"):
        await bot.say(ANA, answer)
    await _saved_debrief(bot)
    bot.api.clear()

    assert (await dispatch.dispatch_due(bot.application, now=NOW)).sent == 0  # held
    assert await job.sweep(bot.application) == 2
    report = await dispatch.dispatch_due(bot.application, now=NOW)

    assert report.sent == 2
    bo, dee = bot.api.messages
    assert "I keep thinking about your Kubernetes migration" in bo.text
    assert "Dear Dee," in dee.text


async def test_a_saved_debriefs_notes_go_out_as_ours_when_the_model_is_down(
    bot: BotHarness, model: FakeModel
) -> None:
    model.answer = Raw(503, b"")
    await bot.send(ANA, "/start")
    for answer in ("Ana Lima", "Berlin", "9"):
        await bot.say(ANA, answer)
    await _saved_debrief(bot)
    bot.api.clear()

    assert await job.sweep(bot.application) == 0
    lead = bot.settings.model_drafts_lead
    assert (await dispatch.dispatch_due(bot.application, now=NOW + lead / 2)).sent == 0
    assert (await dispatch.dispatch_due(bot.application, now=NOW + lead)).sent == 2
    assert all("Tap the note to copy it" in m.text for m in bot.api.messages)


async def _saved_debrief(bot: BotHarness) -> None:
    """Bo (with a point) and Dee (none), saved: their notes are scheduled."""
    await bot.send(ANA, "/new")
    for answer in ("Acme", "Site Reliability Engineer", "yesterday 14:30", "Bo Chen"):
        await bot.say(ANA, answer)
    await bot.say(ANA, "Engineering Manager")
    await bot.say(ANA, "bo@acme.example")
    await bot.say(ANA, "their Kubernetes migration")
    await bot.press(ANA, bot.api.last_message, "Continue")
    await bot.press(ANA, bot.api.last_message, "Add another")
    await bot.say(ANA, "Dee Patel")
    for _ in range(3):
        await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "everyone")
    await bot.send(ANA, "/skip")
    await bot.press(ANA, bot.api.last_message, "2 weeks")
    saved = await bot.press(ANA, bot.api.last_message, "Save")
    assert any("coming in a moment" in call.text for call in saved if call.method == "sendMessage")
