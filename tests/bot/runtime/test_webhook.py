"""The webhook's refusals: answered, then the connection closed, so none is kept for reuse."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from bot.runtime.webhook import SECRET_HEADER, WebhookServer
from tests.support.harness import BotHarness

PATH = "/telegram"
SECRET = "the-right-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def port(database_url: str) -> AsyncIterator[int]:
    bot = await BotHarness(database_url).start()
    server = WebhookServer(bot.application, path=PATH, secret=SECRET)
    chosen = _free_port()
    server.start(listen="127.0.0.1", port=chosen)
    yield chosen
    await server.stop()
    await bot.stop()


async def _exchange(port: int, request: bytes) -> tuple[bytes, bool]:
    """Send a raw request; the answer, and whether the server then closed the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await asyncio.wait_for(reader.readexactly(length), 5)
        try:
            rest = await asyncio.wait_for(reader.read(1), 2)
        except TimeoutError:
            return head, False  # still open, waiting for the next request
        return head, rest == b""
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("request_line", "headers", "status"),
    [
        ("GET", "", b"405"),
        ("POST", f"{SECRET_HEADER}: wrong\r\nContent-Length: 2\r\n", b"403"),
        ("POST", "Content-Length: 2\r\n", b"403"),
    ],
)
async def test_a_refused_webhook_request_is_answered_with_connection_close_and_cut(
    port: int, request_line: str, headers: str, status: bytes
) -> None:
    request = (
        f"{request_line} {PATH} HTTP/1.1\r\nHost: bot\r\nConnection: keep-alive\r\n{headers}\r\n"
    ).encode()
    head, closed = await _exchange(port, request + (b"{}" if "Length" in headers else b""))
    assert head.split(b" ")[1] == status
    assert b"connection: close" in head.lower()
    assert closed
