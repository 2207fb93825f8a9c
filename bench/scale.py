"""Part 3, scale: `python -m bot` start-up time and peak RSS against the shared fake over HTTP."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.databases import WORK
from bench.report import Row, median
from bench.users import TOKEN
from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
TARGET_SPREAD = 0.10
START_TIMEOUT = 120.0


def _proc_status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/{pid}/status")


@dataclass(frozen=True)
class StartUp:
    seconds: float
    peak_rss_mb: float


async def start_once(database_url: str) -> StartUp:
    """Run `python -m bot` until its first getUpdates reaches Telegram; then stop it."""
    telegram = await FakeBotApi(TOKEN).start()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_BASE_URL": telegram.base_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        started = time.monotonic()
        # Run from an empty directory so no .env of the developer's is read.
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=WORK,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            # Checked every 5 ms: peak RSS is read within that of the first poll.
            while not (polls := telegram.of("getUpdates")):
                if process.returncode is not None or time.monotonic() - started > START_TIMEOUT:
                    raise RuntimeError("python -m bot never polled for updates")
                await asyncio.sleep(0.005)
            peak_kb = _proc_status_kb(process.pid, "VmHWM")
            return StartUp(polls[0].at - started, peak_kb / 1024)
        finally:
            if process.returncode is None:
                process.terminate()
            try:
                _, errors = await asyncio.wait_for(process.communicate(), 20)
            except TimeoutError:
                process.kill()
                _, errors = await process.communicate()
            if not telegram.of("getUpdates"):
                sys.stderr.write(errors.decode(errors="replace")[-3000:])
    finally:
        await telegram.stop()


async def measure(databases: dict[int, str], repeats: int) -> dict[int, list[StartUp]]:
    """Start-ups per stored follow-up count, interleaved so drift hits every size alike."""
    results: dict[int, list[StartUp]] = {count: [] for count in databases}
    for _ in range(repeats):
        for count, url in databases.items():
            results[count].append(await start_once(url))
    return results


def rows(backend: str, results: dict[int, list[StartUp]], repeats: int) -> list[Row]:
    base_count = min(results)
    base_seconds = median([run.seconds for run in results[base_count]])
    base_rss = median([run.peak_rss_mb for run in results[base_count]])
    table: list[Row] = []
    for count, runs in results.items():
        seconds = median([run.seconds for run in runs])
        rss = median([run.peak_rss_mb for run in runs])
        time_ratio, rss_ratio = seconds / base_seconds, rss / base_rss
        within = max(time_ratio, rss_ratio) <= 1 + TARGET_SPREAD
        table.append(
            Row(
                "3 Scale",
                f"{backend}: {count:,} stored follow-ups (median of {repeats})",
                f"start-up {seconds:.2f} s (x{time_ratio:.2f}), peak RSS {rss:.1f} MB "
                f"(x{rss_ratio:.2f})",
                f"within {TARGET_SPREAD:.0%} of 0 rows",
                within if count != base_count else None,
            )
        )
    return table
