"""Issue 13 through the real application: an edited draft goes back to the bot's version, and
the notes of one panel, as the bot sends them, share no sentence."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.follow_ups import dispatch
from storage.interviews import InterviewerInput
from storage.models import FollowUpKind
from tests.support import updates
from tests.support.follow_up_data import NOW, add_follow_up, get_row, seed_interview
from tests.support.harness import BotHarness

ANA = updates.person(1001)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(database_url).start()
    harness.now = NOW
    yield harness
    await harness.stop()


async def test_an_edited_note_goes_back_to_the_bots_version(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, interviewer=0)
    await dispatch.dispatch_due(bot.application, now=NOW)
    original = bot.api.last_message

    prompt = await bot.press(ANA, original, "Edit")
    assert "/original" not in prompt[-1].text  # nothing to go back from yet
    await bot.send(ANA, "Dear Bo, thanks. Ana")
    edited = bot.api.last_message
    assert "Your version" in edited.text
    assert (await get_row(bot.db, follow_up_id)).edited_text == "Dear Bo, thanks. Ana"

    prompt = await bot.press(ANA, edited, "Edit")
    assert "/original goes back to the bot's version" in prompt[-1].text
    calls = await bot.send(ANA, "/original")

    texts = [call.text for call in calls if call.method == "sendMessage"]
    assert texts[0].startswith("Back to the bot's version")
    assert "Tap the note to copy it" in texts[1]
    assert "Your version" not in texts[1]
    assert calls[-1].button_labels == [
        "✅ Sent it",
        "✏️ Edit",
        "⏰ Remind me later",
        "Skip",
        "🔄 Another version",
    ]
    assert (await get_row(bot.db, follow_up_id)).edited_text is None
    # The edit is over: the next text is not taken as a new version.
    await bot.send(ANA, "hello")
    assert (await get_row(bot.db, follow_up_id)).edited_text is None


async def test_original_on_an_unedited_draft_changes_nothing(bot: BotHarness) -> None:
    seeded = await seed_interview(bot.db)
    follow_up_id = await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, interviewer=0)
    await dispatch.dispatch_due(bot.application, now=NOW)
    await bot.press(ANA, bot.api.last_message, "Edit")

    reply = await bot.say(ANA, "/original")

    assert "already the bot's version" in reply.text
    assert (await get_row(bot.db, follow_up_id)).edited_text is None
    await bot.send(ANA, "not an edit")
    assert (await get_row(bot.db, follow_up_id)).edited_text is None


def _sentences(text: str) -> set[str]:
    body = text.split("<pre>", 1)[1].split("</pre>", 1)[0]
    paragraphs = body.split("\n\n")[1:-1]
    return {
        " ".join(sentence.split())
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(paragraphs))
        if len(sentence.split()) >= 8
    }


async def test_the_panels_notes_as_sent_share_no_sentence(bot: BotHarness) -> None:
    panel = (
        InterviewerInput(
            name="aisha okafor - staff engineer",
            title=None,
            contact=None,
            topics="we went deep on token bucket vs sliding window and she liked "
            "my point about per-merchant limits",
        ),
        InterviewerInput(
            name="Tom Becker",
            title="Engineering Manager",
            contact=None,
            topics="their on-call rotation, quick 30 min intro",
        ),
        InterviewerInput(
            name="Jun Park",
            title="Senior Engineer",
            contact=None,
            topics="LRU cache w/ TTL in Go, I got stuck on the eviction edge case",
        ),
    )
    seeded = await seed_interview(bot.db, interviewers=panel)
    for index in range(len(seeded.interviewer_ids)):
        await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, interviewer=index)
    await dispatch.dispatch_due(bot.application, now=NOW)
    notes = [call.text for call in bot.api.messages if "A thank-you note for" in call.text]
    assert len(notes) == len(seeded.interviewer_ids) >= 2
    for first in range(len(notes)):
        for second in range(first + 1, len(notes)):
            assert not _sentences(notes[first]) & _sentences(notes[second])
    everything = "\n".join(note.split("<pre>", 1)[1].split("</pre>", 1)[0] for note in notes)
    for private in ("she liked", "30 min", "got stuck", "eviction edge case"):
        assert private not in everything
    assert "Aisha," in everything
    assert "A thank-you note for Aisha Okafor</b>" in notes[0]
    assert "To: Aisha Okafor, staff engineer" in notes[0]


PRIYA = updates.person(707, "Priya", None)


async def test_a_name_typed_with_a_title_is_split_and_names_are_proper_cased(
    database_url: str,
) -> None:
    from storage.models import User

    bot = await BotHarness(database_url).start()
    bot.now = NOW
    try:
        await bot.send(PRIYA, "/start")
        await bot.say(PRIYA, "priya raman")
        await bot.say(PRIYA, "Berlin")
        done = await bot.say(PRIYA, "9")
        assert "Priya Raman" in done.text
        assert "priya raman" not in done.text

        await bot.send(PRIYA, "/new")
        await bot.say(PRIYA, "Stripeline")
        await bot.say(PRIYA, "Backend Engineer")
        await bot.say(PRIYA, "yesterday 14:30")
        asked = await bot.say(PRIYA, "aisha okafor - staff engineer")
        # The title came with the name: the next question is the contact, not the title.
        assert asked.text.startswith("Title noted: staff engineer.")
        assert "email, phone or LinkedIn" in asked.text
        await bot.say(PRIYA, "aisha@stripeline.example")
        review = await bot.say(PRIYA, "token bucket vs sliding window")
        await bot.press(PRIYA, review, "Continue")  # the talking points as read
        await bot.press(PRIYA, bot.api.last_message, "Add another")
        title_question = await bot.say(PRIYA, "Tom Becker")
        assert "title" in title_question.text.casefold()
        assert "Title noted" not in title_question.text

        async with bot.db() as session:
            user = await session.get(User, PRIYA.id)
            assert user is not None
            assert user.sign_name == "Priya Raman"
        # Nothing the bot said shows the name as typed with its title.
        assert not any("aisha okafor - staff engineer" in text for text in bot.api.texts())
    finally:
        await bot.stop()


async def test_a_month_late_note_says_so_and_is_kept_as_delivered(bot: BotHarness) -> None:
    import datetime as dt

    seeded = await seed_interview(bot.db, held_at=NOW - dt.timedelta(days=30))
    follow_up_id = await add_follow_up(bot.db, seeded, FollowUpKind.THANK_YOU, interviewer=0)
    await dispatch.dispatch_due(bot.application, now=NOW)

    shown = bot.api.last_message.text
    body = shown.split("<pre>", 1)[1].split("</pre>", 1)[0]
    assert re.search(r"later than|already be under way|this long after", body)
    row = await get_row(bot.db, follow_up_id)
    assert row.sent_text is not None
    assert row.sent_text.replace("&", "&amp;").replace("'", "&#x27;") == body
