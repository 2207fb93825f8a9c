"""mypy refuses a handler that uses what a deferred Telegram call returns (it is None)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from telegram import Update

from bot.ui.context import BotContext


async def probe(update: Update, context: BotContext) -> None:
    assert update.message is not None and update.callback_query is not None
    sent = await update.message.reply_text("x")
    print(sent.message_id)
    other = await context.bot.send_message(1, "y")
    print(other.message_id)
    await update.callback_query.answer()  # not used: fine
"""


@pytest.mark.slow
def test_mypy_refuses_using_the_result_of_a_deferred_call(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(probe),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if "probe.py" in line]
    assert [line.split(":")[1] for line in errors if "func-returns-value" in line] == ["9", "11"]
    assert len([line for line in errors if '"None" has no attribute' in line]) == 2
    assert not [line for line in errors if ":13:" in line]
