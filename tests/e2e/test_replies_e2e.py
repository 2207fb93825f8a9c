"""`python -m bot` and its replies: two 429s in a row, and kill -9 between commit and send."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Bots, person
from tests.e2e.test_polling import onboard
from tests.support.fake_bot_api import Call, FakeBotApi


@pytest.mark.slow
async def test_a_reply_hit_by_two_429s_arrives_and_each_is_one_warning(
    bots: Bots, telegram: FakeBotApi
) -> None:
    user = person(7501, "Flo")
    bot = await bots.start()
    await onboard(telegram, user)
    for _ in range(2):
        telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    mark = len(telegram.calls)
    await telegram.say(user, "/new")
    await telegram.reply(7501, "company", since=mark, within=15)
    floods = [line for line in bot.log.splitlines() if "Flood control" in line]
    assert len(floods) == 2, bot.log
    assert all(" WARNING " in line for line in floods)
    assert " ERROR " not in bot.log
    assert "Traceback" not in bot.log


@pytest.mark.slow
async def test_kill_9_between_commit_and_send_repeats_the_question_never_loses_it(
    bots: Bots, telegram: FakeBotApi
) -> None:
    user = person(7502, "Gil")
    bot = await bots.start()
    await onboard(telegram, user)
    killed: list[Call] = []

    def kill_on_the_question(call: Call) -> None:
        # Telegram shows the question; the bot dies before it hears so (and before it
        # records the reply as made): the next process makes it again.
        if not killed and call.method == "sendMessage" and "company" in call.text.lower():
            killed.append(call)
            assert bot.process is not None
            bot.process.kill()

    telegram.after_call = kill_on_the_question
    mark = len(telegram.calls)
    await telegram.say(user, "/new")
    await telegram.wait_for(lambda: killed, what="the question to go out")
    await bot.wait()
    telegram.after_call = None
    restarted = await bots.start()

    def questions() -> list[Call]:
        return [c for c in telegram.sent_to(7502, mark) if "company" in c.text.lower()]

    await telegram.wait_for(lambda: len(questions()) == 2, what="the question again")
    assert "Making 1 replies committed before a restart" in restarted.log
    # The answer goes where it belongs.
    mark = len(telegram.calls)
    await telegram.say(user, "Acme")
    await telegram.reply(7502, "role", since=mark)
