"""deploy/: the systemd unit checked by systemd itself; the image built and run when an engine
is there (CONTAINER_ENGINE, e.g. "docker" or "podman --runtime runc")."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.access import refusal
from bot.config import CHECKOUT_DIR, release
from tests.e2e.conftest import TOKEN, free_port
from tests.support.fake_bot_api import FakeBotApi

DEPLOY = CHECKOUT_DIR / "deploy"
UNIT = DEPLOY / "interview-followup-bot.service"
# Extra arguments where the engine needs them, e.g. on a machine without a registry:
# CONTAINER_BUILD_ARGS="--format docker --build-arg BASE=localhost/debian-python:bookworm"
ENGINE = shlex.split(os.environ.get("CONTAINER_ENGINE", ""))
BUILD_ARGS = shlex.split(os.environ.get("CONTAINER_BUILD_ARGS", ""))
RUN_ARGS = shlex.split(os.environ.get("CONTAINER_RUN_ARGS", ""))


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_runs_the_bot_as_a_sandboxed_service_that_restarts() -> None:
    unit = unit_settings()
    for key, value in {
        "User": "followup",
        "WorkingDirectory": "/var/lib/interview-followup-bot",
        "StateDirectory": "interview-followup-bot",
        "EnvironmentFile": "/etc/interview-followup-bot/bot.env",
        "Restart": "always",
        "RestartSec": "5",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ExecStart": "/opt/interview-followup-bot/.venv/bin/python -m bot",
    }.items():
        assert unit.get(key) == [value], key
    assert "network-online.target" in unit["After"][0]
    assert unit["Wants"] == ["network-online.target"]
    # Longer than the bot's 20-s drain, so SIGTERM is never cut short by SIGKILL.
    assert int(unit["TimeoutStopSec"][0]) > 20


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    # verify checks that ExecStart exists: point it at this Python, as installed it would be.
    unit = tmp_path / UNIT.name
    unit.write_text(
        UNIT.read_text().replace("/opt/interview-followup-bot/.venv/bin/python", sys.executable)
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # verify exits 0 on a value it ignores ("Failed to parse ..."): no word may be said.
    assert [line for line in result.stderr.splitlines() if unit.name in line] == []


def test_the_image_takes_its_base_as_a_build_argument_and_runs_as_a_user() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "ARG BASE=python:" in dockerfile
    assert "FROM ${BASE}" in dockerfile
    assert "USER bot" in dockerfile
    assert "VOLUME /data" in dockerfile
    assert 'CMD ["python3", "-m", "bot"]' in dockerfile
    assert "/healthz" in dockerfile
    ignored = (CHECKOUT_DIR / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored  # the token never goes into an image


def engine(*args: str, check: bool = True, timeout: float = 600) -> str:
    """What the engine printed on stdout (podman says things of its own on stderr)."""
    result = subprocess.run(
        [*ENGINE, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check:
        assert result.returncode == 0, f"{args[0]}: {result.stderr}"
    return result.stdout


def logs(name: str) -> str:
    """The container's log: the bot writes it to stderr, which `logs` gives back as such."""
    result = subprocess.run(
        [*ENGINE, "logs", name], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    if not ENGINE:
        pytest.skip("CONTAINER_ENGINE is not set: no container engine to build with")
    tag = f"localhost/interview-followup-bot:test-{uuid.uuid4().hex[:8]}"
    engine(
        "build", *BUILD_ARGS, "-f", str(DEPLOY / "Dockerfile"), "-t", tag, str(CHECKOUT_DIR)
    )
    yield tag
    engine("rmi", "-f", tag, check=False)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeBotApi]:
    fake = await FakeBotApi(TOKEN).start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.mark.slow
async def test_the_image_serves_a_private_instance_and_stops_cleanly(
    image: str, telegram: FakeBotApi
) -> None:
    said = await asyncio.to_thread(engine, "run", "--rm", *RUN_ARGS, image, "python3", "-m",
                                   "bot", "--version")
    assert said.strip() == f"interview-followup-bot {release()}"
    name = f"followup-test-{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(
        engine,
        "run", "-d", "--name", name, "--network", "host", *RUN_ARGS,
        "-e", f"BOT_TOKEN={TOKEN}",
        "-e", f"TELEGRAM_BASE_URL={telegram.base_url}",
        "-e", "ALLOWED_USERS=@ana_l",
        image,
    )  # fmt: skip
    try:
        seen = ""
        for _ in range(300):
            seen = await asyncio.to_thread(logs, name)
            if "Serving updates" in seen:
                break
            await asyncio.sleep(0.2)
        assert "database: SQLite /data/bot.sqlite3 (0 users); allowed users: @ana_l" in seen
        mark = len(telegram.calls)
        await telegram.say({"id": 5005, "is_bot": False, "first_name": "Eve"}, "/start")
        await telegram.reply(5005, refusal(5005), since=mark)
        ana = {"id": 4242, "is_bot": False, "first_name": "Ana", "username": "ana_l"}
        await telegram.say(ana, "/start")
        await telegram.reply(4242, "sign your notes", since=mark)
        # Polling mode: the health check has nothing to ask and passes.
        check = json.loads(
            await asyncio.to_thread(
                engine, "image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", image
            )
        )
        assert check[0] == "CMD-SHELL"
        await asyncio.to_thread(engine, "exec", name, "sh", "-c", check[1])
        await asyncio.to_thread(engine, "stop", "-t", "40", name)
        status = await asyncio.to_thread(
            engine, "inspect", "--format", "{{.State.ExitCode}}", name
        )
        assert status.strip() == "0"
        assert "Stopped cleanly" in await asyncio.to_thread(logs, name)
    finally:
        await asyncio.to_thread(engine, "rm", "-f", "-v", name, check=False)


@pytest.mark.slow
async def test_the_images_health_check_asks_the_webhook_server(
    image: str, telegram: FakeBotApi
) -> None:
    port = free_port()
    name = f"followup-test-{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(
        engine,
        "run", "-d", "--name", name, "--network", "host", *RUN_ARGS,
        "-e", f"BOT_TOKEN={TOKEN}",
        "-e", f"TELEGRAM_BASE_URL={telegram.base_url}",
        "-e", "WEBHOOK_URL=https://bot.example.test/telegram",
        "-e", "WEBHOOK_LISTEN=127.0.0.1",
        "-e", f"PORT={port}",
        image,
    )  # fmt: skip
    try:
        seen = ""
        for _ in range(300):
            seen = await asyncio.to_thread(logs, name)
            if "Serving updates" in seen:
                break
            await asyncio.sleep(0.2)
        assert "Serving updates by webhook" in seen
        inspected = await asyncio.to_thread(
            engine, "image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", image
        )
        test = json.loads(inspected)[1]
        healthy = await asyncio.to_thread(
            subprocess.run, [*ENGINE, "exec", name, "sh", "-c", test], capture_output=True,
            check=False,
        )
        assert healthy.returncode == 0, healthy.stderr
        # Asked on a port where nothing answers, it fails: it does check the server.
        sick = await asyncio.to_thread(
            subprocess.run, [*ENGINE, "exec", "-e", f"PORT={free_port()}", name, "sh", "-c",
                             test], capture_output=True, check=False,
        )
        assert sick.returncode != 0
    finally:
        await asyncio.to_thread(engine, "rm", "-f", "-v", name, check=False)
