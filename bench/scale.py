"""Part 3: `python -m bot` start-up time and peak RSS, against a tiny fake Bot API over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.databases import WORK
from bench.fake_api import answer
from bench.report import Row, median

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123:abc"
TARGET_SPREAD = 0.10


def _proc_status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/{pid}/status")


class FakeTelegram(ThreadingHTTPServer):
    """Answers Bot API calls over HTTP; notes when and at what peak RSS getUpdates first came."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pid = 0
        self.first_poll = threading.Event()
        self.first_poll_at = 0.0
        self.peak_rss_kb = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"

    def polled(self) -> None:
        if not self.first_poll.is_set():
            self.first_poll_at = time.perf_counter()
            self.peak_rss_kb = _proc_status_kb(self.pid, "VmHWM")
            self.first_poll.set()


class _Handler(BaseHTTPRequestHandler):
    server: FakeTelegram

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params: dict[str, Any] = {}
        if body and self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(body)
        if method == "getUpdates":
            self.server.polled()
            time.sleep(0.2)  # a short long-poll, so a bot left running does not spin
        payload = json.dumps({"ok": True, "result": answer(method, params, 1)}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot was stopped while it waited for this answer

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request would drown the table."""


@dataclass(frozen=True)
class StartUp:
    seconds: float
    peak_rss_mb: float


def start_once(database_url: str, timeout: float = 120.0) -> StartUp:
    """Run `python -m bot` until its first getUpdates; then stop it."""
    server = FakeTelegram()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_BASE_URL": server.base_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        # Run from an empty directory so no .env of the developer's is read.
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=WORK,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server.pid = process.pid
        try:
            if not server.first_poll.wait(timeout):
                raise RuntimeError("python -m bot never polled for updates")
            return StartUp(server.first_poll_at - started, server.peak_rss_kb / 1024)
        finally:
            process.terminate()
            try:
                _, errors = process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                _, errors = process.communicate()
            if not server.first_poll.is_set():
                sys.stderr.write(errors.decode(errors="replace")[-3000:])
    finally:
        server.shutdown()
        server.server_close()


def measure(databases: dict[int, str], repeats: int) -> dict[int, list[StartUp]]:
    """Start-ups per stored follow-up count, interleaved so drift hits every size alike."""
    results: dict[int, list[StartUp]] = {count: [] for count in databases}
    for _ in range(repeats):
        for count, url in databases.items():
            results[count].append(start_once(url))
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
