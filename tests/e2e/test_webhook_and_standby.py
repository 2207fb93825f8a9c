"""Webhook mode over real HTTP (secret token, /healthz) and a standby taking over on PostgreSQL."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.conftest import IN_CI, POSTGRES_URL
from tests.e2e.conftest import Bots, free_port, persisted, person
from tests.support.fake_bot_api import FakeBotApi

ANA = person(5151, "Ana")
SECRET = "e2e-webhook-secret-0123456789"


async def test_webhook_refuses_a_wrong_secret_and_serves_the_right_one(
    bots: Bots, telegram: FakeBotApi
) -> None:
    port = free_port()
    await bots.start(
        "--webhook",
        WEBHOOK_URL="https://bot.example.test/telegram",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        PORT=str(port),
    )
    (registered,) = telegram.of("setWebhook")
    assert registered.params["url"] == "https://bot.example.test/telegram"
    assert registered.params["secret_token"] == SECRET
    assert registered.params["allowed_updates"] == ["message", "callback_query"]
    assert not telegram.of("getUpdates")

    url = f"http://127.0.0.1:{port}/telegram"
    update = {"update_id": 1, **telegram.text_update(ANA, "/start")}
    async with httpx.AsyncClient(timeout=10) as client:
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert health.status_code == 200
        assert health.json() == {
            "ok": True,
            "database": "ok",
            "role": "serving",
            "last_update_seconds_ago": None,
            "updates_in_flight": 0,
        }

        missing = await client.post(url, json=update)
        wrong = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}
        )
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert telegram.sent_to(5151) == []

        garbage = await client.post(
            url, content=b"not json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert garbage.status_code == 400

        right = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert right.status_code == 200
        after = (await client.get(f"http://127.0.0.1:{port}/healthz")).json()
        assert 0 <= after["last_update_seconds_ago"] < 10
    # The update was committed before Telegram got its 200; the answer follows at once.
    await telegram.wait_for(
        lambda: any("sign your notes" in call.text for call in telegram.sent_to(5151)),
        within=5,
        what="the answer to /start",
    )


postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not POSTGRES_URL and not IN_CI,
        reason="TEST_DATABASE_URL is not set: a standby needs a real PostgreSQL",
    ),
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]


@postgres_only[0]
@postgres_only[1]
@postgres_only[2]
async def test_a_standby_takes_over_within_seconds_when_the_serving_process_dies(
    bots: Bots, telegram: FakeBotApi, database_url: str
) -> None:
    serving = await bots.start()
    standby = await bots.start(ready="standing by")
    assert "Serving updates" not in standby.log

    mark = len(telegram.calls)
    await telegram.say(ANA, "/start")
    await telegram.reply(5151, "sign your notes", since=mark)
    await persisted(database_url, "onboarding")
    assert telegram.conflicts == 0  # only one process ever polls

    await serving.kill()
    killed_at = time.monotonic()
    await standby.wait_for_log("Serving updates", within=15)
    took_over = time.monotonic() - killed_at
    assert took_over < 10, f"the standby took {took_over:.1f} s"

    # The conversation goes on where the dead process left it.
    mark = len(telegram.calls)
    await telegram.say(ANA, "Ana Lima")
    await telegram.reply(5151, "Which time zone", since=mark)
    assert telegram.conflicts == 0
    print(json.dumps({"takeover_seconds": round(took_over, 2)}))
