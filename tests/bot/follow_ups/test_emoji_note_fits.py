"""A note whose every field is at its limit in emoji, edited to the limit, still fits Telegram."""

from __future__ import annotations

from bot.follow_ups import dispatch
from bot.follow_ups.edit import MAX_EDIT_CHARS
from storage.interviews import InterviewerInput
from tests.support import updates
from tests.support.follow_up_data import NOW, add_follow_up, seed_interview
from tests.support.harness import BotHarness

ANA = updates.person(1001)


async def test_an_emoji_note_edited_to_the_limit_fits_as_telegram_counts(
    database_url: str,
) -> None:
    bot = await BotHarness(database_url).start()
    bot.now = NOW
    try:
        seeded = await seed_interview(
            bot.db,
            company="🙂" * 200,
            role="🚀" * 200,
            interviewers=[InterviewerInput("🦊" * 100, "🐙" * 100, "bo@acme.example", "🌍 " * 300)],
        )
        await add_follow_up(bot.db, seeded)
        await dispatch.dispatch_due(bot.application, now=NOW)
        note = bot.api.last_message
        assert note.refused is None
        await bot.press(ANA, note, "Edit")

        calls = await bot.send(ANA, "🙂" * (MAX_EDIT_CHARS // 2))

        assert [call.refused for call in calls if call.refused] == []
        shown = [call for call in calls if call.method == "sendMessage"][-1]
        assert "Your version" in shown.text
        assert "…" in shown.text  # shortened to fit, saved in full
    finally:
        await bot.stop()
