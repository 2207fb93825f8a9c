"""One dispatcher process for the multi-process test: its own application, engine and fake API.

Usage: python -m tests.support.dispatch_worker DATABASE_URL NOW_ISO [claim-and-hang]
Prints "ready", waits for a line on stdin (so that all processes start together), dispatches
until nothing is due, then prints a JSON object with the follow-up ids it sent.
With claim-and-hang it claims what is due, prints the ids, and hangs until killed: a
dispatcher that dies between claim and send.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys

from bot.follow_ups import dispatch
from bot.ui.callbacks import Callback, Scope
from storage import claims
from tests.support.fake_bot_api import Call
from tests.support.harness import BotHarness


def follow_up_id(message: Call) -> int:
    """The follow-up a sent message is about, read back from its own buttons."""
    for _, data in (button for row in message.buttons for button in row):
        callback = Callback.parse(data)
        if callback is not None and callback.scope is Scope.FOLLOW_UP:
            number = callback.int_arg(0)
            assert number is not None
            return number
    raise AssertionError(f"no follow-up button in {message.button_labels}")


async def claim_and_hang(bot: BotHarness, now: dt.datetime) -> None:
    settings = bot.settings
    async with bot.db.begin() as session:
        ids = await claims.claim_due(
            session,
            worker=bot.bot_data.worker_id,
            now=now,
            lease=dt.timedelta(seconds=settings.dispatch_lease_seconds),
            limit=settings.dispatch_batch_size,
        )
    print(json.dumps({"worker": bot.bot_data.worker_id, "claimed": ids}), flush=True)
    await asyncio.Event().wait()


async def main(database_url: str, now: dt.datetime, mode: str) -> None:
    bot = await BotHarness(database_url).start()
    try:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        if mode == "claim-and-hang":
            await claim_and_hang(bot, now)
        runs = 0
        while (await dispatch.dispatch_due(bot.application, now=now)).claimed:
            runs += 1
        sent = [follow_up_id(call) for call in bot.api.messages if call.result is not None]
        print(json.dumps({"worker": bot.bot_data.worker_id, "runs": runs, "sent": sent}))
    finally:
        await bot.stop()


if __name__ == "__main__":
    mode = sys.argv[3] if len(sys.argv) > 3 else "dispatch"
    asyncio.run(main(sys.argv[1], dt.datetime.fromisoformat(sys.argv[2]), mode))
