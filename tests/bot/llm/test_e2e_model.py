"""`python -m bot` with a language model configured, over real HTTP: a saved debrief's note
is the model's, checked; the API key appears in no line of the log, even at DEBUG."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Bots, bots, telegram  # noqa: F401 (the e2e fixtures)
from tests.e2e.test_polling import ANA, answer, follow_up_id, onboard, press
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_model import FakeModel, good_note

API_KEY = "sk-e2e-4f1c9a7d2b6e8305"

pytestmark = pytest.mark.slow


async def test_the_real_process_delivers_the_models_checked_note(
    bots: Bots,  # noqa: F811
    telegram: FakeBotApi,  # noqa: F811
) -> None:
    async with FakeModel(answer=good_note, delay=1.0) as model:
        bot = await bots.start(
            LLM_BASE_URL=model.url,
            LLM_MODEL="e2e-model",
            LLM_API_KEY=API_KEY,
            LLM_TIMEOUT_SECONDS="5",
            LOG_LEVEL="DEBUG",
        )
        await onboard(telegram, ANA)
        await answer(telegram, "/new", "company")
        await answer(telegram, "Zyxwv Widgets", "What role")
        await answer(telegram, "Site Reliability Engineer", "When did it take place")
        await answer(telegram, "yesterday 14:30", "interviewed you")
        await answer(telegram, "Bo Chen", "job title")
        await answer(telegram, "Engineering Manager", "email, phone")
        await answer(telegram, "bo@zyxwv.example", "What did you talk about")
        points = await answer(
            telegram, "their Kubernetes migration, pay is 90k", "For the note to Bo Chen"
        )
        more = await press(telegram, points, "Continue", "Anyone else")
        await press(telegram, more, "everyone", "right person")
        timeline = await answer(telegram, "I've run on-call for 4 years", "What timeline")
        summary = await press(telegram, timeline, "2 weeks", "Zyxwv Widgets")
        await press(telegram, summary, "Save", "Saved")

        note = await telegram.wait_for(
            lambda: next((c for c in telegram.sent_to(4242) if follow_up_id(c)), None),
            what="the thank-you draft",
        )

        assert "I keep thinking about your Kubernetes migration" in note.text
        assert "🔄 Another version" in note.button_labels
        (request,) = model.requests
        assert "90k" not in str(request)  # kept for the user: never sent
        assert "bo@zyxwv.example" not in str(request)
        assert model.headers[0]["authorization"] == f"Bearer {API_KEY}"
        await bot.wait_for_log("Model answered for follow-up")
        assert API_KEY not in bot.log
        assert API_KEY[3:] not in bot.log
